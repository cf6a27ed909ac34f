package io.restis.engine;

import java.util.Arrays;

/**
 * A member interval as ZRANGEBYLEX, ZLEXCOUNT and ZREMRANGEBYLEX take it: "[x" inclusive, "(x"
 * exclusive, "-" below every member and "+" above every member. Meaningful when all members share
 * one score, where member order is the set's order.
 *
 * <p>The two infinite bounds are sentinel arrays compared by identity, as Redis compares its
 * shared min and max strings by pointer: no real member can equal them.
 */
public final class ZSetLexRange {

  private static final byte[] MINUS = new byte[0];
  private static final byte[] PLUS = new byte[0];

  private final byte[] min;
  private final boolean minExclusive;
  private final byte[] max;
  private final boolean maxExclusive;

  private ZSetLexRange(byte[] min, boolean minExclusive, byte[] max, boolean maxExclusive) {
    this.min = min;
    this.minExclusive = minExclusive;
    this.max = max;
    this.maxExclusive = maxExclusive;
  }

  /** The range of two bound arguments, or null when either is not a valid lex bound. */
  public static ZSetLexRange parse(byte[] min, byte[] max) {
    byte[][] lo = item(min);
    byte[][] hi = item(max);
    if (lo == null || hi == null) {
      return null;
    }
    return new ZSetLexRange(lo[0], lo[1] != null, hi[0], hi[1] != null);
  }

  /** {value, exclusive-marker-or-null}, or null when invalid. */
  private static byte[][] item(byte[] a) {
    if (a.length == 0) {
      return null;
    }
    switch (a[0]) {
      case '+':
        // Redis tests the byte after the sign against the C terminator, so "+\0..." passes.
        return a.length == 1 || a[1] == 0 ? new byte[][] {PLUS, PLUS} : null;
      case '-':
        return a.length == 1 || a[1] == 0 ? new byte[][] {MINUS, MINUS} : null;
      case '(':
        return new byte[][] {Arrays.copyOfRange(a, 1, a.length), MINUS};
      case '[':
        return new byte[][] {Arrays.copyOfRange(a, 1, a.length), null};
      default:
        return null;
    }
  }

  /** Redis's sdscmplex: the sentinels sort below and above everything. */
  private static int compare(byte[] a, byte[] b) {
    if (a == b) {
      return 0;
    }
    if (a == MINUS || b == PLUS) {
      return -1;
    }
    if (a == PLUS || b == MINUS) {
      return 1;
    }
    return Bytes.compare(a, b);
  }

  /** True when the member is not below the minimum. */
  public boolean aboveMin(Bytes member) {
    int c = compare(member.bytes(), min);
    return minExclusive ? c > 0 : c >= 0;
  }

  /** True when the member is not above the maximum. */
  public boolean belowMax(Bytes member) {
    int c = compare(member.bytes(), max);
    return maxExclusive ? c < 0 : c <= 0;
  }

  /** True when no member can be in the range. */
  public boolean isEmpty() {
    int c = compare(min, max);
    return c > 0 || (c == 0 && (minExclusive || maxExclusive));
  }
}
