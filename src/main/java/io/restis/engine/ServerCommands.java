package io.restis.engine;

import java.util.List;

/** Placeholder until these commands land. */
final class ServerCommands {

  private ServerCommands() {}

  static List<CommandSpec> specs() {
    return List.of();
  }
}
