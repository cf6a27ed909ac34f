package io.restis.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * TLS and HTTP/2 with Spring Boot's own settings only, as the README shows them: a self-signed
 * PKCS12 key store made with keytool, an SSL bundle naming it, {@code server.ssl.bundle} and
 * {@code server.http2.enabled}. A client that trusts that certificate speaks HTTP/2 over TLS
 * (ALPN) to the store; plain HTTP gets no answer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TlsHttp2Test {

  static final String PASSWORD = "changeit";

  /** The key store, made once per test JVM by keytool (as the README's example does). */
  private static final class KeyStoreFile {
    static final Path PATH = generate();

    private static Path generate() {
      try {
        Path dir = Files.createTempDirectory("restis-tls");
        dir.toFile().deleteOnExit();
        Path p12 = dir.resolve("restis.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "restis", "-keyalg", "RSA", "-keysize",
            "2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
            "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new IllegalStateException("keytool failed: " + out);
        }
        p12.toFile().deleteOnExit();
        return p12;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @DynamicPropertySource
  static void tls(DynamicPropertyRegistry r) {
    r.add("spring.ssl.bundle.jks.restis.keystore.location", () -> "file:" + KeyStoreFile.PATH);
    r.add("spring.ssl.bundle.jks.restis.keystore.password", () -> PASSWORD);
    r.add("spring.ssl.bundle.jks.restis.keystore.type", () -> "PKCS12");
    r.add("server.ssl.bundle", () -> "restis");
    r.add("server.http2.enabled", () -> "true");
  }

  @LocalServerPort
  int port;

  /** Trusts exactly the server's self-signed certificate, read from the same key store. */
  private static SSLContext trustingTheServer() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(KeyStoreFile.PATH)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("restis", keys.getCertificate("restis"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  @Test
  void answersHttp2OverTls() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trustingTheServer())
        .connectTimeout(Duration.ofSeconds(5)).build();
    URI base = URI.create("https://localhost:" + port);

    HttpResponse<String> set = client.send(HttpRequest.newBuilder(base.resolve("/redis"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("[\"SET\",\"tls\",\"h2\"]")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(set.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(set.body()).isEqualTo("{\"result\":\"OK\"}");

    for (String path : List.of("/redis/GET/tls", "/actuator/health/readiness")) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.version()).as(path).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void plainHttpGetsNoAnswer() {
    HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    // Tomcat answers a plain request on a TLS port with a 400 over TLS framing, which a plain
    // client cannot read as HTTP.
    assertThatThrownBy(() -> {
      HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/redis/PING"))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        throw new AssertionError("answered over plain HTTP: " + r.body());
      }
      throw new IOException("status " + r.statusCode());
    }).isInstanceOf(IOException.class);
  }
}
