package io.restis.engine;

import static io.restis.engine.EngineHarness.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.restis.engine.StringCommandsTest.Support;
import org.junit.jupiter.api.Test;

/**
 * What the string commands propagate: results, not requests. The forms are those redis-server
 * 7.0.15 wrote to its AOF for the same commands.
 */
class StringPropagationTest {

  private final EngineHarness h = Support.harness();

  @Test
  void plainSetPropagatesAsSent() {
    h.str("SET", "k", "v");
    h.str("set", "k", "w", "KEEPTTL");
    h.str("SET", "k", "x", "XX");
    assertThat(h.drainPropagated()).containsExactly("SET k v", "set k w KEEPTTL", "SET k x XX");
    h.checkInvariants();
  }

  @Test
  void setWithRelativeOrAbsoluteExpiryBecomesSetPxat() {
    h.str("SET", "a", "v", "EX", "100");
    h.str("SET", "b", "v", "PX", "1500");
    h.str("SET", "c", "v", "EXAT", Long.toString(START / 1000 + 60));
    h.str("SET", "d", "v", "PXAT", Long.toString(START + 42));
    h.str("SET", "e", "v", "NX", "EX", "1");
    assertThat(h.drainPropagated()).containsExactly(
        "SET a v PXAT " + (START + 100_000),
        "SET b v PXAT " + (START + 1500),
        "SET c v PXAT " + (START + 60_000),
        "SET d v PXAT " + (START + 42),
        "SET e v PXAT " + (START + 1000));
    h.checkInvariants();
  }

  @Test
  void setGetDropsGet() {
    h.call("SET", "k", "1", "GET");
    h.str("SET", "k", "2", "GET", "PX", "100000", "get");
    h.str("set", "k", "3", "get", "KEEPTTL", "GET");
    assertThat(h.drainPropagated()).containsExactly(
        "SET k 1", "SET k 2 PXAT " + (START + 100_000), "set k 3 KEEPTTL");
    h.checkInvariants();
  }

