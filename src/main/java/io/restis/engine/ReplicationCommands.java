package io.restis.engine;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * WAIT, ROLE, REPLICAOF and its old name SLAVEOF. The work is the replication layer's
 * ({@link Replication}); these handlers parse under the lock and answer from a deferred reply,
 * after the lock is released: WAIT blocks until followers acknowledge, and switching roles
 * reaches the engine's own lock from another angle.
 */
final class ReplicationCommands {

  static final String WAIT_ON_FOLLOWER = "ERR WAIT cannot be used with replica instances. Please also note that"
      + " since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas"
      + " are just local and are not propagated.";
  static final String TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range";
  static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
  static final String INVALID_PORT = "ERR Invalid master port";
  static final String DISABLED = "ERR Replication is not configured";

  private static final Set<CommandFlag> NONE = EnumSet.noneOf(CommandFlag.class);
  private static final Set<CommandFlag> ADMIN_STALE = EnumSet.of(CommandFlag.ADMIN, CommandFlag.STALE);
  private static final Set<CommandFlag> LOADING_STALE_FAST =
      EnumSet.of(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST);
  private static final Set<AclCategory> CONNECTION = EnumSet.of(AclCategory.CONNECTION);
  private static final Set<AclCategory> ADMIN_DANGEROUS = EnumSet.of(AclCategory.ADMIN, AclCategory.DANGEROUS);

  private ReplicationCommands() {}

  static List<CommandSpec> specs() {
    return List.of(
        CommandSpec.of("wait", 3, NONE, 0, 0, 0, CONNECTION, ReplicationCommands::waitCommand),
        CommandSpec.of("role", 1, LOADING_STALE_FAST, 0, 0, 0, ADMIN_DANGEROUS, ReplicationCommands::role),
        CommandSpec.of("replicaof", 3, ADMIN_STALE, 0, 0, 0, ADMIN_DANGEROUS, ReplicationCommands::replicaOf),
        CommandSpec.of("slaveof", 3, ADMIN_STALE, 0, 0, 0, ADMIN_DANGEROUS, ReplicationCommands::replicaOf));
  }

  // WAIT numreplicas timeout
  private static Reply waitCommand(CommandContext ctx) {
    Replication r = ctx.engine().replication();
    if (r != null && r.isFollower()) {
      throw new CommandException(WAIT_ON_FOLLOWER);
    }
    long replicas = ctx.longArg(1);
    Long timeout = Numbers.tryParseLong(ctx.arg(2));
    if (timeout == null) {
      throw new CommandException(TIMEOUT_NOT_INTEGER);
    }
    if (timeout < 0) {
      throw new CommandException(TIMEOUT_NEGATIVE);
    }
    if (r == null) {
      return Reply.integer(0); // no replication layer: no follower can ever acknowledge
    }
    // Over HTTP there is no connection whose last write WAIT could name: it waits for every write
    // propagated so far, which covers the caller's own (earlier in its pipeline or before).
    long offset = ctx.engine().offset();
    boolean block = !ctx.inTransaction();
    long millis = timeout;
    ctx.deferReply(() -> Reply.integer(r.awaitAcknowledged(offset, replicas, millis, block)));
    return Reply.integer(0);
  }

  // ROLE
  private static Reply role(CommandContext ctx) {
    Replication r = ctx.engine().replication();
    if (r == null) {
      return Reply.array(List.of(Reply.bulk("master"), Reply.integer(ctx.engine().offset()),
          Reply.EMPTY_ARRAY));
    }
    ctx.deferReply(r::role);
    return Reply.OK;
  }

  // REPLICAOF host port | REPLICAOF NO ONE
  private static Reply replicaOf(CommandContext ctx) {
    Replication r = ctx.engine().replication();
    if (r == null) {
      throw new CommandException(DISABLED);
    }
    if (ctx.is(1, "NO") && ctx.is(2, "ONE")) {
      ctx.deferReply(() -> new Reply.Status(r.promote()));
      return Reply.OK;
    }
    Long port = Numbers.tryParseLong(ctx.arg(2));
    if (port == null || port < 0 || port > 65535) {
      throw new CommandException(INVALID_PORT);
    }
    String host = ctx.str(1);
    int p = port.intValue();
    ctx.deferReply(() -> {
      try {
        return new Reply.Status(r.replicaOf(host, p));
      } catch (CommandException e) {
        return Reply.error(e.getMessage());
      }
    });
    return Reply.OK;
  }
}
