package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.engine.Engine;
import io.restis.engine.Keyspace;
import io.restis.support.TestTableConfiguration;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The command endpoint end to end: the whole application on a real port, spoken to with
 * java.net.http as the Upstash SDK speaks to it. Small limits make the refusals cheap to provoke.
 * Every test uses keys of its own, since the application context (and its engine) is shared.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "restis.limits.max-body-size=64KB",
    "restis.limits.max-commands=50",
    "restis.limits.max-key-size=1KB",
    "restis.engine.active-expire-period=20ms"})
@Import(TestTableConfiguration.class)
class CommandEndpointHttpTest {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  @LocalServerPort
  int port;

  @Autowired
  Engine engine;

  /** What came back: status, body text, and the sync token header (null when absent). */
  record Answer(int status, String body, String syncToken, String contentType) {
    long token() {
      return Long.parseLong(syncToken);
    }
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private Answer send(HttpRequest.Builder b) throws Exception {
    HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body(), r.headers().firstValue("upstash-sync-token").orElse(null),
        r.headers().firstValue("Content-Type").orElse(null));
  }

  private Answer post(String path, String json, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(BodyPublishers.ofString(json));
    if (headers.length == 0) {
      b.header("Content-Type", "application/json");
    } else {
      b.headers(headers);
    }
    return send(b);
  }

