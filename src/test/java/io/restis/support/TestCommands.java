package io.restis.support;

import io.restis.engine.AclCategory;
import io.restis.engine.CommandException;
import io.restis.engine.CommandFlag;
import io.restis.engine.CommandSpec;
import io.restis.engine.CommandTable;
import io.restis.engine.Entry;
import io.restis.engine.Errors;
import io.restis.engine.Numbers;
import io.restis.engine.Reply;
import io.restis.engine.StringValue;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The commands the HTTP tests need, for as long as the engine's own families are being written
 * elsewhere: the standard table, plus stand-ins for the few of PING, ECHO, SET, GET, INCR, DEL,
 * MGET and PEXPIRE it does not have yet. The stand-ins cover only the forms the tests send and
 * answer them as Redis 7.0 does (same arity, replies and error texts), so the tests hold whether
 * they run on a stand-in or, once merged, on the real command.
 */
public final class TestCommands {

  private TestCommands() {}

  public static CommandTable table() {
    List<CommandSpec> all = new ArrayList<>(CommandTable.standard().all());
    Set<String> present = new HashSet<>();
    all.forEach(s -> present.add(s.name()));
    for (CommandSpec s : standIns()) {
      if (!present.contains(s.name())) {
        all.add(s);
      }
    }
    return new CommandTable(all);
  }

  private static List<CommandSpec> standIns() {
    Set<CommandFlag> readFast = EnumSet.of(CommandFlag.READONLY, CommandFlag.FAST);
    Set<CommandFlag> writeFast = EnumSet.of(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST);
    Set<AclCategory> string = EnumSet.of(AclCategory.STRING);
    Set<AclCategory> keyspace = EnumSet.of(AclCategory.KEYSPACE);
    Set<AclCategory> connection = EnumSet.of(AclCategory.CONNECTION);
    return List.of(
        // PING [message]
        CommandSpec.of("ping", -1, EnumSet.of(CommandFlag.FAST), 0, 0, 0, connection, ctx -> {
          if (ctx.argc() > 2) {
            throw Errors.wrongArity("ping");
          }
          return ctx.argc() == 1 ? Reply.PONG : Reply.bulk(ctx.arg(1));
        }),
        // ECHO message
        CommandSpec.of("echo", 2, EnumSet.of(CommandFlag.FAST), 0, 0, 0, connection,
            ctx -> Reply.bulk(ctx.arg(1))),
        // SET key value (the options are not stood in for)
        CommandSpec.of("set", -3, EnumSet.of(CommandFlag.WRITE, CommandFlag.DENYOOM), 1, 1, 1, string, ctx -> {
          if (ctx.argc() != 3) {
            throw Errors.syntax();
          }
          ctx.keyspace().set(ctx.key(1), new StringValue(ctx.arg(2)), false);
          ctx.dirty();
          return Reply.OK;
        }),
        // GET key
        CommandSpec.of("get", 2, readFast, 1, 1, 1, string, ctx -> {
          StringValue v = ctx.keyspace().read(ctx.key(1), StringValue.class);
          return v == null ? Reply.NIL : Reply.bulk(v.bytes());
        }),
        // INCR key
        CommandSpec.of("incr", 2, writeFast, 1, 1, 1, string, ctx -> {
          StringValue v = ctx.keyspace().write(ctx.key(1), StringValue.class);
          long n = v == null ? 0 : Numbers.parseLong(v.bytes());
          if (n == Long.MAX_VALUE) {
            throw new CommandException(Errors.OVERFLOW);
          }
          n++;
          ctx.keyspace().set(ctx.key(1), new StringValue(Numbers.formatLongBytes(n)), true);
          ctx.dirty();
          return Reply.integer(n);
        }),
        // DEL key [key ...]
        CommandSpec.of("del", -2, EnumSet.of(CommandFlag.WRITE), 1, -1, 1, keyspace, ctx -> {
          long n = 0;
          for (int i = 1; i < ctx.argc(); i++) {
            if (ctx.keyspace().delete(ctx.key(i))) {
              n++;
            }
          }
          ctx.dirty(n);
          return Reply.integer(n);
        }),
        // MGET key [key ...]
        CommandSpec.of("mget", -2, readFast, 1, -1, 1, string, ctx -> {
          List<Reply> out = new ArrayList<>();
          for (int i = 1; i < ctx.argc(); i++) {
            Entry e = ctx.keyspace().lookupRead(ctx.key(i));
            out.add(e != null && e.value() instanceof StringValue s ? Reply.bulk(s.bytes()) : Reply.NIL);
          }
          return Reply.array(out);
        }),
        // PEXPIRE key milliseconds (the NX/XX/GT/LT options are not stood in for)
        CommandSpec.of("pexpire", -3, EnumSet.of(CommandFlag.WRITE, CommandFlag.FAST), 1, 1, 1, keyspace, ctx -> {
          if (ctx.argc() != 3) {
            throw Errors.syntax();
          }
          long ms = ctx.longArg(2);
          if (!ctx.keyspace().exists(ctx.key(1))) {
            return Reply.ZERO;
          }
          long at = ctx.now() + ms;
          if (at <= ctx.now()) {
            ctx.keyspace().delete(ctx.key(1));
            ctx.propagate("DEL", ctx.arg(1));
          } else {
            ctx.keyspace().setExpire(ctx.key(1), at);
            ctx.propagate("PEXPIREAT", ctx.arg(1), at);
          }
          ctx.dirty();
          return Reply.ONE;
        }));
  }
}
