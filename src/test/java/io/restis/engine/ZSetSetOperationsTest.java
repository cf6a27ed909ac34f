package io.restis.engine;

import static io.restis.engine.ZSetTestSupport.checkAll;
import static io.restis.engine.ZSetTestSupport.encoding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD against replies recorded from
 * redis-server 7.0.15.
 */
class ZSetSetOperationsTest {

  private final EngineHarness h = ZSetTestSupport.harness();

  @BeforeEach
  void fill() {
    h.str("SET", "str", "x");
    h.num("ZADD", "z1", "1", "a", "2", "b", "3", "c");
    h.num("ZADD", "z2", "10", "b", "20", "c", "30", "d");
    h.num("ZADD", "zi", "inf", "a", "-inf", "b");
    h.num("ZADD", "zj", "-inf", "a", "inf", "b", "5", "c");
    h.drainPropagated();
  }

  @Test
  void unionWithWeightsAndAggregates() {
    assertThat(h.list("ZUNION", "2", "z1", "z2", "WITHSCORES"))
        .containsExactly("a", "1", "b", "12", "c", "23", "d", "30");
    assertThat(h.list("ZUNION", "2", "z1", "z2")).containsExactly("a", "b", "c", "d");
    assertThat(h.list("ZUNION", "2", "z1", "z2", "WEIGHTS", "2", "0.5", "WITHSCORES"))
        .containsExactly("a", "2", "b", "9", "d", "15", "c", "16");
    assertThat(h.list("ZUNION", "2", "z1", "z2", "AGGREGATE", "MIN", "WITHSCORES"))
        .containsExactly("a", "1", "b", "2", "c", "3", "d", "30");
    assertThat(h.list("ZUNION", "2", "z1", "z2", "aggregate", "max", "withscores", "weights", "1", "-1"))
        .containsExactly("d", "-30", "a", "1", "b", "2", "c", "3");
    assertThat(h.list("ZUNION", "2", "z1", "z1", "WITHSCORES")).containsExactly("a", "2", "b", "4", "c", "6");
    assertThat(h.list("ZUNION", "2", "z1", "nokey", "WITHSCORES")).containsExactly("a", "1", "b", "2", "c", "3");
    // Repeated options: the last one wins.
    assertThat(h.list("ZUNION", "1", "z1", "WEIGHTS", "1", "WEIGHTS", "2", "WITHSCORES"))
        .containsExactly("a", "2", "b", "4", "c", "6");
    assertThat(h.list("ZUNION", "1", "z1", "AGGREGATE", "MIN", "AGGREGATE", "MAX", "WITHSCORES"))
        .containsExactly("a", "1", "b", "2", "c", "3");
    assertThat(h.list("ZUNION", "1", "z1", "WITHSCORES", "WITHSCORES")).containsExactly("a", "1", "b", "2", "c", "3");
    assertThat(h.list("ZUNION", "2", "z1", "z2", "WEIGHTS", "inf", "1", "WITHSCORES"))
        .containsExactly("d", "30", "a", "inf", "b", "inf", "c", "inf");
    checkAll(h);
  }

  @Test
  void infinitiesSumToZeroWhenTheyCancel() {
    assertThat(h.list("ZUNION", "2", "zi", "zj", "WITHSCORES")).containsExactly("a", "0", "b", "0", "c", "5");
    assertThat(h.list("ZINTER", "2", "zi", "zj", "WITHSCORES")).containsExactly("a", "0", "b", "0");
    // 0 * inf is NaN, which also becomes 0.
    assertThat(h.list("ZUNION", "1", "zi", "WEIGHTS", "0", "WITHSCORES")).containsExactly("a", "0", "b", "0");
    assertThat(h.list("ZUNION", "2", "zi", "zi", "WITHSCORES")).containsExactly("b", "-inf", "a", "inf");
    checkAll(h);
  }

