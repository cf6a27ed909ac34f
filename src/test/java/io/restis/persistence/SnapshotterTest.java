package io.restis.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.engine.Caller;
import io.restis.engine.Engine;
import io.restis.engine.Reply;
import io.restis.persistence.support.Datasets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Point-in-time snapshots: the file holds the dataset exactly as it was at the recorded offset,
 * whatever writers did while it was written.
 */
class SnapshotterTest {

  static final Caller REPLAY = new Caller() {
    @Override
    public boolean isLeaderLink() {
      return true;
    }
  };

  static byte[][] argv(String... parts) {
    byte[][] a = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      a[i] = parts[i].getBytes(StandardCharsets.UTF_8);
    }
    return a;
  }

  static Reply run(Engine e, String... parts) {
    return e.execute(argv(parts));
  }

  /** Writes its bytes, and on the first write after the header runs an action (outside the lock). */
  static final class InterferingStream extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final Runnable action;
    int writes;

    InterferingStream(Runnable action) {
      this.action = action;
    }

    @Override
    public void write(int b) {
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
      if (++writes == 2) {
        action.run(); // between the first and the second step of the walk
      }
    }
  }

  static Engine load(byte[] rdb, long[] offsetOut) throws IOException {
    Engine e = Engine.standard();
    RdbLoader.Loaded l = RdbLoader.load(e, new ByteArrayInputStream(rdb), "test.rdb", false, null);
    offsetOut[0] = l.offset();
    return e;
  }

  @Test
  void writesDuringTheWalkDoNotReachTheSnapshot() throws IOException {
    Engine engine = Engine.standard();
    long future = System.currentTimeMillis() + 3_600_000;
    for (int i = 0; i < 5000; i++) {
      run(engine, "SET", "k" + i, "v" + i);
      run(engine, "RPUSH", "l" + i, "a", "b");
    }
    run(engine, "PEXPIREAT", "k7", Long.toString(future));
    SortedMap<String, String> before = Datasets.describe(engine);
    long offsetBefore = engine.offset();

    InterferingStream out = new InterferingStream(() -> {
      for (int i = 0; i < 5000; i += 3) {
        run(engine, "SET", "k" + i, "changed");
        run(engine, "RPUSH", "l" + i, "c");
        run(engine, "DEL", "l" + (i + 1));
        run(engine, "SET", "new" + i, "x");
      }
      run(engine, "PERSIST", "k7");
      run(engine, "FLUSHALL");
      run(engine, "SET", "after-flush", "1");
    });
    List<long[]> progress = new ArrayList<>();
    Snapshotter.Result r = new Snapshotter(engine).write(out, Map.of(), null,
        (done, total) -> progress.add(new long[] {done, total}));
    assertThat(out.writes).as("the walk took several steps").isGreaterThan(3);
    assertThat(progress).hasSizeGreaterThan(2);
    for (int i = 1; i < progress.size(); i++) {
      assertThat(progress.get(i)[0]).isGreaterThanOrEqualTo(progress.get(i - 1)[0]);
      assertThat(progress.get(i)[1]).isEqualTo(10_000);
    }
    assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(10_000);
    assertThat(r.offset()).isEqualTo(offsetBefore);
    assertThat(r.keys()).isEqualTo(10_000);

    long[] off = new long[1];
    Engine loaded = load(out.bytes.toByteArray(), off);
    assertThat(off[0]).isEqualTo(offsetBefore);
    assertThat(Datasets.describe(loaded)).isEqualTo(before);
    assertThat(Datasets.describe(engine)).containsOnlyKeys("after-flush");
    // A later snapshot sees the new state: epochs do not leak between snapshots.
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    new Snapshotter(engine).write(again, Map.of(), null, null);
    assertThat(Datasets.describe(load(again.toByteArray(), off))).isEqualTo(Datasets.describe(engine));
  }

  @Test
  void emptyDatasetMakesAValidFile() throws IOException {
    Engine engine = Engine.standard();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Snapshotter.Result r = new Snapshotter(engine).write(out, Map.of("aof-base", "1"), null, null);
    assertThat(r.keys()).isZero();
    long[] off = new long[1];
    assertThat(Datasets.describe(load(out.toByteArray(), off))).isEmpty();
    // And a snapshot can start again afterwards.
    run(engine, "SET", "a", "1");
    out.reset();
    assertThat(new Snapshotter(engine).write(out, Map.of(), null, null).keys()).isEqualTo(1);
  }

  /**
   * Concurrent writers while snapshots are written: replaying the writes propagated after the
   * snapshot's offset onto the loaded snapshot yields exactly the final dataset.
   */
  @Test
  void snapshotPlusLaterLogEqualsFinalState() throws Exception {
    Engine engine = Engine.standard();
    List<Object[]> log = new ArrayList<>();
    engine.addWriteListener((offset, argv) -> log.add(new Object[] {offset, argv}));
    for (int i = 0; i < 20_000; i++) {
      run(engine, "SET", "k" + i, "v" + i);
      if (i % 4 == 0) {
        run(engine, "RPUSH", "l" + (i % 500), "e" + i);
      }
    }
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(2);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread w = new Thread(() -> {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        started.countDown();
        while (!stop.get()) {
          int k = rnd.nextInt(25_000);
          switch (rnd.nextInt(6)) {
            case 0 -> run(engine, "DEL", "k" + k);
            case 1 -> run(engine, "RPUSH", "l" + (k % 600), "w" + k);
            case 2 -> run(engine, "LPOP", "l" + (k % 600));
            case 3 -> run(engine, "APPEND", "k" + k, "+");
            default -> run(engine, "SET", "k" + k, "w" + k);
          }
        }
      });
      w.start();
      writers.add(w);
    }
    started.await();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Snapshotter.Result r = new Snapshotter(engine).write(out, Map.of(), null, null);
    Thread.sleep(50);
    stop.set(true);
    for (Thread w : writers) {
      w.join();
    }
    long[] off = new long[1];
    Engine replica = load(out.toByteArray(), off);
    assertThat(off[0]).isEqualTo(r.offset());
    List<Object[]> after;
    synchronized (log) {
      after = new ArrayList<>(log);
    }
    int replayed = 0;
    for (Object[] entry : after) {
      if ((Long) entry[0] > r.offset()) {
        Reply reply = replica.execute(REPLAY, (byte[][]) entry[1]);
        assertThat(reply).isNotInstanceOf(Reply.Error.class);
        replayed++;
      }
    }
    assertThat(replayed).as("writes happened during and after the snapshot").isGreaterThan(0);
    assertThat(Datasets.describe(replica)).isEqualTo(Datasets.describe(engine));
  }
}
