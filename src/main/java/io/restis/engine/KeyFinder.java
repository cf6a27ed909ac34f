package io.restis.engine;

/** Finds the key arguments of a command whose keys are not a fixed first/last/step range. */
@FunctionalInterface
public interface KeyFinder {
  /** Indexes into argv of the key arguments; must not fail on malformed input (return fewer). */
  int[] keys(byte[][] argv);
}
