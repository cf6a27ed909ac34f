package io.restis.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * INCRBYFLOAT and HINCRBYFLOAT arithmetic as Redis does it on x86-64: in C's 80-bit
 * {@code long double} (64-bit significand), printed with {@code %.17Lf} and trailing zeros cut.
 * That is why {@code INCRBYFLOAT k 0.1} on "10.5" answers "10.6" and not 10.599999999999999645.
 *
 * <p>Java has no such type, so values are exact {@link BigDecimal}s rounded to a 64-bit
 * significand after every parse and every addition, which is exactly what the hardware does.
 * The exponent range (about 1e±4932) is treated as unbounded below and capped above.
 */
public final class LongDouble {

  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern INF = Pattern.compile("[+-]?(?i:inf|infinity)");
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger FIVE = BigInteger.valueOf(5);
  /** 2^16384: the first magnitude an 80-bit long double cannot hold. */
  private static final BigDecimal OVERFLOW = new BigDecimal(BigInteger.ONE.shiftLeft(16384));

  /** Marker result: the text was a valid infinity, so any sum with it is NaN or infinite. */
  public static final BigDecimal INFINITE = new BigDecimal("1E+100000");

  private LongDouble() {}

  /**
   * Parses as Redis's string2ld; returns null when invalid (the caller picks the error text) or
   * {@link #INFINITE} for "inf".
   */
  public static BigDecimal parse(byte[] bytes) {
    if (bytes.length == 0 || bytes.length >= 5 * 1024) {
      return null;
    }
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    if (INF.matcher(s).matches()) {
      return INFINITE;
    }
    if (!DECIMAL.matcher(s).matches()) {
      return null;
    }
    BigDecimal exact;
    try {
      exact = new BigDecimal(s.startsWith("+") ? s.substring(1) : s.endsWith(".") ? s + "0" : s);
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
    if (exact.abs().compareTo(OVERFLOW) >= 0) {
      return null; // ERANGE: strtold returned HUGE_VALL
    }
    return round(exact);
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

  /** {@code %.17Lf} with trailing zeros and a bare point removed (Redis's LD_STR_HUMAN). */
  public static String format(BigDecimal v) {
    BigDecimal r = v.setScale(17, RoundingMode.HALF_EVEN);
    String s = Numbers.stripFraction(r.toPlainString());
    if (r.signum() == 0 && v.signum() < 0) {
      return "-0";
    }
    return s;
  }

  /** Rounds an exact value to the nearest value with a 64-bit binary significand (ties to even). */
  static BigDecimal round(BigDecimal x) {
    if (x.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigInteger u = x.unscaledValue().abs();
    int scale = x.scale();
    // |x| = u / 10^scale. Estimate e = floor(log2 |x|), then k so that |x| / 2^k lies in [2^63, 2^64).
    long e = u.bitLength() - 1 - (long) Math.ceil(scale * (Math.log(10) / Math.log(2)));
    long k = e - 63 - 2;
    BigInteger num;
    BigInteger den;
    while (true) {
      num = u;
      den = BigInteger.ONE;
      if (scale >= 0) {
        den = BigInteger.TEN.pow(scale);
      } else {
        num = num.multiply(BigInteger.TEN.pow(-scale));
      }
      if (k >= 0) {
        den = den.shiftLeft((int) k);
      } else {
        num = num.shiftLeft((int) -k);
      }
      BigInteger q = num.divide(den);
      if (q.bitLength() > 64) {
        k++;
      } else if (q.bitLength() < 64) {
        k--;
      } else {
        break;
      }
    }
    BigInteger[] qr = num.divideAndRemainder(den);
    BigInteger m = qr[0];
    int cmp = qr[1].shiftLeft(1).compareTo(den);
    if (cmp > 0 || (cmp == 0 && m.testBit(0))) {
      m = m.add(BigInteger.ONE);
    }
    if (m.equals(TWO_64)) {
      m = m.shiftRight(1);
      k++;
    }
    BigDecimal r;
    if (k >= 0) {
      r = new BigDecimal(m.shiftLeft((int) k));
    } else {
      r = new BigDecimal(m.multiply(FIVE.pow((int) -k)), (int) -k);
    }
    return x.signum() < 0 ? r.negate() : r;
  }
}
