package io.restis.engine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Number parsing and formatting exactly as Redis 7.0 does it, because clients compare the text.
 *
 * <ul>
 *   <li>{@link #parseLong} is Redis's {@code string2ll}: no sign but '-', no leading zeros, no
 *       spaces, 64-bit range.
 *   <li>{@link #parseDouble} is {@code strtod} as Redis calls it: the whole string must parse, no
 *       leading space, "inf" accepted, NaN and overflow refused.
 *   <li>{@link #formatDouble} is {@code %.17g} (Redis 7.0's {@code addReplyDouble}).
 * </ul>
 */
public final class Numbers {

  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern HEX =
      Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");
  private static final Pattern INF = Pattern.compile("[+-]?(?i:inf|infinity)");
  private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);

  private Numbers() {}

  /** Redis's string2ll; throws the integer error when the bytes are not a canonical long. */
  public static long parseLong(byte[] s) {
    return parseCanonical(s);
  }

  /** Like {@link #parseLong} but returns null instead of throwing. */
  public static Long tryParseLong(byte[] s) {
    try {
      return parseCanonical(s);
    } catch (CommandException e) {
      return null;
    }
  }

  private static long parseCanonical(byte[] s) {
    int len = s.length;
    if (len == 0 || len > 20) {
      throw Errors.notInteger();
    }
    if (len == 1 && s[0] == '0') {
      return 0;
    }
    int i = 0;
    boolean negative = false;
    if (s[0] == '-') {
      negative = true;
      i = 1;
      if (len == 1) {
        throw Errors.notInteger();
      }
    }
    if (s[i] < '1' || s[i] > '9') {
      throw Errors.notInteger();
    }
    // Accumulate negatively so that Long.MIN_VALUE fits.
    long v = 0;
    for (; i < len; i++) {
      int d = s[i] - '0';
      if (d < 0 || d > 9) {
        throw Errors.notInteger();
      }
      // Java's division truncates towards zero, which is the ceiling for these negative bounds.
      if (v < (Long.MIN_VALUE + d) / 10) {
        throw Errors.notInteger();
      }
      v = v * 10 - d;
    }
    if (!negative) {
      if (v == Long.MIN_VALUE) {
        throw Errors.notInteger();
      }
      return -v;
    }
    return v;
  }

  /** Redis's getLongLongFromObject on a string argument. */
  public static long parseLong(Bytes s) {
    return parseLong(s.bytes());
  }

  /** strtod as Redis uses it for scores and floats; throws the float error when invalid. */
  public static double parseDouble(byte[] s) {
    Double d = tryParseDouble(s);
    if (d == null) {
      throw Errors.notFloat();
    }
    return d;
  }

  /** Like {@link #parseDouble} but returns null when invalid. */
  public static Double tryParseDouble(byte[] bytes) {
    // No length limit: Redis's getDoubleFromObject has none (unlike string2ld for long doubles).
    if (bytes.length == 0) {
      return null;
    }
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    if (INF.matcher(s).matches()) {
      return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    double d;
    if (DECIMAL.matcher(s).matches()) {
      d = Double.parseDouble(s);
    } else if (HEX.matcher(s).matches()) {
      String h = s;
      if (h.indexOf('p') < 0 && h.indexOf('P') < 0) {
        h = h + "p0";
      }
      try {
        d = Double.parseDouble(h);
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      return null;
    }
    if (Double.isInfinite(d)) {
      return null; // ERANGE overflow
    }
    if (d == 0 && hasNonZeroMantissa(s)) {
      return null; // ERANGE underflow to zero
    }
    return d;
  }

  private static boolean hasNonZeroMantissa(String s) {
    int end = s.length();
    boolean hex = s.contains("x") || s.contains("X");
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (!hex && (c == 'e' || c == 'E')) {
        break;
      }
      if (hex && (c == 'p' || c == 'P')) {
        break;
      }
      if (hex && (c == 'x' || c == 'X')) {
        continue;
      }
      if (Character.digit(c, 16) > 0) {
        return true;
      }
    }
    return false;
  }

  /** {@code %.17g}, with inf and -inf for infinities, as Redis 7.0 replies doubles. */
  public static String formatDouble(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (d == 0) {
      return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
    }
    BigDecimal bd = new BigDecimal(d).round(SEVENTEEN);
    int x = bd.precision() - bd.scale() - 1; // decimal exponent of the leading digit
    if (x < -4 || x >= 17) {
      String digits = stripZeros(bd.unscaledValue().abs().toString());
      StringBuilder sb = new StringBuilder(24);
      if (bd.signum() < 0) {
        sb.append('-');
      }
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(x < 0 ? '-' : '+');
      int ax = Math.abs(x);
      if (ax < 10) {
        sb.append('0');
      }
      sb.append(ax);
      return sb.toString();
    }
    String plain = bd.setScale(Math.max(0, 16 - x), RoundingMode.HALF_EVEN).toPlainString();
    return stripFraction(plain);
  }

  /** A long as the ASCII bytes Redis stores for it. */
  public static byte[] formatLongBytes(long v) {
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }

  private static String stripZeros(String digits) {
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return digits.substring(0, end);
  }

  /** Removes trailing zeros after a decimal point, and the point itself when nothing follows. */
  static String stripFraction(String s) {
    if (s.indexOf('.') < 0) {
      return s;
    }
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    if (s.charAt(end - 1) == '.') {
      end--;
    }
    return s.substring(0, end);
  }
}
