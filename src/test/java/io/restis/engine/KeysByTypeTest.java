package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The per-type key counts the metrics read ({@link Keyspace#keysByType}) stay equal to a walk of
 * the table through every way a key comes, goes or changes type: creation, overwrite with another
 * type, deletion, a collection emptied, rename, copy, lazy and active expiry, flushes (also during
 * a snapshot), loading, and a follower's write over a key it hides as expired. The harness's
 * {@link EngineHarness#checkInvariants} compares the counts with the walk after each step.
 */
class KeysByTypeTest {

  private final EngineHarness h = new EngineHarness();

  private long[] counts() {
    return h.engine.read(Keyspace::keysByType);
  }

  private static long[] of(long strings, long lists, long sets, long hashes, long zsets) {
    return new long[] {strings, lists, sets, hashes, zsets};
  }

  @Test
  void countsFollowEveryKindOfChange() {
    h.str("SET", "s", "1");
    h.num("RPUSH", "l", "a", "b");
    h.num("SADD", "set", "x");
    h.num("HSET", "h", "f", "v");
    h.num("ZADD", "z", "1", "m");
    assertThat(counts()).containsExactly(of(1, 1, 1, 1, 1));
    h.checkInvariants();

    h.str("SET", "l", "now a string"); // a list overwritten by a string
    assertThat(counts()).containsExactly(of(2, 0, 1, 1, 1));
    h.num("SREM", "set", "x"); // the set emptied: the key goes
    assertThat(counts()).containsExactly(of(2, 0, 0, 1, 1));
    h.str("RENAME", "h", "h2");
    h.num("COPY", "z", "z2");
    assertThat(counts()).containsExactly(of(2, 0, 0, 1, 2));
    h.num("DEL", "s", "z");
    assertThat(counts()).containsExactly(of(1, 0, 0, 1, 1));
    h.checkInvariants();

    h.num("PEXPIRE", "h2", "10");
    h.num("PEXPIRE", "z2", "10");
    h.clock.advance(20);
    assertThat(h.call("HGET", "h2", "f")).isNull(); // lazy expiry
    assertThat(counts()).containsExactly(of(1, 0, 0, 0, 1));
    h.engine.activeExpireCycle(1_000_000_000L); // active expiry
    assertThat(counts()).containsExactly(of(1, 0, 0, 0, 0));
    h.checkInvariants();

    h.str("FLUSHALL");
    assertThat(counts()).containsExactly(of(0, 0, 0, 0, 0));
    h.checkInvariants();
  }

  @Test
  void aFlushDuringASnapshotStartsTheCountsAfresh() {
    h.num("RPUSH", "l", "a");
    h.num("SADD", "s", "a");
    h.engine.read(ks -> {
      ks.beginSnapshot((k, e) -> { });
      return null;
    });
    h.str("FLUSHALL");
    h.str("SET", "k", "v");
    assertThat(counts()).containsExactly(of(1, 0, 0, 0, 0));
    h.engine.read(ks -> {
      ks.endSnapshot();
      return null;
    });
    h.checkInvariants();
  }

  @Test
  void loadedKeysAreCounted() {
    h.engine.load(ks -> {
      ks.load(Bytes.of("a"), new StringValue(new byte[] {1}), Entry.NO_EXPIRY);
      ks.load(Bytes.of("b"), new StringValue(new byte[] {2}), EngineHarness.START + 60_000);
    });
    assertThat(counts()).containsExactly(of(2, 0, 0, 0, 0));
    h.checkInvariants();
  }

  @Test
  void aKeyspaceSwappedInWholeIsRecountedOnce() {
    h.num("RPUSH", "old", "x");
    // A follower's full sync: a dataset loaded beside the engine's, then swapped in whole.
    Keyspace loaded = h.engine.newKeyspace();
    loaded.load(Bytes.of("a"), new StringValue(new byte[] {1}), Entry.NO_EXPIRY);
    loaded.load(Bytes.of("s"), SetValue.of(List.of(Bytes.of("m"))), Entry.NO_EXPIRY);
    h.engine.swapKeyspace(loaded, 7);
    assertThat(counts()).containsExactly(of(1, 0, 1, 0, 0));
    h.str("SET", "b", "2");
    assertThat(counts()).containsExactly(of(2, 0, 1, 0, 0));
    h.checkInvariants();
  }

  @Test
  void aFollowerWritingOverAKeyItHidesAsExpiredCountsOnce() {
    h.num("SADD", "k", "m");
    h.num("PEXPIRE", "k", "10");
    h.engine.setReadOnly(true);
    h.clock.advance(20);
    Caller leader = new Caller() {
      @Override
      public boolean isLeaderLink() {
        return true;
      }
    };
    // The follower hides the expired set but keeps it for the leader's DEL; a write from the
    // leader creating the key anew replaces it in the table.
    h.engine.execute(leader, "RPUSH".getBytes(), "k".getBytes(), "x".getBytes());
    assertThat(counts()).containsExactly(of(0, 1, 0, 0, 0));
    h.engine.setReadOnly(false);
    h.checkInvariants();
  }

  @Test
  void randomCommandsKeepTheCountsExact() {
    SplittableRandom rnd = new SplittableRandom(7);
    String[] keys = {"a", "b", "c", "d", "e"};
    for (int i = 0; i < 3000; i++) {
      String k = keys[rnd.nextInt(keys.length)];
      String k2 = keys[rnd.nextInt(keys.length)];
      String m = "m" + rnd.nextInt(3);
      List<String> cmd = new ArrayList<>(switch (rnd.nextInt(16)) {
        case 0 -> List.of("SET", k, "v");
        case 1 -> List.of("RPUSH", k, m);
        case 2 -> List.of("LPOP", k);
        case 3 -> List.of("SADD", k, m);
        case 4 -> List.of("SPOP", k);
        case 5 -> List.of("HSET", k, m, "v");
        case 6 -> List.of("HDEL", k, m);
        case 7 -> List.of("ZADD", k, "1", m);
        case 8 -> List.of("ZREM", k, m);
        case 9 -> List.of("DEL", k);
        case 10 -> List.of("RENAME", k, k2);
        case 11 -> List.of("COPY", k, k2, "REPLACE");
        case 12 -> List.of("PEXPIRE", k, Integer.toString(1 + rnd.nextInt(20)));
        case 13 -> List.of("GETDEL", k);
        case 14 -> List.of("SUNIONSTORE", k, k, k2);
        default -> rnd.nextInt(50) == 0 ? List.of("FLUSHDB") : List.of("EXISTS", k);
      });
      h.exec(cmd.toArray(new String[0]));
      h.clock.advance(rnd.nextInt(3));
      if (rnd.nextInt(10) == 0) {
        h.engine.activeExpireCycle(1_000_000L);
      }
      if (i % 50 == 0) {
        h.checkInvariants();
      }
    }
    h.checkInvariants();
  }
}
