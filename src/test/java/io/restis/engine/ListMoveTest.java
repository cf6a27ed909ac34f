package io.restis.engine;

import static io.restis.engine.ListCommandsTest.all;
import static io.restis.engine.ListCommandsTest.exists;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** LMOVE, RPOPLPUSH and LMPOP against replies recorded from redis-server 7.0.15. */
class ListMoveTest {

  private final EngineHarness h = ListCommandsTest.harness();

  // ---- lmove / rpoplpush ----

  @Test
  void lmoveAllDirections() {
    h.num("rpush", "src", "a", "b", "c", "d");
    h.num("rpush", "dst", "x");
    assertThat(h.call("lmove", "src", "dst", "left", "left")).isEqualTo("a");
    assertThat(h.call("lmove", "src", "dst", "RIGHT", "right")).isEqualTo("d");
    assertThat(h.call("lmove", "src", "dst", "left", "right")).isEqualTo("b");
    assertThat(h.call("lmove", "src", "dst", "Right", "Left")).isEqualTo("c");
    assertThat(all(h, "dst")).containsExactly("c", "a", "x", "d", "b");
    assertThat(exists(h, "src")).as("emptied source is deleted").isFalse();
    h.checkInvariants();
  }

  @Test
  void lmoveCreatesTheDestination() {
    h.num("rpush", "l", "a", "b", "c");
    assertThat(h.call("lmove", "l", "d", "left", "left")).isEqualTo("a");
    assertThat(all(h, "d")).containsExactly("a");
    assertThat(all(h, "l")).containsExactly("b", "c");
    h.checkInvariants();
  }

  @Test
  void lmoveOnTheSameListRotates() {
    h.num("rpush", "l", "a", "b", "c");
    assertThat(h.call("lmove", "l", "l", "left", "right")).isEqualTo("a");
    assertThat(all(h, "l")).containsExactly("b", "c", "a");
    assertThat(h.call("lmove", "l", "l", "right", "left")).isEqualTo("a");
    assertThat(all(h, "l")).containsExactly("a", "b", "c");
    assertThat(h.call("lmove", "l", "l", "left", "left")).isEqualTo("a");
    assertThat(all(h, "l")).containsExactly("a", "b", "c");
    assertThat(h.call("rpoplpush", "l", "l")).isEqualTo("c");
    assertThat(all(h, "l")).containsExactly("c", "a", "b");
    h.num("rpush", "one", "x");
    assertThat(h.call("lmove", "one", "one", "left", "right")).isEqualTo("x");
    assertThat(all(h, "one")).as("a single element survives its own rotation").containsExactly("x");
    h.checkInvariants();
  }

  @Test
  void lmoveMissingSourceAndWrongTypes() {
    h.num("rpush", "l", "a", "b", "c");
    h.str("set", "s", "x");
    assertThat(h.exec("lmove", "missing", "d", "left", "left")).isEqualTo(Reply.NIL);
    assertThat(exists(h, "d")).isFalse();
    // The destination's type is only looked at when there is something to move.
    assertThat(h.exec("lmove", "missing", "s", "left", "left")).isEqualTo(Reply.NIL);
    assertThat(h.err("lmove", "s", "l", "left", "left")).isEqualTo(Errors.WRONGTYPE);
    // A wrong-type destination is refused before the source loses anything.
    assertThat(h.err("lmove", "l", "s", "left", "left")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.err("rpoplpush", "l", "s")).isEqualTo(Errors.WRONGTYPE);
    assertThat(all(h, "l")).containsExactly("a", "b", "c");
    h.checkInvariants();
  }

  @Test
  void lmoveSyntaxErrorsComeFirst() {
    h.num("rpush", "l", "a");
    h.str("set", "s", "x");
    assertThat(h.err("lmove", "l", "d", "middle", "left")).isEqualTo("ERR syntax error");
    assertThat(h.err("lmove", "l", "d", "left", "middle")).isEqualTo("ERR syntax error");
    assertThat(h.err("lmove", "missing", "d", "middle", "left")).isEqualTo("ERR syntax error");
    assertThat(h.err("lmove", "s", "d", "middle", "left")).isEqualTo("ERR syntax error");
    assertThat(h.err("lmove", "l", "d", "left")).isEqualTo("ERR wrong number of arguments for 'lmove' command");
    assertThat(all(h, "l")).containsExactly("a");
    h.checkInvariants();
  }

  @Test
  void rpoplpush() {
    h.num("rpush", "l", "a", "b", "c");
    h.num("rpush", "d", "z");
    assertThat(h.call("rpoplpush", "l", "d")).isEqualTo("c");
    assertThat(all(h, "l")).containsExactly("a", "b");
    assertThat(all(h, "d")).containsExactly("c", "z");
    assertThat(h.call("rpoplpush", "l", "d")).isEqualTo("b");
    assertThat(h.call("rpoplpush", "l", "d")).isEqualTo("a");
    assertThat(exists(h, "l")).isFalse();
    assertThat(all(h, "d")).containsExactly("a", "b", "c", "z");
    assertThat(h.exec("rpoplpush", "missing", "d")).isEqualTo(Reply.NIL);
    h.str("set", "s", "x");
    assertThat(h.exec("rpoplpush", "missing", "s")).isEqualTo(Reply.NIL);
    assertThat(h.err("rpoplpush", "s", "d")).isEqualTo(Errors.WRONGTYPE);
    h.checkInvariants();
  }

  // ---- lmpop ----

