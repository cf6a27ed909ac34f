package io.restis.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.restis.persistence.support.RestisProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Crash tests with real processes: the server runs as a child JVM, writers push numbered elements
 * over HTTP ({@code RPUSH writer-N seq}, one list per writer, so a list's content proves both
 * presence and order), and the server is killed with SIGKILL at random moments, then restarted
 * on the same directory. After every restart each list must be exactly 1..n with n at least the
 * last acknowledged number: nothing acknowledged lost, nothing reordered, no gap.
 */
class CrashRecoveryTest {

  static final int WRITERS = 4;

  @TempDir
  Path dir;

  private Path data;
  private Path log;
  private final long seed = Long.getLong("crash.seed", System.nanoTime());
  private final Random rnd = new Random(seed);
  private RestisProcess server;

  private void setUp(TestInfo info) throws IOException {
    data = Files.createDirectories(dir.resolve("data"));
    log = dir.resolve("server.log");
    System.out.println(info.getDisplayName() + ": seed " + seed + " (-Dcrash.seed=" + seed + " repeats it)");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** What the writers know: the last number acknowledged, and when, per writer. */
  static final class Writers {
    final AtomicLongArray acked = new AtomicLongArray(WRITERS);
    final AtomicLongArray ackedAt = new AtomicLongArray(WRITERS);
    final ConcurrentLinkedQueue<long[]> acks = new ConcurrentLinkedQueue<>(); // {writer, seq, time}
    final AtomicLongArray sent = new AtomicLongArray(WRITERS);
    final AtomicBoolean stop = new AtomicBoolean();
    final List<Thread> threads = new ArrayList<>();
    volatile Throwable unexpected;

    void start(RestisProcess server, long[] next, boolean recordTimes) {
      stop.set(false);
      threads.clear();
      for (int w = 0; w < WRITERS; w++) {
        int id = w;
        Thread t = new Thread(() -> {
          long seq = next[id];
          while (!stop.get()) {
            sent.set(id, seq);
            JsonNode r;
            try {
              r = server.command("RPUSH", "writer-" + id, seq);
            } catch (IOException e) {
              return; // the server died under us: this write is in doubt, not acknowledged
            } catch (InterruptedException e) {
              return;
            } catch (RuntimeException e) {
              unexpected = e;
              return;
            }
            if (r.has("error")) {
              if (r.get("error").asString().startsWith("LOADING")) {
                continue;
              }
              unexpected = new AssertionError("writer " + id + " got " + r);
              return;
            }
            long len = r.get("result").asLong();
            if (len != seq) {
              unexpected = new AssertionError("writer " + id + " pushed " + seq + " but the list has " + len);
              return;
            }
            acked.set(id, seq);
            if (recordTimes) {
              acks.add(new long[] {id, seq, System.currentTimeMillis()});
            }
            seq++;
          }
        }, "writer-" + id);
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
    }

    void join() throws InterruptedException {
      stop.set(true);
      for (Thread t : threads) {
        t.join(30_000);
      }
      if (unexpected != null) {
        throw new AssertionError(unexpected);
      }
    }
  }

  /**
   * Checks every writer's list after a restart and returns the next number each should send.
   * {@code allowedLoss[w]}: how many acknowledged writes may be missing (0 for always).
   */
  private long[] verify(Writers writers, long[] allowedLoss) throws Exception {
    long[] next = new long[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
      JsonNode r = server.command("LRANGE", "writer-" + w, 0, -1);
      JsonNode list = r.get("result");
      long n = list.size();
      for (int i = 0; i < n; i++) {
        if (list.get(i).asLong() != i + 1) {
          fail("writer-" + w + " element " + i + " is " + list.get(i) + ": out of order or gap\n" + server.tail());
        }
      }
      long acked = writers.acked.get(w);
      long sent = writers.sent.get(w);
      long lost = acked - n;
      assertThat(lost).as("acknowledged writes of writer %d lost (acked %d, found %d)", w, acked, n)
          .isLessThanOrEqualTo(allowedLoss == null ? 0 : allowedLoss[w]);
      assertThat(n).as("writer %d: more elements than ever sent", w).isLessThanOrEqualTo(Math.max(sent, acked));
      next[w] = n + 1;
      writers.acked.set(w, n);
      writers.sent.set(w, n);
    }
    return next;
  }

  private RestisProcess start(String... settings) throws Exception {
    server = RestisProcess.start(data, log, settings);
    return server;
  }

  private static final String[] ALWAYS = {
      "--restis.persistence.appendonly=true",
      "--restis.persistence.appendfsync=always",
      "--restis.persistence.save=",
      // Small thresholds so that automatic compactions happen (and get killed) during the run.
      "--restis.persistence.auto-aof-rewrite-percentage=100",
      "--restis.persistence.auto-aof-rewrite-min-size=32KB"};

  @Test
  void alwaysLosesNothingAcknowledgedAcrossRandomKills(TestInfo info) throws Exception {
    setUp(info);
    Writers writers = new Writers();
    long[] next = {1, 1, 1, 1};
    int cycles = 10;
    long total = 0;
    for (int cycle = 0; cycle < cycles; cycle++) {
      start(ALWAYS);
      next = verify(writers, null);
      writers.start(server, next, false);
      Thread.sleep(200 + rnd.nextInt(1000));
      server.kill();
      writers.join();
    }
    start(ALWAYS);
    next = verify(writers, null);
    for (long n : next) {
      total += n - 1;
    }
    assertThat(total).as("writes acknowledged over the cycles").isGreaterThan(100);
    assertThat(Files.readString(log)).contains("Background AOF rewrite finished successfully");
    System.out.println("always: " + total + " writes survived " + cycles + " SIGKILLs");
  }

  @Test
  void everysecLosesAtMostAboutOneSecond(TestInfo info) throws Exception {
    setUp(info);
    String[] everysec = {"--restis.persistence.appendonly=true", "--restis.persistence.appendfsync=everysec",
        "--restis.persistence.save="};
    Writers writers = new Writers();
    long[] next = {1, 1, 1, 1};
    for (int cycle = 0; cycle < 3; cycle++) {
      start(everysec);
      long[] allowed = new long[WRITERS];
      if (cycle > 0) {
        // Acknowledged in the last second before the kill: what everysec may lose on a machine
        // crash (a killed process loses less: its writes already reached the OS).
        long killedAt = lastKill;
        for (long[] a : writers.acks) {
          if (a[2] >= killedAt - 1000) {
            allowed[(int) a[0]]++;
          }
        }
      }
      next = verify(writers, allowed);
      writers.acks.clear();
      writers.start(server, next, true);
      Thread.sleep(500 + rnd.nextInt(1000));
      lastKill = System.currentTimeMillis();
      server.kill();
      writers.join();
    }
  }

  private long lastKill;

  /**
   * Kills while a BGSAVE or a compaction is being written, with writers running: the restart
   * loads a consistent dataset (the bulk keys all there, the writers' lists intact) and leaves no
   * temporary files.
   */
  @Test
  void killsDuringSnapshotAndCompactionRecover(TestInfo info) throws Exception {
    setUp(info);
    String[] settings = {"--restis.persistence.appendonly=true", "--restis.persistence.appendfsync=always",
        "--restis.persistence.save=", "--restis.persistence.auto-aof-rewrite-percentage=0"};
    start(settings);
    int keys = 150_000;
    for (int b = 0; b < keys; b += 10_000) {
      List<Object[]> batch = new ArrayList<>();
      for (int i = b; i < b + 10_000; i++) {
        batch.add(new Object[] {"SET", "bulk:" + i, "value-" + i + "-" + "x".repeat(40)});
      }
      server.pipeline(batch);
    }
    Writers writers = new Writers();
    long[] next = {1, 1, 1, 1};
    String[] jobs = {"BGREWRITEAOF", "BGSAVE", "BGREWRITEAOF", "BGSAVE"};
    int interrupted = 0;
    int sawLoading = 0;
    for (String job : jobs) {
      writers.start(server, next, false);
      Thread.sleep(100);
      long logBefore = Files.size(log);
      JsonNode r = server.command(job);
      assertThat(r.has("result")).as("%s answered %s", job, r).isTrue();
      String kind = job.equals("BGSAVE") ? "bgsave" : "rewrite";
      boolean seen = false;
      for (int i = 0; i < 400 && !seen; i++) {
        JsonNode st = server.get("/admin/persistence");
        seen = kind.equals(st.path("inProgress").asString(null));
        if (!seen) {
          Thread.sleep(5);
        }
      }
      assertThat(seen).as("%s was seen in progress", job).isTrue();
      Thread.sleep(rnd.nextInt(60));
      server.kill();
      writers.join();
      String during = Files.readString(log).substring((int) logBefore);
      if (!during.contains("finished successfully") && !during.contains("DB saved on disk")) {
        interrupted++;
      }

      start(settings);
      if (server.startup().sawNotReady() && server.startup().sawLoadingError()) {
        sawLoading++;
      }
      assertThat(server.command("DBSIZE").get("result").asLong()).isEqualTo(keys + WRITERS);
      assertThat(server.command("GET", "bulk:" + (keys - 1)).get("result").asString()).startsWith("value-" + (keys - 1));
      next = verify(writers, null);
      try (var files = Files.list(data)) {
        assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("temp-")).toList()).isEmpty();
      }
      try (var files = Files.list(data.resolve("appendonlydir"))) {
        assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("temp-")).toList()).isEmpty();
      }
    }
    assertThat(interrupted).as("kills that landed while the snapshot was being written").isGreaterThanOrEqualTo(2);
    System.out.println(interrupted + " of " + jobs.length + " snapshots were killed while being written");
    assertThat(sawLoading).as("restarts seen answering with readiness down and LOADING").isGreaterThanOrEqualTo(1);
    assertThat(RedisToolsTest.checkAof(data.resolve("appendonlydir").resolve("appendonly.aof.manifest")))
        .contains("All AOF files and manifest are valid");
  }

  /** Snapshots only: a kill while BGSAVE writes leaves the previous dump intact and loadable. */
  @Test
  void killDuringBgsaveKeepsThePreviousDump(TestInfo info) throws Exception {
    setUp(info);
    String[] settings = {"--restis.persistence.save="};
    start(settings);
    List<Object[]> batch = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      batch.add(new Object[] {"SET", "k" + i, "v" + i});
      if (batch.size() == 10_000) {
        server.pipeline(batch);
        batch.clear();
      }
    }
    assertThat(server.command("SAVE").get("result").asString()).isEqualTo("OK");
    long firstSize = Files.size(data.resolve("dump.rdb"));
    server.command("SET", "after-save", "1");
    server.command("BGSAVE");
    server.kill();
    start(settings);
    long dbsize = server.command("DBSIZE").get("result").asLong();
    assertThat(dbsize).isIn(100_000L, 100_001L); // the old dump, or the new one if it finished
    if (dbsize == 100_000L) {
      assertThat(Files.size(data.resolve("dump.rdb"))).isEqualTo(firstSize);
    }
    try (var files = Files.list(data)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("temp-")).toList()).isEmpty();
    }
  }
}
