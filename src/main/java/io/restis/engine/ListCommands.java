package io.restis.engine;

import java.util.List;

/** Placeholder until these commands land. */
final class ListCommands {

  private ListCommands() {}

  static List<CommandSpec> specs() {
    return List.of();
  }
}
