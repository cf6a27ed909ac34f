package io.restis.engine;

import static io.restis.engine.EngineHarness.START;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GET, SET and its options, SETNX, SETEX, PSETEX, GETSET, GETDEL, GETEX, MGET, MSET, MSETNX,
 * APPEND and STRLEN. Every expected reply and error text was checked against redis-server 7.0.15.
 */
class StringCommandsTest {

  static final String WRONGTYPE = Errors.WRONGTYPE;
  static final String SYNTAX = "ERR syntax error";
  static final String NOT_INTEGER = "ERR value is not an integer or out of range";

  /**
   * Test support shared by the String*Test classes. The type commands land from other branches,
   * so a key of another type is made by a test-only command when no RPUSH is in the table, and
   * TTLs are read by a test-only command rather than PTTL.
   */
  static final class Support {

    static final String WRONG_TYPE_CMD = "__wrongtype";
    static final String DROP_CMD = "__drop";
    static final String EXPIRE_AT_CMD = "__expireat";

    private Support() {}

    static EngineHarness harness() {
      List<CommandSpec> specs = new ArrayList<>(CommandTable.standard().all());
      EnumSet<CommandFlag> write = EnumSet.of(CommandFlag.WRITE);
      EnumSet<AclCategory> keyspace = EnumSet.of(AclCategory.KEYSPACE);
      specs.add(CommandSpec.of(WRONG_TYPE_CMD, 2, write, 1, 1, 1, keyspace, ctx -> {
        ctx.keyspace().set(ctx.key(1), placeholderList(), false);
        return Reply.OK;
      }));
      specs.add(CommandSpec.of(DROP_CMD, 2, write, 1, 1, 1, keyspace, ctx -> {
        ctx.keyspace().delete(ctx.key(1));
        return Reply.OK; // not dirty: nothing propagates, the tests look at the strings' writes
      }));
      specs.add(CommandSpec.of(EXPIRE_AT_CMD, 2, EnumSet.of(CommandFlag.READONLY), 1, 1, 1, keyspace, ctx -> {
        Entry e = ctx.keyspace().lookupWrite(ctx.key(1));
        return Reply.integer(e == null ? -2 : e.expireAt());
      }));
      return new EngineHarness(new CommandTable(specs));
    }

    private static Value placeholderList() {
      try {
        return ListValue.class.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("no RPUSH and no empty ListValue to make a wrong-type key", e);
      }
    }

    /** Makes {@code key} hold a list, with RPUSH when the list commands are there. */
    static void makeList(EngineHarness h, String key) {
      if (h.engine.table().lookup("rpush") != null) {
        h.num("RPUSH", key, "x");
      } else {
        h.str(WRONG_TYPE_CMD, key);
      }
      h.drainPropagated();
    }

    /** True when {@code key} still holds the list (a string command on it answers WRONGTYPE). */
    static boolean isList(EngineHarness h, String key) {
      return h.err("STRLEN", key).equals(WRONGTYPE);
    }

    /** Removes a wrong-type key before the invariant check: a placeholder list is empty. */
    static void dropList(EngineHarness h, String key) {
      h.str(DROP_CMD, key);
    }

    /** The key's absolute expiry in unix ms, -1 without one, -2 when the key does not exist. */
    static long expireAt(EngineHarness h, String key) {
      return h.num(EXPIRE_AT_CMD, key);
    }
  }

  private final EngineHarness h = Support.harness();

  // ---- GET / SET -------------------------------------------------------------------------------

  @Test
  void getAndSet() {
    assertThat(h.call("GET", "k")).isNull();
    assertThat(h.str("SET", "k", "v")).isEqualTo("OK");
    assertThat(h.str("GET", "k")).isEqualTo("v");
    assertThat(h.str("set", "k", "")).isEqualTo("OK");
    assertThat(h.str("get", "k")).isEmpty();
    assertThat(h.str("SET", "bin", "a\0b\r\n")).isEqualTo("OK");
    assertThat(h.str("GET", "bin")).isEqualTo("a\0b\r\n");
    h.checkInvariants();
  }

