package io.restis.replication;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Restis node as a real child JVM ({@code io.restis.RestisApplication} on this build's classes),
 * as the persistence crash tests start theirs, but on a port that can be kept across a restart
 * (a leader restarted on its port is found again by its followers). SIGKILL is
 * {@link Process#destroyForcibly()}.
 */
final class NodeProcess implements AutoCloseable {

  final Process process;
  final Node node;
  final Path log;

  private NodeProcess(Process process, Node node, Path log) {
    this.process = process;
    this.node = node;
    this.log = log;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The test JVM's class path without the test classes (whose configuration must not apply). */
  static String childClassPath() {
    String sep = File.pathSeparator;
    return List.of(System.getProperty("java.class.path").split(sep)).stream()
        .filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes" + File.separator))
        .collect(Collectors.joining(sep));
  }

  /** Starts a node with persistence in {@code dir} on {@code port} (0: a free one); does not wait. */
  static NodeProcess launch(Path dir, int port, Path log, List<String> settings) throws IOException {
    int p = port == 0 ? freePort() : port;
    Files.createDirectories(dir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Xss512k", "-XX:CICompilerCount=1", "-cp", childClassPath(), "io.restis.RestisApplication",
        "--server.port=" + p,
        "--restis.persistence.enabled=true",
        "--restis.persistence.dir=" + dir,
        "--logging.level.root=WARN",
        "--logging.level.io.restis.replication=INFO",
        "--spring.main.banner-mode=off"));
    cmd.addAll(settings);
    Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new NodeProcess(process, Node.onPort(p), log);
  }

  /** Waits until readiness is up; fails when the process exits first. */
  NodeProcess awaitReady(int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the node exited with " + process.exitValue() + ":\n" + tail());
      }
      if (node.ready()) {
        return this;
      }
      Thread.sleep(50);
    }
    throw new IOException(node + " did not become ready:\n" + tail());
  }

  String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  /** The node's threads (jstack), for a failure message. */
  String threadDump() {
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
          Long.toString(process.pid())).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException | InterruptedException e) {
      return "no thread dump: " + e;
    }
  }

  /** SIGKILL, and wait for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
