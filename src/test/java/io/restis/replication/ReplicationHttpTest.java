package io.restis.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.restis.RestisApplication;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A leader and a follower as two whole applications in this JVM, speaking real HTTP on loopback:
 * refused writes on the follower (command endpoint and resources), WAIT, read-your-writes, the
 * shared secret, ROLE and the status, metrics, REPLICAOF on the command endpoint, readiness during
 * full syncs, and a leader that requires followers to write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicationHttpTest {

  static final String SECRET = "test-secret";
  static final String READONLY = "READONLY You can't write against a read only replica.";

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private Node leader;
  private Node follower;
  private ConfigurableApplicationContext leaderContext;

  private ConfigurableApplicationContext start(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    for (String d : List.of("--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
        "--restis.replication.heartbeat-period=100ms", "--restis.replication.timeout=3s")) {
      String key = d.substring(0, d.indexOf('=') + 1);
      if (all.stream().noneMatch(a -> a.startsWith(key))) {
        all.add(d); // a default, unless the caller set it
      }
    }
    ConfigurableApplicationContext ctx = new SpringApplicationBuilder(RestisApplication.class)
        .run(all.toArray(new String[0]));
    contexts.add(ctx);
    return ctx;
  }

  private static Node node(ConfigurableApplicationContext ctx) {
    return Node.onPort(Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port")));
  }

  private ConfigurableApplicationContext startFollower(Node of, String... args) {
    List<String> all = new ArrayList<>(List.of("--restis.replication.role=follower",
        "--restis.replication.leader-url=" + of.url, "--restis.replication.secret=" + SECRET));
    all.addAll(List.of(args));
    return start(all.toArray(new String[0]));
  }

  @BeforeAll
  void cluster() throws Exception {
    leaderContext = start("--restis.replication.secret=" + SECRET);
    leader = node(leaderContext);
    follower = node(startFollower(leader, "--restis.replication.min-offset-wait=300ms"));
    follower.awaitReady(30);
  }

  @AfterAll
  void stop() {
    for (int i = contexts.size() - 1; i >= 0; i--) {
      contexts.get(i).close();
    }
  }

  private void awaitCaughtUp(Node f) throws Exception {
    long target = leader.offset();
    f.awaitStatus(s -> s.get("offset").asLong() >= target, 10, "offset " + target);
  }

  @Test
  void theFollowerRefusesClientWritesOnTheCommandEndpointNamingTheLeader() throws Exception {
    leader.command("SET", "ro", "1");
    awaitCaughtUp(follower);
    Node.Answer a = follower.command("SET", "ro", "2");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("error").asString()).isEqualTo(READONLY);
    assertThat(a.header(FollowerReadFilter.LEADER_HEADER)).isEqualTo(leader.url);
    Node.Answer pipeline = follower.json("POST", "/redis/pipeline", "[[\"GET\",\"ro\"],[\"DEL\",\"ro\"]]");
    assertThat(pipeline.status()).isEqualTo(200);
    assertThat(pipeline.json().get(0).get("result").asString()).isEqualTo("1");
    assertThat(pipeline.json().get(1).get("error").asString()).isEqualTo(READONLY);
    Node.Answer tx = follower.json("POST", "/redis/multi-exec", "[[\"INCR\",\"ro\"]]");
    assertThat(tx.json().get("error").asString()).startsWith("EXECABORT");
    assertThat(follower.command("GET", "ro").json().get("result").asString()).isEqualTo("1");
    // Reads and read-only commands run.
    assertThat(follower.command("EXISTS", "ro").json().get("result").asLong()).isEqualTo(1);
  }

  @Test
  void theFollowerRefusesResourceWritesWithA403ProblemNamingTheLeader() throws Exception {
    Node.Answer put = follower.json("PUT", "/strings/res", "{\"value\":\"v\"}");
    assertThat(put.status()).isEqualTo(403);
    assertThat(put.header("Content-Type")).startsWith("application/problem+json");
    JsonNode p = put.json();
    assertThat(p.get("error").asString()).isEqualTo("READONLY");
    assertThat(p.get("detail").asString()).isEqualTo(READONLY);
    assertThat(p.get("leader").asString()).isEqualTo(leader.url);
    assertThat(put.header(FollowerReadFilter.LEADER_HEADER)).isEqualTo(leader.url);
    leader.json("PUT", "/strings/res", "{\"value\":\"v\"}");
    awaitCaughtUp(follower);
    assertThat(follower.send("DELETE", "/keys/res", null, null).status()).isEqualTo(403);
    assertThat(follower.get("/strings/res").status()).isEqualTo(200);
    // A leader names no leader.
    assertThat(leader.get("/strings/res").header(FollowerReadFilter.LEADER_HEADER)).isNull();
  }

  @Test
  void writesReachTheFollowerAndAReadWithTheSyncTokenSeesThem() throws Exception {
    for (int i = 0; i < 20; i++) {
      Node.Answer w = leader.command("RPUSH", "ryw", Integer.toString(i));
      String token = w.header("upstash-sync-token");
      assertThat(Long.parseLong(token)).isPositive();
      Node.Answer r = follower.get("/redis/lrange/ryw/0/-1", "upstash-sync-token", token);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get("result")).hasSize(i + 1);
      Node.Answer r2 = follower.get("/lists/ryw", FollowerReadFilter.MIN_OFFSET_HEADER, token);
      assertThat(r2.status()).isEqualTo(200);
    }
  }

  @Test
  void aReadNamingAnOffsetTheFollowerDoesNotReachInTimeIsA504() throws Exception {
    long ahead = leader.offset() + 1_000;
    long t0 = System.nanoTime();
    Node.Answer r = follower.get("/redis/get/x", FollowerReadFilter.MIN_OFFSET_HEADER, Long.toString(ahead));
    long waited = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.status()).isEqualTo(504);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().get("type").asString()).isEqualTo("https://restis.io/problems/follower-behind");
    assertThat(r.json().get("minOffset").asLong()).isEqualTo(ahead);
    assertThat(waited).isGreaterThanOrEqualTo(250);
    Node.Answer bad = follower.get("/redis/get/x", FollowerReadFilter.MIN_OFFSET_HEADER, "soon");
    assertThat(bad.status()).isEqualTo(400);
    // On the leader the header changes nothing.
    assertThat(leader.get("/redis/get/x", FollowerReadFilter.MIN_OFFSET_HEADER, Long.toString(ahead)).status())
        .isEqualTo(200);
  }

  @Test
  void aFollowerWhoseLinkIsDownAnswers503AtOnceAndREPLICAOFConnectsAndPromotesIt() throws Exception {
    // A follower of nobody: its link never comes up.
    Node orphan = node(startFollower(Node.onPort(1)));
    assertThat(orphan.ready()).isFalse();
    long t0 = System.nanoTime();
    Node.Answer r = orphan.get("/redis/get/x", FollowerReadFilter.MIN_OFFSET_HEADER, "1");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("Retry-After")).isEqualTo("1");
    assertThat(r.json().get("type").asString()).isEqualTo("https://restis.io/problems/follower-unavailable");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
    assertThat(orphan.command("REPLICAOF", "127.0.0.1", "99999").json().get("error").asString())
        .isEqualTo("ERR Invalid master port");

    // REPLICAOF on the command endpoint points it at the real leader.
    leader.command("SET", "seen-by-orphan", "yes");
    assertThat(orphan.command("REPLICAOF", "127.0.0.1", Integer.toString(leader.port())).json().get("result")
        .asString()).isEqualTo("OK");
    assertThat(orphan.command("REPLICAOF", "127.0.0.1", Integer.toString(leader.port())).json().get("result")
        .asString()).isEqualTo("OK Already connected to specified master");
    orphan.awaitReady(30);
    awaitCaughtUp(orphan);
    assertThat(orphan.command("GET", "seen-by-orphan").json().get("result").asString()).isEqualTo("yes");
    JsonNode role = orphan.command("ROLE").json().get("result");
    assertThat(role.get(0).asString()).isEqualTo("slave");
    assertThat(role.get(2).asLong()).isEqualTo(leader.port());
    assertThat(role.get(3).asString()).isEqualTo("connected");

    // REPLICAOF NO ONE: it takes writes, on a new history.
    String oldId = orphan.status().get("replId").asString();
    assertThat(orphan.command("REPLICAOF", "NO", "ONE").json().get("result").asString()).isEqualTo("OK");
    JsonNode s = orphan.status();
    assertThat(s.get("role").asString()).isEqualTo("leader");
    assertThat(s.get("replId2").asString()).isEqualTo(oldId);
    assertThat(s.get("replId").asString()).isNotEqualTo(oldId);
    assertThat(orphan.command("SET", "own", "1").json().get("result").asString()).isEqualTo("OK");
    assertThat(orphan.command("ROLE").json().get("result").get(0).asString()).isEqualTo("master");
    // The old leader does not push to it any more: its follower entry goes.
    leader.command("SET", "after-promotion", "1");
    leader.awaitStatus(st -> st.get("followers").size() == 1, 10, "the promoted node to be dropped");
  }

  @Test
  void aFullSyncWhoseStreamStallsIsAbandonedAndTriedAgain() throws Exception {
    // A leader that starts a snapshot and then says nothing more.
    java.util.concurrent.atomic.AtomicInteger syncs = new java.util.concurrent.atomic.AtomicInteger();
    com.sun.net.httpserver.HttpServer stalling = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    stalling.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    stalling.createContext("/replication/sync", exchange -> {
      syncs.incrementAndGet();
      exchange.getResponseHeaders().add(Protocol.MODE_HEADER, "full");
      exchange.sendResponseHeaders(200, 0);
      exchange.getResponseBody().write("REDIS0010".getBytes(StandardCharsets.US_ASCII));
      exchange.getResponseBody().flush();
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    stalling.start();
    try {
      Node f = node(startFollower(Node.onPort(stalling.getAddress().getPort()), "--restis.replication.timeout=1s"));
      JsonNode s = f.awaitStatus(st -> syncs.get() >= 2, 20, "a second sync attempt");
      assertThat(s.get("leader").get("linkState").asString()).isIn("connecting", "sync");
      assertThat(f.ready()).isFalse();
    } finally {
      stalling.stop(0);
    }
  }

  /**
   * A follower that was ready goes out of service again while a later full sync loads (readiness
   * 503), and keeps serving the data it has, the snapshot loading beside it. Between the follower
   * and a leader of its own sits a pass-through that, when told, answers acknowledgements 404 (as a
   * leader that dropped the follower) and stalls the next sync after the snapshot's first bytes.
   */
  @Test
  void aReadyFollowerIsOutOfServiceDuringALaterFullSyncAndStillServesItsData() throws Exception {
    ConfigurableApplicationContext ownContext = start("--restis.replication.secret=" + SECRET);
    Node own = node(ownContext);
    own.command("SET", "kept", "before-the-sync");
    AtomicBoolean forget = new AtomicBoolean();
    AtomicBoolean stall = new AtomicBoolean();
    AtomicInteger stalled = new AtomicInteger();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpServer between = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    between.setExecutor(Executors.newCachedThreadPool());
    between.createContext("/", exchange -> {
      try {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (path.equals(Protocol.ACK) && forget.get()) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        if (path.equals(Protocol.SYNC) && stall.get()) {
          stalled.incrementAndGet();
          exchange.getResponseHeaders().add(Protocol.MODE_HEADER, "full");
          exchange.sendResponseHeaders(200, 0);
          exchange.getResponseBody().write("REDIS0010".getBytes(StandardCharsets.US_ASCII));
          exchange.getResponseBody().flush();
          for (int i = 0; i < 600 && stall.get(); i++) {
            Thread.sleep(50);
          }
          return;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(own.url + exchange.getRequestURI()))
            .timeout(Duration.ofSeconds(30)).method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (String h : List.of("Authorization", "Content-Type")) {
          String v = exchange.getRequestHeaders().getFirst(h);
          if (v != null) {
            b.header(h, v);
          }
        }
        HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        r.headers().map().forEach((k, v) -> {
          if (k.toLowerCase(Locale.ROOT).startsWith("restis-") || k.equalsIgnoreCase("Content-Type")) {
            exchange.getResponseHeaders().put(k, v);
          }
        });
        exchange.sendResponseHeaders(r.statusCode(), r.statusCode() == 204 ? -1 : 0);
        try (InputStream in = r.body()) {
          in.transferTo(exchange.getResponseBody());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        exchange.close();
      }
    });
    between.start();
    ConfigurableApplicationContext followerContext = null;
    try {
      followerContext = startFollower(Node.onPort(between.getAddress().getPort()),
          "--restis.replication.timeout=5s");
      Node f = node(followerContext);
      f.awaitReady(30);
      assertThat(f.command("GET", "kept").json().get("result").asString()).isEqualTo("before-the-sync");
      assertThat(f.status().get("leader").get("fullSyncs").asLong()).isEqualTo(1);

      stall.set(true);
      forget.set(true);
      f.awaitStatus(st -> stalled.get() >= 1 && st.get("leader").get("linkState").asString().equals("sync"), 20,
          "a later full sync loading");
      Node.Answer probe = f.get("/actuator/health/readiness");
      assertThat(probe.status()).as(probe.toString()).isEqualTo(503);
      assertThat(probe.json().get("status").asString()).isEqualTo("OUT_OF_SERVICE");
      assertThat(f.command("GET", "kept").json().get("result").asString()).isEqualTo("before-the-sync");

      // Let through again: the follower continues with its leader and is ready once more.
      forget.set(false);
      stall.set(false);
      f.awaitReady(30);
      own.command("SET", "after", "the-sync");
      long target = own.offset();
      f.awaitStatus(st -> st.get("offset").asLong() >= target, 10, "offset " + target);
      assertThat(f.command("GET", "after").json().get("result").asString()).isEqualTo("the-sync");
    } finally {
      between.stop(0);
      if (followerContext != null) {
        followerContext.close();
        contexts.remove(followerContext);
      }
      ownContext.close();
      contexts.remove(ownContext);
    }
  }

  @Test
  void waitCountsFollowersThatAcknowledgedTheWrites() throws Exception {
    leader.command("SET", "w", "1");
    Node.Answer w = leader.command("WAIT", "1", "5000");
    assertThat(w.json().get("result").asLong()).isEqualTo(1);
    long t0 = System.nanoTime();
    assertThat(leader.command("WAIT", "5", "300").json().get("result").asLong()).isEqualTo(1);
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(250);
    // In a pipeline, WAIT covers the writes before it.
    Node.Answer p = leader.json("POST", "/redis/pipeline", "[[\"INCR\",\"w\"],[\"WAIT\",\"1\",\"5000\"]]");
    assertThat(p.json().get(1).get("result").asLong()).isEqualTo(1);
    // In a transaction it answers at once.
    Node.Answer tx = leader.json("POST", "/redis/multi-exec", "[[\"INCR\",\"w\"],[\"WAIT\",\"5\",\"0\"]]");
    assertThat(tx.json().get(1).get("result").asLong()).isBetween(0L, 1L);
    assertThat(leader.command("WAIT", "1", "-1").json().get("error").asString()).isEqualTo("ERR timeout is negative");
    assertThat(follower.command("WAIT", "0", "0").json().get("error").asString())
        .startsWith("ERR WAIT cannot be used with replica instances.");
  }

  @Test
  void statusRoleDigestAndMeters() throws Exception {
    leader.command("HSET", "h", "f", "v");
    leader.command("ZADD", "z", "1.5", "m");
    leader.command("SADD", "s", "a", "b");
    awaitCaughtUp(follower);
    JsonNode ls = leader.awaitStatus(st -> st.get("followers").size() >= 1
        && st.get("followers").get(0).get("lagCommands").asLong() == 0, 10, "the follower's acknowledgement");
    JsonNode f = null;
    for (JsonNode x : ls.get("followers")) {
      if (x.get("url").asString().equals(follower.url)) {
        f = x;
      }
    }
    assertThat(f).as("the follower in %s", ls).isNotNull();
    assertThat(f.get("state").asString()).isEqualTo("online");
    assertThat(f.get("ackOffset").asLong()).isEqualTo(ls.get("offset").asLong());
    assertThat(f.get("lagSeconds").asDouble()).isZero();
    JsonNode fs = follower.status();
    assertThat(fs.get("role").asString()).isEqualTo("follower");
    assertThat(fs.get("leader").get("url").asString()).isEqualTo(leader.url);
    assertThat(fs.get("leader").get("linkState").asString()).isEqualTo("connected");
    assertThat(fs.get("replId").asString()).isEqualTo(ls.get("replId").asString());
    JsonNode role = leader.command("ROLE").json().get("result");
    assertThat(role.get(0).asString()).isEqualTo("master");
    assertThat(role.get(1).asLong()).isEqualTo(ls.get("offset").asLong());
    assertThat(role.get(2).size()).isGreaterThanOrEqualTo(1);
    JsonNode ld = leader.digest();
    JsonNode fd = follower.digest();
    assertThat(fd.get("offset").asLong()).isEqualTo(ld.get("offset").asLong());
    assertThat(fd.get("sha256").asString()).isEqualTo(ld.get("sha256").asString());
    assertThat(fd.get("keys").asLong()).isEqualTo(ld.get("keys").asLong()).isPositive();

    String leaderInfo = leader.command("INFO", "replication").json().get("result").asString();
    assertThat(leaderInfo).startsWith("# Replication\r\nrole:master\r\n").contains("\r\nconnected_slaves:")
        .contains("port=" + follower.port() + ",state=online,offset=")
        .contains("\r\nmaster_replid:" + ls.get("replId").asString() + "\r\n")
        .contains("\r\nmaster_repl_offset:" + ls.get("offset").asLong() + "\r\n");
    String followerInfo = follower.command("INFO", "replication").json().get("result").asString();
    assertThat(followerInfo).startsWith("# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:"
        + leader.port() + "\r\nmaster_link_status:up\r\n").contains("\r\nslave_read_only:1\r\n");
    assertThat(leader.command("INFO", "stats").json().get("result").asString()).contains("\r\nsync_full:");

    MeterRegistry meters = leaderContext.getBean(MeterRegistry.class);
    // The offset meter may be the store's sampled one (read at most 500 ms ago): it gets there.
    leader.awaitStatus(st -> meters.get("restis.replication.offset").gauge().value() == st.get("offset").asDouble(),
        10, "the offset meter");
    assertThat(meters.get("restis.replication.leader").gauge().value()).isEqualTo(1.0);
    assertThat(meters.get("restis.replication.followers.good").gauge().value()).isGreaterThanOrEqualTo(1.0);
    assertThat(meters.get("restis.replication.syncs.full").functionCounter().count()).isGreaterThanOrEqualTo(1.0);
    leader.awaitStatus(st -> meters.find("restis.replication.follower.lag").tag("follower", follower.url).gauge()
        != null, 10, "the per-follower meter");
  }

  @Test
  void replicationEndpointsNeedTheSecret() throws Exception {
    String ack = "{\"id\":\"x\",\"replId\":\"" + ReplicationIds.NONE + "\",\"offset\":0}";
    Node.Answer none = leader.json("POST", "/replication/ack", ack);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(leader.json("POST", "/replication/ack", ack, "Authorization", "Bearer wrong").status()).isEqualTo(403);
    assertThat(leader.json("POST", "/replication/ack", ack, "Authorization", "Basic eDp5").status()).isEqualTo(401);
    assertThat(leader.json("POST", "/replication/sync", "{\"id\":\"x\",\"port\":1,\"offset\":0}", "Authorization",
        "Bearer " + SECRET + "x").status()).isEqualTo(403);
    // With the secret: an unknown follower is told to sync; a follower is no one's leader; a sync
    // request that does not say who asks is refused.
    assertThat(leader.json("POST", "/replication/ack", ack, "Authorization", "Bearer " + SECRET).status())
        .isEqualTo(404);
    Node.Answer chained = follower.json("POST", "/replication/sync", "{\"id\":\"x\",\"port\":1,\"offset\":0}",
        "Authorization", "Bearer " + SECRET);
    assertThat(chained.status()).isEqualTo(409);
    assertThat(chained.json().get("detail").asString()).contains(leader.url);
    assertThat(leader.json("POST", "/replication/sync", "{\"port\":1,\"offset\":0}", "Authorization",
        "Bearer " + SECRET).status()).isEqualTo(400);

    // A forged push is refused before it is read, and changes nothing.
    long before = follower.offset();
    byte[] push = "*3\r\n$3\r\nSET\r\n$6\r\nforged\r\n$1\r\n1\r\n".getBytes(StandardCharsets.US_ASCII);
    String replId = follower.status().get("replId").asString();
    for (String[] auth : new String[][] {{}, {"Authorization", "Bearer nope"}}) {
      List<String> headers = new ArrayList<>(List.of(Protocol.REPL_ID_HEADER, replId, Protocol.OFFSET_HEADER,
          Long.toString(before)));
      headers.addAll(List.of(auth));
      Node.Answer a = follower.send("POST", "/replication/apply", Protocol.STREAM_TYPE, push,
          headers.toArray(new String[0]));
      assertThat(a.status()).isIn(401, 403);
    }
    assertThat(follower.command("EXISTS", "forged").json().get("result").asLong()).isZero();
  }

  @Test
  void aLeaderRequiringFollowersRefusesWritesWithoutThem() throws Exception {
    ConfigurableApplicationContext strictContext = start("--restis.replication.secret=" + SECRET,
        "--restis.replication.min-followers-to-write=1", "--restis.replication.min-followers-max-lag=1s");
    Node strict = node(strictContext);
    Node.Answer refused = strict.command("SET", "k", "v");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("error").asString()).isEqualTo("NOREPLICAS Not enough good replicas to write.");
    Node.Answer resource = strict.json("PUT", "/strings/k", "{\"value\":\"v\"}");
    assertThat(resource.status()).isEqualTo(503);
    assertThat(resource.json().get("error").asString()).isEqualTo("NOREPLICAS");
    assertThat(strict.command("GET", "k").status()).isEqualTo(200); // reads are not refused

    ConfigurableApplicationContext followerContext = startFollower(strict);
    node(followerContext).awaitReady(30);
    strict.awaitStatus(s -> s.get("goodFollowers").asInt() == 1, 10, "a good follower");
    assertThat(strict.command("SET", "k", "v").json().get("result").asString()).isEqualTo("OK");

    followerContext.close();
    contexts.remove(followerContext);
    long t0 = System.nanoTime();
    while (strict.command("SET", "k", "v2").status() == 200) {
      assertThat((System.nanoTime() - t0) / 1_000_000_000).as("seconds until NOREPLICAS").isLessThan(10);
      Thread.sleep(100);
    }
    assertThat(strict.command("SET", "k", "v3").json().get("error").asString())
        .isEqualTo("NOREPLICAS Not enough good replicas to write.");
    strictContext.close();
    contexts.remove(strictContext);
  }
}
