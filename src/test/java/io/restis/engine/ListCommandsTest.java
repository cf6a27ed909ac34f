package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN LRANGE LINDEX LSET LINSERT LREM LTRIM against replies
 * recorded from redis-server 7.0.15.
 */
class ListCommandsTest {

  static final String WRONGTYPE = Errors.WRONGTYPE;
  static final String NOT_INTEGER = Errors.NOT_INTEGER;

  /**
   * An engine with the list commands and a minimal SET, so the tests can make a string key for
   * WRONGTYPE cases without depending on the string commands.
   */
  static EngineHarness harness() {
    List<CommandSpec> specs = new ArrayList<>(ListCommands.specs());
    specs.add(CommandSpec.of("set", 3, EnumSet.of(CommandFlag.WRITE, CommandFlag.DENYOOM), 1, 1, 1,
        EnumSet.of(AclCategory.STRING), ctx -> {
          ctx.keyspace().set(ctx.key(1), new StringValue(ctx.arg(2)), false);
          ctx.dirty();
          return Reply.OK;
        }));
    return new EngineHarness(new CommandTable(specs));
  }

  static boolean exists(EngineHarness h, String key) {
    return h.engine.read(ks -> ks.exists(Bytes.of(key)));
  }

  static long version(EngineHarness h, String key) {
    return h.engine.read(ks -> ks.lookupWrite(Bytes.of(key)).version());
  }

  static List<Object> all(EngineHarness h, String key) {
    return h.list("lrange", key, "0", "-1");
  }

  private final EngineHarness h = harness();

  // ---- push ----

  @Test
  void pushAddsInArgumentOrderAtEachEnd() {
    assertThat(h.num("lpush", "p", "1", "2", "3")).isEqualTo(3);
    assertThat(all(h, "p")).containsExactly("3", "2", "1");
    assertThat(h.num("rpush", "p", "4", "5")).isEqualTo(5);
    assertThat(all(h, "p")).containsExactly("3", "2", "1", "4", "5");
    assertThat(h.num("LPUSH", "p", "0")).isEqualTo(6);
    assertThat(h.call("lindex", "p", "0")).isEqualTo("0");
    h.checkInvariants();
  }

  @Test
  void pushxOnlyOnExistingLists() {
    assertThat(h.num("rpushx", "missing", "a", "b")).isZero();
    assertThat(h.num("lpushx", "missing", "a")).isZero();
    assertThat(exists(h, "missing")).isFalse();
    h.num("lpush", "l", "a", "b", "c");
    assertThat(h.num("rpushx", "l", "x", "y")).isEqualTo(5);
    assertThat(h.num("lpushx", "l", "p", "q")).isEqualTo(7);
    assertThat(all(h, "l")).containsExactly("q", "p", "c", "b", "a", "x", "y");
    h.checkInvariants();
  }

  @Test
  void pushArityAndWrongType() {
    assertThat(h.err("lpush", "l")).isEqualTo("ERR wrong number of arguments for 'lpush' command");
    assertThat(h.err("rpushx", "l")).isEqualTo("ERR wrong number of arguments for 'rpushx' command");
    h.str("set", "s", "x");
    assertThat(h.err("lpush", "s", "a")).isEqualTo(WRONGTYPE);
    assertThat(h.err("rpush", "s", "a")).isEqualTo(WRONGTYPE);
    assertThat(h.err("lpushx", "s", "a")).isEqualTo(WRONGTYPE);
    assertThat(h.err("rpushx", "s", "a")).isEqualTo(WRONGTYPE);
    h.checkInvariants();
  }

  // ---- pop ----

  @Test
  void popSingleAndWithCount() {
    h.num("rpush", "l", "a", "b", "c", "d", "e");
    assertThat(h.call("lpop", "l")).isEqualTo("a");
    assertThat(h.call("rpop", "l")).isEqualTo("e");
    assertThat(h.list("rpop", "l", "2")).containsExactly("d", "c");
    assertThat(h.list("lpop", "l", "1")).containsExactly("b");
    assertThat(exists(h, "l")).isFalse();
    h.num("rpush", "l", "a", "b", "c");
    assertThat(h.list("lpop", "l", "100")).containsExactly("a", "b", "c");
    assertThat(exists(h, "l")).isFalse();
    h.num("rpush", "l", "a");
    assertThat(h.call("rpop", "l")).isEqualTo("a");
    assertThat(exists(h, "l")).isFalse();
    h.checkInvariants();
  }