  @Test
  void scoresAreSummedSmallestInputFirstAndStablyForEqualSizes() {
    // Floating-point sums depend on their order; recorded on 7.0.15.
    h.num("ZADD", "A", "0.1", "m");
    h.num("ZADD", "B", "0.2", "m", "1", "x");
    h.num("ZADD", "C", "0.3", "m", "1", "y", "1", "z");
    h.num("ZADD", "D", "0.4", "m", "1", "y");
    assertThat(h.list("ZUNION", "3", "C", "B", "A", "WITHSCORES")).startsWith("m", "0.60000000000000009");
    assertThat(h.list("ZINTER", "3", "C", "B", "A", "WITHSCORES")).containsExactly("m", "0.60000000000000009");
    assertThat(h.list("ZUNION", "3", "D", "B", "A", "WITHSCORES")).startsWith("m", "0.69999999999999996");
    assertThat(h.list("ZUNION", "3", "B", "D", "A", "WITHSCORES")).startsWith("m", "0.70000000000000007");
    assertThat(h.list("ZINTER", "3", "D", "B", "A", "WITHSCORES")).containsExactly("m", "0.69999999999999996");
    assertThat(h.list("ZINTER", "3", "B", "D", "A", "WITHSCORES")).containsExactly("m", "0.70000000000000007");
    h.num("ZUNIONSTORE", "u", "3", "D", "B", "A");
    assertThat(h.str("ZSCORE", "u", "m")).isEqualTo("0.69999999999999996");
    checkAll(h);
  }

  @Test
  void intersection() {
    assertThat(h.list("ZINTER", "2", "z1", "z2", "WITHSCORES")).containsExactly("b", "12", "c", "23");
    assertThat(h.list("ZINTER", "2", "z1", "nokey", "WITHSCORES")).isEmpty();
    assertThat(h.list("ZINTER", "2", "z1", "z1", "WITHSCORES")).containsExactly("a", "2", "b", "4", "c", "6");
    assertThat(h.list("ZINTER", "2", "z1", "z2", "AGGREGATE", "MAX", "WITHSCORES")).containsExactly("b", "10", "c", "20");
    assertThat(h.list("ZINTER", "2", "z1", "z2", "AGGREGATE", "MIN", "WEIGHTS", "100", "1", "WITHSCORES"))
        .containsExactly("b", "10", "c", "20");
    assertThat(h.list("ZINTER", "1", "z1")).containsExactly("a", "b", "c");
    checkAll(h);
  }