  @Test
  void getOnWrongType() {
    Support.makeList(h, "L");
    assertThat(h.err("GET", "L")).isEqualTo(WRONGTYPE);
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  @Test
  void setReplacesAnyTypeAndDropsTheTtl() {
    Support.makeList(h, "L");
    assertThat(h.str("SET", "L", "v")).isEqualTo("OK");
    assertThat(h.str("GET", "L")).isEqualTo("v");
    h.str("SET", "k", "v", "EX", "100");
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 100_000);
    h.str("SET", "k", "w");
    assertThat(Support.expireAt(h, "k")).isEqualTo(-1);
    h.checkInvariants();
  }

  @Test
  void setNxAndXx() {
    assertThat(h.call("SET", "k", "v1", "XX")).isNull();
    assertThat(h.call("GET", "k")).isNull();
    assertThat(h.str("SET", "k", "v1", "NX")).isEqualTo("OK");
    assertThat(h.call("SET", "k", "v2", "nx")).isNull();
    assertThat(h.str("GET", "k")).isEqualTo("v1");
    assertThat(h.str("SET", "k", "v3", "xx")).isEqualTo("OK");
    assertThat(h.str("GET", "k")).isEqualTo("v3");
    // Repeating a flag is fine.
    assertThat(h.str("SET", "k", "v4", "XX", "XX")).isEqualTo("OK");
    assertThat(h.call("SET", "k", "v5", "NX", "NX")).isNull();
    // NX on a key of another type: nothing happens, no WRONGTYPE (no GET asked for its value).
    Support.makeList(h, "L");
    assertThat(h.call("SET", "L", "v", "NX")).isNull();
    assertThat(Support.isList(h, "L")).isTrue();
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  @Test
  void setGet() {
    assertThat(h.call("SET", "k", "v1", "GET")).isNull();
    assertThat(h.str("GET", "k")).isEqualTo("v1");
    assertThat(h.str("SET", "k", "v2", "get")).isEqualTo("v1");
    assertThat(h.str("SET", "k", "v3", "GET", "GET")).isEqualTo("v2");
    // With NX on an existing key: the old value, and no write.
    assertThat(h.str("SET", "k", "v4", "NX", "GET")).isEqualTo("v3");
    assertThat(h.str("GET", "k")).isEqualTo("v3");
    // With NX on a missing key: nil, and the write.
    assertThat(h.call("SET", "n", "v", "GET", "NX")).isNull();
    assertThat(h.str("GET", "n")).isEqualTo("v");
    // With XX on a missing key: nil, and no write.
    assertThat(h.call("SET", "x", "v", "XX", "GET")).isNull();
    assertThat(h.call("GET", "x")).isNull();
    // With an expiry.
    assertThat(h.str("SET", "k", "v5", "GET", "EX", "10")).isEqualTo("v3");
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 10_000);
    h.checkInvariants();
  }

