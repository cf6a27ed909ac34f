package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.api.Http.Answer;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What clients get wrong, over real HTTP: each answer is a 4xx problem whose detail names the
 * problem, and the store is unchanged afterwards (checked with a read). Small limits make the
 * refusals cheap to provoke.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "restis.limits.max-body-size=1KB",
    "restis.limits.max-elements=5",
    "restis.limits.max-key-size=16B",
    "restis.limits.max-value-size=32B"})
class BadInputHttpTest {

  private static final String LIST = "/lists/bad:list";
  private static final String LIST_BEFORE = "[\"a\",\"b\",\"c\"]";

  @LocalServerPort
  int port;

  Http http;

  @BeforeEach
  void seed() throws Exception {
    http = new Http(port);
    http.redis("[\"DEL\",\"bad:list\",\"bad:str\"]");
    http.redis("[\"RPUSH\",\"bad:list\",\"a\",\"b\",\"c\"]");
    http.redis("[\"SET\",\"bad:str\",\"v\"]");
  }

  /** The answer is a problem of that status and kind whose detail contains the text. */
  private static void problem(Answer a, int status, String kind, String detail) {
    assertThat(a.status()).as(a.toString()).isEqualTo(status);
    assertThat(a.contentType()).as(a.toString()).startsWith("application/problem+json");
    JsonNode p = a.json();
    assertThat(p.get("type").asString()).isEqualTo("https://restis.io/problems/" + kind);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("title").asString()).isNotBlank();
    assertThat(p.get("detail").asString()).as(a.toString()).contains(detail);
  }

  private void unchanged() throws Exception {
    assertThat(http.redis("[\"LRANGE\",\"bad:list\",0,-1]").toString()).isEqualTo(LIST_BEFORE);
    assertThat(http.redis("[\"GET\",\"bad:str\"]").asString()).isEqualTo("v");
    assertThat(http.redis("[\"KEYS\",\"bad:*\"]").size()).isEqualTo(2);
  }

  @Test
  void undecodableJson() throws Exception {
    problem(http.post(LIST + "/tail", "{\"values\":[\"x\""), 400, "invalid-request", "not valid JSON");
    problem(http.post(LIST + "/tail", "{\"values\":[\"x\"]} trailing"), 400, "invalid-request", "");
    problem(http.post(LIST + "/tail", "not json"), 400, "invalid-request", "not valid JSON");
    problem(http.put("/strings/bad:str", "{value: 'x'}"), 400, "invalid-request", "not valid JSON");
    problem(http.send("POST", LIST + "/tail", "application/json", BodyPublishers.ofByteArray(new byte[] {(byte) 0xC3, 0x28})),
        400, "invalid-request", "");
    unchanged();
  }

  @Test
  void wrongJsonTypes() throws Exception {
    problem(http.post(LIST + "/tail", "{\"values\":\"x\"}"), 400, "invalid-request", "field 'values' must be an array");
    problem(http.post(LIST + "/tail", "{\"values\":[{\"a\":1}]}"), 400, "invalid-request", "field 'values[0]' must be a string");
    problem(http.post(LIST + "/tail", "{\"values\":[\"x\"],\"maxlen\":\"ten\"}"), 400, "invalid-request",
        "field 'maxlen' must be an integer");
    problem(http.post(LIST + "/tail", "{\"values\":[\"x\"],\"maxlen\":2.5}"), 400, "invalid-request",
        "field 'maxlen' must be an integer");
    problem(http.post(LIST + "/tail", "{\"values\":[\"x\"],\"onlyIfExists\":[]}"), 400, "invalid-request",
        "field 'onlyIfExists' must be a boolean");
    problem(http.post(LIST + "/tail", "[\"x\"]"), 400, "invalid-request", "the request body must be an object");
    problem(http.post(LIST + "/tail", "{\"values\":[\"x\"],\"maxLen\":2}"), 400, "invalid-request",
        "unknown field 'maxLen'; known fields: maxlen, onlyIfExists, values");
    problem(http.post(LIST + "/insert", "{\"position\":\"inside\",\"pivot\":\"a\",\"value\":\"x\"}"), 400,
        "invalid-request", "field 'position' must be one of [before, after]");
    problem(http.post(LIST + "/move", "{\"destination\":\"d\",\"from\":\"head\",\"to\":7}"), 400,
        "invalid-request", "field 'to' must be one of [head, tail]");
    problem(http.post("/strings/bad:str/increment", "{\"by\":\"many\"}"), 400, "invalid-request", "field 'by' must be a number");
    problem(http.post("/strings", "{\"entries\":{\"key\":\"bad:x\",\"value\":\"1\"}}"), 400, "invalid-request",
        "field 'entries' must be an array");
    unchanged();
  }

  @Test
  void missingAndInvalidFields() throws Exception {
    problem(http.send("POST", LIST + "/tail", "application/json", BodyPublishers.noBody()), 400, "invalid-request",
        "the request body is missing");
    problem(http.post(LIST + "/tail", "{}"), 400, "invalid-request", "field 'values' must not be empty");
    problem(http.post(LIST + "/tail", "{\"values\":[]}"), 400, "invalid-request", "field 'values' must not be empty");
    problem(http.post(LIST + "/tail", "{\"values\":[null]}"), 400, "invalid-request", "field 'values[0]' must not be null");
    problem(http.post(LIST + "/tail", "{\"values\":[\"x\"],\"maxlen\":0}"), 400, "invalid-request",
        "field 'maxlen' must be greater than 0");
    problem(http.post(LIST + "/tail", "{\"values\":[\"x\"],\"maxlen\":-3}"), 400, "invalid-request",
        "field 'maxlen' must be greater than 0");
    problem(http.post(LIST + "/trim", "{\"start\":0}"), 400, "invalid-request", "field 'stop' must not be null");
    problem(http.put("/strings/bad:str", "{\"value\":null}"), 400, "invalid-request", "field 'value' must not be null");
    problem(http.post(LIST + "/tail?encoding=base64", "{\"values\":[\"%%%\"]}"), 400, "invalid-request",
        "values[0] is not valid base64");
    unchanged();
  }

  @Test
  void badParameters() throws Exception {
    problem(http.delete(LIST + "/head?count=-1"), 400, "invalid-request", "parameter 'count' must be greater than 0");
    problem(http.delete(LIST + "/head?count=0"), 400, "invalid-request", "parameter 'count' must be greater than 0");
    problem(http.delete(LIST + "/head?count=1000000000"), 400, "too-many-elements",
        "1000000000 elements in one call, more than the 5 of restis.limits.max-elements");
    problem(http.delete(LIST + "/head?count=99999999999999999999"), 400, "invalid-request",
        "parameter 'count' must be an integer, got '99999999999999999999'");
    problem(http.delete(LIST + "/head?count=abc"), 400, "invalid-request", "parameter 'count' must be an integer");
    problem(http.get(LIST + "?start=x"), 400, "invalid-request", "parameter 'start' must be an integer, got 'x'");
    problem(http.get(LIST + "/items/first"), 400, "invalid-request", "parameter 'index' must be an integer");
    problem(http.get(LIST + "?encoding=hex"), 400, "invalid-request", "parameter 'encoding' must be one of [utf8, base64]");
    problem(http.delete(LIST + "/middle"), 400, "invalid-request", "parameter 'end' must be one of [head, tail]");
    problem(http.get("/keys?count=-5"), 400, "invalid-request", "parameter 'count' must be greater than 0");
    problem(http.get("/keys?count=100"), 400, "too-many-elements", "100 elements in one call");
    problem(http.get("/keys?cursor=abc"), 400, "invalid-argument", "ERR invalid cursor");
    problem(http.put("/strings/bad:str?ex=abc", "{\"value\":\"x\"}"), 400, "invalid-request", "parameter 'ex'");
    problem(http.put("/strings/bad:str?nx=maybe", "{\"value\":\"x\"}"), 400, "invalid-request",
        "parameter 'nx' must be a boolean");
    problem(http.put("/strings/bad:str?ex=-5", "{\"value\":\"x\"}"), 400, "invalid-argument",
        "ERR invalid expire time in 'set' command");
    problem(http.get("/strings?key=a&key=b&key=c&key=d&key=e&key=f"), 400, "too-many-elements", "6 elements in one call");
    unchanged();
  }

  @Test
  void invalidPercentEncoding() throws Exception {
    problem(http.raw("GET", "/lists/bad%zzlist", null, null), 400, "invalid-request", "malformed percent-escape");
    problem(http.raw("POST", "/lists/bad%2/tail", "application/json", "{\"values\":[\"x\"]}"), 400,
        "invalid-request", "malformed percent-escape");
    problem(http.raw("PUT", "/strings/bad%FFstr", "application/json", "{\"value\":\"x\"}"), 400,
        "invalid-request", "not UTF-8");
    problem(http.raw("GET", "/redis/get/bad%zz", null, null), 400, "invalid-request", "malformed percent-escape");
    // The hand-written client itself works: the same request with a valid escape is answered.
    assertThat(http.raw("GET", "/lists/bad%3Alist", null, null).json().get("values").size()).isEqualTo(3);
    unchanged();
  }

  @Test
  void bodiesKeysAndValuesOverTheLimits() throws Exception {
    String big = "{\"values\":[\"" + "x".repeat(2000) + "\"]}";
    problem(http.post(LIST + "/tail", big), 413, "too-large", "request body exceeds 1024 bytes (restis.limits.max-body-size)");
    // Chunked: no Content-Length, counted as it streams.
    problem(http.send("POST", LIST + "/tail", "application/json",
        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))),
        413, "too-large", "request body exceeds 1024 bytes");
    problem(http.send("PUT", "/strings/bad:str", "application/octet-stream", BodyPublishers.ofByteArray(new byte[5000])),
        413, "too-large", "request body exceeds 1024 bytes");
    problem(http.put("/strings/bad:str", "{\"value\":\"" + "v".repeat(33) + "\"}"), 413, "too-large",
        "a value of 33 bytes is more than the 32 of restis.limits.max-value-size");
    problem(http.put("/strings/bad:0123456789abcdef", "{\"value\":\"x\"}"), 413, "too-large",
        "the key is 20 bytes, more than the 16 of restis.limits.max-key-size");
    problem(http.post(LIST + "/move", "{\"destination\":\"bad:0123456789abcdef\",\"from\":\"head\",\"to\":\"tail\"}"),
        413, "too-large", "the key is 20 bytes");
    problem(http.post(LIST + "/tail", "{\"values\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\"]}"), 400, "too-many-elements",
        "6 elements in one call, more than the 5 of restis.limits.max-elements");
    problem(http.put("/strings/bad:str/range", "{\"offset\":30,\"value\":\"abc\"}"), 413, "too-large",
        "a value of 33 bytes");
    unchanged();
  }

  @Test
  void wrongMediaTypes() throws Exception {
    problem(http.send("POST", LIST + "/tail", "text/plain", BodyPublishers.ofString("{\"values\":[\"x\"]}")), 415,
        "unsupported-media-type", "Content-Type 'text/plain");
    problem(http.send("PUT", "/strings/bad:str", "application/xml", BodyPublishers.ofString("<v/>")), 415,
        "unsupported-media-type", "Content-Type 'application/xml");
    problem(http.send("POST", LIST + "/tail", null, BodyPublishers.ofString("{\"values\":[\"x\"]}")), 415,
        "unsupported-media-type", "");
    problem(http.get(LIST, "Accept", "text/html"), 406, "not-acceptable", "application/json");
    problem(http.get("/strings/bad:str", "Accept", "image/png"), 406, "not-acceptable", "application/octet-stream");
    unchanged();
  }

  @Test
  void conditionsThatDoNotHold() throws Exception {
    String etag = http.get(LIST).header("ETag");
    String stale = "\"" + (Long.parseLong(etag.replace("\"", "")) - 1) + "\"";
    Answer a = http.post(LIST + "/tail", "{\"values\":[\"x\"]}", "If-Match", stale);
    problem(a, 412, "precondition-failed", "the key's current ETag is " + etag);
    assertThat(a.header("ETag")).isEqualTo(etag);
    problem(http.post(LIST + "/tail", "{\"values\":[\"x\"]}", "If-None-Match", "*"), 412, "precondition-failed", "");
    problem(http.post(LIST + "/tail", "{\"values\":[\"x\"]}", "If-None-Match", etag), 412, "precondition-failed", "");
    problem(http.delete(LIST, "If-Match", stale), 412, "precondition-failed", "");
    problem(http.delete("/strings/bad:str", "If-Match", "W/" + etag), 412, "precondition-failed", "");
    problem(http.put("/strings/bad:new", "{\"value\":\"x\"}", "If-Match", "*"), 412, "precondition-failed",
        "the key does not exist");
    problem(http.post(LIST + "/tail", "{\"values\":[\"x\"]}", "If-Match", "42"), 400, "invalid-request",
        "If-Match must be * or a list of entity tags");
    assertThat(http.get(LIST, "If-None-Match", etag).status()).isEqualTo(304);
    unchanged();
  }

  @Test
  void wrongTypesUnknownPathsAndMethods() throws Exception {
    Answer a = http.get("/lists/bad:str");
    problem(a, 409, "wrong-type", "WRONGTYPE Operation against a key holding the wrong kind of value");
    assertThat(a.json().get("error").asString()).isEqualTo("WRONGTYPE");
    problem(http.post("/lists/bad:str/tail", "{\"values\":[\"x\"]}"), 409, "wrong-type", "WRONGTYPE");
    problem(http.post("/strings/bad:list/increment", "{\"by\":1}"), 409, "wrong-type", "WRONGTYPE");
    problem(http.delete("/strings/bad:list"), 409, "wrong-type", "WRONGTYPE");
    problem(http.post("/strings/bad:str/increment", "{\"by\":1}"), 400, "invalid-argument",
        "ERR value is not an integer or out of range");
    problem(http.get("/lists/bad:none"), 404, "key-not-found", "no such key 'bad:none'");
    problem(http.get("/nowhere"), 404, "not-found", "no resource at /nowhere");
    Answer method = http.send("PATCH", LIST, "application/json", BodyPublishers.ofString("{}"));
    problem(method, 405, "method-not-allowed", "method PATCH is not supported here");
    assertThat(method.header("Allow")).contains("GET");
    unchanged();
  }

  @Test
  void theCommandEndpointKeepsItsOwnErrorShape() throws Exception {
    Answer a = http.post("/redis", "[\"SET\",\"bad:str\",\"" + "x".repeat(2000) + "\"]");
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.contentType()).isEqualTo("application/json");
    assertThat(a.body()).isEqualTo("{\"error\":\"ERR request body exceeds 1024 bytes (restis.limits.max-body-size)\"}");
    Answer b = http.post("/redis", "[\"SET\",\"bad:str\"");
    assertThat(b.status()).isEqualTo(400);
    assertThat(b.json().get("error").asString()).startsWith("ERR invalid JSON");
    unchanged();
  }

  @Test
  void aClientThatHangsUpMidBodyChangesNothing() throws Exception {
    try (Socket s = new Socket("localhost", port)) {
      String head = "POST /lists/bad:list/tail HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100\r\n\r\n{\"values\":[\"x";
      s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
    }
    Thread.sleep(200);
    unchanged();
  }
}
