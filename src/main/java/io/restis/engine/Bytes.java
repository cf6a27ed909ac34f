package io.restis.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An immutable byte string used as a key, a set member, a hash field or a sorted-set member.
 *
 * <p>Redis compares binary strings with {@code memcmp}: unsigned bytes, shorter prefix first. This
 * class does the same, so lexicographic ranges and SORT ALPHA order agree with Redis. The hash is
 * computed once and cached because every entry is hashed on each lookup and on each resize.
 *
 * <p>Contract: the array passed to {@link #wrap} and the one returned by {@link #bytes} are shared,
 * not copied; neither side may mutate them afterwards.
 */
public final class Bytes implements Comparable<Bytes> {

  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] data;
  private int hash; // 0 means not yet computed; a real zero hash is recomputed, which is harmless

  private Bytes(byte[] data) {
    this.data = data;
  }

  public static Bytes wrap(byte[] data) {
    return new Bytes(data);
  }

  public static Bytes of(String s) {
    return new Bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  public byte[] bytes() {
    return data;
  }

  public int length() {
    return data.length;
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof Bytes b && hashCode() == b.hashCode() && Arrays.equals(data, b.data));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      // FNV-1a with a final avalanche: cheap and well spread over the power-of-two tables of Dict.
      h = 0x811c9dc5;
      for (byte b : data) {
        h = (h ^ (b & 0xff)) * 0x01000193;
      }
      h ^= h >>> 16;
      h *= 0x85ebca6b;
      h ^= h >>> 13;
      hash = h;
    }
    return h;
  }

  @Override
  public int compareTo(Bytes o) {
    return compare(data, o.data);
  }

  /** {@code memcmp} order: unsigned bytes, then length. */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /** The bytes decoded as UTF-8, for logs, errors and JSON. */
  @Override
  public String toString() {
    return new String(data, StandardCharsets.UTF_8);
  }
}