  @Test
  void difference() {
    assertThat(h.list("ZDIFF", "2", "z1", "z2", "WITHSCORES")).containsExactly("a", "1");
    assertThat(h.list("ZDIFF", "1", "z1", "WITHSCORES")).containsExactly("a", "1", "b", "2", "c", "3");
    assertThat(h.list("ZDIFF", "2", "nokey", "z1")).isEmpty();
    assertThat(h.list("ZDIFF", "2", "z1", "nokey")).containsExactly("a", "b", "c");
    assertThat(h.list("ZDIFF", "2", "z1", "z1")).isEmpty();
    assertThat(h.err("ZDIFF", "2", "z1", "z2", "WEIGHTS", "1", "2")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZDIFF", "2", "z1", "z2", "AGGREGATE", "SUM")).isEqualTo("ERR syntax error");
    checkAll(h);
  }

  @Test
  void errorsInRedisOrder() {
    assertThat(h.err("ZUNION", "0", "z1")).isEqualTo("ERR at least 1 input key is needed for 'zunion' command");
    assertThat(h.err("ZINTER", "0", "z1")).isEqualTo("ERR at least 1 input key is needed for 'zinter' command");
    assertThat(h.err("ZDIFF", "0", "z1")).isEqualTo("ERR at least 1 input key is needed for 'zdiff' command");
    assertThat(h.err("ZUNIONSTORE", "d", "0", "z1"))
        .isEqualTo("ERR at least 1 input key is needed for 'zunionstore' command");
    assertThat(h.err("ZDIFFSTORE", "d", "0", "z1"))
        .isEqualTo("ERR at least 1 input key is needed for 'zdiffstore' command");
    assertThat(h.err("ZINTERCARD", "0", "z1")).isEqualTo("ERR at least 1 input key is needed for 'zintercard' command");
    assertThat(h.err("ZUNION", "abc", "z1")).isEqualTo("ERR value is not an integer or out of range");
    assertThat(h.err("ZINTERCARD", "abc", "z1")).isEqualTo("ERR value is not an integer or out of range");
    assertThat(h.err("ZUNION", "3", "z1")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZUNION", "1", "z1", "z2")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZUNIONSTORE", "d", "3", "z1", "z2")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZUNIONSTORE", "d", "1", "z1", "z2")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZINTER", "2", "z1", "z2", "WEIGHTS", "1", "WITHSCORES")).isEqualTo("ERR weight value is not a float");
    assertThat(h.err("ZINTER", "2", "z1", "z2", "WEIGHTS", "1", "x", "WITHSCORES")).isEqualTo("ERR weight value is not a float");
    assertThat(h.err("ZUNION", "2", "z1", "z2", "WEIGHTS", "nan", "1")).isEqualTo("ERR weight value is not a float");
    assertThat(h.err("ZUNION", "2", "z1", "z2", "WEIGHTS", "1")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZINTER", "2", "z1", "z2", "AGGREGATE", "AVG")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZINTER", "2", "z1", "z2", "AGGREGATE")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZINTER", "2", "z1", "z2", "foo")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZUNIONSTORE", "d", "2", "z1", "z2", "WITHSCORES")).isEqualTo("ERR syntax error");
    // The inputs' types are checked before the options.
    assertThat(h.err("ZINTER", "2", "z1", "str")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.err("ZINTER", "2", "z1", "str", "WEIGHTS", "x", "y")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.err("ZINTERCARD", "1", "str")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.err("ZINTERCARD", "2", "z1", "z2", "WITHSCORES")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZINTERCARD", "1", "z1", "LIMIT", "-1")).isEqualTo("ERR LIMIT can't be negative");
    assertThat(h.err("ZINTERCARD", "1", "z1", "LIMIT", "abc")).isEqualTo("ERR LIMIT can't be negative");
    assertThat(h.drainPropagated()).isEmpty();
    checkAll(h);
  }

  @Test
  void zintercard() {
    assertThat(h.num("ZINTERCARD", "2", "z1", "z2")).isEqualTo(2);
    assertThat(h.num("ZINTERCARD", "2", "z1", "z2", "LIMIT", "1")).isEqualTo(1);
    assertThat(h.num("ZINTERCARD", "2", "z1", "z2", "LIMIT", "0")).isEqualTo(2);
    assertThat(h.num("ZINTERCARD", "2", "z1", "nokey")).isZero();
    assertThat(h.num("ZINTERCARD", "1", "z1", "LIMIT", "1", "LIMIT", "3")).isEqualTo(3);
    checkAll(h);
  }

  @Test
  void storeFormsReplaceOrDeleteTheDestination() {
    assertThat(h.num("ZUNIONSTORE", "d", "2", "z1", "z2", "WEIGHTS", "1", "2")).isEqualTo(4);
    assertThat(h.list("ZRANGE", "d", "0", "-1", "WITHSCORES"))
        .containsExactly("a", "1", "b", "22", "c", "43", "d", "60");
    assertThat(h.num("ZINTERSTORE", "d", "2", "z1", "z2", "AGGREGATE", "MAX")).isEqualTo(2);
    assertThat(h.list("ZRANGE", "d", "0", "-1", "WITHSCORES")).containsExactly("b", "10", "c", "20");
    assertThat(h.num("ZDIFFSTORE", "d", "2", "z1", "z2")).isEqualTo(1);
    assertThat(h.list("ZRANGE", "d", "0", "-1", "WITHSCORES")).containsExactly("a", "1");
    // An empty result deletes the destination; when there was none, nothing happened.
    assertThat(h.num("ZINTERSTORE", "d", "2", "z1", "nokey")).isZero();
    assertThat(h.num("EXISTS", "d")).isZero();
    assertThat(h.num("ZINTERSTORE", "d", "2", "z1", "nokey")).isZero();
    // The destination may hold anything before, and may be an input.
    assertThat(h.num("ZUNIONSTORE", "str", "1", "z1")).isEqualTo(3);
    assertThat(h.str("TYPE", "str")).isEqualTo("zset");
    assertThat(h.num("ZUNIONSTORE", "z1", "2", "z1", "z1")).isEqualTo(3);
    assertThat(h.list("ZRANGE", "z1", "0", "-1", "WITHSCORES")).containsExactly("a", "2", "b", "4", "c", "6");
    assertThat(h.drainPropagated()).containsExactly(
        "ZUNIONSTORE d 2 z1 z2 WEIGHTS 1 2",
        "ZINTERSTORE d 2 z1 z2 AGGREGATE MAX",
        "ZDIFFSTORE d 2 z1 z2",
        "ZINTERSTORE d 2 z1 nokey",
        "ZUNIONSTORE str 1 z1",
        "ZUNIONSTORE z1 2 z1 z1");
    checkAll(h);
  }

  @Test
  void storeResultsAreCompactWhenSmall() {
    for (int i = 1; i <= 200; i++) {
      h.num("ZADD", "big", String.valueOf(i), "m" + i);
    }
    h.num("ZADD", "big", "-0", "z");
    h.num("ZUNIONSTORE", "u", "1", "big");
    assertThat(encoding(h, "u")).isEqualTo("skiplist");
    assertThat(h.str("ZSCORE", "u", "z")).isEqualTo("-0");
    h.num("ZRANGESTORE", "small", "big", "0", "5");
    h.num("ZINTERSTORE", "i", "2", "small", "big");
    assertThat(encoding(h, "i")).isEqualTo("listpack");
    assertThat(h.str("ZSCORE", "i", "z")).isEqualTo("0");
    h.num("ZDIFFSTORE", "df", "2", "big", "small");
    assertThat(encoding(h, "df")).isEqualTo("skiplist");
    checkAll(h);
  }

  @Test
  void negativeZeroSurvivesOnlyInALargeStoredResult() {
    h.num("ZADD", "zz", "0", "a");
    assertThat(h.list("ZUNION", "1", "zz", "WEIGHTS", "-1", "WITHSCORES")).containsExactly("a", "-0");
    h.num("ZUNIONSTORE", "r", "1", "zz", "WEIGHTS", "-1");
    assertThat(h.str("ZSCORE", "r", "a")).isEqualTo("0");
    String longMember = "x".repeat(71);
    h.num("ZADD", "zl", "0", "a", "1", longMember);
    h.num("ZUNIONSTORE", "r2", "1", "zl", "WEIGHTS", "-1");
    assertThat(h.str("ZSCORE", "r2", "a")).isEqualTo("-0");
    assertThat(encoding(h, "r2")).isEqualTo("skiplist");
    checkAll(h);
  }

  @Test
  void keyFindersOfTheNumkeysForms() {
    CommandSpec union = h.engine.table().lookup("zunion");
    assertThat(union.keyIndexes(ZSetPopCommandsTest.argv("ZUNION", "2", "a", "b", "WEIGHTS", "1", "2")))
        .containsExactly(2, 3);
    CommandSpec store = h.engine.table().lookup("zunionstore");
    assertThat(store.keyIndexes(ZSetPopCommandsTest.argv("ZUNIONSTORE", "d", "2", "a", "b"))).containsExactly(1, 3, 4);
    assertThat(store.keyIndexes(ZSetPopCommandsTest.argv("ZUNIONSTORE", "d", "x", "a"))).containsExactly(1);
    assertThat(store.firstKey()).isEqualTo(1);
    assertThat(store.lastKey()).isEqualTo(1);
    CommandSpec card = h.engine.table().lookup("zintercard");
    assertThat(card.keyIndexes(ZSetPopCommandsTest.argv("ZINTERCARD", "1", "a", "LIMIT", "1"))).containsExactly(2);
    checkAll(h);
  }

  /**
   * Plain sets count as sorted sets whose members all score 1. SADD belongs to another command
   * family, so this runs on the standard table once that family is there.
   */
  @Test
  void plainSetsAreInputsWithScoreOne() {
    EngineHarness s = new EngineHarness();
    assumeTrue(s.engine.table().lookup("sadd") != null, "SADD not in this build");
    s.num("SADD", "s", "a", "b", "x");
    s.num("ZADD", "z1", "1", "a", "2", "b", "3", "c");
    assertThat(s.list("ZUNION", "2", "z1", "s", "WITHSCORES")).containsExactly("x", "1", "a", "2", "b", "3", "c", "3");
    assertThat(s.list("ZINTER", "2", "z1", "s", "WITHSCORES")).containsExactly("a", "2", "b", "3");
    assertThat(s.list("ZDIFF", "2", "z1", "s", "WITHSCORES")).containsExactly("c", "3");
    assertThat(s.list("ZDIFF", "2", "s", "z1", "WITHSCORES")).containsExactly("x", "1");
    assertThat(s.list("ZUNION", "1", "s", "WITHSCORES")).containsExactly("a", "1", "b", "1", "x", "1");
    assertThat(s.list("ZINTER", "1", "s")).containsExactly("a", "b", "x");
    assertThat(s.num("ZINTERCARD", "2", "z1", "s")).isEqualTo(2);
    assertThat(s.num("ZINTERSTORE", "d", "2", "s", "z1", "WEIGHTS", "10", "1")).isEqualTo(2);
    assertThat(s.list("ZRANGE", "d", "0", "-1", "WITHSCORES")).containsExactly("a", "11", "b", "12");
    checkAll(s);
  }
}
