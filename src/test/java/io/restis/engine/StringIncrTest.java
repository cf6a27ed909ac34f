package io.restis.engine;

import static io.restis.engine.EngineHarness.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.restis.engine.StringCommandsTest.Support;
import org.junit.jupiter.api.Test;

/** INCR, DECR, INCRBY, DECRBY and INCRBYFLOAT, checked against redis-server 7.0.15. */
class StringIncrTest {

  private static final String OVERFLOW = "ERR increment or decrement would overflow";
  private static final String MAX = "9223372036854775807";
  private static final String MIN = "-9223372036854775808";

  private final EngineHarness h = Support.harness();

  @Test
  void incrAndDecr() {
    assertThat(h.num("INCR", "k")).isEqualTo(1);
    assertThat(h.num("INCR", "k")).isEqualTo(2);
    assertThat(h.num("DECR", "k")).isEqualTo(1);
    assertThat(h.num("DECR", "d")).isEqualTo(-1);
    assertThat(h.num("INCRBY", "k", "10")).isEqualTo(11);
    assertThat(h.num("INCRBY", "k", "-20")).isEqualTo(-9);
    assertThat(h.num("DECRBY", "k", "-3")).isEqualTo(-6);
    assertThat(h.num("DECRBY", "k", "4")).isEqualTo(-10);
    assertThat(h.num("INCRBY", "k", "0")).isEqualTo(-10);
    // The result is stored as its text.
    assertThat(h.str("GET", "k")).isEqualTo("-10");
    h.str("SET", "s", "41");
    assertThat(h.num("INCR", "s")).isEqualTo(42);
    assertThat(h.str("GET", "s")).isEqualTo("42");
    h.checkInvariants();
  }

  @Test
  void incrOnValuesThatAreNotCanonicalIntegers() {
    String[] notIntegers = {"abc", " 1", "1 ", "1.5", "01", "+1", "-0", "", "99999999999999999999",
        "12345678901234567890", "1e3", "0x10"};
    for (String v : notIntegers) {
      h.str("SET", "k", v);
      assertThat(h.err("INCR", "k")).as("INCR of \"%s\"", v).isEqualTo(Errors.NOT_INTEGER);
      assertThat(h.err("DECRBY", "k", "1")).as("DECRBY of \"%s\"", v).isEqualTo(Errors.NOT_INTEGER);
      assertThat(h.str("GET", "k")).isEqualTo(v);
    }
    h.checkInvariants();
  }

  @Test
  void incrementArgumentsMustBeIntegers() {
    for (String bad : new String[] {"abc", " 5", "5 ", "+5", "05", "1.0", "9223372036854775808", ""}) {
      assertThat(h.err("INCRBY", "k", bad)).as("INCRBY k \"%s\"", bad).isEqualTo(Errors.NOT_INTEGER);
      assertThat(h.err("DECRBY", "k", bad)).as("DECRBY k \"%s\"", bad).isEqualTo(Errors.NOT_INTEGER);
    }
    assertThat(h.call("GET", "k")).isNull();
    h.checkInvariants();
  }

