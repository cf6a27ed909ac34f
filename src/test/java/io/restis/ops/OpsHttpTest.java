package io.restis.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operations face of the whole application over real HTTP, with persistence on (append-only
 * log, fsync always): the probes, INFO as a command and as a resource, and the Prometheus
 * endpoint scraped while clients write, its store metrics moving (hits, misses and expired keys
 * among them).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OpsHttpTest {

  @TempDir
  static Path dir;

  @DynamicPropertySource
  static void persistence(DynamicPropertyRegistry r) {
    r.add("restis.persistence.enabled", () -> "true");
    r.add("restis.persistence.dir", () -> dir.toString());
    r.add("restis.persistence.appendonly", () -> "true");
    r.add("restis.persistence.appendfsync", () -> "always");
    r.add("restis.persistence.save", () -> "");
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort
  int port;

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode command(String... argv) throws IOException, InterruptedException {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < argv.length; i++) {
      sb.append(i == 0 ? "" : ",").append(JSON.writeValueAsString(argv[i]));
    }
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/redis"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(sb.append(']').toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private Scrape scrape() throws IOException, InterruptedException {
    HttpResponse<String> r = get("/actuator/prometheus");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    return Scrape.parse(r.body());
  }

  @Test
  void probesAnswerOnTheActuatorGroups() throws Exception {
    for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
      HttpResponse<String> r = get(probe);
      assertThat(r.statusCode()).as(probe).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("status").asString()).as(probe).isEqualTo("UP");
    }
  }

  @Test
  void infoAsACommandInRedisTextFormat() throws Exception {
    command("SET", "info:a", "1");
    String info = command("INFO").get("result").asString();
    assertThat(info).startsWith("# Server\r\nredis_version:7.0.15\r\n");
    assertThat(info).contains("\r\nrestis_version:0.1.0-SNAPSHOT\r\n", "\r\ntcp_port:" + port + "\r\n");
    // The INFO request itself is in flight while it renders.
    assertThat(info).containsPattern("\r\n# Clients\r\nconnected_clients:[1-9][0-9]*\r\n");
    assertThat(info).contains("\r\n# Persistence\r\nloading:0\r\n", "\r\naof_enabled:1\r\n",
        "\r\naof_last_write_status:ok\r\n", "\r\naof_fsync:always\r\n");
    assertThat(info).containsPattern("\r\n# Keyspace\r\ndb0:keys=[1-9][0-9]*,expires=\\d+,avg_ttl=\\d+\r\n$");
    assertThat(info).doesNotContain("# Commandstats");
    String stats = command("INFO", "commandstats").get("result").asString();
    assertThat(stats).startsWith("# Commandstats\r\n").containsPattern("\r\ncmdstat_set:calls=[1-9]");
  }

  @Test
  void infoAsAResource() throws Exception {
    command("SET", "res:a", "1");
    command("SET", "res:b", "2", "PX", "600000");
    HttpResponse<String> r = get("/admin/info?section=keyspace,persistence&section=server");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode info = JSON.readTree(r.body());
    List<String> names = new ArrayList<>();
    info.propertyNames().forEach(names::add);
    assertThat(names).containsExactly("server", "persistence", "keyspace");
    assertThat(info.get("server").get("redis_version").asString()).isEqualTo("7.0.15");
    assertThat(info.get("server").get("tcp_port").asLong()).isEqualTo(port);
    assertThat(info.get("persistence").get("aof_enabled").isNumber()).isTrue();
    JsonNode db0 = info.get("keyspace").get("db0");
    assertThat(db0.get("keys").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(db0.get("expires").asLong()).isGreaterThanOrEqualTo(1);

    JsonNode defaults = JSON.readTree(get("/admin/info").body());
    List<String> all = new ArrayList<>();
    defaults.propertyNames().forEach(all::add);
    assertThat(all).containsExactly("server", "clients", "memory", "persistence", "stats", "replication", "cluster",
        "keyspace");
    assertThat(JSON.readTree(get("/admin/info?section=all").body()).has("commandstats")).isTrue();

    HttpResponse<String> bad = get("/admin/info?section=nosuch");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("detail").asString()).contains("unknown INFO section 'nosuch'");
  }

  @Test
  void prometheusStoreMetricsMoveUnderLoad() throws Exception {
    Scrape before = scrape();
    assertThat(before.get("restis_loading")).isZero();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong sent = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int id = w;
      Thread t = new Thread(() -> {
        long i = 0;
        while (!stop.get()) {
          try {
            command("SET", "load:" + id + ":" + i, "v");
            command("GET", "load:" + id + ":" + (i / 2));
            command("GET", "absent:" + id + ":" + i); // a miss
            // A key that expires at once (a set, so that the count of string keys only grows), found
            // expired by the next round's lookup: removed and counted.
            command("SADD", "brief:" + id + ":" + i, "m");
            command("PEXPIRE", "brief:" + id + ":" + i, "1");
            command("EXISTS", "brief:" + id + ":" + (i - 1));
            command("RPUSH", "list:" + id, Long.toString(i));
            sent.incrementAndGet();
          } catch (IOException | InterruptedException e) {
            return;
          }
          i++;
        }
      });
      t.start();
      writers.add(t);
    }
    List<Scrape> during = new ArrayList<>();
    String sets = "restis_commands_total{command=\"set\"}";
    try {
      // A command's series appear from the scrape after the one that first saw it used.
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!scrape().has(sets) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      for (int i = 0; i < 4; i++) {
        Thread.sleep(700); // beyond the sampler's half second: every scrape reads the engine anew
        during.add(scrape());
      }
    } finally {
      stop.set(true);
      for (Thread t : writers) {
        t.join(10_000);
      }
    }
    assertThat(sent.get()).isPositive();
    Scrape first = during.get(0);
    Scrape last = during.get(during.size() - 1);
    String strings = "restis_keys{type=\"string\"}";
    // The counters only grow from scrape to scrape, and they moved over the load (a scrape apart
    // they may stand still on a machine that stalls the writers for a moment).
    for (int i = 1; i < during.size(); i++) {
      assertThat(during.get(i).get(sets)).as("SET calls, scrape %d", i)
          .isGreaterThanOrEqualTo(during.get(i - 1).get(sets));
      assertThat(during.get(i).get(strings)).as("string keys, scrape %d", i)
          .isGreaterThanOrEqualTo(during.get(i - 1).get(strings));
    }
    assertThat(last.get(sets)).isGreaterThan(first.get(sets));
    assertThat(last.get(strings)).isGreaterThan(first.get(strings));
    assertThat(last.get(strings)).isGreaterThan(before.get(strings));
    assertThat(last.get("restis_keys{type=\"list\"}")).isEqualTo(4);
    assertThat(last.get("restis_commands_total{command=\"rpush\"}")).isGreaterThan(first.get(
        "restis_commands_total{command=\"rpush\"}"));
    assertThat(last.get("restis_commands_duration_seconds_total{command=\"set\"}")).isPositive();
    assertThat(last.get("restis_keyspace_hits_total")).isGreaterThan(first.get("restis_keyspace_hits_total"));
    assertThat(last.get("restis_keyspace_misses_total")).isGreaterThan(first.get("restis_keyspace_misses_total"));
    assertThat(last.get("restis_keyspace_expired_total")).isGreaterThan(first.get("restis_keyspace_expired_total"));
    assertThat(last.get("restis_changes_total")).isGreaterThan(first.get("restis_changes_total"));
    assertThat(last.get("restis_replication_offset")).isGreaterThan(first.get("restis_replication_offset"));
    assertThat(last.get("restis_memory_used_bytes")).isPositive();
    // The log grew and every write was fsynced (appendfsync always), and the fsyncs were timed.
    assertThat(last.get("restis_aof_size_bytes")).isGreaterThan(first.get("restis_aof_size_bytes"));
    assertThat(last.get("restis_aof_fsync_seconds_count")).isGreaterThan(first.get("restis_aof_fsync_seconds_count"));
    assertThat(last.get("restis_aof_fsync_seconds_sum")).isPositive();
    assertThat(last.get("restis_aof_write_failed")).isZero();
    // Never-used commands make no series.
    assertThat(last.has("restis_commands_total{command=\"zunionstore\"}")).isFalse();

    // A snapshot: its status shows in the snapshot metrics.
    assertThat(last.get("restis_snapshot_last_size_bytes")).isNaN();
    long beforeSave = System.currentTimeMillis() / 1000;
    assertThat(command("SAVE").get("result").asString()).isEqualTo("OK");
    Thread.sleep(600);
    Scrape saved = scrape();
    assertThat(saved.get("restis_snapshot_last_size_bytes")).isPositive();
    assertThat(saved.get("restis_snapshot_last_keys")).isGreaterThanOrEqualTo(last.get(strings));
    assertThat(saved.get("restis_snapshot_last_ok")).isEqualTo(1);
    assertThat(saved.get("restis_snapshot_last_duration_seconds")).isGreaterThanOrEqualTo(0);
    assertThat(saved.get("restis_snapshot_last_success_time_seconds")).isGreaterThanOrEqualTo(beforeSave);
    assertThat(saved.get("restis_snapshot_in_progress")).isZero();
    assertThat(saved.get("restis_snapshot_pending_changes")).isZero();
  }
}
