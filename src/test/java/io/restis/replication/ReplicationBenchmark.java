package io.restis.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Write throughput of a leader with 0, 1 and 2 followers, and the followers' lag under that load:
 * real JVMs on loopback, clients sending SETs over {@code POST /redis/pipeline} (50 per request)
 * and over {@code POST /redis} (one per request). Not part of the test suite; run with
 *
 * <pre>./mvnw -q -o test -Dtest=ReplicationBenchmark -Dreplication.bench=true</pre>
 *
 * <p>and read the table it prints (BENCHMARKS.md has a run). Lag is sampled from the leader's
 * {@code GET /admin/replication} every 100 ms: writes not yet acknowledged, and the age of the
 * oldest of them.
 */
@EnabledIfSystemProperty(named = "replication.bench", matches = "true")
class ReplicationBenchmark {

  static final int CLIENTS = Integer.getInteger("replication.bench.clients", 4);
  static final long WARMUP_MS = Long.getLong("replication.bench.warmup", 5000);
  static final long MEASURE_MS = Long.getLong("replication.bench.measure", 10000);

  @TempDir
  Path dir;

  record Row(String mode, int followers, double writesPerSecond, double meanLag, long maxLag, double meanLagMs,
      double maxLagMs, long catchUpMs) {}

  @Test
  void writeThroughputAndLag() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int pipeline : new int[] {50, 1}) {
      for (int followers = 0; followers <= 2; followers++) {
        rows.add(run(pipeline, followers));
      }
    }
    System.out.println();
    System.out.println("| Requests | Followers | SET/s at the leader | Lag, writes (mean / max) | Lag, ms (mean / max) "
        + "| Caught up after the load (ms) |");
    System.out.println("|---|---|---|---|---|---|");
    for (Row r : rows) {
      System.out.println(String.format(Locale.ROOT, "| %s | %d | %,.0f | %s | %s | %s |", r.mode(), r.followers(),
          r.writesPerSecond(), r.followers() == 0 ? "-" : String.format(Locale.ROOT, "%.0f / %d", r.meanLag(), r.maxLag()),
          r.followers() == 0 ? "-" : String.format(Locale.ROOT, "%.1f / %.0f", r.meanLagMs(), r.maxLagMs()),
          r.followers() == 0 ? "-" : Long.toString(r.catchUpMs())));
    }
  }

  private Row run(int pipeline, int followerCount) throws Exception {
    String tag = "p" + pipeline + "-f" + followerCount;
    List<String> common = List.of("--restis.replication.secret=bench", "--restis.persistence.save=");
    List<NodeProcess> nodes = new ArrayList<>();
    try {
      NodeProcess leader = NodeProcess.launch(dir.resolve(tag + "-leader"), 0, dir.resolve(tag + "-leader.log"),
          common);
      nodes.add(leader);
      leader.awaitReady(120);
      for (int i = 0; i < followerCount; i++) {
        List<String> s = new ArrayList<>(common);
        s.addAll(List.of("--restis.replication.role=follower", "--restis.replication.leader-url=" + leader.node.url));
        nodes.add(NodeProcess.launch(dir.resolve(tag + "-f" + i), 0, dir.resolve(tag + "-f" + i + ".log"), s));
      }
      for (NodeProcess n : nodes) {
        n.awaitReady(120);
      }
      AtomicBoolean measuring = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong acked = new AtomicLong();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Random rnd = new Random(c);
        Thread t = new Thread(() -> {
          String value = "v".repeat(16);
          while (!stop.get()) {
            try {
              Node.Answer a;
              if (pipeline == 1) {
                a = leader.node.command("SET", "key:" + rnd.nextInt(100_000), value);
              } else {
                List<String[]> batch = new ArrayList<>(pipeline);
                for (int i = 0; i < pipeline; i++) {
                  batch.add(new String[] {"SET", "key:" + rnd.nextInt(100_000), value});
                }
                a = leader.node.json("POST", "/redis/pipeline", Node.JSON.writeValueAsString(batch));
              }
              if (a.status() == 200 && measuring.get()) {
                acked.addAndGet(pipeline);
              }
            } catch (Exception e) {
              return;
            }
          }
        });
        t.setDaemon(true);
        clients.add(t);
        t.start();
      }
      Thread.sleep(WARMUP_MS);
      measuring.set(true);
      long t0 = System.nanoTime();
      long lagSum = 0;
      long maxLag = 0;
      double lagMsSum = 0;
      double maxLagMs = 0;
      int samples = 0;
      while (System.nanoTime() - t0 < MEASURE_MS * 1_000_000) {
        Thread.sleep(100);
        if (followerCount == 0) {
          continue;
        }
        for (JsonNode f : leader.node.status().get("followers")) {
          long lag = f.get("lagCommands").asLong();
          double ms = f.get("lagSeconds").asDouble() * 1000;
          lagSum += lag;
          lagMsSum += ms;
          maxLag = Math.max(maxLag, lag);
          maxLagMs = Math.max(maxLagMs, ms);
          samples++;
        }
      }
      measuring.set(false);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long writes = acked.get();
      stop.set(true);
      for (Thread t : clients) {
        t.join(30_000);
      }
      long stopped = System.nanoTime();
      long catchUp = 0;
      if (followerCount > 0) {
        long target = leader.node.offset();
        for (NodeProcess n : nodes.subList(1, nodes.size())) {
          n.node.awaitStatus(s -> s.get("offset").asLong() >= target, 60, "catching up");
        }
        catchUp = (System.nanoTime() - stopped) / 1_000_000;
        String sha = leader.node.digest().get("sha256").asString();
        for (NodeProcess n : nodes.subList(1, nodes.size())) {
          assertThat(n.node.digest().get("sha256").asString()).isEqualTo(sha);
        }
      }
      Row r = new Row(pipeline == 1 ? "1 SET" : pipeline + " SETs", followerCount, writes / seconds,
          samples == 0 ? 0 : (double) lagSum / samples, maxLag, samples == 0 ? 0 : lagMsSum / samples, maxLagMs,
          catchUp);
      System.out.println(r);
      return r;
    } finally {
      for (NodeProcess n : nodes) {
        n.close();
      }
    }
  }
}
