package io.restis.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.engine.Engine;
import io.restis.security.SecureHttp.Answer;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every denial path of client tokens over real HTTP: no token and unknown tokens (401 with
 * WWW-Authenticate), commands, keys and admin operations (403 NOPERM) on the resources (problem
 * details), the command endpoint ({@code {"error"}}), pipelines and transactions, the admin
 * resources and actuator; read-only and hashed tokens; the store unchanged after each refusal.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "restis.security.tokens[0].name=admin",
    "restis.security.tokens[0].token=admin-token-0123456789",
    "restis.security.tokens[0].rules=+@all ~* &*",
    "restis.security.tokens[1].name=app",
    "restis.security.tokens[1].token=app-token-0123456789",
    "restis.security.tokens[1].rules=+@all -@dangerous -scan ~app:* %R~public:* &news.*",
    "restis.security.tokens[2].name=reader",
    "restis.security.tokens[2].token=reader-token-0123456789",
    "restis.security.tokens[2].read-only=true",
    "restis.security.tokens[3].name=hashed",
    "restis.security.tokens[3].sha256=b22fd458dbe2426bebe59cfafe4c46e013df3efd439e4d91cda767ac3052ddd0",
    "restis.security.tokens[3].rules=+@read ~public:*",
    "restis.security.tokens[4].name=flagged",
    "restis.security.tokens[4].token=flagged-token-0123456789",
    "restis.security.tokens[4].rules=+@read +@write +@admin allkeys",
    "restis.security.tokens[4].admin=true",
    "restis.security.tokens[5].name=writer",
    "restis.security.tokens[5].token=writer-token-0123456789",
    "restis.security.tokens[5].rules=+@read +@write allkeys",
    "restis.security.tracker-tokens[0].name=blog",
    "restis.security.tracker-tokens[0].token=pk-blog-123",
    "restis.security.tracker-tokens[0].sites=blog",
    "management.endpoints.web.exposure.include=health,info"})
class TokenHttpTest {

  static final String ADMIN = "admin-token-0123456789";
  static final String APP = "app-token-0123456789";
  static final String READER = "reader-token-0123456789";
  static final String HASHED = "hashed-token-0123456789";
  static final String FLAGGED = "flagged-token-0123456789";
  static final String WRITER = "writer-token-0123456789";
  static final String TRACKER = "pk-blog-123";

  static final String NOPERM_KEYS = "NOPERM this user has no permissions to access one of the keys used as arguments";

  @TempDir
  static Path dataDir;

  /** The persistence admin resource exists only with persistence on; in a scratch directory here. */
  @DynamicPropertySource
  static void persistence(DynamicPropertyRegistry r) {
    r.add("restis.persistence.enabled", () -> "true");
    r.add("restis.persistence.dir", () -> dataDir.toString());
    r.add("restis.persistence.save", () -> "");
    r.add("restis.persistence.save-on-shutdown", () -> "false");
  }

  @LocalServerPort
  int port;

  @Autowired
  Engine engine;

  SecureHttp http;

  @BeforeEach
  void seed() throws Exception {
    http = new SecureHttp(port);
    ok(http.redis(ADMIN, "[\"FLUSHALL\"]"));
    ok(http.redis(ADMIN, "[\"MSET\",\"app:1\",\"one\",\"public:1\",\"pub\",\"secret\",\"s3cr3t\"]"));
    ok(http.redis(ADMIN, "[\"RPUSH\",\"app:list\",\"a\",\"b\"]"));
  }

  private static void ok(Answer a) {
    assertThat(a.status()).as(a.toString()).isBetween(200, 299);
  }

