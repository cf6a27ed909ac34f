package io.restis.engine;

/** Command flags as in Redis's command table; the executor acts on them for every caller. */
public enum CommandFlag {
  /** May change the dataset: refused on followers, propagated when it changed something. */
  WRITE,
  /** Never changes the dataset. */
  READONLY,
  /** May grow memory (refused when a memory limit is reached). */
  DENYOOM,
  ADMIN,
  PUBSUB,
  /** Blocks the caller when no data is ready (never inside a transaction). */
  BLOCKING,
  /** O(1) or O(log n): ACL category @fast, otherwise @slow. */
  FAST,
  /** Allowed while data is loading. */
  LOADING,
  /** Allowed on a follower whose link is down. */
  STALE,
  /** Non-deterministic output (random picks, time). */
  RANDOM
}
