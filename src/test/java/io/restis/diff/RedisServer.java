package io.restis.diff;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server run as a child process for the length of a test: a free port, no
 * persistence, a scratch directory, and the C locale so that SORT ALPHA compares bytes (Redis
 * collates with strcoll, which equals strcmp only under the C locale).
 */
final class RedisServer implements AutoCloseable {

  static final String BINARY = System.getProperty("diff.redisServer", "/usr/bin/redis-server");

  private final Process process;
  private final Path dir;
  final int port;

  private RedisServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  static boolean available() {
    return new File(BINARY).canExecute();
  }

  static RedisServer start() throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      Path dir = Files.createTempDirectory("restis-diff-redis");
      ProcessBuilder pb = new ProcessBuilder(List.of(BINARY,
          "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--daemonize", "no",
          "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
      pb.environment().put("LC_ALL", "C");
      pb.redirectErrorStream(true);
      pb.redirectOutput(dir.resolve("stdout.log").toFile());
      Process p = pb.start();
      RedisServer server = new RedisServer(p, dir, port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && p.isAlive()) {
        try (RespClient c = new RespClient("127.0.0.1", port)) {
          if ("PONG".equals(c.call("PING"))) {
            return server;
          }
        } catch (IOException e) {
          last = e;
          Thread.sleep(20);
        }
      }
      server.close(); // port taken between probe and bind, or a slow start: try another port
    }
    throw new IOException("redis-server did not start", last);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  RespClient connect() throws IOException {
    return new RespClient("127.0.0.1", port);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a leftover scratch directory in /tmp is harmless
    }
  }
}
