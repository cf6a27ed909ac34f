package io.restis.engine;

import java.util.List;

/** Placeholder until these commands land. */
final class ZSetCommands {

  private ZSetCommands() {}

  static List<CommandSpec> specs() {
    return List.of();
  }
}