  @Test
  void lmpopPicksTheFirstNonEmptyKey() {
    h.num("rpush", "b", "1", "2", "3");
    h.num("rpush", "c", "4", "5");
    assertThat(h.list("lmpop", "3", "a", "b", "c", "left")).containsExactly("b", List.of("1"));
    assertThat(h.list("lmpop", "3", "a", "b", "c", "right", "count", "10")).containsExactly("b", List.of("3", "2"));
    assertThat(exists(h, "b")).isFalse();
    assertThat(h.list("lmpop", "3", "a", "b", "c", "right", "count", "10")).containsExactly("c", List.of("5", "4"));
    assertThat(exists(h, "c")).isFalse();
    assertThat(h.exec("lmpop", "3", "a", "b", "c", "right", "count", "10")).isEqualTo(Reply.NIL_ARRAY);
    h.num("rpush", "d", "1", "2", "3");
    assertThat(h.list("lmpop", "1", "d", "LeFt", "CoUnT", "2")).containsExactly("d", List.of("1", "2"));
    assertThat(h.list("lmpop", "1", "d", "left", "count", "2")).containsExactly("d", List.of("3"));
    h.num("rpush", "e", "1");
    assertThat(h.list("lmpop", "1", "e", "left", "count", "9223372036854775807")).containsExactly("e", List.of("1"));
    h.checkInvariants();
  }

  @Test
  void lmpopTypeChecksOnlyUpToTheKeyItPops() {
    h.str("set", "s", "x");
    h.num("rpush", "c", "1", "2");
    assertThat(h.list("lmpop", "2", "c", "s", "left")).containsExactly("c", List.of("1"));
    assertThat(h.err("lmpop", "2", "s", "c", "left")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.err("lmpop", "2", "missing", "s", "left")).isEqualTo(Errors.WRONGTYPE);
    assertThat(all(h, "c")).containsExactly("2");
    h.checkInvariants();
  }

  @Test
  void lmpopErrorsInRedisOrder() {
    h.num("rpush", "a", "1");
    h.str("set", "s", "x");
    String numkeys = "ERR numkeys should be greater than 0";
    String count = "ERR count should be greater than 0";
    String syntax = "ERR syntax error";
    assertThat(h.err("lmpop", "0", "a", "left")).isEqualTo(numkeys);
    assertThat(h.err("lmpop", "-1", "a", "left")).isEqualTo(numkeys);
    assertThat(h.err("lmpop", "x", "a", "left")).isEqualTo(numkeys);
    assertThat(h.err("lmpop", "9999999999999999999", "a", "left")).isEqualTo(numkeys);
    assertThat(h.err("lmpop", "-9223372036854775808", "a", "left")).isEqualTo(numkeys);
    assertThat(h.err("lmpop", "0", "s", "left")).isEqualTo(numkeys);
    assertThat(h.err("lmpop", "3", "a", "left")).isEqualTo(syntax);
    assertThat(h.err("lmpop", "2", "a", "left")).isEqualTo(syntax);
    assertThat(h.err("lmpop", "2147483648", "a", "left")).isEqualTo(syntax);
    assertThat(h.err("lmpop", "9223372036854775807", "a", "left")).isEqualTo(syntax);
    assertThat(h.err("lmpop", "1", "a", "middle")).isEqualTo(syntax);
    assertThat(h.err("lmpop", "1", "s", "middle")).isEqualTo(syntax);
    assertThat(h.err("lmpop", "1", "a", "left", "count", "0")).isEqualTo(count);
    assertThat(h.err("lmpop", "1", "a", "left", "count", "-1")).isEqualTo(count);
    assertThat(h.err("lmpop", "1", "a", "left", "count", "x")).isEqualTo(count);
    assertThat(h.err("lmpop", "1", "a", "left", "count", "9223372036854775808")).isEqualTo(count);
    assertThat(h.err("lmpop", "1", "a", "left", "count")).isEqualTo(syntax);
    assertThat(h.err("lmpop", "1", "a", "left", "foo", "1")).isEqualTo(syntax);
    assertThat(h.err("lmpop", "1", "a", "left", "count", "1", "count", "2")).isEqualTo(syntax);
    assertThat(h.err("lmpop", "1", "a", "left", "count", "1", "foo")).isEqualTo(syntax);
    assertThat(h.err("lmpop", "1", "s", "left", "count", "0")).isEqualTo(count);
    assertThat(h.err("lmpop", "1", "a")).isEqualTo("ERR wrong number of arguments for 'lmpop' command");
    assertThat(all(h, "a")).containsExactly("1");
    h.checkInvariants();
  }

  @Test
  void lmpopKeyFinder() {
    CommandSpec spec = h.engine.table().lookup("lmpop");
    assertThat(spec.keyIndexes(argv("lmpop", "2", "a", "b", "left"))).containsExactly(2, 3);
    assertThat(spec.keyIndexes(argv("lmpop", "1", "a", "left", "count", "2"))).containsExactly(2);
    assertThat(spec.keyIndexes(argv("lmpop", "0", "a", "left"))).isEmpty();
    assertThat(spec.keyIndexes(argv("lmpop", "x", "a", "left"))).isEmpty();
    assertThat(spec.keyIndexes(argv("lmpop", "5", "a", "left"))).isEmpty();
    assertThat(spec.keyIndexes(argv("lmpop"))).isEmpty();
    h.checkInvariants();
  }

  private static byte[][] argv(String... args) {
    byte[][] out = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      out[i] = args[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return out;
  }
}