  @Test
  void errorOrder() {
    Support.makeList(h, "L");
    assertThat(h.err("INCR", "L")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.err("DECR", "L")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.err("INCRBY", "L", "1")).isEqualTo(Errors.WRONGTYPE);
    // The increment is parsed before the key is looked at.
    assertThat(h.err("INCRBY", "L", "abc")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("DECRBY", "L", "abc")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("DECRBY", "L", MIN)).isEqualTo("ERR decrement would overflow");
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  @Test
  void overflow() {
    h.str("SET", "max", MAX);
    assertThat(h.err("INCR", "max")).isEqualTo(OVERFLOW);
    assertThat(h.err("INCRBY", "max", "1")).isEqualTo(OVERFLOW);
    assertThat(h.err("DECRBY", "max", "-1")).isEqualTo(OVERFLOW);
    assertThat(h.num("INCRBY", "max", "0")).isEqualTo(Long.MAX_VALUE);
    assertThat(h.str("GET", "max")).isEqualTo(MAX);

    h.str("SET", "min", MIN);
    assertThat(h.err("DECR", "min")).isEqualTo(OVERFLOW);
    assertThat(h.err("DECRBY", "min", "1")).isEqualTo(OVERFLOW);
    assertThat(h.err("INCRBY", "min", "-1")).isEqualTo(OVERFLOW);
    assertThat(h.num("INCR", "min")).isEqualTo(Long.MIN_VALUE + 1);

    // DECRBY of the most negative long has its own error: its negation does not exist.
    assertThat(h.err("DECRBY", "min", MIN)).isEqualTo("ERR decrement would overflow");
    assertThat(h.err("DECRBY", "missing", MIN)).isEqualTo("ERR decrement would overflow");
    assertThat(h.call("GET", "missing")).isNull();
    assertThat(h.num("INCRBY", "m2", MIN)).isEqualTo(Long.MIN_VALUE);
    h.str("SET", "neg", "-1");
    assertThat(h.err("INCRBY", "neg", MIN)).isEqualTo(OVERFLOW);

    h.str("SET", "z", "0");
    assertThat(h.num("DECRBY", "z", MAX)).isEqualTo(-Long.MAX_VALUE);
    assertThat(h.num("DECR", "z")).isEqualTo(Long.MIN_VALUE);
    assertThat(h.err("DECR", "z")).isEqualTo(OVERFLOW);
    assertThat(h.str("GET", "z")).isEqualTo(MIN);
    h.checkInvariants();
  }

  @Test
  void incrKeepsTheTtl() {
    h.str("SET", "k", "10", "EX", "100");
    assertThat(h.num("INCR", "k")).isEqualTo(11);
    assertThat(h.num("DECRBY", "k", "2")).isEqualTo(9);
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 100_000);
    assertThat(h.str("INCRBYFLOAT", "k", "1.5")).isEqualTo("10.5");
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 100_000);
    // The TTL still applies.
    h.clock.advance(100_001);
    assertThat(h.num("INCR", "k")).isEqualTo(1);
    assertThat(Support.expireAt(h, "k")).isEqualTo(-1);
    h.checkInvariants();
  }

  // ---- INCRBYFLOAT -----------------------------------------------------------------------------

  @Test
  void incrbyfloatMatchesRedisCaseByCase() {
    for (String[] c : LongDoubleTest.REDIS_CASES) {
      h.str(Support.DROP_CMD, "x");
      if (c[0] != null) {
        h.str("SET", "x", c[0]);
      }
      Object reply = h.call("INCRBYFLOAT", "x", c[1]);
      assertThat(String.valueOf(reply)).as("INCRBYFLOAT of %s by %s", c[0], c[1]).isEqualTo(c[2]);
      if (c[2].startsWith("ERR")) {
        assertThat(h.call("GET", "x")).as("unchanged after %s", c[2]).isEqualTo(c[0]);
      } else {
        assertThat(h.str("GET", "x")).isEqualTo(c[2]);
      }
    }
    h.checkInvariants();
  }

  @Test
  void incrbyfloatExamples() {
    h.str("SET", "k", "10.50");
    assertThat(h.str("INCRBYFLOAT", "k", "0.1")).isEqualTo("10.6");
    assertThat(h.str("INCRBYFLOAT", "k", "-5")).isEqualTo("5.6");
    h.str("SET", "k", "5.0e3");
    assertThat(h.str("INCRBYFLOAT", "k", "2.0e2")).isEqualTo("5200");
    assertThat(h.str("GET", "k")).isEqualTo("5200");
    // A result that is an integer can be INCRed afterwards.
    assertThat(h.num("INCR", "k")).isEqualTo(5201);
    assertThat(h.str("INCRBYFLOAT", "n", "3.0e-2")).isEqualTo("0.03");
    h.checkInvariants();
  }

  @Test
  void incrbyfloatErrorOrder() {
    Support.makeList(h, "L");
    assertThat(h.err("INCRBYFLOAT", "L", "1")).isEqualTo(Errors.WRONGTYPE);
    // Unlike INCRBY, the type is checked before the increment is parsed.
    assertThat(h.err("INCRBYFLOAT", "L", "abc")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.err("INCRBYFLOAT", "missing", "abc")).isEqualTo(Errors.NOT_FLOAT);
    assertThat(h.err("INCRBYFLOAT", "missing", "inf")).isEqualTo(Errors.NAN_OR_INF);
    assertThat(h.call("GET", "missing")).isNull();
    Support.dropList(h, "L");
    h.checkInvariants();
  }
}
