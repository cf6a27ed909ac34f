package io.restis.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server 7.0 (the spec) run as a child process for the length of a test: a free port
 * of its own, no persistence unless the caller's arguments ask for it, and the C locale so that
 * SORT ALPHA compares bytes (Redis collates with strcoll, which equals strcmp only under the C
 * locale). Its output goes to {@code redis-<port>.log} in its directory. Tests never touch a
 * server they did not start.
 */
public final class RedisServer implements AutoCloseable {

  public static final String BINARY = System.getProperty("diff.redisServer", "/usr/bin/redis-server");

  /** The launcher's own PING and SHUTDOWN: text replies, an error as its text after '-'. */
  private static final RespReader.Shape PROBE = RespReader.Shape.text(text -> "-" + text);

  private final Process process;
  private final int port;
  private final Path dir;
  private final boolean ownsDir;
  private final Path log;

  private RedisServer(Process process, int port, Path dir, boolean ownsDir, Path log) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.ownsDir = ownsDir;
    this.log = log;
  }

  public static boolean available() {
    return new File(BINARY).canExecute();
  }

  /** Starts redis-server in a scratch directory of its own, removed at close. */
  public static RedisServer start() throws IOException, InterruptedException {
    return start(Files.createTempDirectory("restis-redis"), true);
  }

  /** Starts redis-server in {@code dir} with extra config arguments ("--appendonly", "yes", ...). */
  public static RedisServer start(Path dir, String... args) throws IOException, InterruptedException {
    return start(dir, false, args);
  }

  private static RedisServer start(Path dir, boolean ownsDir, String... args)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--dir", dir.toString(), "--daemonize", "no", "--save", "", "--appendonly", "no"));
      cmd.addAll(List.of(args));
      Path log = dir.resolve("redis-" + port + ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("LC_ALL", "C");
      Process p = pb.start();
      RedisServer server = new RedisServer(p, port, dir, ownsDir, log);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (p.isAlive()) {
        try (RespConnection c = new RespConnection(port, PROBE)) {
          if ("PONG".equals(c.call("PING"))) {
            return server;
          }
        } catch (IOException e) {
          // not up yet, or still loading
        }
        if (System.nanoTime() > deadline) {
          server.close();
          throw new IOException("redis-server did not come up: " + Files.readString(log));
        }
        Thread.sleep(20);
      }
      String output = Files.readString(log);
      // The port may be taken between the probe and redis-server's bind: then try another.
      if (attempt < 5 && output.contains("Address already in use")) {
        continue;
      }
      server.close();
      throw new IOException("redis-server exited: " + output);
    }
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  /** Shuts the server down without saving, and removes its directory if it made it. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      try (RespConnection c = new RespConnection(port, PROBE)) {
        c.call("SHUTDOWN", "NOSAVE");
      } catch (IOException e) {
        // it closes the connection as it goes
      }
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    if (ownsDir) {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException ignored) {
        // a leftover scratch directory in /tmp is harmless
      }
    }
  }
}
