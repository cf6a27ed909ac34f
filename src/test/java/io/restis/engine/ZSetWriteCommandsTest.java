package io.restis.engine;

import static io.restis.engine.ZSetTestSupport.checkAll;
import static io.restis.engine.ZSetTestSupport.encoding;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ZADD, ZINCRBY and ZREM against replies recorded from redis-server 7.0.15, with their
 * propagation.
 */
class ZSetWriteCommandsTest {

  private final EngineHarness h = ZSetTestSupport.harness();

  @Test
  void zaddAddsAndCountsOnlyNewMembers() {
    assertThat(h.num("ZADD", "k", "1", "a", "2", "b", "3", "c")).isEqualTo(3);
    assertThat(h.num("ZADD", "k", "5", "a", "4", "d")).isEqualTo(1);
    assertThat(h.list("ZRANGE", "k", "0", "-1", "WITHSCORES"))
        .containsExactly("b", "2", "c", "3", "d", "4", "a", "5");
    // The same member several times in one call: each pair applies in turn.
    assertThat(h.num("ZADD", "k", "ch", "1", "a", "1", "a", "2", "a")).isEqualTo(2);
    assertThat(h.num("ZADD", "k", "1", "a", "1", "a", "2", "a")).isZero();
    assertThat(h.str("ZSCORE", "k", "a")).isEqualTo("2");
    // Option words are members when they stand where a member goes.
    assertThat(h.num("ZADD", "k", "1", "nx")).isEqualTo(1);
    checkAll(h);
  }

