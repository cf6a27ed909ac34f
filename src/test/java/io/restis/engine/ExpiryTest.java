package io.restis.engine;

import static io.restis.engine.KeyTestSupport.set;
import static io.restis.engine.KeyTestSupport.setWithExpiry;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX/XX/GT/LT), TTL, PTTL, EXPIRETIME, PEXPIRETIME,
 * lazy expiry, the active cycle, and how each of them propagates. Expected replies and error texts
 * were taken from redis-server 7.0.15.
 */
class ExpiryTest {

  private final EngineHarness h = KeyTestSupport.harness();
  private final long now = EngineHarness.START;

  @AfterEach
  void invariants() {
    h.checkInvariants();
  }

  // ---- setting a TTL ----

  @Test
  void expireSetsTtlInSeconds() {
    set(h, "k", "v");
    assertThat(h.num("EXPIRE", "k", "10")).isEqualTo(1);
    assertThat(h.num("TTL", "k")).isEqualTo(10);
    assertThat(h.num("PTTL", "k")).isEqualTo(10_000);
    assertThat(h.num("EXPIRETIME", "k")).isEqualTo(now / 1000 + 10);
    assertThat(h.num("PEXPIRETIME", "k")).isEqualTo(now + 10_000);
  }

  @Test
  void pexpireExpireatPexpireat() {
    set(h, "a", "v", "b", "v", "c", "v");
    assertThat(h.num("PEXPIRE", "a", "1500")).isEqualTo(1);
    assertThat(h.num("PTTL", "a")).isEqualTo(1500);
    assertThat(h.num("EXPIREAT", "b", Long.toString(now / 1000 + 100))).isEqualTo(1);
    assertThat(h.num("PEXPIRETIME", "b")).isEqualTo(now + 100_000);
    assertThat(h.num("PEXPIREAT", "c", Long.toString(now + 1234))).isEqualTo(1);
    assertThat(h.num("PTTL", "c")).isEqualTo(1234);
  }

