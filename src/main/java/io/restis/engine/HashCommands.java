package io.restis.engine;

import java.util.List;

/** Placeholder until these commands land. */
final class HashCommands {

  private HashCommands() {}

  static List<CommandSpec> specs() {
    return List.of();
  }
}
