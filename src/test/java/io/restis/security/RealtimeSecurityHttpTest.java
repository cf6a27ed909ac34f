package io.restis.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.engine.Engine;
import io.restis.security.SecureHttp.Answer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Tokens on the real-time endpoints over real HTTP: channel rules on the event streams (the
 * resources' and Upstash's), publishing, the query-string token where EventSource cannot send a
 * header, and the tracker: a tracker token records views for its sites and nothing else.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "restis.security.tokens[0].name=admin",
    "restis.security.tokens[0].token=admin-token-0123456789",
    "restis.security.tokens[0].rules=+@all ~* &*",
    "restis.security.tokens[1].name=app",
    "restis.security.tokens[1].token=app-token-0123456789",
    "restis.security.tokens[1].rules=+@all -@dangerous ~app:* &news.* &chat",
    "restis.security.tokens[2].name=reader",
    "restis.security.tokens[2].token=reader-token-0123456789",
    "restis.security.tokens[2].read-only=true",
    "restis.security.tokens[2].rules=&news.* ~tracker:*",
    "restis.security.tracker-tokens[0].name=blog",
    "restis.security.tracker-tokens[0].token=pk-blog-123",
    "restis.security.tracker-tokens[0].sites=blog,docs",
    "restis.security.tracker-rate-limit.burst=1000",
    "restis.pubsub.heartbeat=200ms"})
class RealtimeSecurityHttpTest {

  static final String ADMIN = "admin-token-0123456789";
  static final String APP = "app-token-0123456789";
  static final String READER = "reader-token-0123456789";
  static final String TRACKER = "pk-blog-123";
  static final String NOPERM_CHANNELS =
      "NOPERM this user has no permissions to access one of the channels used as arguments";
  static final String VIEW = "{\"url\":\"https://blog.example/post?x=1\",\"title\":\"Post\",\"visitor\":\"v1\"}";

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort
  int port;

  @Autowired
  Engine engine;

  SecureHttp http;

  @BeforeEach
  void setUp() {
    http = new SecureHttp(port);
  }

