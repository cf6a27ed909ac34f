package io.restis.engine;

import static io.restis.engine.ZSetTestSupport.checkAll;
import static io.restis.engine.ZSetTestSupport.hasTtl;
import static io.restis.engine.ZSetTestSupport.version;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What sorted-set commands do to the key around the value: versions change exactly when the set
 * changes, TTLs survive in-place changes and not STORE overwrites, expired keys read as missing.
 */
class ZSetKeyspaceEffectsTest {

  private final EngineHarness h = ZSetTestSupport.harness();

  @BeforeEach
  void fill() {
    h.num("ZADD", "k", "1", "a", "2", "b", "3", "c");
  }

  @Test
  void inPlaceChangesBumpTheVersionAndNoOpsDoNot() {
    long v = version(h, "k");
    h.num("ZADD", "k", "1", "a");
    h.num("ZADD", "k", "nx", "9", "a");
    h.num("ZREM", "k", "nope");
    h.num("ZREMRANGEBYSCORE", "k", "10", "20");
    h.list("ZPOPMIN", "k", "0");
    h.list("ZRANGE", "k", "0", "-1");
    assertThat(version(h, "k")).isEqualTo(v);
    String[][] writes = {
        {"ZADD", "k", "5", "a"}, {"ZINCRBY", "k", "1", "b"}, {"ZREM", "k", "a"},
        {"ZADD", "k", "0", "z"}, {"ZREMRANGEBYRANK", "k", "0", "0"}, {"ZADD", "k", "0", "y"},
        {"ZREMRANGEBYSCORE", "k", "0", "0"}, {"ZADD", "k", "3", "x"}, {"ZREMRANGEBYLEX", "k", "[x", "+"},
        {"ZADD", "k", "7", "w"}, {"ZPOPMAX", "k"}, {"ZADD", "k", "7", "w"}, {"ZMPOP", "1", "k", "MAX"}};
    for (String[] w : writes) {
      h.call(w);
      long now = version(h, "k");
      assertThat(now).as(String.join(" ", w)).isGreaterThan(v);
      v = now;
    }
    checkAll(h);
  }

  @Test
  void ttlSurvivesInPlaceChangesButNotStoreOverwrites() {
    h.num("PEXPIRE", "k", "10000");
    h.num("ZADD", "k", "9", "z");
    h.num("ZREM", "k", "a");
    h.list("ZPOPMIN", "k");
    assertThat(hasTtl(h, "k")).isTrue();
    h.num("ZADD", "d", "1", "q");
    h.num("PEXPIRE", "d", "10000");
    h.num("ZRANGESTORE", "d", "k", "0", "-1");
    assertThat(hasTtl(h, "d")).isFalse();
    h.num("PEXPIRE", "d", "10000");
    h.num("ZUNIONSTORE", "d", "1", "k");
    assertThat(hasTtl(h, "d")).isFalse();
    // Emptying a key with a TTL removes it from the expiry index too (checkAll checks the index).
    h.num("ZREMRANGEBYRANK", "k", "0", "-1");
    assertThat(h.num("EXISTS", "k")).isZero();
    checkAll(h);
  }

  @Test
  void expiredKeysAreMissing() {
    h.num("PEXPIRE", "k", "100");
    h.clock.advance(101);
    assertThat(h.num("ZCARD", "k")).isZero();
    assertThat(h.num("ZADD", "k", "xx", "1", "a")).isZero();
    assertThat(h.num("ZADD", "k", "1", "new")).isEqualTo(1);
    assertThat(h.list("ZRANGE", "k", "0", "-1")).containsExactly("new");
    assertThat(hasTtl(h, "k")).isFalse();
    assertThat(h.drainPropagated()).containsExactly(
        "ZADD k 1 a 2 b 3 c", "PEXPIRE k 100", "DEL k", "ZADD k 1 new");
    checkAll(h);
  }
}