  private Answer get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void ok(Answer a, String body) {
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.contentType()).isEqualTo("application/json");
    assertThat(a.body()).isEqualTo(body);
  }

  private static void refused(Answer a, int status, String body) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.contentType()).isEqualTo("application/json");
    assertThat(a.body()).isEqualTo(body);
  }

  // ---- single commands

  @Test
  void singleCommand() throws Exception {
    ok(post("/redis", "[\"SET\",\"single:greeting\",\"hello\"]"), "{\"result\":\"OK\"}");
    ok(post("/redis", "[\"get\",\"single:greeting\"]"), "{\"result\":\"hello\"}");
    ok(post("/redis/", "[\"GET\",\"single:greeting\"]"), "{\"result\":\"hello\"}");
    ok(post("/redis", "[\"GET\",\"single:missing\"]"), "{\"result\":null}");
    ok(post("/redis", "[\"PING\"]"), "{\"result\":\"PONG\"}");
  }

  @Test
  void numbersAndBooleansAreSentAsTheirText() throws Exception {
    ok(post("/redis", "[\"ECHO\",1.50]"), "{\"result\":\"1.50\"}");
    ok(post("/redis", "[\"ECHO\",1e3]"), "{\"result\":\"1e3\"}");
    ok(post("/redis", "[\"ECHO\",true]"), "{\"result\":\"true\"}");
    ok(post("/redis", "[\"SET\",\"single:n\",100]"), "{\"result\":\"OK\"}");
    ok(post("/redis", "[\"INCR\",\"single:n\"]"), "{\"result\":101}");
  }

  @Test
  void arraysKeepTheirNulls() throws Exception {
    post("/redis", "[\"SET\",\"arr:a\",\"1\"]");
    ok(post("/redis", "[\"MGET\",\"arr:a\",\"arr:none\",\"arr:a\"]"), "{\"result\":[\"1\",null,\"1\"]}");
  }

  @Test
  void commandErrorsAre400WithRedisText() throws Exception {
    post("/redis", "[\"SET\",\"err:s\",\"abc\"]");
    refused(post("/redis", "[\"INCR\",\"err:s\"]"), 400,
        "{\"error\":\"ERR value is not an integer or out of range\"}");
    refused(post("/redis", "[\"GET\"]"), 400, "{\"error\":\"ERR wrong number of arguments for 'get' command\"}");
    refused(post("/redis", "[\"NOSUCHCMD\",\"a\",\"b\"]"), 400,
        "{\"error\":\"ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' 'b' \"}");
  }

  // ---- pipeline and transaction

  @Test
  void pipelineRunsEveryCommandAndAnswersEach() throws Exception {
    ok(post("/redis/pipeline",
            "[[\"SET\",\"pipe:a\",\"x\"],[\"INCR\",\"pipe:a\"],[\"GET\",\"pipe:a\"],[\"NOPE\"],[\"GET\",\"pipe:none\"]]"),
        "[{\"result\":\"OK\"},{\"error\":\"ERR value is not an integer or out of range\"},{\"result\":\"x\"},"
            + "{\"error\":\"ERR unknown command 'NOPE', with args beginning with: \"},{\"result\":null}]");
    ok(post("/redis/pipeline", "[]"), "[]");
  }

  @Test
  void multiExecRunsAtomicallyAndKeepsRuntimeErrorsInPlace() throws Exception {
    ok(post("/redis/multi-exec", "[[\"SET\",\"tx:a\",\"x\"],[\"INCR\",\"tx:a\"],[\"MGET\",\"tx:a\",\"tx:b\"]]"),
        "[{\"result\":\"OK\"},{\"error\":\"ERR value is not an integer or out of range\"},{\"result\":[\"x\",null]}]");
  }

  @Test
  void multiExecWithAQueueTimeErrorRunsNothing() throws Exception {
    refused(post("/redis/multi-exec", "[[\"SET\",\"tx:aborted\",\"1\"],[\"NOPE\"]]"), 400,
        "{\"error\":\"EXECABORT Transaction discarded because of previous errors.\"}");
    refused(post("/redis/multi-exec", "[[\"SET\",\"tx:aborted\",\"1\"],[\"GET\"]]"), 400,
        "{\"error\":\"EXECABORT Transaction discarded because of previous errors.\"}");
    ok(post("/redis", "[\"GET\",\"tx:aborted\"]"), "{\"result\":null}");
  }

  // ---- path style

  @Test
  void pathStyle() throws Exception {
    ok(get("/redis/set/path:k/v1"), "{\"result\":\"OK\"}");
    ok(get("/redis/get/path:k"), "{\"result\":\"v1\"}");
    ok(get("/redis/GET/path:k"), "{\"result\":\"v1\"}");
    ok(get("/redis/ping"), "{\"result\":\"PONG\"}");
    ok(send(HttpRequest.newBuilder(uri("/redis/ping")).POST(BodyPublishers.noBody())), "{\"result\":\"PONG\"}");
  }

  @Test
  void pathSegmentsArePercentDecodedEachOneArgument() throws Exception {
    ok(get("/redis/set/path:a%2Fb/hello%20w%C3%B6rld"), "{\"result\":\"OK\"}");
    ok(post("/redis", "[\"GET\",\"path:a/b\"]"), "{\"result\":\"hello w\u00f6rld\"}");
    ok(get("/redis/set/path:empty/"), "{\"result\":\"OK\"}");
    ok(post("/redis", "[\"GET\",\"path:empty\"]"), "{\"result\":\"\"}");
    ok(get("/redis/set/path:plus/1+1%3D2%25"), "{\"result\":\"OK\"}");
    ok(post("/redis", "[\"GET\",\"path:plus\"]"), "{\"result\":\"1+1=2%\"}");
  }

  @Test
  void pathStylePostBodyIsTheLastArgumentByteForByte() throws Exception {
    byte[] binary = {0, 1, (byte) 0xFF, (byte) 0xFE, '"', '\n'};
    ok(send(HttpRequest.newBuilder(uri("/redis/set/path:bin"))
            .header("Content-Type", "application/octet-stream")
            .POST(BodyPublishers.ofByteArray(binary))), "{\"result\":\"OK\"}");
    ok(get("/redis/get/path:bin", "Upstash-Encoding", "base64"),
        "{\"result\":\"" + Base64.getEncoder().encodeToString(binary) + "\"}");
    // curl -d sends a form content type; the body must still arrive untouched
    ok(send(HttpRequest.newBuilder(uri("/redis/set/path:form"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString("a=1&b=2"))), "{\"result\":\"OK\"}");
    ok(get("/redis/get/path:form"), "{\"result\":\"a=1&b=2\"}");
  }

  // ---- base64

  @Test
  void base64EncodesStringsOnly() throws Exception {
    String[] b64 = {"Content-Type", "application/json", "Upstash-Encoding", "base64"};
    ok(post("/redis", "[\"SET\",\"b64:k\",\"h\u00e9llo\"]", b64), "{\"result\":\"" + b64("OK") + "\"}");
    ok(post("/redis", "[\"GET\",\"b64:k\"]", b64), "{\"result\":\"" + b64("h\u00e9llo") + "\"}");
    ok(post("/redis", "[\"PING\"]", b64), "{\"result\":\"UE9ORw==\"}");
    ok(post("/redis", "[\"GET\",\"b64:none\"]", b64), "{\"result\":null}");
    ok(post("/redis", "[\"DEL\",\"b64:none\"]", b64), "{\"result\":0}");
    refused(post("/redis", "[\"INCR\",\"b64:k\"]", b64), 400,
        "{\"error\":\"ERR value is not an integer or out of range\"}");
    ok(post("/redis/pipeline", "[[\"GET\",\"b64:k\"],[\"MGET\",\"b64:k\",\"b64:none\"],[\"INCR\",\"b64:k\"]]", b64),
        "[{\"result\":\"" + b64("h\u00e9llo") + "\"},{\"result\":[\"" + b64("h\u00e9llo") + "\",null]},"
            + "{\"error\":\"ERR value is not an integer or out of range\"}]");
    ok(post("/redis/multi-exec", "[[\"PING\"],[\"INCR\",\"b64:n\"]]", b64),
        "[{\"result\":\"UE9ORw==\"},{\"result\":1}]");
  }

  // ---- sync token

  @Test
  void syncTokenIsTheWriteOffset() throws Exception {
    Answer first = post("/redis", "[\"SET\",\"sync:k\",\"1\"]");
    assertThat(first.syncToken()).isNotNull();
    Answer read = post("/redis", "[\"GET\",\"sync:k\"]");
    assertThat(read.token()).isGreaterThanOrEqualTo(first.token());
    Answer write = post("/redis", "[\"INCR\",\"sync:k\"]");
    assertThat(write.token()).isGreaterThan(first.token());
    assertThat(write.token()).isLessThanOrEqualTo(engine.offset());
    Answer pipeline = post("/redis/pipeline", "[[\"INCR\",\"sync:k\"],[\"INCR\",\"sync:k\"]]");
    assertThat(pipeline.token()).isGreaterThanOrEqualTo(write.token() + 2);
    Answer tx = post("/redis/multi-exec", "[[\"INCR\",\"sync:k\"]]");
    assertThat(tx.token()).isGreaterThan(pipeline.token());
    Answer path = get("/redis/incr/sync:k");
    assertThat(path.token()).isGreaterThan(tx.token());
    Answer error = post("/redis", "[\"GET\"]");
    assertThat(error.syncToken()).isNotNull();
  }

  // ---- refusals: never a 500

  @Test
  void invalidJsonIs400() throws Exception {
    for (String body : new String[] {"[\"SET\",", "not json", "[\"SET\" \"k\"]", "[\"PING\"] trailing"}) {
      Answer a = post("/redis", body);
      assertThat(a.status()).as(body).isEqualTo(400);
      assertThat(a.body()).as(body).startsWith("{\"error\":\"ERR invalid JSON: ");
    }
    Answer a = post("/redis/pipeline", "[[\"PING\"");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body()).startsWith("{\"error\":\"ERR invalid JSON: ");
  }

  @Test
  void malformedCommandsAre400() throws Exception {
    String shape = "{\"error\":\"ERR the request body must be a JSON array of the command name and its "
        + "arguments, such as [\\\"SET\\\",\\\"key\\\",\\\"value\\\"]\"}";
    refused(post("/redis", "{\"command\":\"PING\"}"), 400, shape);
    refused(post("/redis", "\"PING\""), 400, shape);
    refused(post("/redis", ""), 400,
        "{\"error\":\"ERR empty request body: send the command as a JSON array, such as [\\\"PING\\\"]\"}");
    refused(post("/redis", "[]"), 400, "{\"error\":\"ERR empty command: the array must start with the command name\"}");
    String kinds = ": arguments must be JSON strings, numbers or booleans\"}";
    refused(post("/redis", "[\"SET\",\"k\",null]"), 400, "{\"error\":\"ERR argument 2 is null" + kinds);
    refused(post("/redis", "[\"SET\",\"k\",{\"v\":1}]"), 400, "{\"error\":\"ERR argument 2 is an object" + kinds);
    refused(post("/redis", "[\"SET\",\"k\",[\"v\"]]"), 400, "{\"error\":\"ERR argument 2 is an array" + kinds);
    refused(post("/redis/pipeline", "[\"PING\"]"), 400, "{\"error\":\"ERR the request body must be a JSON array "
        + "of commands, each a JSON array, such as [[\\\"SET\\\",\\\"k\\\",\\\"v\\\"],[\\\"GET\\\",\\\"k\\\"]]\"}");
    refused(post("/redis/multi-exec", "[[\"PING\"],[]]"), 400,
        "{\"error\":\"ERR command 1 is empty: each command must start with its name\"}");
    refused(post("/redis/pipeline", "[[\"SET\",\"malformed:k\",\"v\"],[\"ECHO\",null]]"), 400,
        "{\"error\":\"ERR argument 1 of command 1 is null" + kinds);
    ok(post("/redis", "[\"GET\",\"malformed:k\"]"), "{\"result\":null}"); // nothing of it ran
  }

  @Test
  void tooManyCommandsIs400() throws Exception {
    String pipeline = "[" + "[\"PING\"],".repeat(50) + "[\"PING\"]]";
    refused(post("/redis/pipeline", pipeline), 400,
        "{\"error\":\"ERR too many commands: at most 50 per request (restis.limits.max-commands)\"}");
    refused(post("/redis/multi-exec", pipeline), 400,
        "{\"error\":\"ERR too many commands: at most 50 per request (restis.limits.max-commands)\"}");
  }

  @Test
  void keyOverTheLimitIs400() throws Exception {
    String key = "k".repeat(1025);
    refused(post("/redis", "[\"SET\",\"" + key + "\",\"v\"]"), 400,
        "{\"error\":\"ERR key exceeds 1024 bytes (restis.limits.max-key-size)\"}");
    refused(post("/redis/pipeline", "[[\"PING\"],[\"GET\",\"" + key + "\"]]"), 400,
        "{\"error\":\"ERR key in command 1 exceeds 1024 bytes (restis.limits.max-key-size)\"}");
    ok(post("/redis", "[\"SET\",\"limit:k\",\"" + "v".repeat(2000) + "\"]"), "{\"result\":\"OK\"}");
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    String big = "[\"SET\",\"big:k\",\"" + "x".repeat(70_000) + "\"]";
    String tooLarge = "{\"error\":\"ERR request body exceeds 65536 bytes (restis.limits.max-body-size)\"}";
    refused(post("/redis", big), 413, tooLarge); // Content-Length declared
    byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
    refused(send(HttpRequest.newBuilder(uri("/redis")).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))), 413, tooLarge); // chunked
    refused(send(HttpRequest.newBuilder(uri("/redis/set/big:k")).header("Content-Type", "text/plain")
        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))), 413, tooLarge);
    ok(post("/redis", "[\"GET\",\"big:k\"]"), "{\"result\":null}");
  }

  @Test
  void mediaTypes() throws Exception {
    refused(post("/redis", "[\"PING\"]", "Content-Type", "application/xml"), 415,
        "{\"error\":\"ERR unsupported media type 'application/xml': send the command as a JSON array "
            + "with Content-Type application/json\"}");
    assertThat(post("/redis/pipeline", "[[\"PING\"]]", "Content-Type", "multipart/form-data; boundary=x").status())
        .isEqualTo(415);
    assertThat(post("/redis/multi-exec", "[[\"PING\"]]", "Content-Type", "image/png").status()).isEqualTo(415);
    // what curl -d, sendBeacon and clients without a content type send is read as JSON
    ok(post("/redis", "[\"PING\"]", "Content-Type", "application/x-www-form-urlencoded"), "{\"result\":\"PONG\"}");
    ok(post("/redis", "[\"PING\"]", "Content-Type", "text/plain;charset=UTF-8"), "{\"result\":\"PONG\"}");
    ok(post("/redis", "[\"PING\"]", "Content-Type", "application/json; charset=utf-8"), "{\"result\":\"PONG\"}");
    ok(send(HttpRequest.newBuilder(uri("/redis")).POST(BodyPublishers.ofString("[\"PING\"]"))),
        "{\"result\":\"PONG\"}");
  }

  // ---- the rest of the skeleton

  @Test
  void activeExpiryReclaimsKeysNobodyReads() throws Exception {
    long before = engine.read(Keyspace::expiredKeys);
    ok(post("/redis/pipeline", "[[\"SET\",\"ttl:a\",\"1\"],[\"PEXPIRE\",\"ttl:a\",\"30\"]]"),
        "[{\"result\":\"OK\"},{\"result\":1}]");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (engine.read(Keyspace::expiredKeys) == before && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(engine.read(Keyspace::expiredKeys)).isEqualTo(before + 1);
  }

  @Test
  void healthIsExposed() throws Exception {
    Answer a = get("/actuator/health");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).contains("\"status\":\"UP\"");
  }
}
