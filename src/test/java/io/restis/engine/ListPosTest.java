package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** LPOS against replies recorded from redis-server 7.0.15 on the list a b c a b c a. */
class ListPosTest {

  private static final String RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, "
      + "2 from the second ... or use negative to start from the end of the list";

  private final EngineHarness h = ListCommandsTest.harness();

  private void fill() {
    h.num("rpush", "l", "a", "b", "c", "a", "b", "c", "a");
  }

  @Test
  void firstMatchAndRank() {
    fill();
    assertThat(h.num("lpos", "l", "a")).isZero();
    assertThat(h.num("lpos", "l", "a", "rank", "2")).isEqualTo(3);
    assertThat(h.num("lpos", "l", "a", "rank", "-1")).isEqualTo(6);
    assertThat(h.num("lpos", "l", "b", "RANK", "-2")).isEqualTo(1);
    assertThat(h.exec("lpos", "l", "a", "rank", "4")).isEqualTo(Reply.NIL);
    assertThat(h.exec("lpos", "l", "a", "rank", "-4")).isEqualTo(Reply.NIL);
    assertThat(h.exec("lpos", "l", "z")).isEqualTo(Reply.NIL);
    assertThat(h.num("lpos", "l", "a", "rank", "1", "rank", "2")).as("last option wins").isEqualTo(3);
    h.checkInvariants();
  }

  @Test
  void countAndMaxlen() {
    fill();
    assertThat(h.list("lpos", "l", "a", "count", "0")).containsExactly(0L, 3L, 6L);
    assertThat(h.list("lpos", "l", "a", "count", "2")).containsExactly(0L, 3L);
    assertThat(h.list("lpos", "l", "a", "rank", "-2", "count", "0")).containsExactly(3L, 0L);
    assertThat(h.list("lpos", "l", "a", "RANK", "-2", "COUNT", "5")).containsExactly(3L, 0L);
    assertThat(h.list("lpos", "l", "a", "count", "0", "maxlen", "4")).containsExactly(0L, 3L);
    assertThat(h.list("lpos", "l", "a", "rank", "2", "count", "2", "maxlen", "4")).containsExactly(3L);
    assertThat(h.list("lpos", "l", "a", "rank", "-1", "count", "0", "maxlen", "4")).containsExactly(6L, 3L);
    assertThat(h.list("lpos", "l", "b", "rank", "-1", "count", "0")).containsExactly(4L, 1L);
    assertThat(h.list("lpos", "l", "a", "count", "2", "count", "0")).containsExactly(0L, 3L, 6L);
    assertThat(h.list("lpos", "l", "a", "rank", "1", "count", "9223372036854775807")).containsExactly(0L, 3L, 6L);
    assertThat(h.num("lpos", "l", "a", "rank", "-1", "maxlen", "1")).isEqualTo(6);
    assertThat(h.num("lpos", "l", "a", "rank", "-1", "maxlen", "3")).isEqualTo(6);
    assertThat(h.list("lpos", "l", "a", "rank", "-1", "count", "5", "maxlen", "1")).containsExactly(6L);
    assertThat(h.exec("lpos", "l", "a", "rank", "-3", "maxlen", "4")).isEqualTo(Reply.NIL);
    assertThat(h.num("lpos", "l", "a", "maxlen", "0")).as("0 means the whole list").isZero();
    assertThat(h.exec("lpos", "l", "z", "count", "0")).isEqualTo(Reply.EMPTY_ARRAY);
    assertThat(h.exec("lpos", "l", "a", "rank", "4", "count", "2")).isEqualTo(Reply.EMPTY_ARRAY);
    assertThat(h.exec("lpos", "l", "a", "rank", "9223372036854775807", "count", "0")).isEqualTo(Reply.EMPTY_ARRAY);
    assertThat(h.exec("lpos", "l", "a", "rank", "-9223372036854775807", "count", "0")).isEqualTo(Reply.EMPTY_ARRAY);
    h.checkInvariants();
  }

  @Test
  void rankOfLongMinBehavesAsRedisCDoes() {
    // -LLONG_MIN overflows in Redis's C and stays negative: every match qualifies, from the tail,
    // and the COUNT limit never triggers.
    fill();
    assertThat(h.num("lpos", "l", "a", "rank", "-9223372036854775808")).isEqualTo(6);
    assertThat(h.list("lpos", "l", "a", "rank", "-9223372036854775808", "count", "1")).containsExactly(6L, 3L, 0L);
    assertThat(h.list("lpos", "l", "a", "rank", "-9223372036854775808", "count", "0", "maxlen", "5"))
        .containsExactly(6L, 3L);
    h.checkInvariants();
  }

  @Test
  void missingKeyAndWrongType() {
    h.str("set", "s", "x");
    assertThat(h.exec("lpos", "missing", "a")).isEqualTo(Reply.NIL);
    assertThat(h.exec("lpos", "missing", "a", "count", "1")).isEqualTo(Reply.EMPTY_ARRAY);
    assertThat(h.err("lpos", "s", "a")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.err("lpos", "s", "a", "count", "0")).isEqualTo(Errors.WRONGTYPE);
    h.checkInvariants();
  }

  @Test
  void optionErrorsInRedisOrder() {
    fill();
    h.str("set", "s", "x");
    assertThat(h.err("lpos", "l", "a", "rank", "0")).isEqualTo(RANK_ZERO);
    assertThat(h.err("lpos", "l", "a", "count", "-1")).isEqualTo("ERR COUNT can't be negative");
    assertThat(h.err("lpos", "l", "a", "count", "x")).isEqualTo("ERR COUNT can't be negative");
    assertThat(h.err("lpos", "l", "a", "COUNT", "99999999999999999999")).isEqualTo("ERR COUNT can't be negative");
    assertThat(h.err("lpos", "l", "a", "maxlen", "-1")).isEqualTo("ERR MAXLEN can't be negative");
    assertThat(h.err("lpos", "l", "a", "maxlen", "x")).isEqualTo("ERR MAXLEN can't be negative");
    assertThat(h.err("lpos", "l", "a", "rank", "x")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("lpos", "l", "a", "rank", "99999999999999999999")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("lpos", "l", "a", "foo")).isEqualTo("ERR syntax error");
    assertThat(h.err("lpos", "l", "a", "rank")).isEqualTo("ERR syntax error");
    assertThat(h.err("lpos", "l", "a", "rank", "1", "count")).isEqualTo("ERR syntax error");
    // Options are checked left to right, all before the key.
    assertThat(h.err("lpos", "l", "a", "rank", "0", "count", "-1")).isEqualTo(RANK_ZERO);
    assertThat(h.err("lpos", "l", "a", "count", "-1", "rank", "0")).isEqualTo("ERR COUNT can't be negative");
    assertThat(h.err("lpos", "s", "a", "rank", "0")).isEqualTo(RANK_ZERO);
    assertThat(h.err("lpos", "missing", "a", "rank", "0")).isEqualTo(RANK_ZERO);
    assertThat(h.err("lpos", "l")).isEqualTo("ERR wrong number of arguments for 'lpos' command");
    h.checkInvariants();
  }
}
