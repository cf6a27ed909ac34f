package io.restis.engine;

import static io.restis.engine.EngineHarness.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.restis.engine.StringCommandsTest.Support;
import org.junit.jupiter.api.Test;

/** GETRANGE and SETRANGE, checked against redis-server 7.0.15. */
class StringRangeTest {

  private static final String TOO_BIG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
  private static final String OFFSET = "ERR offset is out of range";

  private final EngineHarness h = Support.harness();

  /** {key, start, end, reply}: s = "Hello World", e = "", n = 12345 from INCRBY. */
  private static final String[][] GETRANGE = {
      {"s", "0", "4", "Hello"},
      {"s", "-5", "-1", "World"},
      {"s", "-1", "-5", ""},
      {"s", "0", "-1", "Hello World"},
      {"s", "0", "100", "Hello World"},
      {"s", "5", "3", ""},
      {"s", "11", "20", ""},
      {"s", "10", "10", "d"},
      {"s", "-100", "-50", "H"}, // both clamp to 0: Redis answers the first byte
      {"s", "-100", "2", "Hel"},
      {"s", "-3", "100", "rld"},
      {"s", "3", "-100", ""},
      {"s", "-1", "-1", "d"},
      {"s", "9223372036854775807", "-9223372036854775808", ""},
      {"s", "-9223372036854775808", "9223372036854775807", "Hello World"},
      {"e", "0", "-1", ""},
      {"e", "0", "0", ""},
      {"e", "-1", "-1", ""},
      {"missing", "0", "-1", ""},
      {"n", "1", "2", "23"},
  };

  @Test
  void getrange() {
    h.str("SET", "s", "Hello World");
    h.str("SET", "e", "");
    h.num("INCRBY", "n", "12345");
    for (String[] c : GETRANGE) {
      assertThat(h.str("GETRANGE", c[0], c[1], c[2])).as("GETRANGE %s %s %s", c[0], c[1], c[2]).isEqualTo(c[3]);
    }
    h.checkInvariants();
  }

  @Test
  void getrangeErrorsInRedisOrder() {
    Support.makeList(h, "L");
    assertThat(h.err("GETRANGE", "L", "0", "1")).isEqualTo(Errors.WRONGTYPE);
    // The indexes are parsed before the key is looked at.
    assertThat(h.err("GETRANGE", "L", "a", "1")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("GETRANGE", "missing", "a", "1")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("GETRANGE", "missing", "1", "b")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("GETRANGE", "missing", "0", "9223372036854775808")).isEqualTo(Errors.NOT_INTEGER);
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  @Test
  void setrangeOverwritesAndExtends() {
    h.str("SET", "k", "Hello World");
    assertThat(h.num("SETRANGE", "k", "6", "Redis")).isEqualTo(11);
    assertThat(h.str("GET", "k")).isEqualTo("Hello Redis");
    assertThat(h.num("SETRANGE", "k", "0", "J")).isEqualTo(11);
    assertThat(h.str("GET", "k")).isEqualTo("Jello Redis");
    assertThat(h.num("SETRANGE", "k", "9", "sss")).isEqualTo(12);
    assertThat(h.str("GET", "k")).isEqualTo("Jello Redsss");
    h.checkInvariants();
  }

  @Test
  void setrangePadsWithZeroBytes() {
    assertThat(h.num("SETRANGE", "k", "3", "ab")).isEqualTo(5);
    assertThat(h.str("GET", "k")).isEqualTo("\0\0\0ab");
    h.str("SET", "s", "x");
    assertThat(h.num("SETRANGE", "s", "4", "y")).isEqualTo(5);
    assertThat(h.str("GET", "s")).isEqualTo("x\0\0\0y");
    h.checkInvariants();
  }

  @Test
  void setrangeWithAnEmptyValueWritesNothing() {
    assertThat(h.num("SETRANGE", "missing", "0", "")).isZero();
    assertThat(h.num("SETRANGE", "missing", "536870912", "")).isZero(); // before the size check
    assertThat(h.call("GET", "missing")).isNull();
    h.str("SET", "k", "abc");
    assertThat(h.num("SETRANGE", "k", "10", "")).isEqualTo(3);
    assertThat(h.num("SETRANGE", "k", "536870912", "")).isEqualTo(3);
    assertThat(h.str("GET", "k")).isEqualTo("abc");
    assertThat(h.drainPropagated()).containsExactly("SET k abc");
    h.checkInvariants();
  }

  @Test
  void setrangeErrorsInRedisOrder() {
    Support.makeList(h, "L");
    // The offset first, even on a list or a missing key with nothing to write.
    assertThat(h.err("SETRANGE", "L", "-1", "x")).isEqualTo(OFFSET);
    assertThat(h.err("SETRANGE", "missing", "-1", "")).isEqualTo(OFFSET);
    assertThat(h.err("SETRANGE", "missing", "abc", "x")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("SETRANGE", "missing", "9223372036854775808", "x")).isEqualTo(Errors.NOT_INTEGER);
    // Then the type, even with nothing to write.
    assertThat(h.err("SETRANGE", "L", "0", "")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.err("SETRANGE", "L", "0", "x")).isEqualTo(Errors.WRONGTYPE);
    // Then the size.
    assertThat(h.err("SETRANGE", "missing", "536870912", "x")).isEqualTo(TOO_BIG);
    assertThat(h.err("SETRANGE", "missing", "536870911", "xy")).isEqualTo(TOO_BIG);
    assertThat(h.err("SETRANGE", "missing", "9223372036854775807", "x")).isEqualTo(TOO_BIG);
    h.str("SET", "k", "v");
    assertThat(h.err("SETRANGE", "k", "536870912", "x")).isEqualTo(TOO_BIG);
    assertThat(h.err("SETRANGE", "k", "9223372036854775807", "x")).isEqualTo(TOO_BIG);
    assertThat(h.call("GET", "missing")).isNull();
    assertThat(h.str("GET", "k")).isEqualTo("v");
    assertThat(Support.isList(h, "L")).isTrue();
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  @Test
  void setrangeKeepsTheTtl() {
    h.str("SET", "k", "10", "EX", "100");
    assertThat(h.num("SETRANGE", "k", "0", "5")).isEqualTo(2);
    assertThat(h.str("GET", "k")).isEqualTo("50");
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 100_000);
    h.checkInvariants();
  }

  @Test
  void setrangeDoesNotChangeWhatAnEarlierGetAnswered() {
    h.str("SET", "k", "abcdef");
    Reply before = h.exec("GET", "k");
    h.num("SETRANGE", "k", "0", "XYZ");
    h.num("APPEND", "k", "ghi");
    assertThat(EngineHarness.plain(before)).isEqualTo("abcdef");
    assertThat(h.str("GET", "k")).isEqualTo("XYZdefghi");
    h.checkInvariants();
  }
}
