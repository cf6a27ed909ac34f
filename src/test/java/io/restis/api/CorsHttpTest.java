package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.api.Http.Answer;
import java.net.http.HttpRequest.BodyPublishers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * CORS over real HTTP with two allowed origins: preflights and simple requests from an allowed
 * and a disallowed origin, on the resources and on the command endpoint.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "restis.cors.allowed-origins=https://app.example.com,http://localhost:3000")
class CorsHttpTest {

  private static final String ALLOWED = "https://app.example.com";
  private static final String OTHER = "https://evil.example.org";

  @LocalServerPort
  int port;

  Http http;

  @BeforeEach
  void client() throws Exception {
    http = new Http(port);
    http.put("/strings/cors:k", "{\"value\":\"v\"}");
  }

  private Answer preflight(String path, String origin, String method, String headers) throws Exception {
    return http.send("OPTIONS", path, null, BodyPublishers.noBody(), "Origin", origin,
        "Access-Control-Request-Method", method, "Access-Control-Request-Headers", headers);
  }

  @Test
  void preflightFromAnAllowedOrigin() throws Exception {
    Answer a = preflight("/lists/cors:l/tail", ALLOWED, "POST", "content-type,if-match");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(a.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(a.header("Access-Control-Allow-Methods")).contains("POST", "PUT", "DELETE");
    assertThat(a.header("Access-Control-Allow-Headers").toLowerCase()).contains("content-type", "if-match");
    assertThat(a.header("Access-Control-Max-Age")).isEqualTo("1800");
    assertThat(preflight("/redis", "http://localhost:3000", "POST", "content-type").header("Access-Control-Allow-Origin"))
        .isEqualTo("http://localhost:3000");
  }

  @Test
  void preflightFromAnotherOriginIsRefused() throws Exception {
    Answer a = preflight("/lists/cors:l/tail", OTHER, "POST", "content-type");
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void simpleRequestFromAnAllowedOriginExposesTheHeaders() throws Exception {
    Answer a = http.get("/strings/cors:k", "Origin", ALLOWED);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("value").asString()).isEqualTo("v");
    assertThat(a.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(a.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(a.header("Access-Control-Expose-Headers")).contains("ETag", "upstash-sync-token");
    Answer command = http.post("/redis", "[\"GET\",\"cors:k\"]", "Content-Type", "application/json", "Origin", ALLOWED);
    assertThat(command.body()).isEqualTo("{\"result\":\"v\"}");
    assertThat(command.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
  }

  @Test
  void simpleRequestFromAnotherOriginIsRefusedAndChangesNothing() throws Exception {
    Answer a = http.put("/strings/cors:k", "{\"value\":\"changed\"}", "Origin", OTHER);
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.header("Access-Control-Allow-Origin")).isNull();
    assertThat(http.get("/strings/cors:k").json().get("value").asString()).isEqualTo("v");
    Answer command = http.post("/redis", "[\"SET\",\"cors:k\",\"changed\"]", "Content-Type", "application/json",
        "Origin", OTHER);
    assertThat(command.status()).isEqualTo(403);
    assertThat(http.get("/strings/cors:k").json().get("value").asString()).isEqualTo("v");
  }

  @Test
  void sameOriginRequestsNeedNoCors() throws Exception {
    Answer a = http.get("/strings/cors:k", "Origin", "http://localhost:" + port);
    assertThat(a.status()).isEqualTo(200);
  }
}
