package io.restis.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.RestisApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operations face of a leader and its follower (two applications in this JVM, over HTTP):
 * INFO's Replication section on each side in Redis's terms, the readiness probe of the follower,
 * and the replication meters beside the store's on /actuator/prometheus.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicationOpsTest {

  static final String SECRET = "ops-test-secret-0123456789";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private int leaderPort;
  private int followerPort;

  private int start(String... args) {
    List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
        "--logging.level.root=WARN", "--restis.replication.heartbeat-period=100ms",
        "--restis.replication.secret=" + SECRET));
    all.addAll(List.of(args));
    ConfigurableApplicationContext ctx = new SpringApplicationBuilder(RestisApplication.class)
        .run(all.toArray(new String[0]));
    contexts.add(ctx);
    return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
  }

  @BeforeAll
  void cluster() throws Exception {
    leaderPort = start();
    followerPort = start("--restis.replication.role=follower",
        "--restis.replication.leader-url=http://127.0.0.1:" + leaderPort);
    await(() -> get(followerPort, "/actuator/health/readiness").statusCode() == 200, "the follower ready");
  }

  @AfterAll
  void stop() {
    for (int i = contexts.size() - 1; i >= 0; i--) {
      contexts.get(i).close();
    }
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private String info(int port, String section) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/redis"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("[\"INFO\",\"" + section + "\"]")).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).get("result").asString();
  }

  interface Check {
    boolean holds() throws Exception;
  }

  private static void await(Check c, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        if (c.holds()) {
          return;
        }
      } catch (IOException e) {
        // not answering yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private String awaitInfo(int port, String section, Predicate<String> p, String what) throws Exception {
    String[] last = new String[1];
    await(() -> p.test(last[0] = info(port, section)), what);
    return last[0];
  }

  @Test
  void infoReplicationOnTheLeaderAndOnTheFollower() throws Exception {
    String leader = awaitInfo(leaderPort, "replication",
        s -> s.contains("\r\nconnected_slaves:1\r\n") && s.contains(",state=online,"), "the follower online");
    assertThat(leader).startsWith("# Replication\r\nrole:master\r\nconnected_slaves:1\r\n");
    assertThat(leader).containsPattern("\r\nslave0:ip=127\\.0\\.0\\.1,port=" + followerPort
        + ",state=online,offset=\\d+,lag=\\d+\r\n");
    assertThat(leader).containsPattern("\r\nmaster_replid:[0-9a-f]{40}\r\n");

    String follower = info(followerPort, "replication");
    assertThat(follower).startsWith("# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:"
        + leaderPort + "\r\nmaster_link_status:up\r\n");
    assertThat(follower).contains("\r\nmaster_sync_in_progress:0\r\n", "\r\nslave_read_only:1\r\n",
        "\r\nconnected_slaves:0\r\n");
    // The same run id on both sides: the follower serves the leader's history.
    String replId = leader.replaceAll("(?s).*\r\nmaster_replid:([0-9a-f]{40})\r\n.*", "$1");
    assertThat(follower).contains("\r\nmaster_replid:" + replId + "\r\n");
  }

  @Test
  void theFollowerCatchesUpAndTheMetersShowIt() throws Exception {
    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + leaderPort + "/redis"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("[\"SET\",\"replicated\",\"v\"]")).build(),
        HttpResponse.BodyHandlers.ofString());
    long leaderOffset = Long.parseLong(info(leaderPort, "replication")
        .replaceAll("(?s).*\r\nmaster_repl_offset:(\\d+)\r\n.*", "$1"));
    awaitInfo(followerPort, "replication", s -> s.contains("\r\nmaster_repl_offset:" + leaderOffset + "\r\n"),
        "the follower at offset " + leaderOffset);
    // Keyspace on the follower, as INFO and as the store's meters.
    assertThat(info(followerPort, "keyspace")).contains("db0:keys=");
    Scrape f = Scrape.parse(get(followerPort, "/actuator/prometheus").body());
    assertThat(f.get("restis_keys{type=\"string\"}")).isGreaterThanOrEqualTo(1);
    assertThat(f.get("restis_replication_offset")).isEqualTo(leaderOffset);
    assertThat(f.get("restis_replication_link_up")).isEqualTo(1);
    assertThat(f.get("restis_replication_leader")).isZero();
    Scrape l = Scrape.parse(get(leaderPort, "/actuator/prometheus").body());
    assertThat(l.get("restis_replication_leader")).isEqualTo(1);
    assertThat(l.get("restis_replication_offset")).isEqualTo(leaderOffset);
    await(() -> Scrape.parse(get(leaderPort, "/actuator/prometheus").body()).series().keySet().stream()
        .anyMatch(k -> k.startsWith("restis_replication_follower_lag")), "per-follower lag series");
    // One series for the offset, though the store's meters and replication's both name it.
    String text = get(leaderPort, "/actuator/prometheus").body();
    assertThat(text.lines().filter(line -> line.startsWith("restis_replication_offset ")).count()).isEqualTo(1);
  }
}
