package io.restis.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * INCRBYFLOAT and HINCRBYFLOAT arithmetic as Redis does it on x86-64: in C's 80-bit
 * {@code long double} (64-bit significand), printed with {@code %.17Lf} and trailing zeros cut.
 * That is why {@code INCRBYFLOAT k 0.1} on "10.5" answers "10.6" and not 10.599999999999999645.
 *
 * <p>Java has no such type, so values are exact {@link BigDecimal}s rounded to a 64-bit
 * significand after every parse and every addition, which is exactly what the hardware does.
 * The exponent range is the hardware's too: values from 2^16384 up overflow, values below 2^-16382
 * are subnormal (a fixed last bit of 2^-16445), and a non-zero text that rounds to zero is refused,
 * as Redis refuses strtold's ERANGE. Texts whose exponent is far outside that range are refused
 * before any big arithmetic, so a hostile "1e-999999999" costs nothing.
 */
public final class LongDouble {

  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern HEX =
      Pattern.compile("([+-]?)0[xX]([0-9a-fA-F]*)(?:\\.([0-9a-fA-F]*))?(?:[pP]([+-]?\\d+))?");
  private static final Pattern INF = Pattern.compile("[+-]?(?i:inf|infinity)");
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger FIVE = BigInteger.valueOf(5);
  /** 2^16384: the first magnitude an 80-bit long double cannot hold. */
  private static final BigDecimal OVERFLOW = new BigDecimal(BigInteger.ONE.shiftLeft(16384));
  /** The exponent of the least significant bit of the smallest subnormal: 2^-16445. */
  private static final int MIN_EXPONENT = -16445;
  /** Decimal exponents outside these bounds overflow (1e4933) or round to zero (1e-4952). */
  private static final int MAX_DECIMAL_EXPONENT = 4932;
  private static final int MIN_DECIMAL_EXPONENT = -4952;
  /** Redis's MAX_LONG_DOUBLE_CHARS: longer inputs are refused before parsing. */
  private static final int MAX_CHARS = 5 * 1024;

  /** Marker result: the text was a valid infinity, so any sum with it is NaN or infinite. */
  public static final BigDecimal INFINITE = new BigDecimal("1E+100000");

  private LongDouble() {}

  /**
   * Parses as Redis's string2ld (strtold, the whole text, no leading space, decimal or hex);
   * returns null when invalid, including overflow and a non-zero value that rounds to zero (the
   * caller picks the error text), or {@link #INFINITE} for "inf".
   */
  public static BigDecimal parse(byte[] bytes) {
    if (bytes.length == 0 || bytes.length >= MAX_CHARS) {
      return null;
    }
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    if (INF.matcher(s).matches()) {
      return INFINITE;
    }
    if (DECIMAL.matcher(s).matches()) {
      return parseDecimal(s);
    }
    Matcher hex = HEX.matcher(s);
    if (hex.matches()) {
      return parseHex(hex);
    }
    return null;
  }

  private static BigDecimal parseDecimal(String s) {
    int end = s.length();
    int e = Math.max(s.indexOf('e'), s.indexOf('E'));
    if (isZeroMantissa(s, e < 0 ? end : e)) {
      return BigDecimal.ZERO; // whatever the exponent, even one too large for BigDecimal
    }
    BigDecimal exact;
    try {
      exact = new BigDecimal(s);
    } catch (NumberFormatException e1) {
      return null; // an exponent beyond int: far out of range either way
    }
    long decimalExponent = (long) exact.precision() - exact.scale() - 1;
    if (decimalExponent > MAX_DECIMAL_EXPONENT || decimalExponent < MIN_DECIMAL_EXPONENT) {
      return null;
    }
    return checked(round(exact));
  }

  private static BigDecimal parseHex(Matcher m) {
    String intDigits = m.group(2);
    String fracDigits = m.group(3) == null ? "" : m.group(3);
    if (intDigits.isEmpty() && fracDigits.isEmpty()) {
      return null; // "0x" alone: strtold reads the 0 and stops before the x
    }
    BigInteger mantissa = new BigInteger(intDigits + fracDigits, 16);
    if (mantissa.signum() == 0) {
      return BigDecimal.ZERO;
    }
    long exponent = 0;
    if (m.group(4) != null) {
      String p = m.group(4);
      // Saturate: anything beyond a million overflows or underflows all the same.
      exponent = p.replaceFirst("^[+-]?0*", "").length() > 7
          ? (p.startsWith("-") ? -10_000_000L : 10_000_000L)
          : Long.parseLong(p);
    }
    long binaryExponent = exponent - 4L * fracDigits.length();
    long top = mantissa.bitLength() - 1 + binaryExponent;
    if (top >= 16384 || top < MIN_EXPONENT - 1) {
      return null;
    }
    BigDecimal exact = binaryExponent >= 0
        ? new BigDecimal(mantissa.shiftLeft((int) binaryExponent))
        : new BigDecimal(mantissa.multiply(FIVE.pow((int) -binaryExponent)), (int) -binaryExponent);
    if (m.group(1).equals("-")) {
      exact = exact.negate();
    }
    return checked(round(exact));
  }

