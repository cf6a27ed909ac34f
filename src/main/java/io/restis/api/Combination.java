package io.restis.api;

/**
 * How sets (or sorted sets) are combined: the SUNION / SINTER / SDIFF family and their
 * {@code ZUNIONSTORE} / {@code ZINTERSTORE} / {@code ZDIFFSTORE} kin. Lower case because it is
 * what requests say.
 */
public enum Combination {
  union("UNION"),
  intersection("INTER"),
  difference("DIFF");

  private final String word;

  Combination(String word) {
    this.word = word;
  }

  /** The command of this combination for a type prefix: {@code command("S", "STORE")} is SUNIONSTORE. */
  String command(String prefix, String suffix) {
    return prefix + word + suffix;
  }
}
