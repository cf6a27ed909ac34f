package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * A plain HTTP client for the end-to-end tests of the resources: requests on a real port with
 * java.net.http, answers parsed as JSON, and the command endpoint ({@code /redis}) to compare
 * with and to read the store back.
 */
final class ResourceHttp {

  static final JsonMapper JSON = JsonMapper.builder()
      .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS) // scores exactly as the server wrote them
      .build();

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /** What came back: status, the body as text and parsed (null when empty), the headers. */
  record Answer(int status, String text, JsonNode json, HttpHeaders headers) {

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    JsonNode get(String field) {
      return json.get(field);
    }

    /** Asserts a problem answer of this status and kind; answers its detail. */
    String problem(int expectedStatus, String kind) {
      assertThat(status).as(text).isEqualTo(expectedStatus);
      assertThat(header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(json.get("type").asString()).as(text).isEqualTo(Problem.TYPE_BASE + kind);
      assertThat(json.get("status").asInt()).isEqualTo(expectedStatus);
      return json.get("detail").asString();
    }
  }

  private final int port;

  ResourceHttp(int port) {
    this.port = port;
  }

  Answer send(String method, String path, String json, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
    boolean typed = false;
    for (int i = 0; i < headers.length; i += 2) {
      typed |= headers[i].equalsIgnoreCase("Content-Type");
    }
    if (json != null && !typed) {
      b.header("Content-Type", "application/json");
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    HttpResponse<String> r = HTTP.send(b.build(), BodyHandlers.ofString());
    JsonNode parsed = r.body().isEmpty() ? null : JSON.readTree(r.body());
    return new Answer(r.statusCode(), r.body(), parsed, r.headers());
  }

  Answer get(String path, String... headers) throws Exception {
    return send("GET", path, null, headers);
  }

  Answer post(String path, String json, String... headers) throws Exception {
    return send("POST", path, json, headers);
  }

  Answer put(String path, String json, String... headers) throws Exception {
    return send("PUT", path, json, headers);
  }

  Answer delete(String path, String... headers) throws Exception {
    return send("DELETE", path, null, headers);
  }

  /** The strings of a JSON array, in order (null for a JSON null). */
  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.values().forEach(n -> out.add(n.isNull() ? null : n.asString()));
    return out;
  }

  /** One command on the command endpoint: its result (failing the test on an error). */
  JsonNode redis(String... args) throws Exception {
    ArrayNode command = JSON.createArrayNode();
    for (String a : args) {
      command.add(a);
    }
    Answer a = post("/redis", JSON.writeValueAsString(command));
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    return a.get("result");
  }
}
