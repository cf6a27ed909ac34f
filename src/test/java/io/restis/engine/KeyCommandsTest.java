package io.restis.engine;

import static io.restis.engine.KeyTestSupport.set;
import static io.restis.engine.KeyTestSupport.setWithExpiry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX, COPY, PERSIST, KEYS, SCAN, RANDOMKEY, DBSIZE.
 * Expected replies and error texts were taken from redis-server 7.0.15. The expiry commands are in
 * {@link ExpiryTest}.
 */
class KeyCommandsTest {

  private final EngineHarness h = KeyTestSupport.harness();
  private final long now = EngineHarness.START;

  @AfterEach
  void invariants() {
    h.checkInvariants();
  }

  // ---- command table rows, as COMMAND INFO on redis 7.0.15 ----

  @Test
  void specsMatchRedisCommandInfo() {
    // name arity flags first last step categories (including those the flags imply)
    assertSpec("del", -2, "[WRITE]", 1, -1, 1, "[KEYSPACE, WRITE, SLOW]");
    assertSpec("unlink", -2, "[WRITE, FAST]", 1, -1, 1, "[KEYSPACE, WRITE, FAST]");
    assertSpec("exists", -2, "[READONLY, FAST]", 1, -1, 1, "[KEYSPACE, READ, FAST]");
    assertSpec("type", 2, "[READONLY, FAST]", 1, 1, 1, "[KEYSPACE, READ, FAST]");
    assertSpec("rename", 3, "[WRITE]", 1, 2, 1, "[KEYSPACE, WRITE, SLOW]");
    assertSpec("renamenx", 3, "[WRITE, FAST]", 1, 2, 1, "[KEYSPACE, WRITE, FAST]");
    assertSpec("copy", -3, "[WRITE, DENYOOM]", 1, 2, 1, "[KEYSPACE, WRITE, SLOW]");
    for (String c : List.of("expire", "pexpire", "expireat", "pexpireat")) {
      assertSpec(c, -3, "[WRITE, FAST]", 1, 1, 1, "[KEYSPACE, WRITE, FAST]");
    }
    for (String c : List.of("ttl", "pttl", "expiretime", "pexpiretime")) {
      assertSpec(c, 2, "[READONLY, FAST]", 1, 1, 1, "[KEYSPACE, READ, FAST]");
    }
    assertSpec("persist", 2, "[WRITE, FAST]", 1, 1, 1, "[KEYSPACE, WRITE, FAST]");
    assertSpec("keys", 2, "[READONLY]", 0, 0, 0, "[KEYSPACE, READ, SLOW, DANGEROUS]");
    assertSpec("scan", -2, "[READONLY]", 0, 0, 0, "[KEYSPACE, READ, SLOW]");
    assertSpec("randomkey", 1, "[READONLY]", 0, 0, 0, "[KEYSPACE, READ, SLOW]");
    assertSpec("dbsize", 1, "[READONLY, FAST]", 0, 0, 0, "[KEYSPACE, READ, FAST]");
  }

  private void assertSpec(String name, int arity, String flags, int first, int last, int step, String acl) {
    CommandSpec s = h.engine.table().lookup(name);
    assertThat(s).as(name).isNotNull();
    assertThat(s.arity()).as(name + " arity").isEqualTo(arity);
    assertThat(s.flags().toString()).as(name + " flags").isEqualTo(flags);
    assertThat(new int[] {s.firstKey(), s.lastKey(), s.keyStep()}).as(name + " keys")
        .containsExactly(first, last, step);
    assertThat(s.aclCategories().toString()).as(name + " acl").isEqualTo(acl);
  }

  @Test
  void keyPositionsOfMultiKeyCommands() {
    CommandSpec del = h.engine.table().lookup("del");
    assertThat(del.keyIndexes(argv("DEL", "a", "b", "c"))).containsExactly(1, 2, 3);
    CommandSpec copy = h.engine.table().lookup("copy");
    assertThat(copy.keyIndexes(argv("COPY", "a", "b", "REPLACE"))).containsExactly(1, 2);
  }