  @Test
  void popCountZeroAndMissingKeyShapes() {
    h.num("rpush", "l", "a");
    assertThat(h.exec("lpop", "l", "0")).isEqualTo(Reply.EMPTY_ARRAY);
    assertThat(exists(h, "l")).isTrue();
    assertThat(h.exec("lpop", "missing", "0")).isEqualTo(Reply.NIL_ARRAY);
    assertThat(h.exec("lpop", "missing", "2")).isEqualTo(Reply.NIL_ARRAY);
    assertThat(h.exec("rpop", "missing", "3")).isEqualTo(Reply.NIL_ARRAY);
    assertThat(h.exec("lpop", "missing")).isEqualTo(Reply.NIL);
    assertThat(h.exec("rpop", "missing")).isEqualTo(Reply.NIL);
    h.checkInvariants();
  }

  @Test
  void popCountErrorsInRedisOrder() {
    h.num("rpush", "l", "a", "b");
    h.str("set", "s", "x");
    String positive = "ERR value is out of range, must be positive";
    assertThat(h.err("lpop", "l", "-1")).isEqualTo(positive);
    assertThat(h.err("lpop", "l", "abc")).isEqualTo(positive);
    assertThat(h.err("rpop", "l", " 1")).isEqualTo(positive);
    assertThat(h.err("lpop", "l", "99999999999999999999")).isEqualTo(positive);
    // The count is parsed before the key is looked up.
    assertThat(h.err("lpop", "missing", "-1")).isEqualTo(positive);
    assertThat(h.err("lpop", "s", "-1")).isEqualTo(positive);
    assertThat(h.err("lpop", "s", "0")).isEqualTo(WRONGTYPE);
    assertThat(h.err("rpop", "s")).isEqualTo(WRONGTYPE);
    assertThat(h.err("lpop", "l", "1", "2")).isEqualTo("ERR wrong number of arguments for 'lpop' command");
    assertThat(h.err("rpop", "l", "1", "2", "3")).isEqualTo("ERR wrong number of arguments for 'rpop' command");
    assertThat(h.err("lpop")).isEqualTo("ERR wrong number of arguments for 'lpop' command");
    assertThat(all(h, "l")).containsExactly("a", "b");
    h.checkInvariants();
  }

  // ---- llen, lrange, lindex ----

  @Test
  void llen() {
    assertThat(h.num("llen", "missing")).isZero();
    h.num("rpush", "l", "a", "b", "c", "d", "e");
    assertThat(h.num("llen", "l")).isEqualTo(5);
    h.str("set", "s", "x");
    assertThat(h.err("llen", "s")).isEqualTo(WRONGTYPE);
    h.checkInvariants();
  }

  @Test
  void lrangeIndexesAndClamping() {
    h.num("rpush", "l", "a", "b", "c", "d", "e");
    assertThat(h.list("lrange", "l", "1", "-2")).containsExactly("b", "c", "d");
    assertThat(h.list("lrange", "l", "-100", "100")).containsExactly("a", "b", "c", "d", "e");
    assertThat(h.list("lrange", "l", "-2", "-1")).containsExactly("d", "e");
    assertThat(h.list("lrange", "l", "-9223372036854775808", "9223372036854775807"))
        .containsExactly("a", "b", "c", "d", "e");
    assertThat(h.exec("lrange", "l", "5", "1")).isEqualTo(Reply.EMPTY_ARRAY);
    assertThat(h.exec("lrange", "l", "0", "-100")).isEqualTo(Reply.EMPTY_ARRAY);
    assertThat(h.exec("lrange", "l", "10", "20")).isEqualTo(Reply.EMPTY_ARRAY);
    assertThat(h.exec("lrange", "missing", "0", "-1")).isEqualTo(Reply.EMPTY_ARRAY);
    h.checkInvariants();
  }

  @Test
  void lrangeErrors() {
    h.num("rpush", "l", "a");
    h.str("set", "s", "x");
    assertThat(h.err("lrange", "l", "abc", "1")).isEqualTo(NOT_INTEGER);
    assertThat(h.err("lrange", "missing", "0", "x")).isEqualTo(NOT_INTEGER);
    // Indexes are parsed before the type check.
    assertThat(h.err("lrange", "s", "x", "1")).isEqualTo(NOT_INTEGER);
    assertThat(h.err("lrange", "s", "0", "1")).isEqualTo(WRONGTYPE);
    assertThat(h.err("lrange", "l", "0")).isEqualTo("ERR wrong number of arguments for 'lrange' command");
    h.checkInvariants();
  }

