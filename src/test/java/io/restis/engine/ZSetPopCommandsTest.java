package io.restis.engine;

import static io.restis.engine.ZSetTestSupport.checkAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ZPOPMIN, ZPOPMAX and ZMPOP against replies recorded from redis-server 7.0.15. */
class ZSetPopCommandsTest {

  private final EngineHarness h = ZSetTestSupport.harness();

  @BeforeEach
  void fill() {
    h.str("SET", "str", "x");
    h.num("ZADD", "k", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
    h.drainPropagated();
  }

  @Test
  void zpopminAndZpopmax() {
    assertThat(h.list("ZPOPMIN", "k")).containsExactly("a", "1");
    assertThat(h.list("ZPOPMAX", "k", "2")).containsExactly("e", "5", "d", "4");
    assertThat(h.list("ZPOPMIN", "k", "0")).isEmpty();
    assertThat(h.list("ZPOPMIN", "k", "10")).containsExactly("b", "2", "c", "3");
    assertThat(h.num("EXISTS", "k")).isZero();
    assertThat(h.list("ZPOPMIN", "nokey")).isEmpty();
    assertThat(h.list("ZPOPMIN", "nokey", "0")).isEmpty();
    assertThat(h.drainPropagated()).containsExactly("ZPOPMIN k", "ZPOPMAX k 2", "ZPOPMIN k 10");
    checkAll(h);
  }

  @Test
  void zpopErrors() {
    assertThat(h.err("ZPOPMIN", "str", "0")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.err("ZPOPMAX", "str")).isEqualTo(Errors.WRONGTYPE);
    // The count is checked before the key.
    assertThat(h.err("ZPOPMIN", "str", "-1")).isEqualTo("ERR value is out of range, must be positive");
    // redis-server 7.0.15 gives a count that is no integer the same answer as a negative one
    assertThat(h.err("ZPOPMIN", "k", "abc")).isEqualTo("ERR value is out of range, must be positive");
    assertThat(h.err("ZPOPMAX", "k", "9223372036854775808")).isEqualTo("ERR value is out of range, must be positive");
    assertThat(h.err("ZPOPMIN", "k", "1", "2")).isEqualTo("ERR syntax error");
    assertThat(h.num("ZCARD", "k")).isEqualTo(5);
    assertThat(h.drainPropagated()).isEmpty();
    checkAll(h);
  }

  @Test
  void popOfEqualScoresFollowsMemberOrder() {
    h.num("ZADD", "t", "1", "b", "1", "a", "1", "c");
    assertThat(h.list("ZPOPMIN", "t")).containsExactly("a", "1");
    assertThat(h.list("ZPOPMAX", "t")).containsExactly("c", "1");
    checkAll(h);
  }

  @Test
  void zmpopPopsFromTheFirstNonEmptyKeyAndPropagatesAZpop() {
    h.num("ZADD", "k2", "10", "x");
    assertThat(h.call("ZMPOP", "2", "nokey", "k", "MIN")).isEqualTo(List.of("k", List.of(List.of("a", "1"))));
    assertThat(h.call("ZMPOP", "2", "nokey", "k", "max", "COUNT", "10"))
        .isEqualTo(List.of("k", List.of(List.of("e", "5"), List.of("d", "4"), List.of("c", "3"), List.of("b", "2"))));
    assertThat(h.num("EXISTS", "k")).isZero();
    assertThat(h.call("ZMPOP", "2", "nokey", "k", "max", "count", "10")).isNull();
    // Only the key that is popped is type-checked: k2 comes before the string.
    assertThat(h.call("ZMPOP", "2", "k2", "str", "MIN")).isEqualTo(List.of("k2", List.of(List.of("x", "10"))));
    assertThat(h.err("ZMPOP", "2", "str", "k2", "MIN")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.drainPropagated()).containsExactly(
        "ZADD k2 10 x",
        "ZPOPMIN k 1",
        "ZPOPMAX k 4",   // the count actually popped, not the 10 asked
        "ZPOPMIN k2 1");
    checkAll(h);
  }

  @Test
  void zmpopErrors() {
    assertThat(h.err("ZMPOP", "abc", "k", "MIN")).isEqualTo("ERR numkeys should be greater than 0");
    assertThat(h.err("ZMPOP", "0", "k", "MIN")).isEqualTo("ERR numkeys should be greater than 0");
    assertThat(h.err("ZMPOP", "-1", "k", "MIN")).isEqualTo("ERR numkeys should be greater than 0");
    assertThat(h.err("ZMPOP", "5", "k", "MIN")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZMPOP", "9223372036854775807", "k", "MIN")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZMPOP", "2", "k", "str")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZMPOP", "1", "k", "mid")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZMPOP", "1", "k", "MIN", "COUNT", "1", "COUNT", "1")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZMPOP", "1", "k", "MIN", "COUNT")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZMPOP", "1", "k", "MIN", "COUNT", "0")).isEqualTo("ERR count should be greater than 0");
    assertThat(h.err("ZMPOP", "1", "k", "MIN", "COUNT", "-1")).isEqualTo("ERR count should be greater than 0");
    assertThat(h.err("ZMPOP", "1", "k", "MIN", "COUNT", "x")).isEqualTo("ERR count should be greater than 0");
    assertThat(h.err("ZMPOP", "2", "k")).isEqualTo("ERR wrong number of arguments for 'zmpop' command");
    assertThat(h.num("ZCARD", "k")).isEqualTo(5);
    assertThat(h.drainPropagated()).isEmpty();
    checkAll(h);
  }

  @Test
  void zmpopKeyFinderLocatesTheKeys() {
    CommandSpec spec = h.engine.table().lookup("zmpop");
    assertThat(spec.keyIndexes(argv("ZMPOP", "2", "a", "b", "MIN"))).containsExactly(2, 3);
    assertThat(spec.keyIndexes(argv("ZMPOP", "x", "a", "MIN"))).isEmpty();
    assertThat(spec.keyIndexes(argv("ZMPOP", "5", "a", "MIN"))).containsExactly(2, 3);
    checkAll(h);
  }

  static byte[][] argv(String... args) {
    byte[][] out = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      out[i] = args[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return out;
  }
}