  private static byte[][] argv(String... a) {
    byte[][] out = new byte[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].getBytes();
    }
    return out;
  }

  @Test
  void wrongArity() {
    assertThat(h.err("DEL")).isEqualTo("ERR wrong number of arguments for 'del' command");
    assertThat(h.err("TYPE", "a", "b")).isEqualTo("ERR wrong number of arguments for 'type' command");
    assertThat(h.err("KEYS")).isEqualTo("ERR wrong number of arguments for 'keys' command");
    assertThat(h.err("COPY", "a")).isEqualTo("ERR wrong number of arguments for 'copy' command");
    assertThat(h.err("RANDOMKEY", "x")).isEqualTo("ERR wrong number of arguments for 'randomkey' command");
  }

  // ---- DEL / UNLINK ----

  @Test
  void delCountsDeletedKeysOnceEach() {
    set(h, "a", "1", "b", "2");
    assertThat(h.num("DEL", "a", "a", "nokey")).isEqualTo(1);
    assertThat(h.num("EXISTS", "a")).isZero();
    assertThat(h.num("EXISTS", "b")).isEqualTo(1);
    assertThat(h.num("DEL", "nokey")).isZero();
  }

  @Test
  void delPropagatesAsSentOnlyWhenSomethingWasDeleted() {
    set(h, "a", "1");
    h.num("DEL", "a", "nokey");
    assertThat(h.drainPropagated()).containsExactly("DEL a nokey");
    h.num("DEL", "a", "nokey");
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void unlinkDeletesAndPropagatesAsUnlink() {
    set(h, "a", "1", "b", "2");
    assertThat(h.num("UNLINK", "a", "b", "c")).isEqualTo(2);
    assertThat(h.num("DBSIZE")).isZero();
    assertThat(h.drainPropagated()).containsExactly("UNLINK a b c");
    assertThat(h.num("UNLINK", "a")).isZero();
    assertThat(h.drainPropagated()).isEmpty();
  }

  // ---- EXISTS / TYPE ----

  @Test
  void existsCountsRepeatedKeys() {
    set(h, "a", "1");
    assertThat(h.num("EXISTS", "a", "a", "nokey")).isEqualTo(2);
    assertThat(h.num("EXISTS", "nokey")).isZero();
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void typeOfStringAndMissingKey() {
    set(h, "a", "1");
    assertThat(h.str("TYPE", "a")).isEqualTo("string");
    assertThat(h.str("TYPE", "nokey")).isEqualTo("none");
    assertThat(h.exec("TYPE", "nokey")).isInstanceOf(Reply.Status.class);
  }

  @Test
  void typeOfEveryCollectionType() {
    assumeTrue(KeyTestSupport.has(h, "rpush") && KeyTestSupport.has(h, "sadd")
        && KeyTestSupport.has(h, "hset") && KeyTestSupport.has(h, "zadd"), "type commands merged");
    h.num("RPUSH", "l", "x");
    h.num("SADD", "s", "x");
    h.num("HSET", "hh", "f", "v");
    h.num("ZADD", "z", "1", "x");
    assertThat(h.str("TYPE", "l")).isEqualTo("list");
    assertThat(h.str("TYPE", "s")).isEqualTo("set");
    assertThat(h.str("TYPE", "hh")).isEqualTo("hash");
    assertThat(h.str("TYPE", "z")).isEqualTo("zset");
  }

  @Test
  void readsCountHitsAndMissesAsRedisDoes() {
    set(h, "a", "1", "b", "2");
    h.num("EXISTS", "a", "nokey");
    assertThat(stats()).containsExactly(1, 1);
    h.str("TYPE", "a");
    h.num("TTL", "a");
    h.num("PEXPIRETIME", "nokey");
    assertThat(stats()).containsExactly(3, 2);
    // Measured on redis 7.0.15 with INFO stats: COPY reads its source, SCAN TYPE looks each key
    // up, and writes, RANDOMKEY and KEYS count nothing.
    h.num("COPY", "a", "c");
    h.num("COPY", "nokey", "d");
    assertThat(stats()).containsExactly(4, 3);
    h.list("SCAN", "0", "TYPE", "string");
    assertThat(stats()).containsExactly(7, 3);
    h.num("EXPIRE", "a", "100");
    h.num("PERSIST", "a");
    h.str("RENAME", "a", "z");
    h.num("DEL", "z");
    h.call("RANDOMKEY");
    h.list("KEYS", "*");
    assertThat(stats()).containsExactly(7, 3);
  }

  private long[] stats() {
    return h.engine.read(ks -> new long[] {ks.hits(), ks.misses()});
  }

  // ---- RENAME / RENAMENX ----

  @Test
  void renameMovesValueAndTtl() {
    setWithExpiry(h, "a", "v", now + 10_000);
    assertThat(h.str("RENAME", "a", "b")).isEqualTo("OK");
    assertThat(h.num("EXISTS", "a")).isZero();
    assertThat(h.num("PTTL", "b")).isEqualTo(10_000);
    assertThat(h.drainPropagated()).containsExactly("RENAME a b");
  }

  @Test
  void renameOverwritesDestinationAndItsTtl() {
    set(h, "a", "1");
    setWithExpiry(h, "b", "2", now + 10_000);
    assertThat(h.str("RENAME", "a", "b")).isEqualTo("OK");
    assertThat(h.num("TTL", "b")).isEqualTo(-1);
    assertThat(h.num("DBSIZE")).isEqualTo(1);
    assertThat(stringAt("b")).isEqualTo("1");
  }

  @Test
  void renameMissingKeyIsAnErrorEvenOntoItself() {
    assertThat(h.err("RENAME", "nokey", "x")).isEqualTo("ERR no such key");
    assertThat(h.err("RENAME", "nokey", "nokey")).isEqualTo("ERR no such key");
    assertThat(h.err("RENAMENX", "nokey", "x")).isEqualTo("ERR no such key");
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void renameOntoItselfChangesNothing() {
    setWithExpiry(h, "a", "1", now + 5000);
    assertThat(h.str("RENAME", "a", "a")).isEqualTo("OK");
    assertThat(h.num("RENAMENX", "a", "a")).isZero();
    assertThat(h.num("PTTL", "a")).isEqualTo(5000);
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void renamenxOnlyWhenDestinationIsFree() {
    set(h, "a", "1", "b", "2");
    assertThat(h.num("RENAMENX", "a", "b")).isZero();
    assertThat(h.num("EXISTS", "a", "b")).isEqualTo(2);
    assertThat(h.drainPropagated()).isEmpty();
    assertThat(h.num("RENAMENX", "a", "c")).isEqualTo(1);
    assertThat(h.num("EXISTS", "a")).isZero();
    assertThat(h.drainPropagated()).containsExactly("RENAMENX a c");
  }

  @Test
  void renameOntoAnExpiredDestinationTreatsItAsFree() {
    set(h, "a", "1");
    setWithExpiry(h, "b", "2", now + 100);
    h.clock.advance(101);
    assertThat(h.num("RENAMENX", "a", "b")).isEqualTo(1);
    assertThat(h.drainPropagated()).containsExactly("DEL b", "RENAMENX a b");
  }

  @Test
  void renameGivesTheDestinationANewVersion() {
    set(h, "a", "1", "b", "2");
    long before = h.engine.read(ks -> ks.lookupWrite(Bytes.of("b")).version());
    h.str("RENAME", "a", "b");
    long after = h.engine.read(ks -> ks.lookupWrite(Bytes.of("b")).version());
    assertThat(after).isGreaterThan(before);
  }

  /** The string stored under the key, read directly (the string commands merge later). */
  private String stringAt(String key) {
    byte[] b = h.engine.read(ks -> ((StringValue) ks.lookupWrite(Bytes.of(key)).value()).bytes());
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  // ---- COPY ----

  @Test
  void copyDuplicatesValueAndTtl() {
    setWithExpiry(h, "a", "v", now + 7000);
    assertThat(h.num("COPY", "a", "b")).isEqualTo(1);
    assertThat(h.num("PTTL", "b")).isEqualTo(7000);
    assertThat(h.num("PTTL", "a")).isEqualTo(7000);
    assertThat(h.drainPropagated()).containsExactly("COPY a b");
  }

  @Test
  void copyRefusesAnExistingDestinationWithoutReplace() {
    set(h, "a", "1", "b", "2");
    assertThat(h.num("COPY", "a", "b")).isZero();
    assertThat(h.drainPropagated()).isEmpty();
    assertThat(h.num("COPY", "a", "b", "REPLACE")).isEqualTo(1);
    assertThat(h.drainPropagated()).containsExactly("COPY a b REPLACE");
  }

  @Test
  void copyReplaceDropsTheDestinationTtl() {
    set(h, "a", "1");
    setWithExpiry(h, "b", "2", now + 7000);
    assertThat(h.num("COPY", "a", "b", "replace")).isEqualTo(1);
    assertThat(h.num("TTL", "b")).isEqualTo(-1);
  }

  @Test
  void copyMissingSourceAnswersZero() {
    assertThat(h.num("COPY", "nokey", "b")).isZero();
    assertThat(h.num("EXISTS", "b")).isZero();
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void copyDbOption() {
    set(h, "a", "1");
    assertThat(h.num("COPY", "a", "b", "DB", "0")).isEqualTo(1);
    assertThat(h.num("COPY", "a", "c", "REPLACE", "db", "0")).isEqualTo(1);
    assertThat(h.err("COPY", "a", "d", "DB", "1")).isEqualTo("ERR DB index is out of range");
    assertThat(h.err("COPY", "a", "d", "DB", "16")).isEqualTo("ERR DB index is out of range");
    assertThat(h.err("COPY", "a", "d", "DB", "-1")).isEqualTo("ERR DB index is out of range");
    assertThat(h.err("COPY", "a", "d", "DB", "abc")).isEqualTo("ERR value is not an integer or out of range");
    assertThat(h.err("COPY", "a", "d", "DB", "99999999999"))
        .isEqualTo("ERR value is out of range, value must between -2147483648 and 2147483647");
    assertThat(h.num("EXISTS", "d")).isZero();
  }

  @Test
  void copyErrorsInRedisOrder() {
    set(h, "a", "1");
    assertThat(h.err("COPY", "a", "a")).isEqualTo("ERR source and destination objects are the same");
    assertThat(h.err("COPY", "nokey", "nokey")).isEqualTo("ERR source and destination objects are the same");
    assertThat(h.err("COPY", "a", "a", "DB", "0")).isEqualTo("ERR source and destination objects are the same");
    // Options are checked before the keys.
    assertThat(h.err("COPY", "a", "a", "DB", "16")).isEqualTo("ERR DB index is out of range");
    assertThat(h.err("COPY", "nokey", "b", "DB", "16")).isEqualTo("ERR DB index is out of range");
    assertThat(h.err("COPY", "a", "b", "foo")).isEqualTo("ERR syntax error");
    assertThat(h.err("COPY", "a", "b", "DB")).isEqualTo("ERR syntax error");
    assertThat(h.num("EXISTS", "b")).isZero();
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void copyIsDeep() {
    assumeTrue(KeyTestSupport.has(h, "rpush") && KeyTestSupport.has(h, "llen"), "list commands merged");
    h.num("RPUSH", "l", "x", "y");
    assertThat(h.num("COPY", "l", "l2")).isEqualTo(1);
    h.num("RPUSH", "l", "z");
    assertThat(h.num("LLEN", "l2")).isEqualTo(2);
    assertThat(h.num("LLEN", "l")).isEqualTo(3);
  }

  @Test
  void copyOfAStringIsIndependentOfLaterWrites() {
    set(h, "a", "1");
    h.num("COPY", "a", "b");
    set(h, "a", "2");
    assertThat(stringAt("b")).isEqualTo("1");
  }

  // ---- PERSIST ----

  @Test
  void persistRemovesTheTtlOnce() {
    setWithExpiry(h, "a", "1", now + 5000);
    assertThat(h.num("PERSIST", "a")).isEqualTo(1);
    assertThat(h.num("TTL", "a")).isEqualTo(-1);
    assertThat(h.drainPropagated()).containsExactly("PERSIST a");
    assertThat(h.num("PERSIST", "a")).isZero();
    assertThat(h.num("PERSIST", "nokey")).isZero();
    assertThat(h.drainPropagated()).isEmpty();
  }

  // ---- KEYS ----

  @Test
  void keysGlobPatterns() {
    set(h, "hello", "1", "hallo", "1", "hxllo", "1", "hllo", "1", "heeeello", "1", "h*llo", "1", "other", "1");
    assertThat(keys("*")).hasSize(7);
    assertThat(keys("h?llo")).containsExactly("h*llo", "hallo", "hello", "hxllo");
    assertThat(keys("h*llo")).containsExactly("h*llo", "hallo", "heeeello", "hello", "hllo", "hxllo");
    assertThat(keys("h[ae]llo")).containsExactly("hallo", "hello");
    assertThat(keys("h[^e]llo")).containsExactly("h*llo", "hallo", "hxllo");
    assertThat(keys("h[a-e]llo")).containsExactly("hallo", "hello");
    assertThat(keys("h\\*llo")).containsExactly("h*llo");
    assertThat(keys("nomatch*")).isEmpty();
    assertThat(keys("other")).containsExactly("other");
  }

  @Test
  void keysSkipsExpiredKeysWithoutReclaimingThem() {
    set(h, "a", "1");
    setWithExpiry(h, "b", "1", now + 100);
    h.clock.advance(101);
    assertThat(keys("*")).containsExactly("a");
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void keysOnEmptyDb() {
    assertThat(h.list("KEYS", "*")).isEmpty();
  }

  private Set<String> keys(String pattern) {
    Set<String> out = new TreeSet<>();
    for (Object o : h.list("KEYS", pattern)) {
      out.add((String) o);
    }
    return out;
  }

  // ---- SCAN ----

  @Test
  void scanReplyShape() {
    set(h, "a", "1");
    List<Object> r = h.list("SCAN", "0");
    assertThat(r).hasSize(2);
    assertThat(r.get(0)).isEqualTo("0");
    assertThat(r.get(1)).isEqualTo(List.of("a"));
    Reply raw = h.exec("SCAN", "0");
    assertThat(((Reply.Multi) raw).items().get(0)).isInstanceOf(Reply.Bulk.class);
  }

  @Test
  void scanOnEmptyDb() {
    assertThat(h.list("SCAN", "0")).isEqualTo(List.of("0", List.of()));
  }

  @Test
  void scanFullIterationReturnsEveryKey() {
    Set<String> expected = addKeys("k", 500);
    for (int count : new int[] {1, 3, 10, 1000}) {
      assertThat(scanAll(count, null, null)).as("COUNT %d", count).isEqualTo(expected);
    }
  }

  @Test
  void scanReturnsEveryKeyPresentThroughoutEvenWhileTheTableGrowsAndShrinks() {
    Set<String> stable = addKeys("stable", 100);
    addKeys("doomed", 300);
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int calls = 0;
    int added = 0;
    do {
      List<Object> r = h.list("SCAN", cursor, "COUNT", "7");
      cursor = (String) r.get(0);
      for (Object k : (List<?>) r.get(1)) {
        seen.add((String) k);
      }
      calls++;
      // Grow the table (forcing resizes) mid-iteration, then shrink it by deleting other keys.
      if (calls % 3 == 0 && added < 2000) {
        addKeys("new" + calls + "_", 200);
        added += 200;
      }
      if (calls == 10) {
        for (int i = 0; i < 300; i++) {
          h.num("DEL", "doomed" + i);
        }
      }
    } while (!cursor.equals("0"));
    assertThat(seen).containsAll(stable);
  }

  @Test
  void scanMatchFiltersAfterCollecting() {
    addKeys("user:", 50);
    addKeys("item:", 50);
    Set<String> users = scanAll(10, "user:*", null);
    assertThat(users).hasSize(50).allMatch(k -> k.startsWith("user:"));
    assertThat(scanAll(10, "*", null)).hasSize(100);
    assertThat(scanAll(10, "nomatch", null)).isEmpty();
  }

  @Test
  void scanTypeFilter() {
    addKeys("s", 20);
    assertThat(scanAll(5, null, "string")).hasSize(20);
    assertThat(scanAll(5, null, "STRING")).hasSize(20);
    assertThat(scanAll(5, null, "list")).isEmpty();
    // Redis 7.0 accepts any name: unknown types just match nothing.
    assertThat(scanAll(5, null, "foo")).isEmpty();
    assertThat(scanAll(5, "s1*", "string")).containsExactlyInAnyOrder(
        "s1", "s10", "s11", "s12", "s13", "s14", "s15", "s16", "s17", "s18", "s19");
  }

  @Test
  void scanTypeFilterAcrossTypes() {
    assumeTrue(KeyTestSupport.has(h, "rpush") && KeyTestSupport.has(h, "sadd"), "type commands merged");
    set(h, "str", "1");
    h.num("RPUSH", "l", "x");
    h.num("SADD", "s", "x");
    assertThat(scanAll(10, null, "list")).containsExactly("l");
    assertThat(scanAll(10, null, "set")).containsExactly("s");
    assertThat(scanAll(10, null, "string")).containsExactly("str");
  }

  @Test
  void scanSkipsExpiredKeys() {
    set(h, "a", "1");
    setWithExpiry(h, "b", "1", now + 100);
    h.clock.advance(101);
    assertThat(scanAll(10, null, null)).containsExactly("a");
  }

  @Test
  void scanCapsBucketVisitsOnASparseTable() {
    // 1000 expired keys nobody touched keep the table at 1024 buckets, but only one key is live:
    // COUNT 1 visits at most 11 buckets per call (1 + COUNT*10), so the walk takes many calls.
    for (int i = 0; i < 1000; i++) {
      setWithExpiry(h, "gone" + i, "x", now + 100);
    }
    set(h, "live", "1");
    h.clock.advance(101);
    int calls = 0;
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    do {
      List<Object> r = h.list("SCAN", cursor, "COUNT", "1");
      cursor = (String) r.get(0);
      assertThat((List<?>) r.get(1)).hasSizeLessThanOrEqualTo(1);
      for (Object k : (List<?>) r.get(1)) {
        seen.add((String) k);
      }
      calls++;
    } while (!cursor.equals("0"));
    assertThat(seen).containsExactly("live");
    assertThat(calls).isBetween(1024 / 11, 1024 / 11 + 2);
  }

  @Test
  void scanCountStopsNearCount() {
    addKeys("k", 1000);
    List<Object> r = h.list("SCAN", "0", "COUNT", "20");
    assertThat(r.get(0)).isNotEqualTo("0");
    // Whole buckets are taken, so a call may return a few more than COUNT, never far more.
    assertThat((List<?>) r.get(1)).hasSizeBetween(20, 40);
  }

  @Test
  void scanArgumentErrors() {
    assertThat(h.err("SCAN", "abc")).isEqualTo("ERR invalid cursor");
    assertThat(h.err("SCAN", "18446744073709551616")).isEqualTo("ERR invalid cursor");
    assertThat(h.err("SCAN", " 1")).isEqualTo("ERR invalid cursor");
    assertThat(h.err("SCAN", "1 ")).isEqualTo("ERR invalid cursor");
    assertThat(h.err("SCAN", "0x1")).isEqualTo("ERR invalid cursor");
    assertThat(h.err("SCAN", "-")).isEqualTo("ERR invalid cursor");
    assertThat(h.err("SCAN", "0", "COUNT", "0")).isEqualTo("ERR syntax error");
    assertThat(h.err("SCAN", "0", "COUNT", "-1")).isEqualTo("ERR syntax error");
    assertThat(h.err("SCAN", "0", "COUNT", "abc")).isEqualTo("ERR value is not an integer or out of range");
    assertThat(h.err("SCAN", "0", "MATCH")).isEqualTo("ERR syntax error");
    assertThat(h.err("SCAN", "0", "TYPE")).isEqualTo("ERR syntax error");
    assertThat(h.err("SCAN", "0", "foo", "bar")).isEqualTo("ERR syntax error");
  }

  @Test
  void scanCursorParsesAsStrtoul() {
    set(h, "a", "1");
    // All accepted by redis 7.0.15: empty is 0, a sign, leading zeros, the full unsigned range.
    assertThat(h.list("SCAN", "").get(1)).isEqualTo(List.of("a"));
    assertThat(h.list("SCAN", "+0").get(1)).isEqualTo(List.of("a"));
    assertThat(h.list("SCAN", "-0").get(1)).isEqualTo(List.of("a"));
    assertThat(h.list("SCAN", "0000000000000000000000000").get(1)).isEqualTo(List.of("a"));
    assertThat(h.list("SCAN", "18446744073709551615").get(0)).isEqualTo("0");
    assertThat(h.list("SCAN", "-1").get(0)).isEqualTo("0");
    assertThat(h.list("SCAN", "-18446744073709551615")).hasSize(2);
    assertThat(h.err("SCAN", "-18446744073709551616")).isEqualTo("ERR invalid cursor");
  }

  private Set<String> addKeys(String prefix, int n) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < n; i++) {
      h.str(KeyTestSupport.SET, prefix + i, "v");
      out.add(prefix + i);
    }
    h.drainPropagated();
    return out;
  }

  /** A full SCAN iteration; fails if a key is returned twice when nothing changed. */
  private Set<String> scanAll(int count, String match, String type) {
    Set<String> seen = new HashSet<>();
    List<String> all = new ArrayList<>();
    String cursor = "0";
    do {
      List<String> args = new ArrayList<>(List.of("SCAN", cursor, "COUNT", Integer.toString(count)));
      if (match != null) {
        args.addAll(List.of("MATCH", match));
      }
      if (type != null) {
        args.addAll(List.of("TYPE", type));
      }
      List<Object> r = h.list(args.toArray(new String[0]));
      cursor = (String) r.get(0);
      for (Object k : (List<?>) r.get(1)) {
        seen.add((String) k);
        all.add((String) k);
      }
    } while (!cursor.equals("0"));
    assertThat(all).as("no duplicates on a stable table").hasSameSizeAs(seen);
    return seen;
  }

  // ---- RANDOMKEY / DBSIZE ----

  @Test
  void randomkeyOnEmptyDbIsNil() {
    assertThat(h.call("RANDOMKEY")).isNull();
    assertThat(h.exec("RANDOMKEY")).isEqualTo(Reply.NIL);
  }

  @Test
  void randomkeyReturnsLiveKeys() {
    set(h, "a", "1", "b", "2", "c", "3");
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      seen.add(h.call("RANDOMKEY"));
    }
    assertThat(seen).isEqualTo(Set.of("a", "b", "c"));
  }

  @Test
  void randomkeyReclaimsExpiredPicks() {
    setWithExpiry(h, "a", "1", now + 100);
    setWithExpiry(h, "b", "1", now + 100);
    h.clock.advance(101);
    assertThat(h.call("RANDOMKEY")).isNull();
    assertThat(h.drainPropagated()).containsExactlyInAnyOrder("DEL a", "DEL b");
    assertThat(h.num("DBSIZE")).isZero();
  }

  @Test
  void dbsizeCountsKeys() {
    assertThat(h.num("DBSIZE")).isZero();
    set(h, "a", "1", "b", "2");
    assertThat(h.num("DBSIZE")).isEqualTo(2);
    h.num("DEL", "a");
    assertThat(h.num("DBSIZE")).isEqualTo(1);
  }

  @Test
  void readOnlyCommandsRunOnAFollower() {
    set(h, "a", "1");
    h.engine.setReadOnly(true);
    assertThat(h.num("EXISTS", "a")).isEqualTo(1);
    assertThat(h.num("DBSIZE")).isEqualTo(1);
    assertThat(h.list("KEYS", "*")).containsExactly("a");
    assertThat(h.err("DEL", "a")).isEqualTo(Errors.READONLY);
    assertThat(h.err("RENAME", "a", "b")).isEqualTo(Errors.READONLY);
    h.engine.setReadOnly(false);
  }
}
