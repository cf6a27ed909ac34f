package io.restis.engine;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * PUBLISH and PUBSUB, as Redis 7.0's pubsub.c. Subscribing is not a command here: an HTTP
 * subscriber is a long-lived stream, so the web layer subscribes through {@link Engine#subscribe}
 * and {@link Engine#psubscribe} with a {@link Subscription} mailbox.
 *
 * <p>PUBSUB is a container command in Redis 7 (PUBSUB|CHANNELS and so on in COMMAND INFO); the
 * table has one row for it with its subcommands' flags (pubsub, loading, stale), and the
 * subcommand arities and errors are checked here with Redis's texts.
 */
final class PubSubCommands {

  private PubSubCommands() {}

  static List<CommandSpec> specs() {
    Set<CommandFlag> publish = EnumSet.of(CommandFlag.PUBSUB, CommandFlag.LOADING, CommandFlag.STALE,
        CommandFlag.FAST);
    Set<CommandFlag> pubsub = EnumSet.of(CommandFlag.PUBSUB, CommandFlag.LOADING, CommandFlag.STALE);
    Set<AclCategory> none = EnumSet.noneOf(AclCategory.class);
    return List.of(
        CommandSpec.of("publish", 3, publish, 0, 0, 0, none, PubSubCommands::publish),
        CommandSpec.of("pubsub", -2, pubsub, 0, 0, 0, none, PubSubCommands::pubsub));
  }

  // PUBLISH channel message
  private static Reply publish(CommandContext ctx) {
    return Reply.integer(ctx.publish(ctx.key(1), ctx.arg(2)));
  }

  // PUBSUB CHANNELS [pattern] | NUMSUB [channel ...] | NUMPAT
  private static Reply pubsub(CommandContext ctx) {
    String sub = ctx.upper(1);
    switch (sub) {
      case "CHANNELS":
        if (ctx.argc() > 3) {
          throw new CommandException(
              "ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP.");
        }
        return Reply.bulks(ctx.pubsub().channels(ctx.argc() == 3 ? ctx.arg(2) : null));
      case "NUMSUB": {
        List<Reply> out = new ArrayList<>((ctx.argc() - 2) * 2);
        for (int j = 2; j < ctx.argc(); j++) {
          out.add(Reply.bulk(ctx.arg(j)));
          out.add(Reply.integer(ctx.pubsub().numsub(ctx.key(j))));
        }
        return Reply.array(out);
      }
      case "NUMPAT":
        if (ctx.argc() != 2) {
          throw Errors.wrongArity("pubsub|numpat");
        }
        return Reply.integer(ctx.pubsub().numpat());
      default:
        throw new CommandException("ERR unknown subcommand '" + abbreviated(ctx.str(1)) + "'. Try PUBSUB HELP.");
    }
  }

  /** Redis quotes at most 128 characters of an unknown subcommand. */
  private static String abbreviated(String s) {
    return s.length() > 128 ? s.substring(0, 128) : s;
  }
}