  private static void problem(Answer a, int status, String slug, String detail, String word) {
    assertThat(a.status()).as(a.toString()).isEqualTo(status);
    assertThat(a.header("Content-Type")).startsWith("application/problem+json");
    JsonNode p = a.json();
    assertThat(p.get("type").asString()).isEqualTo("https://restis.io/problems/" + slug);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("detail").asString()).isEqualTo(detail);
    assertThat(p.get("error").asString()).isEqualTo(word);
  }

  private static void upstashError(Answer a, int status, String message) {
    assertThat(a.status()).as(a.toString()).isEqualTo(status);
    assertThat(a.header("Content-Type")).startsWith("application/json");
    assertThat(a.body()).isEqualTo("{\"error\":\"" + message + "\"}");
  }

  @Test
  void withoutATokenEveryEndpointAnswers401WithAChallenge() throws Exception {
    String before = KeyspaceDump.of(engine);
    Answer resource = http.get("/strings/app:1", null);
    problem(resource, 401, "unauthorized", "NOAUTH Authentication required.", "NOAUTH");
    assertThat(resource.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"restis\"");
    Answer command = http.redis(null, "[\"SET\",\"app:1\",\"x\"]");
    upstashError(command, 401, "NOAUTH Authentication required.");
    assertThat(command.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"restis\"");
    upstashError(http.send("POST", "/redis/pipeline", null, "[[\"SET\",\"app:1\",\"x\"]]"), 401,
        "NOAUTH Authentication required.");
    upstashError(http.send("POST", "/redis/multi-exec", null, "[[\"SET\",\"app:1\",\"x\"]]"), 401,
        "NOAUTH Authentication required.");
    upstashError(http.send("GET", "/redis/set/app:1/x", null, null), 401, "NOAUTH Authentication required.");
    problem(http.send("PUT", "/strings/app:1", null, "{\"value\":\"x\"}"), 401, "unauthorized",
        "NOAUTH Authentication required.", "NOAUTH");
    problem(http.get("/admin/persistence", null), 401, "unauthorized", "NOAUTH Authentication required.", "NOAUTH");
    problem(http.get("/actuator/info", null), 401, "unauthorized", "NOAUTH Authentication required.", "NOAUTH");
    problem(http.get("/no/such/path", null), 401, "unauthorized", "NOAUTH Authentication required.", "NOAUTH");
    assertThat(KeyspaceDump.of(engine)).isEqualTo(before);
  }

  @Test
  void anUnknownTokenOrAnotherSchemeIs401WrongPass() throws Exception {
    String wrongpass = "WRONGPASS invalid username-password pair or user is disabled.";
    Answer a = http.get("/strings/app:1", "not-a-token-at-all-xxxx");
    problem(a, 401, "unauthorized", wrongpass, "WRONGPASS");
    assertThat(a.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"restis\", error=\"invalid_token\"");
    upstashError(http.redis(ADMIN + "x", "[\"PING\"]"), 401, wrongpass);
    upstashError(http.redis(ADMIN.substring(1), "[\"PING\"]"), 401, wrongpass);
    upstashError(http.send("POST", "/redis", null, "[\"PING\"]", "Authorization", "Basic YWRtaW46YWRtaW4="), 401,
        wrongpass);
    upstashError(http.send("POST", "/redis", null, "[\"PING\"]", "Authorization", "Bearer "), 401, wrongpass);
    // a health probe needs no token
    assertThat(http.get("/actuator/health", null).status()).isEqualTo(200);
    assertThat(http.get("/actuator/health/liveness", null).status()).isEqualTo(200);
    assertThat(http.get("/actuator/health/readiness", null).status()).isEqualTo(200);
  }

  @Test
  void aTokenInTheQueryStringIsRefusedWhereHeadersCanBeSent() throws Exception {
    Answer a = http.send("POST", "/redis?_token=" + ADMIN, null, "[\"PING\"]");
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.json().get("error").asString()).startsWith("NOAUTH a token in the query string is accepted only");
    problem(http.get("/strings/app:1?_token=" + ADMIN, null), 401, "unauthorized",
        "NOAUTH a token in the query string is accepted only on event streams and the tracker; send it as "
            + "'Authorization: Bearer <token>'", "NOAUTH");
  }

  @Test
  void theAdminTokenDoesEverything() throws Exception {
    assertThat(http.redis(ADMIN, "[\"GET\",\"secret\"]").body()).isEqualTo("{\"result\":\"s3cr3t\"}");
    assertThat(http.get("/strings/secret", ADMIN).json().get("value").asString()).isEqualTo("s3cr3t");
    assertThat(http.get("/admin/persistence", ADMIN).status()).isEqualTo(200);
    assertThat(http.get("/actuator/info", ADMIN).status()).isEqualTo(200);
    assertThat(http.get("/actuator", ADMIN).status()).isEqualTo(200);
    ok(http.redis(ADMIN, "[\"SAVE\"]"));
  }

  @Test
  void keysOutsideThePatternsAre403OnEveryPath() throws Exception {
    String before = KeyspaceDump.of(engine);
    // resources: problem details with the NOPERM word
    problem(http.get("/strings/secret", APP), 403, "forbidden", NOPERM_KEYS, "NOPERM");
    problem(http.send("PUT", "/strings/secret", APP, "{\"value\":\"x\"}"), 403, "forbidden", NOPERM_KEYS, "NOPERM");
    problem(http.send("PUT", "/strings/public:1", APP, "{\"value\":\"x\"}"), 403, "forbidden", NOPERM_KEYS,
        "NOPERM");
    problem(http.send("DELETE", "/keys/secret", APP, null), 403, "forbidden", NOPERM_KEYS, "NOPERM");
    problem(http.get("/keys/secret", APP), 403, "forbidden", NOPERM_KEYS, "NOPERM"); // type, TTL, size
    problem(http.send("POST", "/lists/secret/tail", APP, "{\"values\":[\"x\"]}"), 403, "forbidden", NOPERM_KEYS,
        "NOPERM");
    problem(http.send("POST", "/keys/app:1/rename", APP, "{\"newKey\":\"secret\"}"), 403, "forbidden", NOPERM_KEYS,
        "NOPERM");
    // the command endpoint: 403 with {"error"}
    upstashError(http.redis(APP, "[\"GET\",\"secret\"]"), 403, NOPERM_KEYS);
    upstashError(http.redis(APP, "[\"SET\",\"public:1\",\"x\"]"), 403, NOPERM_KEYS);
    upstashError(http.send("POST", "/redis/get/secret", APP, null), 403, NOPERM_KEYS);
    upstashError(http.send("GET", "/redis/set/secret/x", APP, null), 403, NOPERM_KEYS);
    assertThat(KeyspaceDump.of(engine)).isEqualTo(before);
    // what the patterns allow works
    assertThat(http.get("/strings/public:1", APP).json().get("value").asString()).isEqualTo("pub");
    assertThat(http.redis(APP, "[\"GET\",\"app:1\"]").body()).isEqualTo("{\"result\":\"one\"}");
    assertThat(http.send("PUT", "/strings/app:2", APP, "{\"value\":\"two\"}").status()).isEqualTo(201);
  }

  @Test
  void commandsOutsideTheRulesAre403() throws Exception {
    String before = KeyspaceDump.of(engine);
    upstashError(http.redis(APP, "[\"FLUSHALL\"]"), 403,
        "NOPERM this user has no permissions to run the 'flushall' command");
    upstashError(http.redis(APP, "[\"KEYS\",\"*\"]"), 403, "NOPERM this user has no permissions to run the 'keys' command");
    // key patterns do not filter listings (SCAN, KEYS), as in Redis: a token keeps names secret by
    // not holding the listing commands
    problem(http.get("/keys?pattern=*", APP), 403, "forbidden",
        "NOPERM this user has no permissions to run the 'scan' command", "NOPERM");
    upstashError(http.redis(READER, "[\"SET\",\"app:1\",\"x\"]"), 403,
        "NOPERM this user has no permissions to run the 'set' command");
    problem(http.send("PUT", "/strings/app:1", READER, "{\"value\":\"x\"}"), 403, "forbidden",
        "NOPERM this user has no permissions to run the 'set' command", "NOPERM");
    problem(http.send("DELETE", "/strings/app:1", READER, null), 403, "forbidden",
        "NOPERM this user has no permissions to run the 'del' command", "NOPERM");
    assertThat(KeyspaceDump.of(engine)).isEqualTo(before);
    // read-only reads everything; the hashed token reads its keys
    assertThat(http.redis(READER, "[\"GET\",\"secret\"]").body()).isEqualTo("{\"result\":\"s3cr3t\"}");
    assertThat(http.get("/lists/app:list", READER).status()).isEqualTo(200);
    assertThat(http.redis(HASHED, "[\"GET\",\"public:1\"]").body()).isEqualTo("{\"result\":\"pub\"}");
    upstashError(http.redis(HASHED, "[\"GET\",\"app:1\"]"), 403, NOPERM_KEYS);
  }

  @Test
  void aPipelineAnswersEachRefusalInItsPlace() throws Exception {
    Answer a = http.send("POST", "/redis/pipeline", APP,
        "[[\"SET\",\"app:p\",\"1\"],[\"GET\",\"secret\"],[\"FLUSHALL\"],[\"INCR\",\"app:p\"]]");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).isEqualTo("[{\"result\":\"OK\"},{\"error\":\"" + NOPERM_KEYS + "\"},"
        + "{\"error\":\"NOPERM this user has no permissions to run the 'flushall' command\"},{\"result\":2}]");
    assertThat(http.redis(ADMIN, "[\"GET\",\"secret\"]").body()).isEqualTo("{\"result\":\"s3cr3t\"}");
  }

  @Test
  void aTransactionWithOneForbiddenCommandRunsNothing() throws Exception {
    String before = KeyspaceDump.of(engine);
    upstashError(http.send("POST", "/redis/multi-exec", APP,
        "[[\"SET\",\"app:t\",\"1\"],[\"DEL\",\"app:1\"],[\"SET\",\"secret\",\"owned\"]]"), 403, NOPERM_KEYS);
    upstashError(http.send("POST", "/redis/multi-exec", APP, "[[\"SET\",\"app:t\",\"1\"],[\"FLUSHALL\"]]"), 403,
        "NOPERM this user has no permissions to run the 'flushall' command");
    assertThat(KeyspaceDump.of(engine)).isEqualTo(before);
    // the same transaction within the rules runs whole
    Answer ok = http.send("POST", "/redis/multi-exec", APP, "[[\"SET\",\"app:t\",\"1\"],[\"DEL\",\"app:1\"]]");
    assertThat(ok.body()).isEqualTo("[{\"result\":\"OK\"},{\"result\":1}]");
    // an unknown command still aborts as Redis says it
    upstashError(http.send("POST", "/redis/multi-exec", APP, "[[\"SET\",\"app:t\",\"2\"],[\"NOPE\"]]"), 400,
        "EXECABORT Transaction discarded because of previous errors.");
  }

  @Test
  void adminOperationsNeedTheAdminScope() throws Exception {
    String before = KeyspaceDump.of(engine);
    String noAdmin = "NOPERM this token has no admin scope (give it 'admin: true', or rules that grant +@admin)";
    problem(http.get("/admin/persistence", APP), 403, "forbidden", noAdmin, "NOPERM");
    problem(http.send("POST", "/admin/persistence/save", WRITER, null), 403, "forbidden", noAdmin, "NOPERM");
    problem(http.get("/actuator/info", WRITER), 403, "forbidden", noAdmin, "NOPERM");
    problem(http.get("/actuator", READER), 403, "forbidden", noAdmin, "NOPERM");
    // +@write holds FLUSHALL, but without the admin scope it stays closed, as SAVE and BGSAVE
    upstashError(http.redis(WRITER, "[\"FLUSHALL\"]"), 403, "NOPERM this user has no permissions to run the 'flushall' command");
    upstashError(http.redis(WRITER, "[\"FLUSHDB\"]"), 403, "NOPERM this user has no permissions to run the 'flushdb' command");
    assertThat(KeyspaceDump.of(engine)).isEqualTo(before);
    assertThat(http.redis(WRITER, "[\"SET\",\"app:1\",\"x\"]").body()).isEqualTo("{\"result\":\"OK\"}");
    // the admin flag opens them to a token whose rules hold the commands
    assertThat(http.get("/admin/persistence", FLAGGED).status()).isEqualTo(200);
    assertThat(http.redis(FLAGGED, "[\"SAVE\"]").body()).isEqualTo("{\"result\":\"OK\"}");
    assertThat(http.redis(FLAGGED, "[\"FLUSHDB\"]").body()).isEqualTo("{\"result\":\"OK\"}");
  }

  @Test
  void trackerTokensDoNothingButRecordViews() throws Exception {
    String onlyViews = "NOPERM this token may only record page views (POST /track/{site} for its sites)";
    String before = KeyspaceDump.of(engine);
    upstashError(http.redis(TRACKER, "[\"GET\",\"secret\"]"), 403, onlyViews);
    upstashError(http.redis(TRACKER, "[\"PING\"]"), 403, onlyViews);
    problem(http.get("/strings/app:1", TRACKER), 403, "forbidden", onlyViews, "NOPERM");
    problem(http.get("/keys", TRACKER), 403, "forbidden", onlyViews, "NOPERM");
    problem(http.send("PUT", "/strings/tracker:blog:views", TRACKER, "{\"value\":\"x\"}"), 403, "forbidden",
        onlyViews, "NOPERM");
    problem(http.get("/admin/persistence", TRACKER), 403, "forbidden", onlyViews, "NOPERM");
    problem(http.send("POST", "/track/other", TRACKER, "{\"url\":\"https://x.example/\"}"), 403, "forbidden",
        "NOPERM this token may not record page views for the site 'other'", "NOPERM");
    problem(http.send("POST", "/track/other?token=" + TRACKER, null, "{\"url\":\"https://x.example/\"}"), 403,
        "forbidden", "NOPERM this token may not record page views for the site 'other'", "NOPERM");
    assertThat(KeyspaceDump.of(engine)).isEqualTo(before);
  }

  @Test
  void theReplicationEndpointsTakeNoClientToken() throws Exception {
    // The replication chain reads no client token: whatever answers there, it is not this layer's
    // 401/403 for a client token, and a client token never authenticates there.
    Answer a = http.send("POST", "/replication/sync", ADMIN, "{}");
    assertThat(a.status()).as(a.toString()).isNotIn(200, 202, 204);
    assertThat(a.body()).doesNotContain("NOAUTH", "WRONGPASS");
  }

  @Test
  void securityHeadersOnEveryAnswer() throws Exception {
    for (Answer a : new Answer[] {http.get("/strings/app:1", ADMIN), http.get("/strings/app:1", null),
        http.redis(APP, "[\"GET\",\"secret\"]"), http.get("/actuator/health", null)}) {
      assertThat(a.header("X-Content-Type-Options")).as(a.toString()).isEqualTo("nosniff");
      assertThat(a.header("X-Frame-Options")).as(a.toString()).isEqualTo("DENY");
      assertThat(a.header("Referrer-Policy")).as(a.toString()).isEqualTo("no-referrer");
      assertThat(a.header("Content-Security-Policy")).as(a.toString())
          .isEqualTo("default-src 'none'; frame-ancestors 'none'");
      assertThat(a.header("Set-Cookie")).isNull();
    }
    Answer ui = http.get("/swagger-ui/index.html", null);
    assertThat(ui.status()).isEqualTo(200);
    assertThat(ui.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.SWAGGER_UI_POLICY);
    assertThat(http.get("/v3/api-docs", null).status()).isEqualTo(200);
  }
}