  /**
   * Opens an event stream and answers its status and, for a 200, its first event's lines; the
   * stream is closed afterwards.
   */
  private String[] stream(String method, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Accept", "text/event-stream")
        .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("[]")
            : HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<InputStream> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        return new String[] {Integer.toString(r.statusCode()), new String(in.readAllBytes(), StandardCharsets.UTF_8),
            r.headers().firstValue("Content-Type").orElse("")};
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      StringBuilder first = new StringBuilder();
      for (String line = lines.readLine(); line != null && !line.isEmpty(); line = lines.readLine()) {
        first.append(line).append('\n');
      }
      return new String[] {"200", first.toString(), r.headers().firstValue("Content-Type").orElse("")};
    }
  }

  private static void problem(String[] answer, int status, String detail) {
    assertThat(answer[0]).as(String.join(" ", answer)).isEqualTo(Integer.toString(status));
    assertThat(answer[2]).startsWith("application/problem+json");
    JsonNode p = SecureHttp.JSON.readTree(answer[1]);
    assertThat(p.get("detail").asString()).isEqualTo(detail);
  }

  @Test
  void channelRulesHoldOnTheResourcesStreams() throws Exception {
    assertThat(stream("GET", "/channels/news.sport/events?_token=" + APP, null)[1])
        .isEqualTo("event: subscribe\ndata: {\"channel\":\"news.sport\",\"subscriptions\":1}\n");
    assertThat(stream("GET", "/channels/chat/events", APP)[0]).isEqualTo("200");
    problem(stream("GET", "/channels/secret/events?_token=" + APP, null), 403, NOPERM_CHANNELS);
    problem(stream("GET", "/channels/__keyspace@0__:app:1/events?_token=" + APP, null), 403, NOPERM_CHANNELS);
    // a pattern is allowed only as listed, never a wider one
    assertThat(stream("GET", "/patterns/news.*/events?_token=" + APP, null)[0]).isEqualTo("200");
    problem(stream("GET", "/patterns/news.s*/events?_token=" + APP, null), 403, NOPERM_CHANNELS);
    problem(stream("GET", "/patterns/*/events?_token=" + APP, null), 403, NOPERM_CHANNELS);
    assertThat(stream("GET", "/patterns/*/events?_token=" + ADMIN, null)[0]).isEqualTo("200");
    // without a token, or with an unknown one
    problem(stream("GET", "/channels/news.sport/events", null), 401, "NOAUTH Authentication required.");
    problem(stream("GET", "/channels/news.sport/events?_token=nope-nope-nope", null), 401,
        "WRONGPASS invalid username-password pair or user is disabled.");
  }

  @Test
  void channelRulesHoldOnUpstashSubscribe() throws Exception {
    assertThat(stream("POST", "/redis/subscribe/news.x", APP)[1]).isEqualTo("data: subscribe,news.x,1\n");
    assertThat(stream("GET", "/redis/subscribe/news.y?_token=" + APP, null)[0]).isEqualTo("200");
    String[] denied = stream("POST", "/redis/subscribe/secret", APP);
    assertThat(denied[0]).isEqualTo("403");
    assertThat(denied[1]).isEqualTo("{\"error\":\"" + NOPERM_CHANNELS + "\"}");
    assertThat(stream("POST", "/redis/psubscribe/news*", APP)[1]).isEqualTo("{\"error\":\"" + NOPERM_CHANNELS + "\"}");
    assertThat(stream("POST", "/redis/psubscribe/news.*", APP)[0]).isEqualTo("200");
    String[] none = stream("POST", "/redis/subscribe/news.x", null);
    assertThat(none[0]).isEqualTo("401");
    assertThat(none[1]).isEqualTo("{\"error\":\"NOAUTH Authentication required.\"}");
  }

  @Test
  void publishingFollowsTheChannelRules() throws Exception {
    assertThat(http.send("POST", "/channels/news.a/messages", APP, "hi").json().get("receivers").asLong()).isZero();
    Answer denied = http.send("POST", "/channels/secret/messages", APP, "hi");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("detail").asString()).isEqualTo(NOPERM_CHANNELS);
    assertThat(denied.json().get("error").asString()).isEqualTo("NOPERM");
    Answer command = http.redis(APP, "[\"PUBLISH\",\"secret\",\"hi\"]");
    assertThat(command.status()).isEqualTo(403);
    assertThat(command.body()).isEqualTo("{\"error\":\"" + NOPERM_CHANNELS + "\"}");
    // a read-only token listens but never publishes
    assertThat(stream("GET", "/channels/news.a/events?_token=" + READER, null)[0]).isEqualTo("200");
    Answer readOnly = http.send("POST", "/channels/news.a/messages", READER, "hi");
    assertThat(readOnly.status()).isEqualTo(403);
    assertThat(readOnly.json().get("detail").asString())
        .isEqualTo("NOPERM this user has no permissions to run the 'publish' command");
  }

  @Test
  void aTrackerTokenRecordsViewsForItsSitesOnly() throws Exception {
    http.redis(ADMIN, "[\"DEL\",\"tracker:blog:views\",\"tracker:docs:views\",\"tracker:other:views\"]");
    assertThat(http.send("POST", "/track/blog?token=" + TRACKER, null, VIEW).status()).isEqualTo(204);
    assertThat(http.send("POST", "/track/docs?_token=" + TRACKER, null, VIEW).status()).isEqualTo(204);
    assertThat(http.send("POST", "/track/blog", TRACKER, VIEW).status()).isEqualTo(204);
    assertThat(http.redis(ADMIN, "[\"LLEN\",\"tracker:blog:views\"]").body()).isEqualTo("{\"result\":2}");
    assertThat(http.redis(ADMIN, "[\"LLEN\",\"tracker:docs:views\"]").body()).isEqualTo("{\"result\":1}");
    String before = KeyspaceDump.of(engine);
    Answer other = http.send("POST", "/track/other?token=" + TRACKER, null, VIEW);
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.json().get("detail").asString())
        .isEqualTo("NOPERM this token may not record page views for the site 'other'");
    assertThat(http.send("POST", "/track/blog", null, VIEW).status()).isEqualTo(401);
    assertThat(http.send("POST", "/track/blog?token=pk-blog-1234", null, VIEW).status()).isEqualTo(401);
    // it reads nothing: not the summary, not a key, not a stream
    String onlyViews = "NOPERM this token may only record page views (POST /track/{site} for its sites)";
    Answer summary = http.get("/track/blog/summary", TRACKER);
    assertThat(summary.status()).isEqualTo(403);
    assertThat(summary.json().get("detail").asString()).isEqualTo(onlyViews);
    assertThat(http.redis(TRACKER, "[\"LRANGE\",\"tracker:blog:views\",0,-1]").status()).isEqualTo(403);
    assertThat(http.get("/lists/tracker:blog:views", TRACKER).status()).isEqualTo(403);
    problem(stream("GET", "/channels/tracker:blog:views/events?_token=" + TRACKER, null), 403, onlyViews);
    assertThat(KeyspaceDump.of(engine)).isEqualTo(before);
    // a client token reads what its rules allow: the summary, the stream
    assertThat(http.get("/track/blog/summary", READER).json().get("views").size()).isEqualTo(2);
    assertThat(stream("GET", "/channels/tracker:blog:views/events?_token=" + ADMIN, null)[0]).isEqualTo("200");
    Answer app = http.get("/track/blog/summary", APP);
    assertThat(app.status()).isEqualTo(403);
    assertThat(app.json().get("detail").asString())
        .isEqualTo("NOPERM this user has no permissions to access one of the keys used as arguments");
  }

  @Test
  void theTrackerTokensEngineRightsStopAtItsSite() {
    // What the tracker's transaction runs as: its commands, on its site's keys and channel only.
    var table = engine.table();
    AclCaller blog = TokenRegistry.trackerCaller("blog", "blog", table);
    assertThat(AclTest.denyWith(blog, table, "LPUSH", "tracker:blog:views", "v")).isNull();
    assertThat(AclTest.denyWith(blog, table, "PFADD", "tracker:blog:visitors:2026-01-01", "v")).isNull();
    assertThat(AclTest.denyWith(blog, table, "PUBLISH", "tracker:blog:views", "v")).isNull();
    assertThat(AclTest.denyWith(blog, table, "LPUSH", "tracker:blogx:views", "v")).startsWith("NOPERM");
    assertThat(AclTest.denyWith(blog, table, "LPUSH", "app:1", "v")).startsWith("NOPERM");
    assertThat(AclTest.denyWith(blog, table, "PUBLISH", "news", "v")).isEqualTo(NOPERM_CHANNELS);
    assertThat(AclTest.denyWith(blog, table, "SET", "tracker:blog:views", "v")).startsWith("NOPERM");
    assertThat(AclTest.denyWith(blog, table, "LRANGE", "tracker:blog:views", "0", "-1")).startsWith("NOPERM");
    assertThat(AclTest.denyWith(blog, table, "DEL", "tracker:blog:views")).startsWith("NOPERM");
  }

  @Test
  void theLivePageAndTheTrackerScriptArePublicWithTheirPolicies() throws Exception {
    Answer live = http.get("/live.html", null);
    assertThat(live.status()).isEqualTo(200);
    String csp = live.header("Content-Security-Policy");
    assertThat(csp).startsWith("default-src 'none'; script-src 'self' 'sha256-").contains("style-src 'self' 'sha256-")
        .contains("frame-ancestors 'self'").doesNotContain("unsafe-inline");
    assertThat(live.header("X-Frame-Options")).isEqualTo("SAMEORIGIN");
    assertThat(http.get("/tracker.js", null).status()).isEqualTo(200);
  }
}