  @Test
  void setThatDidNothingPropagatesNothing() {
    h.str("SET", "k", "v");
    h.drainPropagated();
    assertThat(h.call("SET", "k", "w", "NX")).isNull();
    assertThat(h.str("SET", "k", "w", "NX", "GET")).isEqualTo("v");
    assertThat(h.call("SET", "missing", "w", "XX")).isNull();
    assertThat(h.num("SETNX", "k", "w")).isZero();
    assertThat(h.num("MSETNX", "k", "w", "other", "x")).isZero();
    h.err("SET", "k", "v", "EX", "0");
    h.err("SET", "k", "v", "BAD");
    Support.makeList(h, "L");
    h.err("SET", "L", "v", "GET");
    assertThat(h.drainPropagated()).isEmpty();
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  @Test
  void setWithATimeAlreadyPastPropagatesTheSetThenTheDeletion() {
    h.str("SET", "k", "v", "EXAT", "1");
    assertThat(h.drainPropagated()).containsExactly("SET k v PXAT 1000");
    assertThat(h.call("GET", "k")).isNull();
    assertThat(h.drainPropagated()).containsExactly("DEL k");
    h.checkInvariants();
  }

  @Test
  void setexAndPsetexBecomeSetPxat() {
    h.str("SETEX", "k", "100", "v");
    h.str("PSETEX", "p", "1500", "w");
    assertThat(h.drainPropagated()).containsExactly(
        "SET k v PXAT " + (START + 100_000), "SET p w PXAT " + (START + 1500));
    h.checkInvariants();
  }

  @Test
  void setnxMsetMsetnxPropagateAsSent() {
    h.num("SETNX", "k", "v");
    h.str("MSET", "a", "1", "a", "2");
    h.num("MSETNX", "b", "1", "c", "2");
    assertThat(h.drainPropagated()).containsExactly("SETNX k v", "MSET a 1 a 2", "MSETNX b 1 c 2");
    h.checkInvariants();
  }

  @Test
  void getsetBecomesSet() {
    h.call("GETSET", "k", "v");
    h.str("getset", "k", "w");
    assertThat(h.drainPropagated()).containsExactly("SET k v", "SET k w");
    Support.makeList(h, "L");
    h.err("GETSET", "L", "v");
    assertThat(h.drainPropagated()).isEmpty();
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  @Test
  void getdelBecomesDel() {
    h.str("SET", "k", "v");
    h.drainPropagated();
    h.str("GETDEL", "k");
    assertThat(h.drainPropagated()).containsExactly("DEL k");
    assertThat(h.call("GETDEL", "k")).isNull();
    assertThat(h.drainPropagated()).isEmpty();
    h.checkInvariants();
  }

  @Test
  void getexBecomesPexpireatPersistOrDel() {
    h.str("SET", "k", "v");
    h.drainPropagated();
    h.str("GETEX", "k", "EX", "100");
    h.str("GETEX", "k", "PX", "1500");
    h.str("GETEX", "k", "EXAT", Long.toString(START / 1000 + 60));
    h.str("GETEX", "k", "PXAT", Long.toString(START + 42));
    h.str("GETEX", "k", "PERSIST");
    assertThat(h.drainPropagated()).containsExactly(
        "PEXPIREAT k " + (START + 100_000),
        "PEXPIREAT k " + (START + 1500),
        "PEXPIREAT k " + (START + 60_000),
        "PEXPIREAT k " + (START + 42),
        "PERSIST k");
    // Nothing to do: nothing propagated.
    h.str("GETEX", "k");
    h.str("GETEX", "k", "PERSIST");
    h.call("GETEX", "missing", "EX", "10");
    assertThat(h.drainPropagated()).isEmpty();
    // A time already past deletes the key.
    h.str("GETEX", "k", "EXAT", "1");
    assertThat(h.drainPropagated()).containsExactly("DEL k");
    h.checkInvariants();
  }

  @Test
  void incrbyfloatBecomesSetKeepttl() {
    h.str("SET", "k", "10.5", "EX", "100");
    h.drainPropagated();
    h.str("INCRBYFLOAT", "k", "0.1");
    h.str("incrbyfloat", "n", "5.0e3");
    assertThat(h.drainPropagated()).containsExactly("SET k 10.6 KEEPTTL", "SET n 5000 KEEPTTL");
    h.err("INCRBYFLOAT", "k", "abc");
    h.err("INCRBYFLOAT", "k", "inf");
    assertThat(h.drainPropagated()).isEmpty();
    h.checkInvariants();
  }

  @Test
  void inPlaceWritesPropagateAsSent() {
    h.num("APPEND", "k", "ab");
    h.num("APPEND", "k", "");
    h.num("SETRANGE", "k", "5", "x");
    h.num("INCR", "n");
    h.num("INCRBY", "n", "0");
    h.num("DECR", "n");
    h.num("DECRBY", "n", "5");
    assertThat(h.drainPropagated()).containsExactly(
        "APPEND k ab", "APPEND k ", "SETRANGE k 5 x", "INCR n", "INCRBY n 0", "DECR n", "DECRBY n 5");
    // Writing nothing with SETRANGE, or failing, propagates nothing.
    h.num("SETRANGE", "k", "0", "");
    h.err("INCR", "k");
    h.err("SETRANGE", "k", "-1", "x");
    assertThat(h.drainPropagated()).isEmpty();
    h.checkInvariants();
  }

  @Test
  void readsPropagateNothingButTheExpiryTheyNotice() {
    h.str("SET", "k", "v", "PX", "10");
    h.str("SET", "s", "v");
    h.drainPropagated();
    h.call("GET", "s");
    h.call("MGET", "s", "nope");
    h.call("STRLEN", "s");
    h.call("GETRANGE", "s", "0", "-1");
    assertThat(h.drainPropagated()).isEmpty();
    h.clock.advance(11);
    assertThat(h.num("INCR", "k")).isEqualTo(1);
    assertThat(h.drainPropagated()).containsExactly("DEL k", "INCR k");
    h.checkInvariants();
  }
}
