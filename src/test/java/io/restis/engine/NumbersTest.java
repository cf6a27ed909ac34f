package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Numbers against Redis 7.0.15: every expected text below was produced by the real redis-server
 * (INCRBY for string2ll, ZADD + ZSCORE with a skiplist-encoded zset for strtod and %.17g).
 */
class NumbersTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- string2ll -------------------------------------------------------------------------

  /** {argument, what INCRBY on a missing key answered: the number, or null for the error}. */
  private static final String[][] LONGS = {
      {"0", "0"},
      {"1", "1"},
      {"-1", "-1"},
      {"01", null},
      {"+1", null},
      {"-0", null},
      {" 1", null},
      {"1 ", null},
      {"", null},
      {"-", null},
      {"00", null},
      {"9223372036854775807", "9223372036854775807"},
      {"9223372036854775808", null},
      {"-9223372036854775808", "-9223372036854775808"},
      {"-9223372036854775809", null},
      {"99999999999999999999", null},
      {"-99999999999999999999", null},
      {"12345678901234567890", null},
      {"-0001", null},
      {"1.0", null},
      {"1e3", null},
      {"0x10", null},
      {"-00000000000000000001", null},
  };

  @Test
  void parseLongIsRedisString2ll() {
    for (String[] c : LONGS) {
      Long got = Numbers.tryParseLong(b(c[0]));
      assertThat(got == null ? null : got.toString()).as("string2ll(\"%s\")", c[0]).isEqualTo(c[1]);
      if (c[1] == null) {
        assertThatThrownBy(() -> Numbers.parseLong(b(c[0])))
            .isInstanceOf(CommandException.class)
            .hasMessage("ERR value is not an integer or out of range");
      } else {
        assertThat(Numbers.parseLong(Bytes.of(c[0]))).isEqualTo(Long.parseLong(c[1]));
      }
    }
  }

  @Test
  void parseLongRejectsNonDigitsAnywhere() {
    assertThat(Numbers.tryParseLong(b("12a"))).isNull();
    assertThat(Numbers.tryParseLong(b("1-2"))).isNull();
    assertThat(Numbers.tryParseLong(b("--1"))).isNull();
    assertThat(Numbers.tryParseLong(b("1/"))).isNull(); // '/' is just below '0'
    assertThat(Numbers.tryParseLong(b("1:"))).isNull(); // ':' is just above '9'
    assertThat(Numbers.tryParseLong(new byte[] {'1', 0})).isNull();
  }

  @Test
  void parseLongRoundTripsEveryMagnitude() {
    long v = 1;
    for (int i = 0; i < 19; i++) {
      for (long x : new long[] {v, v - 1, -v, -(v - 1), v * 9 / 7}) {
        assertThat(Numbers.parseLong(Numbers.formatLongBytes(x))).isEqualTo(x);
      }
      v *= 10;
    }
    assertThat(Numbers.parseLong(Numbers.formatLongBytes(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    assertThat(Numbers.parseLong(Numbers.formatLongBytes(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void formatLongBytes() {
    assertThat(new String(Numbers.formatLongBytes(0), StandardCharsets.US_ASCII)).isEqualTo("0");
    assertThat(new String(Numbers.formatLongBytes(-42), StandardCharsets.US_ASCII)).isEqualTo("-42");
    assertThat(new String(Numbers.formatLongBytes(Long.MIN_VALUE), StandardCharsets.US_ASCII))
        .isEqualTo("-9223372036854775808");
  }

  // ---- strtod and %.17g --------------------------------------------------------------------

  /**
   * {ZADD score argument, what ZSCORE answered afterwards, or null when ZADD answered "ERR value
   * is not a valid float"}. The zset was skiplist-encoded, so ZSCORE printed the parsed double
   * itself with %.17g.
   */
  private static final String[][] DOUBLES = {
      {"1.1", "1.1000000000000001"},
      {"1e20", "1e+20"},
      {"0.0001", "0.0001"},
      {"1e-5", "1.0000000000000001e-05"},
      {"-0", "-0"},
      {"0", "0"},
      {"inf", "inf"},
      {"-inf", "-inf"},
      {"+inf", "inf"},
      {"-infinity", "-inf"},
      {"INF", "inf"},
      {"Infinity", "inf"},
      {"nan", null},
      {"NaN", null},
      {"-nan", null},
      {"1e5", "100000"},
      {".5", "0.5"},
      {"5.", "5"},
      {"1e400", null},
      {"-1e400", null},
      {"1e-400", null},
      {" 1", null},
      {"1 ", null},
      {"\t1", null},
      {"0x10", "16"},
      {"0x1p3", "8"},
      {"0x", null},
      {"0X1P-2", "0.25"},
      {"0x1p-1074", "4.9406564584124654e-324"},
      {"0x1p-1075", null},
      {"0x1p1024", null},
      {"0x1.fffffffffffffp1023", "1.7976931348623157e+308"},
      {"1e-310", "9.9999999999999694e-311"},
      {"4.9e-324", "4.9406564584124654e-324"},
      {"2e-324", null},
      {"2.5e-324", "4.9406564584124654e-324"},
      {"0e999", "0"},
      {"1e", null},
      {"1e+", null},
      {"", null},
      {"1.5e300", "1.5000000000000001e+300"},
      {"123456789", "123456789"},
      {"12345678901234567", "12345678901234568"},
      {"123456789012345678", "1.2345678901234568e+17"},
      {"100000000000000000", "1e+17"},
      {"99999999999999999", "1e+17"},
      {"0.1", "0.10000000000000001"},
      {"0.3", "0.29999999999999999"},
      {"1.7976931348623157e308", "1.7976931348623157e+308"},
      {"1.7976931348623158e308", "1.7976931348623157e+308"},
      {"1.7976931348623159e308", null},
      {"-1.7976931348623157e308", "-1.7976931348623157e+308"},
      {"2.2250738585072014e-308", "2.2250738585072014e-308"},
      {"1e16", "10000000000000000"},
      {"1e17", "1e+17"},
      {"1e-4", "0.0001"},
      {"0.00001234", "1.234e-05"},
      {"3.14159", "3.1415899999999999"},
      {"-2.5", "-2.5"},
      {"1e15", "1000000000000000"},
      {"1e21", "1e+21"},
      {"1e100", "1e+100"},
      {"5.e3", "5000"},
      {"+5.", "5"},
      {"0e-99999999999", "0"},
      {"1e-99999999999", null},
      {"1e99999999999", null},
      {"0.000123456789", "0.000123456789"},
      {"-0.0001", "-0.0001"},
      {"9.9999999999999999e-5", "0.0001"},
      {"99999999999999995", "1e+17"},
      {"123.456", "123.456"},
      {"1e-7", "9.9999999999999995e-08"},
      {"-1e-300", "-1e-300"},
      {"+-1", null},
      {"1_000", null},
      {"1,5", null},
      {"0b1", null},
      {"1d", null},
      {"1f", null},
      {"١", null}
  };

  @Test
  void parseDoubleAndFormatDoubleMatchZaddZscore() {
    for (String[] c : DOUBLES) {
      Double d = Numbers.tryParseDouble(b(c[0]));
      if (c[1] == null) {
        assertThat(d).as("strtod(\"%s\") refused", c[0]).isNull();
        assertThatThrownBy(() -> Numbers.parseDouble(b(c[0])))
            .isInstanceOf(CommandException.class)
            .hasMessage("ERR value is not a valid float");
      } else {
        assertThat(d).as("strtod(\"%s\") accepted", c[0]).isNotNull();
        assertThat(Numbers.formatDouble(d)).as("%%.17g of \"%s\"", c[0]).isEqualTo(c[1]);
      }
    }
  }

  @Test
  void formatDoubleSpecialValues() {
    assertThat(Numbers.formatDouble(1.1)).isEqualTo("1.1000000000000001");
    assertThat(Numbers.formatDouble(1e20)).isEqualTo("1e+20");
    assertThat(Numbers.formatDouble(0.0001)).isEqualTo("0.0001");
    assertThat(Numbers.formatDouble(1e-5)).isEqualTo("1.0000000000000001e-05");
    assertThat(Numbers.formatDouble(-0.0)).isEqualTo("-0");
    assertThat(Numbers.formatDouble(0.0)).isEqualTo("0");
    assertThat(Numbers.formatDouble(Double.POSITIVE_INFINITY)).isEqualTo("inf");
    assertThat(Numbers.formatDouble(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    assertThat(Numbers.formatDouble(Double.MIN_VALUE)).isEqualTo("4.9406564584124654e-324");
    assertThat(Numbers.formatDouble(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
    // Rounding carries into a new leading digit and moves to exponent form, as %g decides after
    // rounding: 99999999999999999 (1e17 - 1) is not a double, 99999999999999984 is.
    assertThat(Numbers.formatDouble(99999999999999984.0)).isEqualTo("99999999999999984");
    assertThat(Numbers.formatDouble(9.9999999999999999e16)).isEqualTo("1e+17");
    assertThat(Reply.dbl(2.5)).isEqualTo(Reply.bulk("2.5"));
  }

  @Test
  void parseDoubleHasNoLengthLimit() {
    // Redis 7.0 ZADD accepted these 100002-character scores; only string2ld has a limit.
    String ones = "1." + "0".repeat(100_000);
    assertThat(Numbers.tryParseDouble(b(ones))).isEqualTo(1.0);
    String tiny = "0." + "0".repeat(5_100) + "1";
    assertThat(Numbers.tryParseDouble(b(tiny))).isNull(); // underflows to zero: ERANGE
    String huge = "1" + "0".repeat(100_000);
    assertThat(Numbers.tryParseDouble(b(huge))).isNull(); // overflows: ERANGE
  }

  @Test
  void parseDoubleHexEdges() {
    assertThat(Numbers.tryParseDouble(b("0x1.8p1"))).isEqualTo(3.0);
    assertThat(Numbers.tryParseDouble(b("-0x.8"))).isEqualTo(-0.5);
    assertThat(Numbers.tryParseDouble(b("0x1p99999999999999999999"))).isNull();
    assertThat(Numbers.tryParseDouble(b("0x1p-99999999999999999999"))).isNull();
    assertThat(Numbers.tryParseDouble(b("0x0p-99999999999999999999"))).isEqualTo(0.0);
  }
}