  @Test
  void setGetOnWrongTypeChangesNothing() {
    Support.makeList(h, "L");
    assertThat(h.err("SET", "L", "v", "GET")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SET", "L", "v", "NX", "GET")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SET", "L", "v", "XX", "GET")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SET", "L", "v", "GET", "EX", "10")).isEqualTo(WRONGTYPE);
    assertThat(Support.isList(h, "L")).isTrue();
    assertThat(Support.expireAt(h, "L")).isEqualTo(-1);
    // The expire number is checked before GET looks at the key.
    assertThat(h.err("SET", "L", "v", "GET", "EX", "0")).isEqualTo("ERR invalid expire time in 'set' command");
    assertThat(h.err("SET", "L", "v", "GET", "EX", "abc")).isEqualTo(NOT_INTEGER);
    assertThat(h.drainPropagated()).isEmpty();
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  @Test
  void setSyntaxErrors() {
    String[][] bad = {
        {"NX", "XX"}, {"XX", "NX"}, {"EX", "10", "PX", "100"}, {"PX", "100", "EX", "10"},
        {"EXAT", "10", "PXAT", "100"}, {"PXAT", "10", "EX", "1"}, {"KEEPTTL", "EX", "10"},
        {"EX", "10", "KEEPTTL"}, {"PXAT", "10", "KEEPTTL"}, {"EX"}, {"PX"}, {"EXAT"}, {"PXAT"},
        {"PERSIST"}, {"foo"}, {"EX", "10", "foo"}, {"foo", "EX", "abc"}, {"EX", "abc", "foo"},
        {"EX", "EX", "10"}, {"NXX"}, {"GETT"},
    };
    for (String[] opts : bad) {
      List<String> argv = new ArrayList<>(List.of("SET", "k", "v"));
      argv.addAll(Arrays.asList(opts));
      assertThat(h.err(argv.toArray(new String[0]))).as("SET k v %s", String.join(" ", opts)).isEqualTo(SYNTAX);
    }
    assertThat(h.call("GET", "k")).isNull();
    h.checkInvariants();
  }

  @Test
  void setExpireErrors() {
    String invalid = "ERR invalid expire time in 'set' command";
    assertThat(h.err("SET", "k", "v", "EX", "0")).isEqualTo(invalid);
    assertThat(h.err("SET", "k", "v", "EX", "-1")).isEqualTo(invalid);
    assertThat(h.err("SET", "k", "v", "PX", "0")).isEqualTo(invalid);
    assertThat(h.err("SET", "k", "v", "EXAT", "0")).isEqualTo(invalid);
    assertThat(h.err("SET", "k", "v", "PXAT", "0")).isEqualTo(invalid);
    assertThat(h.err("SET", "k", "v", "PXAT", "-5")).isEqualTo(invalid);
    assertThat(h.err("SET", "k", "v", "EX", "abc")).isEqualTo(NOT_INTEGER);
    assertThat(h.err("SET", "k", "v", "PX", "1.5")).isEqualTo(NOT_INTEGER);
    assertThat(h.err("SET", "k", "v", "EX", "9223372036854775808")).isEqualTo(NOT_INTEGER);
    // Seconds that overflow once in milliseconds, or once added to now.
    assertThat(h.err("SET", "k", "v", "EX", "9223372036854776")).isEqualTo(invalid);
    assertThat(h.err("SET", "k", "v", "EX", "9223372036854775")).isEqualTo(invalid);
    assertThat(h.err("SET", "k", "v", "PX", "9223372036854775807")).isEqualTo(invalid);
    assertThat(h.err("SET", "k", "v", "EXAT", "9223372036854776")).isEqualTo(invalid);
    // The last of repeated EX counts.
    assertThat(h.err("SET", "k", "v", "EX", "10", "EX", "0")).isEqualTo(invalid);
    assertThat(h.call("GET", "k")).isNull();
    // Absolute times need no room for now.
    assertThat(h.str("SET", "k", "v", "PXAT", "9223372036854775807")).isEqualTo("OK");
    assertThat(Support.expireAt(h, "k")).isEqualTo(Long.MAX_VALUE);
    assertThat(h.str("SET", "k", "v", "EXAT", "9223372036854775")).isEqualTo("OK");
    assertThat(Support.expireAt(h, "k")).isEqualTo(9223372036854775000L);
    h.checkInvariants();
  }

  @Test
  void setExpiryOptions() {
    h.str("SET", "ex", "v", "EX", "100");
    h.str("SET", "px", "v", "px", "1500");
    h.str("SET", "exat", "v", "EXAT", Long.toString(START / 1000 + 50));
    h.str("SET", "pxat", "v", "PXAT", Long.toString(START + 777));
    h.str("SET", "twice", "v", "EX", "10", "EX", "20");
    assertThat(Support.expireAt(h, "ex")).isEqualTo(START + 100_000);
    assertThat(Support.expireAt(h, "px")).isEqualTo(START + 1500);
    assertThat(Support.expireAt(h, "exat")).isEqualTo(START + 50_000);
    assertThat(Support.expireAt(h, "pxat")).isEqualTo(START + 777);
    assertThat(Support.expireAt(h, "twice")).isEqualTo(START + 20_000);
    // KEEPTTL keeps it, a plain SET drops it, SET with a new expiry replaces it.
    h.str("SET", "px", "w", "KEEPTTL");
    assertThat(Support.expireAt(h, "px")).isEqualTo(START + 1500);
    assertThat(h.str("GET", "px")).isEqualTo("w");
    h.str("SET", "pxat", "w", "PX", "5");
    assertThat(Support.expireAt(h, "pxat")).isEqualTo(START + 5);
    // KEEPTTL on a key without a TTL: none; with XX and GET combined.
    h.str("SET", "plain", "v");
    assertThat(h.str("SET", "plain", "w", "XX", "KEEPTTL", "GET")).isEqualTo("v");
    assertThat(Support.expireAt(h, "plain")).isEqualTo(-1);
    // The keys expire when their time has passed, not before.
    h.clock.advance(777);
    assertThat(h.call("GET", "pxat")).isNull();
    assertThat(h.str("GET", "ex")).isEqualTo("v");
    h.clock.advance(100_000);
    assertThat(h.call("GET", "ex")).isNull();
    assertThat(h.call("GET", "px")).isNull();
    h.checkInvariants();
  }

  @Test
  void setWithATimeAlreadyPastStoresAKeyThatIsGone() {
    assertThat(h.str("SET", "k", "v", "EXAT", "1")).isEqualTo("OK");
    assertThat(h.call("GET", "k")).isNull();
    assertThat(h.str("SET", "k", "v", "PXAT", Long.toString(START - 1))).isEqualTo("OK");
    assertThat(h.call("GET", "k")).isNull();
    // Expiring exactly now is not yet expired (Redis: expired when now > when).
    assertThat(h.str("SET", "k", "v", "PXAT", Long.toString(START))).isEqualTo("OK");
    assertThat(h.str("GET", "k")).isEqualTo("v");
    h.checkInvariants();
  }

  // ---- SETNX / SETEX / PSETEX ------------------------------------------------------------------

  @Test
  void setnx() {
    assertThat(h.num("SETNX", "k", "v1")).isEqualTo(1);
    assertThat(h.num("SETNX", "k", "v2")).isZero();
    assertThat(h.str("GET", "k")).isEqualTo("v1");
    Support.makeList(h, "L");
    assertThat(h.num("SETNX", "L", "v")).isZero();
    assertThat(Support.isList(h, "L")).isTrue();
    // A key whose TTL has passed does not exist any more.
    h.str("SET", "t", "old", "PX", "10");
    h.clock.advance(11);
    assertThat(h.num("SETNX", "t", "new")).isEqualTo(1);
    assertThat(h.str("GET", "t")).isEqualTo("new");
    assertThat(Support.expireAt(h, "t")).isEqualTo(-1);
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  @Test
  void setexAndPsetex() {
    assertThat(h.str("SETEX", "k", "100", "v")).isEqualTo("OK");
    assertThat(h.str("GET", "k")).isEqualTo("v");
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 100_000);
    assertThat(h.str("PSETEX", "p", "1500", "w")).isEqualTo("OK");
    assertThat(Support.expireAt(h, "p")).isEqualTo(START + 1500);
    Support.makeList(h, "L");
    assertThat(h.str("SETEX", "L", "10", "v")).isEqualTo("OK");
    assertThat(h.str("GET", "L")).isEqualTo("v");
    assertThat(h.err("SETEX", "k", "0", "v")).isEqualTo("ERR invalid expire time in 'setex' command");
    assertThat(h.err("SETEX", "k", "-1", "v")).isEqualTo("ERR invalid expire time in 'setex' command");
    assertThat(h.err("SETEX", "k", "9223372036854775", "v")).isEqualTo("ERR invalid expire time in 'setex' command");
    assertThat(h.err("PSETEX", "k", "0", "v")).isEqualTo("ERR invalid expire time in 'psetex' command");
    assertThat(h.err("PSETEX", "k", "-5", "v")).isEqualTo("ERR invalid expire time in 'psetex' command");
    assertThat(h.err("SETEX", "k", "abc", "v")).isEqualTo(NOT_INTEGER);
    assertThat(h.err("PSETEX", "k", "1e3", "v")).isEqualTo(NOT_INTEGER);
    assertThat(h.err("SETEX", "k", "10")).isEqualTo("ERR wrong number of arguments for 'setex' command");
    assertThat(h.str("GET", "k")).isEqualTo("v");
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 100_000);
    h.clock.advance(1501);
    assertThat(h.call("GET", "p")).isNull();
    h.checkInvariants();
  }

