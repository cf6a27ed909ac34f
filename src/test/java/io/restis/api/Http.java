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
import java.util.List;
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

  /**
   * A request written by hand on a socket, for paths java.net.URI refuses to send (a malformed
   * percent-escape such as {@code %zz}): the request line carries the path exactly as given.
   */
  Answer raw(String method, String path, String contentType, String body) throws Exception {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
    byte[] response;
    try (java.net.Socket s = new java.net.Socket("localhost", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().write(content);
      s.getOutputStream().flush();
      response = s.getInputStream().readAllBytes();
    }
    String text = new String(response, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    java.util.Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new java.util.ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] payload = java.util.Arrays.copyOfRange(response, end + 4, response.length);
    if (headers.containsKey("Transfer-Encoding")) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      String chunked = new String(payload, StandardCharsets.ISO_8859_1);
      int i = 0;
      while (true) {
        int nl = chunked.indexOf("\r\n", i);
        int size = Integer.parseInt(chunked.substring(i, nl).trim(), 16);
        if (size == 0) {
          break;
        }
        out.write(payload, nl + 2, size);
        i = nl + 2 + size + 2;
      }
      payload = out.toByteArray();
    }
    return new Answer(status, payload, HttpHeaders.of(headers, (a, b) -> true));
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
