package io.restis.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.engine.Engine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin resource and the commands over HTTP, in the whole application with persistence on. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PersistenceEndpointTest {

  @TempDir
  static Path dir;

  @DynamicPropertySource
  static void persistence(DynamicPropertyRegistry r) {
    r.add("restis.persistence.enabled", () -> "true");
    r.add("restis.persistence.dir", () -> dir.toString());
    r.add("restis.persistence.appendonly", () -> "true");
    r.add("restis.persistence.appendfsync", () -> "always");
    r.add("restis.persistence.save", () -> "");
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @LocalServerPort
  int port;

  @Autowired
  Engine engine;

  @Autowired
  PersistenceService service;

  record Answer(int status, JsonNode body) {}

  private Answer send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
    b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
  }

  @Test
  void statusSaveBgsaveAndTheCommands() throws Exception {
    Answer ready = send("GET", "/actuator/health/readiness", null);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body().get("status").asString()).isEqualTo("UP");

    assertThat(send("POST", "/redis", "[\"SET\",\"a\",\"1\"]").body().get("result").asString()).isEqualTo("OK");
    Answer status = send("GET", "/admin/persistence", null);
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.body().get("loading").asBoolean()).isFalse();
    assertThat(status.body().get("aof").get("fsync").asString()).isEqualTo("always");
    assertThat(status.body().get("changesSinceLastSave").asLong()).isGreaterThanOrEqualTo(1);

    Answer save = send("POST", "/admin/persistence/save", null);
    assertThat(save.status()).isEqualTo(200);
    assertThat(save.body().get("lastSave").get("result").asString()).isEqualTo("ok");
    assertThat(save.body().get("lastSave").get("bytes").asLong()).isEqualTo(Files.size(dir.resolve("dump.rdb")));

    Answer bg = send("POST", "/admin/persistence/bgsave", null);
    assertThat(bg.status()).isEqualTo(202);
    assertThat(bg.body().get("message").asString()).isEqualTo("Background saving started");
    assertThat(service.awaitIdle(10, TimeUnit.SECONDS)).isTrue();

    assertThat(send("POST", "/redis", "[\"SAVE\"]").body().get("result").asString()).isEqualTo("OK");
    long lastsave = send("POST", "/redis", "[\"LASTSAVE\"]").body().get("result").asLong();
    assertThat(lastsave).isBetween(System.currentTimeMillis() / 1000 - 5, System.currentTimeMillis() / 1000 + 1);
    assertThat(send("POST", "/redis", "[\"BGSAVE\"]").body().get("result").asString())
        .isEqualTo("Background saving started");
    assertThat(service.awaitIdle(10, TimeUnit.SECONDS)).isTrue();

    Answer rw = send("POST", "/admin/persistence/rewrite", null);
    assertThat(rw.status()).isEqualTo(202);
    assertThat(service.awaitIdle(10, TimeUnit.SECONDS)).isTrue();
    assertThat(send("GET", "/admin/persistence", null).body().get("aof").get("lastRewrite").get("result").asString())
        .isEqualTo("ok");
    assertThat(Files.exists(dir.resolve("appendonlydir").resolve("appendonly.aof.2.base.rdb"))).isTrue();
  }
}
