package io.restis.engine;

import java.util.List;

/** Placeholder until these commands land. */
final class SortCommand {

  private SortCommand() {}

  static List<CommandSpec> specs() {
    return List.of();
  }
}
