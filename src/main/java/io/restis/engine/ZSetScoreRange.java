package io.restis.engine;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A score interval as ZRANGEBYSCORE, ZCOUNT and ZREMRANGEBYSCORE take it: each bound a float,
 * inclusive unless prefixed with '(' , with -inf and +inf for open ends.
 *
 * <p>Bounds are parsed the way Redis's zslParseRange calls {@code strtod}, which is laxer than
 * score arguments elsewhere: leading white space is skipped, an empty bound is 0, overflow gives
 * an infinity, and only NaN and trailing garbage are refused.
 */
public record ZSetScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {

  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern HEX =
      Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");
  private static final Pattern INF = Pattern.compile("[+-]?(?i:inf|infinity)");

  /** Every score. */
  public static final ZSetScoreRange ALL =
      new ZSetScoreRange(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);

  /** The range of two bound arguments, or null when either is not a valid bound. */
  public static ZSetScoreRange parse(byte[] min, byte[] max) {
    boolean minEx = min.length > 0 && min[0] == '(';
    boolean maxEx = max.length > 0 && max[0] == '(';
    Double lo = strtod(min, minEx ? 1 : 0);
    Double hi = strtod(max, maxEx ? 1 : 0);
    if (lo == null || hi == null) {
      return null;
    }
    return new ZSetScoreRange(lo, minEx, hi, maxEx);
  }

  /** strtod over s[from..] that must consume everything; null when it does not or gives NaN. */
  static Double strtod(byte[] s, int from) {
    // C sees the argument up to its first NUL byte.
    int end = from;
    while (end < s.length && s[end] != 0) {
      end++;
    }
    if (from == end) {
      return 0.0; // no conversion, and the end pointer already sits on the terminator
    }
    int i = from;
    while (i < end && isSpace(s[i])) {
      i++;
    }
    String t = new String(s, i, end - i, StandardCharsets.ISO_8859_1);
    if (INF.matcher(t).matches()) {
      return t.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    try {
      if (DECIMAL.matcher(t).matches()) {
        return Double.parseDouble(t);
      }
      if (HEX.matcher(t).matches()) {
        return Double.parseDouble(t.indexOf('p') < 0 && t.indexOf('P') < 0 ? t + "p0" : t);
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return null;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
  }

  /** True when the score is not below the minimum. */
  public boolean aboveMin(double score) {
    return minExclusive ? score > min : score >= min;
  }

  /** True when the score is not above the maximum. */
  public boolean belowMax(double score) {
    return maxExclusive ? score < max : score <= max;
  }

  /** True when no score can be in the range. */
  public boolean isEmpty() {
    return min > max || (min == max && (minExclusive || maxExclusive));
  }
}
