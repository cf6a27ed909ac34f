package io.restis.engine;

import java.util.List;

/** Placeholder until these commands land. */
final class StringCommands {

  private StringCommands() {}

  static List<CommandSpec> specs() {
    return List.of();
  }
}
