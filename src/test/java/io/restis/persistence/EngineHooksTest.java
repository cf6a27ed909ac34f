package io.restis.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.engine.Bytes;
import io.restis.engine.Caller;
import io.restis.engine.CommandTable;
import io.restis.engine.Engine;
import io.restis.engine.Entry;
import io.restis.engine.FakeClock;
import io.restis.engine.Keyspace;
import io.restis.engine.Persistence;
import io.restis.engine.Reply;
import io.restis.engine.StringValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine hooks persistence relies on: the durability barrier, deferred replies, loading mode,
 * loaded entries, and the serialize-before-modify hook on every write path.
 */
class EngineHooksTest {

  private final FakeClock clock = new FakeClock(1_700_000_000_000L);
  private final Engine engine = new Engine(CommandTable.standard(), clock, new SplittableRandom(1));

  private static byte[][] argv(String... parts) {
    byte[][] a = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      a[i] = parts[i].getBytes(StandardCharsets.UTF_8);
    }
    return a;
  }

  private Reply run(String... parts) {
    return engine.execute(argv(parts));
  }

  @Test
  void barrierGetsTheHighestOffsetOncePerCallAfterTheLock() {
    List<Long> waits = new ArrayList<>();
    engine.setDurabilityBarrier(offset -> {
      // Called without the engine lock: another thread can run a command meanwhile.
      Thread t = new Thread(() -> engine.execute(argv("GET", "x")));
      t.start();
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      assertThat(t.isAlive()).as("the lock was free during the wait").isFalse();
      waits.add(offset);
    });
    run("SET", "a", "1");
    run("GET", "a"); // propagates nothing: no wait
    run("DEL", "nothing"); // changes nothing: no wait
    assertThat(waits).containsExactly(1L);
    engine.pipeline(Caller.INTERNAL, List.of(argv("SET", "b", "1"), argv("GET", "b"), argv("SET", "c", "1")));
    assertThat(waits).containsExactly(1L, 3L);
    engine.transaction(Caller.INTERNAL, List.of(argv("SET", "d", "1"), argv("SET", "e", "1")));
    assertThat(waits).containsExactly(1L, 3L, 7L); // MULTI, SET, SET, EXEC
    engine.executeOnKey(Caller.INTERNAL, Bytes.of("f"), null, List.<byte[][]>of(argv("SET", "f", "1")));
    assertThat(waits).containsExactly(1L, 3L, 7L, 8L);
  }

  @Test
  void aFailingBarrierTurnsTheWritesRepliesIntoItsError() {
    engine.setDurabilityBarrier(offset -> {
      throw new IllegalStateException("MISCONF Errors writing to the AOF file: disk full");
    });
    Reply misconf = Reply.error("MISCONF Errors writing to the AOF file: disk full");
    assertThat(run("SET", "a", "1")).isEqualTo(misconf);
    assertThat(run("GET", "a")).isEqualTo(Reply.bulk("1")); // applied in memory, not acknowledged
    List<Reply> p = engine.pipeline(Caller.INTERNAL, List.of(argv("GET", "a"), argv("SET", "b", "1"), argv("GET", "b")));
    assertThat(p).containsExactly(Reply.bulk("1"), misconf, Reply.bulk("1"));
    assertThat(engine.transaction(Caller.INTERNAL, List.of(argv("SET", "c", "1"), argv("GET", "c")))).isEqualTo(misconf);
  }

  @Test
  void aPersistenceWriteRefusalStopsWritesBeforeTheyRun() {
    engine.setPersistence(new Persistence() {
      @Override
      public String save() {
        return null;
      }

      @Override
      public String bgsave(boolean schedule, boolean inTransaction) {
        return "";
      }

      @Override
      public String bgrewriteaof() {
        return "";
      }

      @Override
      public long lastSave() {
        return 0;
      }

      @Override
      public String writeRefusal() {
        return "MISCONF Errors writing to the AOF file: No space left on device";
      }
    });
    assertThat(run("SET", "a", "1")).isEqualTo(Reply.error("MISCONF Errors writing to the AOF file: No space left on device"));
    assertThat(run("EXISTS", "a")).isEqualTo(Reply.integer(0));
    assertThat(engine.execute(AofLoader.REPLAY, argv("SET", "a", "1"))).isEqualTo(Reply.OK);
  }

  @Test
  void saveDefersItsReplyUntilTheLockIsReleased() {
    boolean[] lockFree = {false};
    engine.setPersistence(new Persistence() {
      @Override
      public String save() {
        Thread t = new Thread(() -> engine.execute(argv("SET", "during-save", "1")));
        t.start();
        try {
          t.join(5000);
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        lockFree[0] = !t.isAlive();
        return null;
      }

      @Override
      public String bgsave(boolean schedule, boolean inTransaction) {
        return inTransaction ? "Background saving scheduled" : schedule ? "scheduled?" : "Background saving started";
      }

      @Override
      public String bgrewriteaof() {
        return "Background append only file rewriting started";
      }

      @Override
      public long lastSave() {
        return 42;
      }
    });
    assertThat(run("SAVE")).isEqualTo(Reply.OK);
    assertThat(lockFree[0]).isTrue();
    assertThat(run("LASTSAVE")).isEqualTo(Reply.integer(42));
    assertThat(run("BGSAVE")).isEqualTo(new Reply.Status("Background saving started"));
    assertThat(run("BGSAVE", "schedule")).isEqualTo(new Reply.Status("scheduled?"));
    assertThat(run("BGSAVE", "now")).isEqualTo(Reply.error("ERR syntax error"));
    assertThat(run("SAVE", "x")).isEqualTo(Reply.error("ERR wrong number of arguments for 'save' command"));
    Reply tx = engine.transaction(Caller.INTERNAL, List.of(argv("SAVE"), argv("BGSAVE")));
    assertThat(((Reply.Multi) tx).items()).containsExactly(
        Reply.error("ERR Command not allowed inside a transaction"), new Reply.Status("Background saving scheduled"));
  }

  /** Arity, flags and ACL categories as COMMAND INFO answers on redis 7.0.15. */
  @Test
  void commandRowsMatchRedis() {
    CommandTable t = engine.table();
    assertThat(t.lookup("save").arity()).isEqualTo(1);
    assertThat(t.lookup("bgsave").arity()).isEqualTo(-1);
    assertThat(t.lookup("bgrewriteaof").arity()).isEqualTo(1);
    assertThat(t.lookup("lastsave").arity()).isEqualTo(1);
    for (String admin : List.of("save", "bgsave", "bgrewriteaof")) {
      assertThat(t.lookup(admin).flags()).containsExactly(io.restis.engine.CommandFlag.ADMIN);
      assertThat(t.lookup(admin).aclCategories()).containsExactlyInAnyOrder(io.restis.engine.AclCategory.ADMIN,
          io.restis.engine.AclCategory.SLOW, io.restis.engine.AclCategory.DANGEROUS);
    }
    assertThat(t.lookup("lastsave").flags()).containsExactlyInAnyOrder(io.restis.engine.CommandFlag.LOADING,
        io.restis.engine.CommandFlag.STALE, io.restis.engine.CommandFlag.FAST);
    assertThat(t.lookup("lastsave").aclCategories()).containsExactlyInAnyOrder(io.restis.engine.AclCategory.ADMIN,
        io.restis.engine.AclCategory.FAST, io.restis.engine.AclCategory.DANGEROUS);
  }

  @Test
  void withoutPersistenceTheCommandsSaySo() {
    assertThat(run("SAVE")).isEqualTo(Reply.error("ERR Persistence is not configured"));
    assertThat(run("LASTSAVE")).isEqualTo(Reply.error("ERR Persistence is not configured"));
  }

  @Test
  void loadingRefusesClientsFreezesExpiryAndKeepsAbsoluteTimes() {
    run("SET", "k", "v", "PXAT", Long.toString(clock.millis() + 1000));
    List<String> propagated = new ArrayList<>();
    engine.addWriteListener((o, a) -> propagated.add(new String(a[0], StandardCharsets.UTF_8)));
    engine.setLoading(true);
    assertThat(run("GET", "k")).isEqualTo(Reply.error("LOADING Redis is loading the dataset in memory"));
    assertThat(run("TIME")).isInstanceOf(Reply.Multi.class); // flagged loading-ok
    clock.advance(5000);
    Caller replay = AofLoader.REPLAY;
    // The key expired by the clock, but while loading nothing expires: the replayed write
    // applies to the key as it was when it was logged.
    assertThat(engine.execute(replay, argv("APPEND", "k", "+"))).isEqualTo(Reply.integer(2));
    // A logged absolute time in the past (by the clock) is not "past" while loading.
    assertThat(engine.execute(replay, argv("PEXPIREAT", "k", Long.toString(clock.millis() - 1000))))
        .isEqualTo(Reply.integer(1));
    assertThat(engine.activeExpireCycle(1_000_000)).isZero();
    assertThat(propagated).as("nothing replayed is propagated").isEmpty();
    engine.setLoading(false);
    assertThat(run("GET", "k")).isEqualTo(Reply.NIL);
  }

  @Test
  void loadedEntriesKeepTheirExpiryAndRefuseDuplicates() {
    long at = clock.millis() + 10_000;
    boolean[] results = new boolean[2];
    engine.load(ks -> {
      results[0] = ks.load(Bytes.of("a"), new StringValue("1".getBytes()), at);
      results[1] = ks.load(Bytes.of("a"), new StringValue("2".getBytes()), Entry.NO_EXPIRY);
    });
    assertThat(results).containsExactly(true, false);
    assertThat(run("GET", "a")).isEqualTo(Reply.bulk("1"));
    assertThat(run("PEXPIRETIME", "a")).isEqualTo(Reply.integer(at));
    engine.restoreOffset(100);
    run("SET", "b", "1");
    assertThat(engine.offset()).isEqualTo(101);
  }

  /** Records what the hook saw, as "key=value" of the value before the change. */
  private static final class Recorder implements Keyspace.SnapshotHook {
    final List<String> seen = new ArrayList<>();

    @Override
    public void beforeChange(Bytes key, Entry entry) {
      String v = entry.value() instanceof StringValue s ? new String(s.bytes(), StandardCharsets.UTF_8)
          : entry.value().type().redisName();
      seen.add(new String(key.bytes(), StandardCharsets.UTF_8) + "=" + v + (entry.hasExpiry() ? "@" + entry.expireAt() : ""));
    }
  }

  @Test
  void everyWritePathSerializesFirstAndOnlyOnce() {
    long at = clock.millis() + 1000;
    for (String k : List.of("set", "del", "exp", "per", "ren", "app", "lazy", "active", "read")) {
      run("SET", k, k + "0");
    }
    run("PEXPIREAT", "per", Long.toString(at + 50_000));
    run("PEXPIREAT", "lazy", Long.toString(at));
    run("PEXPIREAT", "active", Long.toString(at));
    run("RPUSH", "list", "a");
    Recorder rec = new Recorder();
    engine.read(ks -> {
      ks.beginSnapshot(rec);
      return null;
    });
    run("GET", "read"); // reads do not serialize
    run("SET", "set", "x");
    run("SET", "set", "y"); // once per entry
    run("DEL", "del");
    run("EXPIRE", "exp", "100");
    run("PERSIST", "per");
    run("RENAME", "ren", "renamed");
    run("APPEND", "app", "!");
    run("RPUSH", "list", "b");
    run("SET", "created-after", "1");
    run("SET", "created-after", "2"); // not part of the snapshot at all
    clock.advance(2000);
    run("GET", "lazy"); // lazy expiry deletes it: serialized first
    engine.activeExpireCycle(1_000_000);
    assertThat(rec.seen).containsExactly("set=set0", "del=del0", "exp=exp0", "per=per0@" + (at + 50_000),
        "ren=ren0", "app=app0", "list=list", "lazy=lazy0@" + at, "active=active0@" + at);
    // The walk skips what the hook already serialized and what was created after the start.
    List<String> walked = new ArrayList<>();
    engine.read(ks -> {
      long c = 0;
      do {
        c = ks.snapshotScan(c, (k, e) -> walked.add(new String(k.bytes(), StandardCharsets.UTF_8)));
      } while (c != 0);
      ks.endSnapshot();
      return null;
    });
    assertThat(walked).containsExactlyInAnyOrder("read");
  }

  @Test
  void flushDuringASnapshotHandsTheOldTableToTheWalk() {
    for (int i = 0; i < 100; i++) {
      run("SET", "k" + i, "v");
    }
    Recorder rec = new Recorder();
    List<String> walked = new ArrayList<>();
    long[] cursor = {0};
    engine.read(ks -> {
      ks.beginSnapshot(rec);
      cursor[0] = ks.snapshotScan(0, (k, e) -> walked.add(new String(k.bytes(), StandardCharsets.UTF_8)));
      return null;
    });
    run("FLUSHALL");
    run("SET", "new", "1");
    run("FLUSHALL");
    assertThat(rec.seen).isEmpty(); // the flush serialized nothing in the writer's path
    engine.read(ks -> {
      while (cursor[0] != 0) {
        cursor[0] = ks.snapshotScan(cursor[0], (k, e) -> walked.add(new String(k.bytes(), StandardCharsets.UTF_8)));
      }
      ks.endSnapshot();
      return null;
    });
    assertThat(walked).hasSize(100).doesNotContain("new");
  }
}
