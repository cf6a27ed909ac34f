package io.restis.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small java.net.http client for the end-to-end tests: sends a request to the application on
 * its random port and keeps what came back. Paths are sent exactly as written (percent-escapes
 * included).
 */
final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  static final JsonMapper JSON = JsonMapper.builder().build();

  /** What came back. */
  record Answer(int status, byte[] bytes, HttpHeaders headers) {
    String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      return JSON.readTree(bytes);
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    String contentType() {
      return header("Content-Type");
    }

    @Override
    public String toString() {
      return status + " " + body();
    }
  }

  private final int port;

  Http(int port) {
    this.port = port;
  }

  URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  Answer send(String method, String path, String contentType, BodyPublisher body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? BodyPublishers.noBody() : body);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    var r = CLIENT.send(b.build(), BodyHandlers.ofByteArray());
    return new Answer(r.statusCode(), r.body(), r.headers());
  }

  Answer get(String path, String... headers) throws Exception {
    return send("GET", path, null, null, headers);
  }

  Answer delete(String path, String... headers) throws Exception {
    return send("DELETE", path, null, null, headers);
  }

  Answer post(String path, String json, String... headers) throws Exception {
    return send("POST", path, "application/json", BodyPublishers.ofString(json), headers);
  }

  Answer put(String path, String json, String... headers) throws Exception {
    return send("PUT", path, "application/json", BodyPublishers.ofString(json), headers);
  }

  /** A command on the command endpoint; its {@code result} (or the whole answer for an error). */
  JsonNode redis(String json) throws Exception {
    Answer a = post("/redis", json);
    JsonNode n = a.json();
    return n.has("result") ? n.get("result") : n;
  }
}
