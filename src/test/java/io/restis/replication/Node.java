package io.restis.replication;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A Restis node over HTTP, as the replication tests speak to it. */
final class Node {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** What came back. */
  record Answer(int status, String body, HttpHeaders headers) {
    JsonNode json() {
      return JSON.readTree(body);
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  final String url;

  Node(String url) {
    this.url = url;
  }

  static Node onPort(int port) {
    return new Node("http://127.0.0.1:" + port);
  }

  int port() {
    return URI.create(url).getPort();
  }

  Answer send(String method, String path, String contentType, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.headers());
  }

  Answer json(String method, String path, String json, String... headers) throws IOException, InterruptedException {
    return send(method, path, "application/json", json == null ? null : json.getBytes(StandardCharsets.UTF_8),
        headers);
  }

  /** One command on {@code POST /redis}. */
  Answer command(String... argv) throws IOException, InterruptedException {
    return json("POST", "/redis", JSON.writeValueAsString(argv));
  }

  Answer get(String path, String... headers) throws IOException, InterruptedException {
    return send("GET", path, null, null, headers);
  }

  JsonNode status() throws IOException, InterruptedException {
    return get("/admin/replication").json();
  }

  JsonNode digest() throws IOException, InterruptedException {
    return get("/admin/replication/digest").json();
  }

  long offset() throws IOException, InterruptedException {
    return status().get("offset").asLong();
  }

  boolean ready() {
    try {
      Answer a = get("/actuator/health/readiness");
      return a.status() == 200 && a.body().contains("UP");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Polls until the condition holds on this node's replication status; fails after the timeout. */
  JsonNode awaitStatus(Predicate<JsonNode> condition, long seconds, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = status();
        if (condition.test(last)) {
          return last;
        }
      } catch (IOException e) {
        // not answering yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for " + what + " on " + url + "; last status: " + last);
  }

  void awaitReady(long seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (ready()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(url + " did not become ready");
  }

  @Override
  public String toString() {
    return url;
  }
}