  // ---- GETSET / GETDEL / GETEX -----------------------------------------------------------------

  @Test
  void getset() {
    assertThat(h.call("GETSET", "k", "v1")).isNull();
    assertThat(h.str("GETSET", "k", "v2")).isEqualTo("v1");
    assertThat(h.str("GET", "k")).isEqualTo("v2");
    h.str("SET", "t", "v", "EX", "100");
    assertThat(h.str("GETSET", "t", "w")).isEqualTo("v");
    assertThat(Support.expireAt(h, "t")).isEqualTo(-1);
    Support.makeList(h, "L");
    assertThat(h.err("GETSET", "L", "v")).isEqualTo(WRONGTYPE);
    assertThat(Support.isList(h, "L")).isTrue();
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  @Test
  void getdel() {
    assertThat(h.call("GETDEL", "k")).isNull();
    h.str("SET", "k", "v", "EX", "100");
    assertThat(h.str("GETDEL", "k")).isEqualTo("v");
    assertThat(h.call("GET", "k")).isNull();
    assertThat(Support.expireAt(h, "k")).isEqualTo(-2);
    Support.makeList(h, "L");
    assertThat(h.err("GETDEL", "L")).isEqualTo(WRONGTYPE);
    assertThat(Support.isList(h, "L")).isTrue();
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  @Test
  void getexSetsAndRemovesTtls() {
    h.str("SET", "k", "v");
    assertThat(h.str("GETEX", "k")).isEqualTo("v");
    assertThat(Support.expireAt(h, "k")).isEqualTo(-1);
    assertThat(h.str("GETEX", "k", "EX", "100")).isEqualTo("v");
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 100_000);
    assertThat(h.str("GETEX", "k")).isEqualTo("v");
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 100_000);
    assertThat(h.str("GETEX", "k", "px", "1500")).isEqualTo("v");
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 1500);
    assertThat(h.str("GETEX", "k", "EXAT", Long.toString(START / 1000 + 60))).isEqualTo("v");
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 60_000);
    assertThat(h.str("GETEX", "k", "PXAT", Long.toString(START + 42))).isEqualTo("v");
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 42);
    assertThat(h.str("GETEX", "k", "EX", "10", "EX", "20")).isEqualTo("v");
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 20_000);
    assertThat(h.str("GETEX", "k", "PERSIST")).isEqualTo("v");
    assertThat(Support.expireAt(h, "k")).isEqualTo(-1);
    assertThat(h.str("GETEX", "k", "persist", "PERSIST")).isEqualTo("v");
    assertThat(Support.expireAt(h, "k")).isEqualTo(-1);
    assertThat(h.str("GET", "k")).isEqualTo("v");
    h.checkInvariants();
  }

  @Test
  void getexWithATimeAlreadyPastDeletesTheKey() {
    h.str("SET", "k", "v");
    assertThat(h.str("GETEX", "k", "EXAT", "1")).isEqualTo("v");
    assertThat(Support.expireAt(h, "k")).isEqualTo(-2);
    h.str("SET", "k", "v");
    // Exactly now counts as past for GETEX (Redis's checkAlreadyExpired: when <= now).
    assertThat(h.str("GETEX", "k", "PXAT", Long.toString(START))).isEqualTo("v");
    assertThat(h.call("GET", "k")).isNull();
    h.checkInvariants();
  }

  @Test
  void getexChecksTheKeyBeforeTheNumber() {
    // Syntax first, even on a missing key.
    for (String[] opts : new String[][] {
        {"foo"}, {"EX"}, {"PERSIST", "EX", "10"}, {"EX", "10", "PERSIST"}, {"NX"}, {"XX"},
        {"KEEPTTL"}, {"GET"}, {"PX", "10", "PXAT", "5"}, {"EXAT", "10", "EX", "5"}}) {
      List<String> argv = new ArrayList<>(List.of("GETEX", "missing"));
      argv.addAll(Arrays.asList(opts));
      assertThat(h.err(argv.toArray(new String[0]))).as("GETEX missing %s", String.join(" ", opts)).isEqualTo(SYNTAX);
    }
    // Then the key: a missing key is nil and a list WRONGTYPE, whatever the number.
    assertThat(h.call("GETEX", "missing", "EX", "0")).isNull();
    assertThat(h.call("GETEX", "missing", "EX", "abc")).isNull();
    Support.makeList(h, "L");
    assertThat(h.err("GETEX", "L", "EX", "0")).isEqualTo(WRONGTYPE);
    assertThat(h.err("GETEX", "L")).isEqualTo(WRONGTYPE);
    // Then the number.
    h.str("SET", "k", "v", "EX", "100");
    String invalid = "ERR invalid expire time in 'getex' command";
    assertThat(h.err("GETEX", "k", "EX", "0")).isEqualTo(invalid);
    assertThat(h.err("GETEX", "k", "PX", "-1")).isEqualTo(invalid);
    assertThat(h.err("GETEX", "k", "EXAT", "0")).isEqualTo(invalid);
    assertThat(h.err("GETEX", "k", "PXAT", "-1")).isEqualTo(invalid);
    assertThat(h.err("GETEX", "k", "EX", "9223372036854775")).isEqualTo(invalid);
    assertThat(h.err("GETEX", "k", "PX", "9223372036854775807")).isEqualTo(invalid);
    assertThat(h.err("GETEX", "k", "EX", "abc")).isEqualTo(NOT_INTEGER);
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 100_000);
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  // ---- MGET / MSET / MSETNX --------------------------------------------------------------------

  @Test
  void mget() {
    h.str("SET", "a", "1");
    h.str("SET", "b", "2");
    Support.makeList(h, "L");
    assertThat(h.list("MGET", "a", "L", "missing", "b", "a")).containsExactly("1", null, null, "2", "1");
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  @Test
  void mset() {
    Support.makeList(h, "L");
    h.str("SET", "t", "v", "EX", "100");
    assertThat(h.str("MSET", "a", "1", "L", "2", "t", "3", "a", "4")).isEqualTo("OK");
    assertThat(h.list("MGET", "a", "L", "t")).containsExactly("4", "2", "3");
    assertThat(Support.expireAt(h, "t")).isEqualTo(-1);
    assertThat(h.err("MSET", "a")).isEqualTo("ERR wrong number of arguments for 'mset' command");
    assertThat(h.err("MSET", "a", "1", "b")).isEqualTo("ERR wrong number of arguments for 'mset' command");
    assertThat(h.call("GET", "b")).isNull();
    h.checkInvariants();
  }

  @Test
  void msetnxIsAllOrNothing() {
    assertThat(h.num("MSETNX", "a", "1", "b", "2")).isEqualTo(1);
    assertThat(h.num("MSETNX", "b", "x", "c", "3")).isZero();
    assertThat(h.list("MGET", "a", "b", "c")).containsExactly("1", "2", null);
    // The same new key twice: the last value wins.
    assertThat(h.num("MSETNX", "d", "1", "d", "2")).isEqualTo(1);
    assertThat(h.str("GET", "d")).isEqualTo("2");
    // A key of another type exists too.
    Support.makeList(h, "L");
    assertThat(h.num("MSETNX", "e", "1", "L", "2")).isZero();
    assertThat(h.call("GET", "e")).isNull();
    assertThat(Support.isList(h, "L")).isTrue();
    // An expired key does not exist.
    h.str("SET", "t", "v", "PX", "10");
    h.clock.advance(11);
    assertThat(h.num("MSETNX", "t", "new", "f", "6")).isEqualTo(1);
    assertThat(h.list("MGET", "t", "f")).containsExactly("new", "6");
    assertThat(h.err("MSETNX", "a", "1", "b")).isEqualTo("ERR wrong number of arguments for 'msetnx' command");
    assertThat(h.err("MSETNX", "a")).isEqualTo("ERR wrong number of arguments for 'msetnx' command");
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  // ---- APPEND / STRLEN -------------------------------------------------------------------------

  @Test
  void append() {
    assertThat(h.num("APPEND", "k", "Hello")).isEqualTo(5);
    assertThat(h.num("APPEND", "k", " World")).isEqualTo(11);
    assertThat(h.str("GET", "k")).isEqualTo("Hello World");
    assertThat(h.num("APPEND", "k", "")).isEqualTo(11);
    // An empty append to a missing key creates an empty string.
    assertThat(h.num("APPEND", "e", "")).isZero();
    assertThat(h.str("GET", "e")).isEmpty();
    assertThat(h.num("STRLEN", "e")).isZero();
    // Appending to a number's text.
    h.num("INCRBY", "n", "10");
    assertThat(h.num("APPEND", "n", "x")).isEqualTo(3);
    assertThat(h.str("GET", "n")).isEqualTo("10x");
    Support.makeList(h, "L");
    assertThat(h.err("APPEND", "L", "x")).isEqualTo(WRONGTYPE);
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  @Test
  void appendKeepsTheTtl() {
    h.str("SET", "k", "10", "EX", "100");
    assertThat(h.num("APPEND", "k", "x")).isEqualTo(3);
    assertThat(Support.expireAt(h, "k")).isEqualTo(START + 100_000);
    h.checkInvariants();
  }

  @Test
  void manyAppendsBuildTheString() {
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      String part = Integer.toString(i) + ",";
      expected.append(part);
      assertThat(h.num("APPEND", "k", part)).isEqualTo(expected.length());
      if (i % 97 == 0) {
        assertThat(h.str("GET", "k")).isEqualTo(expected.toString());
      }
    }
    assertThat(h.str("GET", "k")).isEqualTo(expected.toString());
    assertThat(h.num("STRLEN", "k")).isEqualTo(expected.length());
    h.checkInvariants();
  }

  @Test
  void strlen() {
    assertThat(h.num("STRLEN", "missing")).isZero();
    h.str("SET", "k", "hello");
    assertThat(h.num("STRLEN", "k")).isEqualTo(5);
    h.str("SET", "u", "\u00e9");
    assertThat(h.num("STRLEN", "u")).isEqualTo(2); // bytes, not characters
    h.num("INCRBY", "n", "-12345");
    assertThat(h.num("STRLEN", "n")).isEqualTo(6);
    Support.makeList(h, "L");
    assertThat(h.err("STRLEN", "L")).isEqualTo(WRONGTYPE);
    Support.dropList(h, "L");
    h.checkInvariants();
  }

  @Test
  void arityErrors() {
    assertThat(h.err("GET")).isEqualTo("ERR wrong number of arguments for 'get' command");
    assertThat(h.err("GET", "a", "b")).isEqualTo("ERR wrong number of arguments for 'get' command");
    assertThat(h.err("SET", "k")).isEqualTo("ERR wrong number of arguments for 'set' command");
    assertThat(h.err("GETEX")).isEqualTo("ERR wrong number of arguments for 'getex' command");
    assertThat(h.err("MGET")).isEqualTo("ERR wrong number of arguments for 'mget' command");
    assertThat(h.err("APPEND", "k")).isEqualTo("ERR wrong number of arguments for 'append' command");
    assertThat(h.err("getrange", "k", "0")).isEqualTo("ERR wrong number of arguments for 'getrange' command");
    assertThat(h.err("INCRBYFLOAT", "k")).isEqualTo("ERR wrong number of arguments for 'incrbyfloat' command");
    h.checkInvariants();
  }
}
