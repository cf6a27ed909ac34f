package io.restis.engine;

import java.util.List;

/** Placeholder until these commands land. */
final class SetCommands {

  private SetCommands() {}

  static List<CommandSpec> specs() {
    return List.of();
  }
}