  @Test
  void lindex() {
    h.num("rpush", "l", "a", "b", "c");
    assertThat(h.call("lindex", "l", "0")).isEqualTo("a");
    assertThat(h.call("lindex", "l", "-1")).isEqualTo("c");
    assertThat(h.call("lindex", "l", "-3")).isEqualTo("a");
    assertThat(h.exec("lindex", "l", "3")).isEqualTo(Reply.NIL);
    assertThat(h.exec("lindex", "l", "-4")).isEqualTo(Reply.NIL);
    assertThat(h.exec("lindex", "l", "-9223372036854775808")).isEqualTo(Reply.NIL);
    assertThat(h.err("lindex", "l", "x")).isEqualTo(NOT_INTEGER);
    // The key is looked up before the index is parsed.
    assertThat(h.exec("lindex", "missing", "x")).isEqualTo(Reply.NIL);
    h.str("set", "s", "x");
    assertThat(h.err("lindex", "s", "x")).isEqualTo(WRONGTYPE);
    h.checkInvariants();
  }

  // ---- lset ----

  @Test
  void lset() {
    h.num("rpush", "l", "a", "b", "c", "d", "e");
    assertThat(h.str("lset", "l", "-1", "Z")).isEqualTo("OK");
    assertThat(h.str("lset", "l", "0", "A")).isEqualTo("OK");
    assertThat(all(h, "l")).containsExactly("A", "b", "c", "d", "Z");
    assertThat(h.err("lset", "l", "5", "x")).isEqualTo("ERR index out of range");
    assertThat(h.err("lset", "l", "-6", "x")).isEqualTo("ERR index out of range");
    assertThat(h.err("lset", "l", "9223372036854775807", "x")).isEqualTo("ERR index out of range");
    assertThat(h.err("lset", "l", "x", "y")).isEqualTo(NOT_INTEGER);
    // Key first, then type, then index.
    assertThat(h.err("lset", "missing", "0", "x")).isEqualTo("ERR no such key");
    assertThat(h.err("lset", "missing", "x", "y")).isEqualTo("ERR no such key");
    h.str("set", "s", "x");
    assertThat(h.err("lset", "s", "x", "y")).isEqualTo(WRONGTYPE);
    assertThat(all(h, "l")).containsExactly("A", "b", "c", "d", "Z");
    h.checkInvariants();
  }

  // ---- linsert ----

  @Test
  void linsert() {
    h.num("rpush", "l", "q", "p", "c", "b", "a", "x", "y");
    assertThat(h.num("linsert", "l", "before", "nothere", "z")).isEqualTo(-1);
    assertThat(h.num("linsert", "l", "BEFORE", "a", "z")).isEqualTo(8);
    assertThat(h.num("linsert", "l", "after", "a", "w")).isEqualTo(9);
    assertThat(all(h, "l")).containsExactly("q", "p", "c", "b", "z", "a", "w", "x", "y");
    h.num("rpush", "q", "1", "2", "3");
    assertThat(h.num("linsert", "q", "after", "3", "4")).isEqualTo(4);
    assertThat(h.num("linsert", "q", "before", "1", "0")).isEqualTo(5);
    assertThat(all(h, "q")).containsExactly("0", "1", "2", "3", "4");
    h.num("rpush", "d", "a", "b", "a");
    assertThat(h.num("linsert", "d", "after", "a", "X")).isEqualTo(4);
    assertThat(all(h, "d")).as("first pivot from the head").containsExactly("a", "X", "b", "a");
    assertThat(h.num("linsert", "missing", "before", "a", "b")).isZero();
    assertThat(exists(h, "missing")).isFalse();
    h.checkInvariants();
  }

  @Test
  void linsertErrors() {
    h.num("rpush", "l", "a");
    h.str("set", "s", "x");
    assertThat(h.err("linsert", "l", "middle", "a", "b")).isEqualTo("ERR syntax error");
    // The position word is checked before the key.
    assertThat(h.err("linsert", "missing", "middle", "a", "b")).isEqualTo("ERR syntax error");
    assertThat(h.err("linsert", "s", "middle", "a", "b")).isEqualTo("ERR syntax error");
    assertThat(h.err("linsert", "s", "before", "a", "b")).isEqualTo(WRONGTYPE);
    assertThat(h.err("linsert", "l", "before", "a")).isEqualTo("ERR wrong number of arguments for 'linsert' command");
    h.checkInvariants();
  }

