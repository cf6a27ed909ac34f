package io.restis.engine;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The server-level commands that belong to the engine: connection checks (PING, ECHO), the clock
 * (TIME) and wiping the dataset (FLUSHDB, FLUSHALL). Restis has a single database, so the two
 * flushes do the same thing; both exist because clients and tools call either.
 */
final class ServerCommands {

  private static final Set<CommandFlag> FAST = EnumSet.of(CommandFlag.FAST);
  private static final Set<CommandFlag> LOADING_STALE_FAST =
      EnumSet.of(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST);
  private static final Set<CommandFlag> WRITE = EnumSet.of(CommandFlag.WRITE);
  private static final Set<AclCategory> CONNECTION = EnumSet.of(AclCategory.CONNECTION);
  private static final Set<AclCategory> NONE = EnumSet.noneOf(AclCategory.class);
  private static final Set<AclCategory> KEYSPACE_DANGEROUS =
      EnumSet.of(AclCategory.KEYSPACE, AclCategory.DANGEROUS);

  private ServerCommands() {}

  static List<CommandSpec> specs() {
    return List.of(
        CommandSpec.of("ping", -1, FAST, 0, 0, 0, CONNECTION, ServerCommands::ping),
        CommandSpec.of("echo", 2, LOADING_STALE_FAST, 0, 0, 0, CONNECTION, ServerCommands::echo),
        CommandSpec.of("time", 1, LOADING_STALE_FAST, 0, 0, 0, NONE, ServerCommands::time),
        CommandSpec.of("flushdb", -1, WRITE, 0, 0, 0, KEYSPACE_DANGEROUS, ServerCommands::flushDb),
        CommandSpec.of("flushall", -1, WRITE, 0, 0, 0, KEYSPACE_DANGEROUS, ServerCommands::flushAll));
  }

  // PING [message]
  private static Reply ping(CommandContext ctx) {
    // The table's arity is -1 (as Redis's), so the upper bound is checked here.
    if (ctx.argc() > 2) {
      throw Errors.wrongArity("ping");
    }
    return ctx.argc() == 1 ? Reply.PONG : Reply.bulk(ctx.arg(1));
  }

  // ECHO message
  private static Reply echo(CommandContext ctx) {
    return Reply.bulk(ctx.arg(1));
  }

  // TIME
  private static Reply time(CommandContext ctx) {
    long micros = ctx.nowMicros();
    return Reply.array(List.of(
        Reply.bulk(Long.toString(Math.floorDiv(micros, 1_000_000L))),
        Reply.bulk(Long.toString(Math.floorMod(micros, 1_000_000L)))));
  }

  // FLUSHDB [ASYNC|SYNC]
  private static Reply flushDb(CommandContext ctx) {
    parseFlushMode(ctx);
    long removed = ctx.keyspace().size();
    ctx.keyspace().clear();
    // Redis forces FLUSHDB into the log even when nothing was removed, so a follower that somehow
    // holds keys still converges; the engine propagates only dirty calls, hence at least one.
    ctx.dirty(Math.max(removed, 1));
    return Reply.OK;
  }

  // FLUSHALL [ASYNC|SYNC]
  private static Reply flushAll(CommandContext ctx) {
    parseFlushMode(ctx);
    long removed = ctx.keyspace().size();
    ctx.keyspace().clear();
    // Redis counts the removed keys plus one for the flush itself, so it always propagates.
    ctx.dirty(removed + 1);
    return Reply.OK;
  }

  /**
   * ASYNC or SYNC, or nothing. Restis frees memory through the garbage collector either way, so
   * both mean the same here: the keys are gone when the reply is sent.
   */
  private static void parseFlushMode(CommandContext ctx) {
    if (ctx.argc() == 1) {
      return;
    }
    if (ctx.argc() == 2 && (ctx.is(1, "ASYNC") || ctx.is(1, "SYNC"))) {
      return;
    }
    throw Errors.syntax();
  }
}