  @Test
  void zaddSyntaxAndConflictErrorsInRedisOrder() {
    h.str("SET", "str", "x");
    assertThat(h.err("ZADD", "k", "nx", "xx", "1")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZADD", "k", "1", "a", "2")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZADD", "k", "nx", "xx", "1", "a"))
        .isEqualTo("ERR XX and NX options at the same time are not compatible");
    assertThat(h.err("ZADD", "k", "nx", "gt", "1", "a"))
        .isEqualTo("ERR GT, LT, and/or NX options at the same time are not compatible");
    assertThat(h.err("ZADD", "k", "gt", "lt", "1", "a"))
        .isEqualTo("ERR GT, LT, and/or NX options at the same time are not compatible");
    assertThat(h.err("ZADD", "k", "nx", "incr", "1", "a", "2", "b"))
        .isEqualTo("ERR INCR option supports a single increment-element pair");
    assertThat(h.err("ZADD", "k", "incr", "1", "a", "2", "b"))
        .isEqualTo("ERR INCR option supports a single increment-element pair");
    assertThat(h.err("ZADD", "k", "1", "a", "x", "b")).isEqualTo("ERR value is not a valid float");
    assertThat(h.err("ZADD", "k", "nan", "a")).isEqualTo("ERR value is not a valid float");
    assertThat(h.err("ZADD", "k", "1e400", "a")).isEqualTo("ERR value is not a valid float");
    assertThat(h.err("ZADD", "k", " 1", "a")).isEqualTo("ERR value is not a valid float");
    assertThat(h.err("ZADD", "k", "", "a")).isEqualTo("ERR value is not a valid float");
    // The float error comes before the type check.
    assertThat(h.err("ZADD", "str", "x", "a")).isEqualTo("ERR value is not a valid float");
    assertThat(h.err("ZADD", "str", "1", "a")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.err("ZADD", "k", "nx")).isEqualTo("ERR wrong number of arguments for 'zadd' command");
    assertThat(h.num("EXISTS", "k")).isZero();
    assertThat(h.drainPropagated()).containsExactly("SET str x");
    checkAll(h);
  }

  @Test
  void zaddAcceptsInfinitiesAndHexScores() {
    assertThat(h.num("ZADD", "k", "+inf", "p", "-inf", "n", "0x10", "hex", "1e308", "big")).isEqualTo(4);
    assertThat(h.list("ZRANGE", "k", "0", "-1", "WITHSCORES"))
        .containsExactly("n", "-inf", "hex", "16", "big", "1e+308", "p", "inf");
    checkAll(h);
  }

  @Test
  void zaddXxOnMissingKeyCreatesNothing() {
    assertThat(h.num("ZADD", "k", "xx", "1", "a")).isZero();
    assertThat(h.call("ZADD", "k", "xx", "incr", "1", "a")).isNull();
    assertThat(h.num("EXISTS", "k")).isZero();
    assertThat(h.drainPropagated()).isEmpty();
    checkAll(h);
  }

  @Test
  void zaddGtLtWithCh() {
    h.num("ZADD", "k", "1", "a", "2", "b");
    // GT: a (1 -> 0) refused, b (2 -> 3) updated, c added.
    assertThat(h.num("ZADD", "k", "gt", "ch", "0", "a", "3", "b", "1", "c")).isEqualTo(2);
    assertThat(h.list("ZRANGE", "k", "0", "-1", "WITHSCORES"))
        .containsExactly("a", "1", "c", "1", "b", "3");
    // LT: a (1 -> 0) updated, b (3 -> 3) unchanged, c (1 -> 1) unchanged.
    assertThat(h.num("ZADD", "k", "lt", "ch", "0", "a", "3", "b", "1", "c")).isEqualTo(1);
    assertThat(h.list("ZRANGE", "k", "0", "-1", "WITHSCORES"))
        .containsExactly("a", "0", "c", "1", "b", "3");
    // Without CH only additions count.
    assertThat(h.num("ZADD", "k", "gt", "10", "a", "5", "d")).isEqualTo(1);
    assertThat(h.str("ZSCORE", "k", "a")).isEqualTo("10");
    // GT/LT never refuse new members.
    assertThat(h.num("ZADD", "k", "lt", "100", "e")).isEqualTo(1);
    checkAll(h);
  }

  @Test
  void zaddNxXxWithCh() {
    h.num("ZADD", "k", "1", "a");
    assertThat(h.num("ZADD", "k", "nx", "ch", "5", "a", "2", "b")).isEqualTo(1);
    assertThat(h.str("ZSCORE", "k", "a")).isEqualTo("1");
    assertThat(h.num("ZADD", "k", "xx", "ch", "7", "a", "3", "c")).isEqualTo(1);
    assertThat(h.str("ZSCORE", "k", "a")).isEqualTo("7");
    assertThat(h.call("ZSCORE", "k", "c")).isNull();
    assertThat(h.num("ZADD", "k", "xx", "7", "a")).isZero();
    checkAll(h);
  }

  @Test
  void zaddIncrRepliesTheScoreOrNilWhenRefused() {
    h.num("ZADD", "k", "1", "a", "2", "b");
    assertThat(h.call("ZADD", "k", "gt", "incr", "-1", "a")).isNull();
    assertThat(h.str("ZADD", "k", "gt", "incr", "1", "a")).isEqualTo("2");
    assertThat(h.call("ZADD", "k", "lt", "incr", "0", "a")).isNull();
    assertThat(h.str("ZADD", "k", "incr", "0", "a")).isEqualTo("2");
    assertThat(h.call("ZADD", "k", "nx", "incr", "5", "a")).isNull();
    assertThat(h.str("ZADD", "k", "nx", "incr", "5", "z")).isEqualTo("5");
    assertThat(h.call("ZADD", "k", "xx", "incr", "5", "zz")).isNull();
    assertThat(h.str("ZADD", "k", "incr", "inf", "a")).isEqualTo("inf");
    assertThat(h.err("ZADD", "k", "incr", "-inf", "a")).isEqualTo("ERR resulting score is not a number (NaN)");
    assertThat(h.str("ZSCORE", "k", "a")).isEqualTo("inf");
    assertThat(h.str("ZADD", "k", "incr", "1e308", "m")).isEqualTo("1e+308");
    assertThat(h.str("ZADD", "k", "incr", "1e308", "m")).isEqualTo("inf");
    checkAll(h);
  }

  @Test
  void zincrby() {
    h.str("SET", "str", "x");
    assertThat(h.str("ZINCRBY", "k", "2.5", "m")).isEqualTo("2.5");
    assertThat(h.str("ZINCRBY", "k", "0.1", "p")).isEqualTo("0.10000000000000001");
    assertThat(h.str("ZINCRBY", "k", "0.2", "p")).isEqualTo("0.30000000000000004");
    assertThat(h.str("ZINCRBY", "k", "-10", "m")).isEqualTo("-7.5");
    assertThat(h.str("ZINCRBY", "k", "inf", "m")).isEqualTo("inf");
    assertThat(h.err("ZINCRBY", "k", "-inf", "m")).isEqualTo("ERR resulting score is not a number (NaN)");
    assertThat(h.err("ZINCRBY", "k", "abc", "m")).isEqualTo("ERR value is not a valid float");
    assertThat(h.err("ZINCRBY", "str", "1", "m")).isEqualTo(Errors.WRONGTYPE);
    // Redis runs ZINCRBY through ZADD's option loop: option words leave an odd argument count.
    assertThat(h.err("ZINCRBY", "k", "nx", "1")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZINCRBY", "k", "xx", "nx")).isEqualTo("ERR syntax error");
    assertThat(h.str("ZINCRBY", "k", "1", "nx")).isEqualTo("1");
    assertThat(h.err("ZINCRBY", "k", "1")).isEqualTo("ERR wrong number of arguments for 'zincrby' command");
    checkAll(h);
  }

  @Test
  void zrem() {
    h.str("SET", "str", "x");
    h.num("ZADD", "k", "1", "a", "2", "b", "3", "c");
    assertThat(h.num("ZREM", "k", "a", "zz", "a")).isEqualTo(1);
    assertThat(h.num("ZREM", "nokey", "a")).isZero();
    assertThat(h.err("ZREM", "str", "a")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.num("ZREM", "k", "b", "c", "b")).isEqualTo(2);
    assertThat(h.num("EXISTS", "k")).isZero();
    checkAll(h);
  }

  @Test
  void propagationIsVerbatimAndOnlyOnChange() {
    h.num("ZADD", "k", "1", "a");
    h.num("ZADD", "k", "nx", "5", "a");          // refused: nothing
    h.num("ZADD", "k", "1", "a");                // same score: nothing
    assertThat(h.str("ZADD", "k", "incr", "0", "a")).isEqualTo("1"); // unchanged: nothing
    h.num("ZADD", "k", "gt", "ch", "2", "a");
    h.str("ZINCRBY", "k", "inf", "a");
    h.err("ZINCRBY", "k", "-inf", "a");          // NaN: nothing
    h.err("ZADD", "k", "incr", "nan", "a");      // not a float: nothing
    h.num("ZREM", "k", "nope");                  // nothing removed: nothing
    h.num("ZREM", "k", "a", "nope");
    assertThat(h.drainPropagated()).containsExactly(
        "ZADD k 1 a",
        "ZADD k gt ch 2 a",
        "ZINCRBY k inf a",
        "ZREM k a nope");
    checkAll(h);
  }

  @Test
  void incrementByNegativeInfinityOfANewMemberIsAScore() {
    assertThat(h.str("ZADD", "k", "incr", "-inf", "x")).isEqualTo("-inf");
    assertThat(h.list("ZRANGE", "k", "0", "-1", "WITHSCORES")).isEqualTo(List.of("x", "-inf"));
    assertThat(h.drainPropagated()).containsExactly("ZADD k incr -inf x");
    checkAll(h);
  }

  @Test
  void negativeZeroIsKeptOnlyInTheLargeEncoding() {
    // Recorded on 7.0.15: a listpack stores -0 as the integer 0, a skiplist keeps the sign.
    h.num("ZADD", "small", "-0", "a");
    assertThat(h.str("ZSCORE", "small", "a")).isEqualTo("0");
    assertThat(h.str("ZINCRBY", "small", "-0", "b")).isEqualTo("-0"); // the reply is the computed score
    assertThat(h.str("ZSCORE", "small", "b")).isEqualTo("0");
    String longMember = "x".repeat(65);
    h.num("ZADD", "big", "1", longMember);
    assertThat(encoding(h, "big")).isEqualTo("skiplist");
    h.num("ZADD", "big", "-0", "b");
    assertThat(h.str("ZSCORE", "big", "b")).isEqualTo("-0");
    assertThat(h.list("ZRANGE", "big", "0", "-1", "WITHSCORES")).containsExactly("b", "-0", longMember, "1");
    checkAll(h);
  }

  @Test
  void encodingFollowsRedisConversionRules() {
    h.num("ZADD", "k", "1", "x".repeat(64));
    assertThat(encoding(h, "k")).isEqualTo("listpack");
    h.num("ZADD", "k2", "1", "x".repeat(65));
    assertThat(encoding(h, "k2")).isEqualTo("skiplist");
    for (int i = 1; i <= 128; i++) {
      h.num("ZADD", "n", String.valueOf(i), "m" + i);
    }
    assertThat(encoding(h, "n")).isEqualTo("listpack");
    h.num("ZADD", "n", "129", "m129");
    assertThat(encoding(h, "n")).isEqualTo("skiplist");
    // Shrinking never converts back.
    h.num("ZREMRANGEBYRANK", "n", "0", "-3");
    assertThat(h.num("ZCARD", "n")).isEqualTo(2);
    assertThat(encoding(h, "n")).isEqualTo("skiplist");
    checkAll(h);
  }
}
