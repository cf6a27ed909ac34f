package io.restis.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.realtime.TrackerAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The tracker's ingest endpoint over HTTP: what it stores, its CORS answers for a restricted
 * origin list, the access hook, and its refusals as problem details.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "restis.tracker.max-views=3",
    "restis.tracker.max-view-size=1KB",
    "restis.tracker.allowed-origins=https://shop.example.com"})
class TrackerHttpTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @LocalServerPort
  int port;

  /**
   * The access hook replaced, as the security layer replaces it: here, site "locked" needs token
   * "s3cret" and every other site is open. Primary, so it wins over the application's own.
   */
  @TestConfiguration
  static class Access {
    @Bean
    @org.springframework.context.annotation.Primary
    TrackerAccess lockedSiteAccess() {
      return (site, token, origin) -> !site.equals("locked") || "s3cret".equals(token);
    }
  }

  private HttpResponse<String> view(String path, String origin, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "text/plain;charset=UTF-8").POST(BodyPublishers.ofString(body));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return HTTP.send(b.build(), BodyHandlers.ofString());
  }

  private static String json(String url, String visitor) {
    return "{\"url\":\"" + url + "\",\"referrer\":\"https://ref.example/\",\"title\":\"T\",\"time\":5,\"visitor\":\""
        + visitor + "\"}";
  }

  @Test
  void storesCapsCountsAndEchoesTheAllowedOrigin() throws Exception {
    for (int i = 1; i <= 5; i++) {
      HttpResponse<String> r = view("/track/shop", "https://shop.example.com",
          json("https://shop.example.com/p/" + (i % 2) + "?q=" + i, "v" + (i % 3)));
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example.com");
      assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
      assertThat(r.headers().allValues("Vary")).contains("Origin");
    }
    String summary = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/track/shop/summary"))
        .build(), BodyHandlers.ofString()).body();
    assertThat(summary).contains("\"pages\":{\"https://shop.example.com/p/1\":3,\"https://shop.example.com/p/0\":2}")
        .contains("\"pageViews\":5").contains("\"uniqueVisitors\":3");
    // The capped list holds the latest three, newest first.
    assertThat(summary.indexOf("?q=5")).isLessThan(summary.indexOf("?q=4"));
    assertThat(summary).contains("?q=3").doesNotContain("?q=2").doesNotContain("?q=1");
  }

  @Test
  void otherOriginsAreRefusedAndPreflightsAnswered() throws Exception {
    HttpResponse<String> r = view("/track/shop", "https://evil.example", json("https://x/", "v"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> pre = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/track/shop"))
        .method("OPTIONS", BodyPublishers.noBody())
        .header("Origin", "https://shop.example.com")
        .header("Access-Control-Request-Method", "POST").build(), BodyHandlers.ofString());
    assertThat(pre.statusCode()).isEqualTo(204);
    assertThat(pre.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST, OPTIONS");
  }

  @Test
  void refusalsAreProblems() throws Exception {
    HttpResponse<String> badSite = view("/track/no%20spaces", null, json("https://x/", "v"));
    assertThat(badSite.statusCode()).isEqualTo(400);
    assertThat(badSite.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(view("/track/shop", null, "not json").statusCode()).isEqualTo(400);
    assertThat(view("/track/shop", null, "{\"referrer\":\"x\"}").statusCode()).isEqualTo(400);
    assertThat(view("/track/shop", null, "{\"url\":\"" + "x".repeat(2000) + "\"}").statusCode()).isEqualTo(413);
    assertThat(view("/track/locked", null, json("https://x/", "v")).statusCode()).isEqualTo(403);
    assertThat(view("/track/locked?token=s3cret", null, json("https://x/", "v")).statusCode()).isEqualTo(204);
  }
}
