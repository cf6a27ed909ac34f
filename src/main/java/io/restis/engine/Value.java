package io.restis.engine;

/**
 * A value stored under a key. One class per type; each hides its representation behind its own
 * API so command handlers never touch the deque, table or skiplist inside.
 *
 * <p>Values are mutable and owned by the keyspace: only code running under the engine lock may
 * read or change them.
 */
public sealed interface Value permits StringValue, ListValue, SetValue, HashValue, ZSetValue {

  ValueType type();

  /** Elements for collections, bytes for strings: what the resources report as size. */
  long size();

  /** A deep copy, for COPY and for snapshots that must not share mutable state. */
  Value copy();
}
