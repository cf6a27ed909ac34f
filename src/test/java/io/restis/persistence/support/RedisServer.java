package io.restis.persistence.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real redis-server 7.0 child process on a free port, for comparisons against the spec. */
public final class RedisServer implements AutoCloseable {

  public static final String BINARY = "/usr/bin/redis-server";

  private final Process process;
  private final int port;
  private final Path log;

  private RedisServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static boolean available() {
    return new File(BINARY).canExecute();
  }

  /** Starts redis-server in {@code dir} with extra config arguments ("--save", "", ...). */
  public static RedisServer start(Path dir, String... args) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--daemonize", "no", "--save", "", "--appendonly", "no"));
    cmd.addAll(List.of(args));
    Path log = dir.resolve("redis-" + port + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    RedisServer server = new RedisServer(p, port, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      if (!p.isAlive()) {
        throw new IOException("redis-server exited: " + Files.readString(log));
      }
      try (RespClient c = new RespClient(port)) {
        Object r = c.call("PING");
        if ("PONG".equals(r)) {
          return server;
        }
      } catch (IOException e) {
        // not up yet, or still loading
      }
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IOException("redis-server did not come up: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
  }

  public int port() {
    return port;
  }

  public RespClient client() throws IOException {
    return new RespClient(port);
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    try (RespClient c = client()) {
      c.call("SHUTDOWN", "NOSAVE");
    } catch (IOException e) {
      // it closes the connection as it goes
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