  // ---- lrem ----

  @Test
  void lremFromHeadTailAndAll() {
    h.num("rpush", "r", "a", "b", "a", "c", "a", "d", "a");
    assertThat(h.num("lrem", "r", "-2", "a")).isEqualTo(2);
    assertThat(all(h, "r")).containsExactly("a", "b", "a", "c", "d");
    assertThat(h.num("lrem", "r", "1", "a")).isEqualTo(1);
    assertThat(all(h, "r")).containsExactly("b", "a", "c", "d");
    assertThat(h.num("lrem", "r", "0", "a")).isEqualTo(1);
    assertThat(all(h, "r")).containsExactly("b", "c", "d");
    assertThat(h.num("lrem", "r", "1", "zz")).isZero();
    assertThat(h.num("lrem", "missing", "1", "a")).isZero();
    h.num("rpush", "r2", "a", "a");
    assertThat(h.num("lrem", "r2", "0", "a")).isEqualTo(2);
    assertThat(exists(h, "r2")).isFalse();
    h.num("rpush", "m", "a", "b", "a", "c", "a");
    assertThat(h.num("lrem", "m", "-9223372036854775808", "a")).isEqualTo(3);
    assertThat(all(h, "m")).containsExactly("b", "c");
    h.checkInvariants();
  }

  @Test
  void lremErrors() {
    h.num("rpush", "r", "a");
    h.str("set", "s", "x");
    assertThat(h.err("lrem", "r", "x", "a")).isEqualTo(NOT_INTEGER);
    assertThat(h.err("lrem", "missing", "x", "a")).isEqualTo(NOT_INTEGER);
    assertThat(h.err("lrem", "s", "x", "a")).isEqualTo(NOT_INTEGER);
    assertThat(h.err("lrem", "s", "1", "a")).isEqualTo(WRONGTYPE);
    h.checkInvariants();
  }

  // ---- ltrim ----

  @Test
  void ltrimKeepsTheRangeAndDeletesWhenEmpty() {
    h.num("rpush", "t", "a", "b", "c", "d", "e");
    assertThat(h.str("ltrim", "t", "1", "-2")).isEqualTo("OK");
    assertThat(all(h, "t")).containsExactly("b", "c", "d");
    assertThat(h.str("ltrim", "t", "5", "10")).isEqualTo("OK");
    assertThat(exists(h, "t")).isFalse();

    h.num("rpush", "t", "a", "b", "c", "d", "e");
    assertThat(h.str("ltrim", "t", "-100", "100")).isEqualTo("OK");
    assertThat(all(h, "t")).containsExactly("a", "b", "c", "d", "e");
    assertThat(h.str("ltrim", "t", "-2", "-1")).isEqualTo("OK");
    assertThat(all(h, "t")).containsExactly("d", "e");
    assertThat(h.str("ltrim", "t", "0", "-100")).isEqualTo("OK");
    assertThat(exists(h, "t")).isFalse();

    h.num("rpush", "t", "a", "b", "c", "d", "e");
    assertThat(h.str("ltrim", "t", "3", "1")).isEqualTo("OK");
    assertThat(exists(h, "t")).isFalse();

    h.num("rpush", "t", "a", "b", "c", "a", "b", "c", "a");
    assertThat(h.str("ltrim", "t", "1", "9223372036854775807")).isEqualTo("OK");
    assertThat(all(h, "t")).containsExactly("b", "c", "a", "b", "c", "a");
    assertThat(h.str("ltrim", "missing", "0", "1")).isEqualTo("OK");
    assertThat(exists(h, "missing")).isFalse();
    h.checkInvariants();
  }

  @Test
  void ltrimErrors() {
    h.str("set", "s", "x");
    assertThat(h.err("ltrim", "missing", "x", "1")).isEqualTo(NOT_INTEGER);
    assertThat(h.err("ltrim", "s", "x", "1")).isEqualTo(NOT_INTEGER);
    assertThat(h.err("ltrim", "s", "0", "1")).isEqualTo(WRONGTYPE);
    h.checkInvariants();
  }

  @Test
  void pushThenTrimCapsALog() {
    for (int i = 0; i < 100; i++) {
      h.num("lpush", "log", "e" + i);
      h.str("ltrim", "log", "0", "4");
    }
    assertThat(all(h, "log")).containsExactly("e99", "e98", "e97", "e96", "e95");
    h.checkInvariants();
  }
}
