package io.restis.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * INFO: the server's state as Redis's text sections, gathered from the engine's {@link Info}
 * providers. Allowed while loading and on a stale follower, as in Redis (operators look at
 * {@code loading:1} precisely then).
 */
final class InfoCommand {

  private InfoCommand() {}

  static List<CommandSpec> specs() {
    return List.of(CommandSpec.of("info", -1, EnumSet.of(CommandFlag.LOADING, CommandFlag.STALE), 0, 0, 0,
        EnumSet.of(AclCategory.DANGEROUS), InfoCommand::info));
  }

  // INFO [section [section ...]]
  private static Reply info(CommandContext ctx) {
    List<String> names = new ArrayList<>(ctx.argc() - 1);
    for (int i = 1; i < ctx.argc(); i++) {
      names.add(new String(ctx.arg(i), StandardCharsets.UTF_8));
    }
    List<String> sections = Info.select(names);
    Info info = ctx.engine().info();
    // The providers read state guarded by locks of their own (persistence, replication) and take
    // the engine's lock briefly themselves: render once this command has released it.
    ctx.deferReply(() -> Reply.bulk(info.render(sections)));
    return Reply.NIL;
  }
}
