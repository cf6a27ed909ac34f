package io.restis.api;

import io.restis.engine.CommandSpec;
import io.restis.engine.CommandTable;

/**
 * The {@code restis.limits.*} settings as the REST resources apply them: keys and values over
 * their size are refused with 413, calls with too many elements with 400, before anything runs.
 *
 * @param maxKeyBytes longest key ({@code max-key-size})
 * @param maxValueBytes longest value, member or field in one request, and the size a SETRANGE may
 *     grow a string to ({@code max-value-size})
 * @param maxElements most elements (values, members, keys, or a COUNT) in one call
 *     ({@code max-elements})
 */
public record ResourceLimits(long maxKeyBytes, long maxValueBytes, long maxElements) {

  public void checkKey(byte[] key) {
    if (key.length > maxKeyBytes) {
      throw ProblemException.of(Problem.TOO_LARGE, "the key is " + key.length + " bytes, more than the "
          + maxKeyBytes + " of restis.limits.max-key-size");
    }
  }

  public void checkValue(long length) {
    if (length > maxValueBytes) {
      throw ProblemException.of(Problem.TOO_LARGE, "a value of " + length + " bytes is more than the "
          + maxValueBytes + " of restis.limits.max-value-size");
    }
  }

  public void checkElements(long n) {
    if (n > maxElements) {
      throw ProblemException.of(Problem.TOO_MANY_ELEMENTS, n + " elements in one call, more than the "
          + maxElements + " of restis.limits.max-elements");
    }
  }

  /**
   * Checks a command before it runs: keys (found at the command's key positions, as the engine
   * finds them) against the key size, every other argument against the value size, and the
   * elements it carries.
   */
  void check(CommandTable table, Argv command) {
    byte[][] argv = command.toArray();
    checkElements(command.elements());
    CommandSpec spec = table.lookup(argv[0]);
    boolean[] isKey = new boolean[argv.length];
    if (spec != null && spec.arityAccepts(argv.length)) {
      for (int k : spec.keyIndexes(argv)) {
        if (k < argv.length) {
          isKey[k] = true;
        }
      }
    }
    for (int i = 1; i < argv.length; i++) {
      if (isKey[i]) {
        checkKey(argv[i]);
      } else {
        checkValue(argv[i].length);
      }
    }
  }
}