  private static boolean isZeroMantissa(String s, int end) {
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c >= '1' && c <= '9') {
        return false;
      }
    }
    return true;
  }

  /** A rounded non-zero parse result, or null when it overflowed or rounded to zero (ERANGE). */
  private static BigDecimal checked(BigDecimal rounded) {
    if (rounded.signum() == 0 || rounded.abs().compareTo(OVERFLOW) >= 0) {
      return null;
    }
    return rounded;
  }

  /**
   * Adds two parsed values as the FPU would; throws the NaN-or-Infinity error when the result is
   * not finite.
   */
  public static BigDecimal add(BigDecimal a, BigDecimal b) {
    if (a == INFINITE || b == INFINITE) {
      throw new CommandException(Errors.NAN_OR_INF);
    }
    BigDecimal sum = round(a.add(b));
    if (sum.abs().compareTo(OVERFLOW) >= 0) {
      throw new CommandException(Errors.NAN_OR_INF);
    }
    return sum;
  }

  /**
   * {@code %.17Lf} with trailing zeros and a bare point removed (Redis's LD_STR_HUMAN), and "-0"
   * written "0" as Redis does for a negative value that prints as zero.
   */
  public static String format(BigDecimal v) {
    BigDecimal r = v.setScale(17, RoundingMode.HALF_EVEN);
    if (r.signum() == 0) {
      return "0";
    }
    return Numbers.stripFraction(r.toPlainString());
  }

  /**
   * Rounds an exact value to the nearest long double (ties to even): a 64-bit binary significand,
   * or for the subnormals below 2^-16382 a multiple of 2^-16445 (zero when it is smaller than half
   * of that). Overflow is left to the callers, who compare with 2^16384.
   */
  static BigDecimal round(BigDecimal x) {
    if (x.signum() == 0) {
      return BigDecimal.ZERO;
    }
    // |x| = num / den exactly, with integers.
    BigInteger num = x.unscaledValue().abs();
    BigInteger den = BigInteger.ONE;
    if (x.scale() >= 0) {
      den = BigInteger.TEN.pow(x.scale());
    } else {
      num = num.multiply(BigInteger.TEN.pow(-x.scale()));
    }
    // Find k with |x| / 2^k in [2^63, 2^64): estimate from the bit lengths, then correct.
    long k = (long) num.bitLength() - den.bitLength() - 63;
    while (true) {
      int bits = scaleDown(num, den, k).bitLength();
      if (bits > 64) {
        k++;
      } else if (bits < 64) {
        k--;
      } else {
        break;
      }
    }
    k = Math.max(k, MIN_EXPONENT); // subnormal: fewer significant bits, fixed least bit
    BigInteger[] qr = scaledNumDen(num, den, k);
    BigInteger[] divided = qr[0].divideAndRemainder(qr[1]);
    BigInteger m = divided[0];
    int cmp = divided[1].shiftLeft(1).compareTo(qr[1]);
    if (cmp > 0 || (cmp == 0 && m.testBit(0))) {
      m = m.add(BigInteger.ONE);
    }
    if (m.equals(TWO_64)) {
      m = m.shiftRight(1);
      k++;
    }
    if (m.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal r = k >= 0
        ? new BigDecimal(m.shiftLeft((int) k))
        : new BigDecimal(m.multiply(FIVE.pow((int) -k)), (int) -k);
    return x.signum() < 0 ? r.negate() : r;
  }

  private static BigInteger scaleDown(BigInteger num, BigInteger den, long k) {
    BigInteger[] nd = scaledNumDen(num, den, k);
    return nd[0].divide(nd[1]);
  }

  /** num / den divided by 2^k, still as a fraction of integers. */
  private static BigInteger[] scaledNumDen(BigInteger num, BigInteger den, long k) {
    return k >= 0
        ? new BigInteger[] {num, den.shiftLeft((int) k)}
        : new BigInteger[] {num.shiftLeft((int) -k), den};
  }
}
