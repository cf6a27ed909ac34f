package io.restis.api;

import io.restis.engine.CommandSpec;
import io.restis.engine.CommandTable;
import java.util.List;

/**
 * Refuses commands whose key arguments are over {@code restis.limits.max-key-size}. Keys are
 * found the way the engine finds them (the command's key positions), so a large value is never
 * mistaken for a key. Unknown commands and wrong arities are left for the engine to answer.
 */
public final class KeySizeLimit {

  private final CommandTable table;
  private final long maxBytes;

  public KeySizeLimit(CommandTable table, long maxBytes) {
    this.table = table;
    this.maxBytes = maxBytes;
  }

  /** Checks one command. */
  public void check(byte[][] argv) {
    check(argv, -1);
  }

  /** Checks every command of a pipeline or transaction before any runs. */
  public void checkAll(List<byte[][]> commands) {
    for (int i = 0; i < commands.size(); i++) {
      check(commands.get(i), i);
    }
  }

  private void check(byte[][] argv, int commandIndex) {
    CommandSpec spec = argv.length == 0 ? null : table.lookup(argv[0]);
    if (spec == null || !spec.arityAccepts(argv.length)) {
      return;
    }
    for (int k : spec.keyIndexes(argv)) {
      if (k < argv.length && argv[k].length > maxBytes) {
        throw CommandRequestException.badRequest("ERR key"
            + (commandIndex < 0 ? "" : " in command " + commandIndex)
            + " exceeds " + maxBytes + " bytes (restis.limits.max-key-size)");
      }
    }
  }
}
