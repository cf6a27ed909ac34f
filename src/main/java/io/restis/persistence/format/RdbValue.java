package io.restis.persistence.format;

import java.util.List;

/**
 * A value as the reader decoded it, whatever its encoding in the file: compact encodings
 * (listpack, ziplist, intset, quicklist) come out the same as the plain ones, with integers turned
 * back into their decimal text as Redis presents them.
 */
public sealed interface RdbValue {

  record Str(byte[] value) implements RdbValue {}

  record ListOf(List<byte[]> elements) implements RdbValue {}

  record SetOf(List<byte[]> members) implements RdbValue {}

  /** Fields and values pairwise: {@code fields.get(i)} maps to {@code values.get(i)}. */
  record HashOf(List<byte[]> fields, List<byte[]> values) implements RdbValue {}

  /** Members and scores pairwise. */
  record ZSetOf(List<byte[]> members, double[] scores) implements RdbValue {}
}
