package io.restis.engine;

import java.util.List;

/** Placeholder until these commands land. */
final class KeyCommands {

  private KeyCommands() {}

  static List<CommandSpec> specs() {
    return List.of();
  }
}
