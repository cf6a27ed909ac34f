package io.restis.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small java.net.http client for the security tests: a request with or without a token. */
final class SecureHttp {

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

    @Override
    public String toString() {
      return status + " " + body();
    }
  }

  private final int port;

  SecureHttp(int port) {
    this.port = port;
  }

  /**
   * Sends a request; {@code token} null sends none. A body with a JSON look is sent as
   * application/json, any other as text/plain.
   */
  Answer send(String method, String path, String token, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", body.startsWith("[") || body.startsWith("{") ? "application/json" : "text/plain");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    var r = CLIENT.send(b.build(), BodyHandlers.ofByteArray());
    return new Answer(r.statusCode(), r.body(), r.headers());
  }

  Answer get(String path, String token) throws Exception {
    return send("GET", path, token, null);
  }

  Answer redis(String token, String json) throws Exception {
    return send("POST", "/redis", token, json);
  }
}
