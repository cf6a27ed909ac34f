package io.restis.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.security.SecureHttp.Answer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The hardening settings over real HTTP, with small limits: slow and idle clients are cut off,
 * oversized and overnumerous headers and deeply nested, over-long JSON are refused with 4xx, and no
 * refusal shows internals.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "server.tomcat.connection-timeout=1s",
    "server.tomcat.keep-alive-timeout=1s",
    "server.max-http-request-header-size=4KB",
    "restis.security.max-header-count=20",
    "restis.security.json.max-nesting-depth=8",
    "restis.security.json.max-number-length=50",
    "restis.security.json.max-string-length=2KB"})
class HardeningHttpTest {

  @LocalServerPort
  int port;

  /** Writes the bytes and reads until the server closes, up to a deadline; null when it never closed. */
  private String exchange(String request, long waitMillis) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout((int) waitMillis);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      try {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          got.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        return null;
      } catch (java.net.SocketException e) {
        // a reset is a close too
      }
      return got.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void aClientThatNeverFinishesItsHeadersIsCutOff() throws Exception {
    long start = System.nanoTime();
    String answer = exchange("GET /actuator/health HTTP/1.1\r\nHost: x\r\nX-Slow: ", 8000);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(answer).as("the server closed the connection").isNotNull();
    assertThat(answer).doesNotStartWith("HTTP/1.1 200");
    assertThat(ms).isBetween(500L, 6000L);
  }

  @Test
  void anIdleKeptAliveConnectionIsClosed() throws Exception {
    long start = System.nanoTime();
    String answer = exchange("GET /actuator/health HTTP/1.1\r\nHost: x\r\n\r\n", 8000);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(answer).as("the server closed the idle connection").isNotNull().startsWith("HTTP/1.1 200");
    assertThat(ms).isBetween(500L, 6000L);
  }

  @Test
  void oversizedAndOvernumerousHeadersAre400() throws Exception {
    String big = exchange("GET /redis/ping HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(6000)
        + "\r\nConnection: close\r\n\r\n", 8000);
    assertThat(big).startsWith("HTTP/1.1 400");
    assertThat(big).doesNotContain("Exception", "Tomcat", "at org.");
    StringBuilder many = new StringBuilder("GET /redis/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    for (int i = 0; i < 30; i++) {
      many.append("X-H").append(i).append(": v\r\n");
    }
    String answer = exchange(many.append("\r\n").toString(), 8000);
    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(answer).doesNotContain("Exception", "Tomcat", "at org.");
    assertThat(exchange("GET /redis/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 8000))
        .startsWith("HTTP/1.1 200");
  }

  @Test
  void jsonBeyondItsLimitsIs400WithoutInternals() throws Exception {
    SecureHttp http = new SecureHttp(port);
    Answer deep = http.send("PUT", "/strings/h:deep", null, "{\"value\":" + "[".repeat(20) + "]".repeat(20) + "}");
    assertThat(deep.status()).as(deep.toString()).isEqualTo(400);
    Answer number = http.send("PUT", "/strings/h:num", null, "{\"value\":1" + "0".repeat(100) + "}");
    assertThat(number.status()).as(number.toString()).isEqualTo(400);
    Answer string = http.send("POST", "/sets/h:set", null, "{\"members\":[\"" + "s".repeat(3000) + "\"]}");
    assertThat(string.status()).as(string.toString()).isEqualTo(400);
    for (Answer a : new Answer[] {deep, number, string}) {
      assertThat(a.header("Content-Type")).startsWith("application/problem+json");
      assertThat(a.body()).doesNotContain("Exception", "tools.jackson", "StreamReadConstraints", "io.restis");
    }
    Answer command = http.redis(null, "[\"SET\",\"h:n\"," + "9".repeat(1500) + "]");
    assertThat(command.status()).isEqualTo(400);
    assertThat(command.body()).isEqualTo("{\"error\":\"ERR invalid JSON: Number value length (1500) exceeds the maximum "
        + "allowed (1000)\"}");
    assertThat(http.get("/strings/h:deep", null).status()).isEqualTo(404);
    assertThat(http.send("PUT", "/strings/h:ok", null, "{\"value\":\"fine\"}").status()).isEqualTo(201);
  }
}