  @Test
  void expireOnMissingKeyAnswersZero() {
    for (String cmd : List.of("EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT")) {
      assertThat(h.num(cmd, "nokey", "100")).as(cmd).isZero();
      assertThat(h.num(cmd, "nokey", "-1")).as(cmd).isZero();
    }
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void expireInThePastDeletesTheKey() {
    set(h, "a", "v", "b", "v", "c", "v", "d", "v", "e", "v");
    assertThat(h.num("EXPIRE", "a", "0")).isEqualTo(1);
    assertThat(h.num("EXPIRE", "b", "-5")).isEqualTo(1);
    assertThat(h.num("EXPIREAT", "c", Long.toString(now / 1000 - 1))).isEqualTo(1);
    // "At the command's time" is already past: a key lives only while now <= its deadline and
    // Redis deletes when the new deadline is <= now.
    assertThat(h.num("PEXPIREAT", "d", Long.toString(now))).isEqualTo(1);
    assertThat(h.num("PEXPIREAT", "e", "-9223372036854775808")).isEqualTo(1);
    assertThat(h.num("EXISTS", "a", "b", "c", "d", "e")).isZero();
    assertThat(h.num("DBSIZE")).isZero();
  }

  @Test
  void expireOneMillisecondAheadKeepsTheKey() {
    set(h, "k", "v");
    assertThat(h.num("PEXPIREAT", "k", Long.toString(now + 1))).isEqualTo(1);
    assertThat(h.num("PTTL", "k")).isEqualTo(1);
    assertThat(h.num("TTL", "k")).isZero();
  }

  @Test
  void expireReplacesAnExistingTtl() {
    setWithExpiry(h, "k", "v", now + 100_000);
    assertThat(h.num("EXPIRE", "k", "5")).isEqualTo(1);
    assertThat(h.num("TTL", "k")).isEqualTo(5);
    assertThat(h.engine.read(Keyspace::expiresSize)).isEqualTo(1);
  }

  // ---- NX / XX / GT / LT ----

  @Test
  void optionsOnAKeyWithoutTtl() {
    set(h, "k", "v");
    assertThat(h.num("EXPIRE", "k", "100", "XX")).isZero();
    // No TTL is an infinite TTL: nothing is greater, everything is less.
    assertThat(h.num("EXPIRE", "k", "100", "GT")).isZero();
    assertThat(h.num("EXPIRE", "k", "100", "XX", "GT")).isZero();
    assertThat(h.num("TTL", "k")).isEqualTo(-1);
    assertThat(h.drainPropagated()).isEmpty();
    assertThat(h.num("EXPIRE", "k", "100", "LT")).isEqualTo(1);
    assertThat(h.num("TTL", "k")).isEqualTo(100);
    h.num("PERSIST", "k");
    assertThat(h.num("EXPIRE", "k", "100", "nx")).isEqualTo(1);
    assertThat(h.num("TTL", "k")).isEqualTo(100);
  }

  @Test
  void optionsOnAKeyWithTtl() {
    set(h, "k", "v");
    h.num("EXPIRE", "k", "100");
    h.drainPropagated();
    assertThat(h.num("EXPIRE", "k", "50", "NX")).isZero();
    assertThat(h.num("EXPIRE", "k", "50", "GT")).isZero();
    assertThat(h.num("EXPIRE", "k", "100", "GT")).as("equal is not greater").isZero();
    assertThat(h.num("EXPIRE", "k", "300", "LT")).isZero();
    assertThat(h.num("EXPIRE", "k", "100", "LT")).as("equal is not less").isZero();
    assertThat(h.num("TTL", "k")).isEqualTo(100);
    assertThat(h.drainPropagated()).isEmpty();
    assertThat(h.num("EXPIRE", "k", "200", "GT")).isEqualTo(1);
    assertThat(h.num("TTL", "k")).isEqualTo(200);
    assertThat(h.num("EXPIRE", "k", "150", "LT")).isEqualTo(1);
    assertThat(h.num("TTL", "k")).isEqualTo(150);
    assertThat(h.num("EXPIRE", "k", "300", "XX", "GT")).isEqualTo(1);
    assertThat(h.num("EXPIRE", "k", "120", "XX", "LT")).isEqualTo(1);
    assertThat(h.num("EXPIRE", "k", "130", "XX")).isEqualTo(1);
    assertThat(h.num("TTL", "k")).isEqualTo(130);
  }

  @Test
  void optionsWithPastTimes() {
    set(h, "noTtl", "v", "noTtl2", "v");
    setWithExpiry(h, "ttl", "v", now + 100_000);
    // GT never beats a later deadline with a past one: the key stays.
    assertThat(h.num("EXPIRE", "ttl", "-1", "GT")).isZero();
    assertThat(h.num("TTL", "ttl")).isEqualTo(100);
    // LT on a key without TTL and NX pass, then the past time deletes.
    assertThat(h.num("EXPIRE", "noTtl", "-1", "LT")).isEqualTo(1);
    assertThat(h.num("EXPIRE", "noTtl2", "-1", "NX")).isEqualTo(1);
    assertThat(h.num("EXPIRE", "ttl", "-1", "LT")).isEqualTo(1);
    assertThat(h.num("DBSIZE")).isZero();
  }

  @Test
  void optionErrors() {
    set(h, "k", "v");
    assertThat(h.err("EXPIRE", "k", "10", "foo")).isEqualTo("ERR Unsupported option foo");
    assertThat(h.err("EXPIRE", "k", "10", "NX", "XX"))
        .isEqualTo("ERR NX and XX, GT or LT options at the same time are not compatible");
    assertThat(h.err("EXPIRE", "k", "10", "nx", "gt"))
        .isEqualTo("ERR NX and XX, GT or LT options at the same time are not compatible");
    assertThat(h.err("PEXPIRE", "k", "10", "LT", "NX"))
        .isEqualTo("ERR NX and XX, GT or LT options at the same time are not compatible");
    assertThat(h.err("EXPIREAT", "k", "10", "GT", "LT"))
        .isEqualTo("ERR GT and LT options at the same time are not compatible");
    // NX with XX and GT with LT: the NX error comes first.
    assertThat(h.err("EXPIRE", "k", "10", "NX", "XX", "GT", "LT"))
        .isEqualTo("ERR NX and XX, GT or LT options at the same time are not compatible");
    // A repeated option is fine.
    assertThat(h.num("EXPIRE", "k", "10", "NX", "NX")).isEqualTo(1);
    assertThat(h.num("TTL", "k")).isEqualTo(10);
  }

  @Test
  void errorsInRedisOrder() {
    set(h, "k", "v");
    // Options, then the number, then its range, then the key.
    assertThat(h.err("EXPIRE", "k", "abc", "foo")).isEqualTo("ERR Unsupported option foo");
    assertThat(h.err("EXPIRE", "k", "10", "foo", "bar")).isEqualTo("ERR Unsupported option foo");
    assertThat(h.err("EXPIRE", "k", "abc", "NX", "XX"))
        .isEqualTo("ERR NX and XX, GT or LT options at the same time are not compatible");
    assertThat(h.err("EXPIRE", "nokey", "10", "NX", "XX"))
        .isEqualTo("ERR NX and XX, GT or LT options at the same time are not compatible");
    assertThat(h.err("EXPIRE", "nokey", "abc")).isEqualTo("ERR value is not an integer or out of range");
    assertThat(h.err("EXPIRE", "k", "1.5")).isEqualTo("ERR value is not an integer or out of range");
    assertThat(h.err("EXPIRE", "nokey", "9223372036854776"))
        .isEqualTo("ERR invalid expire time in 'expire' command");
    assertThat(h.num("TTL", "k")).isEqualTo(-1);
  }

  @Test
  void overflowChecks() {
    set(h, "k", "v");
    assertThat(h.err("EXPIRE", "k", "9223372036854776")).isEqualTo("ERR invalid expire time in 'expire' command");
    assertThat(h.err("EXPIRE", "k", "-9223372036854776")).isEqualTo("ERR invalid expire time in 'expire' command");
    // Fits once multiplied, but not once the command's time is added.
    assertThat(h.err("EXPIRE", "k", "9223372036854775")).isEqualTo("ERR invalid expire time in 'expire' command");
    assertThat(h.err("PEXPIRE", "k", "9223372036854775807"))
        .isEqualTo("ERR invalid expire time in 'pexpire' command");
    assertThat(h.err("EXPIREAT", "k", "9223372036854776"))
        .isEqualTo("ERR invalid expire time in 'expireat' command");
    assertThat(h.err("EXPIREAT", "k", "-9223372036854776"))
        .isEqualTo("ERR invalid expire time in 'expireat' command");
    assertThat(h.err("PEXPIRE", "k", "9223372036854775808")).isEqualTo("ERR value is not an integer or out of range");
    assertThat(h.num("TTL", "k")).isEqualTo(-1);
    assertThat(h.drainPropagated()).isEmpty();
    // The largest absolute times are accepted.
    assertThat(h.num("EXPIREAT", "k", "9223372036854775")).isEqualTo(1);
    assertThat(h.num("EXPIRETIME", "k")).isEqualTo(9223372036854775L);
    assertThat(h.num("PEXPIREAT", "k", "9223372036854775807")).isEqualTo(1);
    assertThat(h.num("PEXPIRETIME", "k")).isEqualTo(Long.MAX_VALUE);
  }

  // ---- reading the TTL ----

  @Test
  void ttlOfMissingAndPersistentKeys() {
    set(h, "k", "v");
    for (String cmd : List.of("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME")) {
      assertThat(h.num(cmd, "nokey")).as(cmd).isEqualTo(-2);
      assertThat(h.num(cmd, "k")).as(cmd).isEqualTo(-1);
    }
  }

  @Test
  void ttlRoundsToTheNearestSecond() {
    setWithExpiry(h, "a", "v", now + 1499);
    setWithExpiry(h, "b", "v", now + 1500);
    setWithExpiry(h, "c", "v", now + 499);
    assertThat(h.num("TTL", "a")).isEqualTo(1);
    assertThat(h.num("TTL", "b")).isEqualTo(2);
    assertThat(h.num("TTL", "c")).isZero();
  }

  @Test
  void expiretimeRoundsToTheNearestSecond() {
    set(h, "k", "v");
    h.num("PEXPIREAT", "k", "1999999999600");
    assertThat(h.num("EXPIRETIME", "k")).isEqualTo(2000000000L);
    h.num("PEXPIREAT", "k", "1999999999400");
    assertThat(h.num("EXPIRETIME", "k")).isEqualTo(1999999999L);
    assertThat(h.num("PEXPIRETIME", "k")).isEqualTo(1999999999400L);
    // Near Long.MAX the rounding must not overflow (redis 7.0.15 answers these values).
    h.num("PEXPIREAT", "k", "9223372036854775807");
    assertThat(h.num("EXPIRETIME", "k")).isEqualTo(9223372036854776L);
    h.num("PEXPIREAT", "k", "9223372036854775307");
    assertThat(h.num("EXPIRETIME", "k")).isEqualTo(9223372036854775L);
  }

  @Test
  void ttlCountsDownWithTheClock() {
    setWithExpiry(h, "k", "v", now + 10_000);
    h.clock.advance(3_000);
    assertThat(h.num("PTTL", "k")).isEqualTo(7_000);
    assertThat(h.num("TTL", "k")).isEqualTo(7);
    assertThat(h.num("PEXPIRETIME", "k")).isEqualTo(now + 10_000);
  }

  @Test
  void keyLivesThroughItsDeadlineMillisecond() {
    setWithExpiry(h, "k", "v", now + 100);
    h.clock.advance(100);
    assertThat(h.num("PTTL", "k")).isZero();
    assertThat(h.num("TTL", "k")).isZero();
    h.clock.advance(1);
    assertThat(h.num("PTTL", "k")).isEqualTo(-2);
  }

  // ---- lazy expiry ----

  @Test
  void expiredKeyIsInvisibleToEveryLookup() {
    setWithExpiry(h, "k", "v", now + 100);
    h.clock.advance(101);
    assertThat(h.str("TYPE", "k")).isEqualTo("none");
    assertThat(h.num("EXISTS", "k")).isZero();
    assertThat(h.num("TTL", "k")).isEqualTo(-2);
    assertThat(h.num("PEXPIRETIME", "k")).isEqualTo(-2);
    assertThat(h.num("PERSIST", "k")).isZero();
    assertThat(h.num("EXPIRE", "k", "100")).isZero();
    assertThat(h.num("DEL", "k")).isZero();
    assertThat(h.err("RENAME", "k", "x")).isEqualTo("ERR no such key");
    assertThat(h.num("COPY", "k", "x")).isZero();
    assertThat(h.list("KEYS", "*")).isEmpty();
    assertThat(h.call("RANDOMKEY")).isNull();
  }

  @Test
  void lazyExpiryPropagatesDelOnce() {
    setWithExpiry(h, "k", "v", now + 100);
    h.clock.advance(101);
    assertThat(h.num("EXISTS", "k")).isZero();
    assertThat(h.drainPropagated()).containsExactly("DEL k");
    assertThat(h.num("EXISTS", "k")).isZero();
    assertThat(h.str("TYPE", "k")).isEqualTo("none");
    assertThat(h.drainPropagated()).isEmpty();
    assertThat(h.engine.read(Keyspace::expiredKeys)).isEqualTo(1);
  }

  @Test
  void lazyExpiryInsideAWriteCommandPropagatesOnlyTheDel() {
    setWithExpiry(h, "k", "v", now + 100);
    h.clock.advance(101);
    assertThat(h.num("EXPIRE", "k", "100")).isZero();
    assertThat(h.drainPropagated()).containsExactly("DEL k");
  }

  @Test
  void dbsizeCountsExpiredKeysUntilReclaimed() {
    setWithExpiry(h, "k", "v", now + 100);
    h.clock.advance(101);
    // As in Redis: DBSIZE is the table size, expired keys included until something reclaims them.
    assertThat(h.num("DBSIZE")).isEqualTo(1);
    h.num("EXISTS", "k");
    assertThat(h.num("DBSIZE")).isZero();
  }

  @Test
  void followerHidesExpiredKeysWithoutDeleting() {
    setWithExpiry(h, "k", "v", now + 100);
    h.engine.setReadOnly(true);
    h.clock.advance(101);
    assertThat(h.num("EXISTS", "k")).isZero();
    assertThat(h.num("TTL", "k")).isEqualTo(-2);
    assertThat(h.num("DBSIZE")).isEqualTo(1);
    assertThat(h.engine.activeExpireCycle(1_000_000_000L)).isZero();
    assertThat(h.drainPropagated()).isEmpty();
    h.engine.setReadOnly(false);
    assertThat(h.num("EXISTS", "k")).isZero();
    assertThat(h.drainPropagated()).containsExactly("DEL k");
  }

  // ---- the active cycle ----

  @Test
  void activeCycleReclaimsKeysNobodyTouches() {
    for (int i = 0; i < 50; i++) {
      setWithExpiry(h, "gone" + i, "v", now + 100);
    }
    setWithExpiry(h, "later", "v", now + 100_000);
    set(h, "forever", "v");
    h.clock.advance(101);
    assertThat(h.engine.activeExpireCycle(1_000_000_000L)).isEqualTo(50);
    assertThat(h.num("DBSIZE")).isEqualTo(2);
    assertThat(h.num("EXISTS", "later", "forever")).isEqualTo(2);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      expected.add("DEL gone" + i);
    }
    assertThat(h.drainPropagated()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(h.engine.read(Keyspace::expiredKeys)).isEqualTo(50);
  }

  @Test
  void activeCycleWithNothingExpiredReclaimsNothing() {
    setWithExpiry(h, "k", "v", now + 100);
    set(h, "p", "v");
    assertThat(h.engine.activeExpireCycle(1_000_000_000L)).isZero();
    assertThat(h.num("DBSIZE")).isEqualTo(2);
    assertThat(h.drainPropagated()).isEmpty();
  }

  // ---- propagation: one test per rule ----

  @Test
  void expirePropagatesAsPexpireatAbsolute() {
    set(h, "k", "v");
    h.num("EXPIRE", "k", "10");
    assertThat(h.drainPropagated()).containsExactly("PEXPIREAT k " + (now + 10_000));
  }

  @Test
  void pexpirePropagatesAsPexpireatAbsolute() {
    set(h, "k", "v");
    h.clock.advance(5);
    h.num("PEXPIRE", "k", "1500");
    assertThat(h.drainPropagated()).containsExactly("PEXPIREAT k " + (now + 5 + 1500));
  }

  @Test
  void expireatPropagatesAsPexpireatInMilliseconds() {
    set(h, "k", "v");
    long at = now / 1000 + 60;
    h.num("EXPIREAT", "k", Long.toString(at));
    assertThat(h.drainPropagated()).containsExactly("PEXPIREAT k " + at * 1000);
  }

  @Test
  void pexpireatPropagatesWithoutItsOptions() {
    set(h, "k", "v");
    h.num("PEXPIREAT", "k", Long.toString(now + 777), "NX");
    h.num("pexpire", "k", "1000", "gt");
    assertThat(h.drainPropagated()).containsExactly("PEXPIREAT k " + (now + 777), "PEXPIREAT k " + (now + 1000));
  }

  @Test
  void pastExpirePropagatesAsDel() {
    set(h, "a", "v", "b", "v");
    h.num("EXPIRE", "a", "-1");
    h.num("PEXPIREAT", "b", "1", "LT");
    assertThat(h.drainPropagated()).containsExactly("DEL a", "DEL b");
  }

  @Test
  void expireThatChangesNothingPropagatesNothing() {
    set(h, "k", "v");
    h.num("EXPIRE", "nokey", "10");
    h.num("EXPIRE", "k", "10", "XX");
    h.num("EXPIRE", "k", "10", "GT");
    h.err("EXPIRE", "k", "10", "NX", "XX");
    h.err("EXPIRE", "k", "9223372036854776");
    h.num("PERSIST", "k");
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void expireInATransactionPropagatesItsDeterministicForm() {
    set(h, "k", "v");
    Reply r = h.engine.transaction(Caller.INTERNAL, List.of(argv("EXPIRE", "k", "10"), argv("PERSIST", "k")));
    assertThat(EngineHarness.plain(r)).isEqualTo(List.of(1L, 1L));
    assertThat(h.drainPropagated())
        .containsExactly("MULTI", "PEXPIREAT k " + (now + 10_000), "PERSIST k", "EXEC");
  }

  @Test
  void replayingThePropagatedFormReachesTheSameDeadline() {
    set(h, "k", "v");
    h.num("EXPIRE", "k", "10");
    String form = h.drainPropagated().get(0);
    EngineHarness follower = KeyTestSupport.harness();
    set(follower, "k", "v");
    follower.clock.advance(4_000); // replayed later: the deadline must not move
    assertThat(follower.num(form.split(" "))).isEqualTo(1);
    assertThat(follower.num("PEXPIRETIME", "k")).isEqualTo(now + 10_000);
    follower.checkInvariants();
  }

  private static byte[][] argv(String... a) {
    byte[][] out = new byte[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }
}
