package io.restis.persistence.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Restis server as a real child process (a JVM running {@code io.restis.RestisApplication}
 * with this build's main classes and dependencies), spoken to over HTTP, killed with SIGKILL
 * ({@link Process#destroyForcibly()}) or stopped gracefully (SIGTERM).
 */
public final class RestisProcess implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private RestisProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The test JVM's class path without test classes (whose configuration must not apply). */
  static String childClassPath() {
    String sep = File.pathSeparator;
    return List.of(System.getProperty("java.class.path").split(sep)).stream()
        .filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes" + File.separator))
        .collect(Collectors.joining(sep));
  }

  /**
   * Starts the server with persistence in {@code dir} and the given extra settings
   * ({@code --restis.persistence.appendfsync=always}, ...), and waits until it is ready.
   */
  public static RestisProcess start(Path dir, Path log, String... settings) throws IOException, InterruptedException {
    RestisProcess p = launch(dir, log, settings);
    p.startup = p.awaitReady(60);
    return p;
  }

  /**
   * What was seen while waiting for readiness: the server answering with readiness down, and a
   * command refused with LOADING.
   */
  public record Startup(boolean sawNotReady, boolean sawLoadingError) {}

  private Startup startup;

  public Startup startup() {
    return startup;
  }

  /** Starts without waiting for readiness (the caller watches it come up, or fail). */
  public static RestisProcess launch(Path dir, Path log, String... settings) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Xss512k", "-cp", childClassPath(), "io.restis.RestisApplication",
        "--server.port=" + port,
        "--restis.persistence.enabled=true",
        "--restis.persistence.dir=" + dir,
        "--logging.level.root=WARN",
        "--logging.level.io.restis.persistence=INFO",
        "--spring.main.banner-mode=off"));
    cmd.addAll(List.of(settings));
    Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new RestisProcess(process, port, log);
  }

  /** Waits for the readiness probe to say UP; fails when the process exits first. */
  public Startup awaitReady(int seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    boolean notReady = false;
    boolean loadingError = false;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the server exited with " + process.exitValue() + ":\n" + tail());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("UP")) {
          return new Startup(notReady, loadingError);
        }
        notReady = true;
        JsonNode c = command("GET", "probe");
        loadingError |= c.has("error") && c.get("error").asString().startsWith("LOADING");
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IOException("the server did not become ready:\n" + tail());
  }

  public String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  public int port() {
    return port;
  }

  public Process process() {
    return process;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** One command through {@code POST /redis}; the parsed JSON answer ({"result"} or {"error"}). */
  public JsonNode command(Object... argv) throws IOException, InterruptedException {
    return post("/redis", json(argv));
  }

  /** Many commands through {@code POST /redis/pipeline}. */
  public JsonNode pipeline(List<Object[]> commands) throws IOException, InterruptedException {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < commands.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(json(commands.get(i)));
    }
    return post("/redis/pipeline", sb.append(']').toString());
  }

  public JsonNode post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 500) {
      throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  public JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static String json(Object[] argv) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < argv.length; i++) {
      sb.append(i == 0 ? "" : ",").append(JSON.writeValueAsString(String.valueOf(argv[i])));
    }
    return sb.append(']').toString();
  }

  /** SIGKILL, and wait for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: a graceful shutdown; waits for it. */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
