package io.restis.engine;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * SAVE, BGSAVE, BGREWRITEAOF and LASTSAVE. The work is the persistence layer's ({@link Persistence}); these
 * handlers only parse and delegate. SAVE cannot wait for its snapshot under the engine lock (the
 * snapshot walks the keyspace under that lock, a little at a time), so it defers its reply until
 * the lock is released.
 */
final class PersistenceCommands {

  static final String DISABLED = "ERR Persistence is not configured";
  static final String NOT_IN_MULTI = "ERR Command not allowed inside a transaction";

  private static final Set<CommandFlag> ADMIN = EnumSet.of(CommandFlag.ADMIN);
  private static final Set<CommandFlag> LOADING_STALE_FAST =
      EnumSet.of(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST);
  private static final Set<AclCategory> ADMIN_DANGEROUS = EnumSet.of(AclCategory.ADMIN, AclCategory.DANGEROUS);

  private PersistenceCommands() {}

  static List<CommandSpec> specs() {
    return List.of(
        CommandSpec.of("save", 1, ADMIN, 0, 0, 0, ADMIN_DANGEROUS, PersistenceCommands::save),
        CommandSpec.of("bgsave", -1, ADMIN, 0, 0, 0, ADMIN_DANGEROUS, PersistenceCommands::bgsave),
        CommandSpec.of("bgrewriteaof", 1, ADMIN, 0, 0, 0, ADMIN_DANGEROUS, PersistenceCommands::bgrewriteaof),
        CommandSpec.of("lastsave", 1, LOADING_STALE_FAST, 0, 0, 0, ADMIN_DANGEROUS, PersistenceCommands::lastsave));
  }

  private static Persistence persistence(CommandContext ctx) {
    Persistence p = ctx.engine().persistence();
    if (p == null) {
      throw new CommandException(DISABLED);
    }
    return p;
  }

  // SAVE
  private static Reply save(CommandContext ctx) {
    if (ctx.inTransaction()) {
      throw new CommandException(NOT_IN_MULTI);
    }
    Persistence p = persistence(ctx);
    ctx.deferReply(() -> {
      String error = p.save();
      return error == null ? Reply.OK : Reply.error(error);
    });
    return Reply.OK;
  }

  // BGSAVE [SCHEDULE]
  private static Reply bgsave(CommandContext ctx) {
    boolean schedule = false;
    if (ctx.argc() > 1) {
      if (ctx.argc() == 2 && ctx.is(1, "SCHEDULE")) {
        schedule = true;
      } else {
        throw Errors.syntax();
      }
    }
    // Inside a transaction the snapshot may not begin between two of its commands, so it is
    // scheduled, as Redis schedules a BGSAVE issued within EXEC.
    return new Reply.Status(persistence(ctx).bgsave(schedule, ctx.inTransaction()));
  }

  // BGREWRITEAOF
  private static Reply bgrewriteaof(CommandContext ctx) {
    return new Reply.Status(persistence(ctx).bgrewriteaof());
  }

  // LASTSAVE
  private static Reply lastsave(CommandContext ctx) {
    return Reply.integer(persistence(ctx).lastSave());
  }
}
