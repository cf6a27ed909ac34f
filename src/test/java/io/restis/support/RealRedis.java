package io.restis.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway redis-server (the spec) for differential tests: started on a free port of its own
 * with no persistence, talked to over RESP, shut down at close. Tests never touch a server they
 * did not start.
 */
public final class RealRedis implements AutoCloseable {

  /** An error reply, distinguishable from a string. */
  public record Err(String text) {
    @Override
    public String toString() {
      return "(error) " + text;
    }
  }

  private final Process process;
  private final int port;
  private final Path dir;

  private RealRedis(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  public static RealRedis start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("restis-redis");
    Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile())
        .start();
    RealRedis r = new RealRedis(p, port, dir);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Conn c = r.connect()) {
        if ("PONG".equals(c.call("ping"))) {
          return r;
        }
      } catch (IOException | UncheckedIOException e) {
        if (System.nanoTime() > deadline || !p.isAlive()) {
          p.destroyForcibly();
          throw new IOException("redis-server did not start on port " + port, e);
        }
        Thread.sleep(50);
      }
    }
  }

  public int port() {
    return port;
  }

  public Conn connect() throws IOException {
    return new Conn(new Socket("127.0.0.1", port));
  }

  @Override
  public void close() throws Exception {
    try (Conn c = connect()) {
      c.send("shutdown", "nosave");
    } catch (IOException | UncheckedIOException ignored) {
      // already gone
    }
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** One RESP connection. */
  public static final class Conn implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Conn(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    public void send(String... args) {
      try {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String a : args) {
          byte[] x = a.getBytes(StandardCharsets.UTF_8);
          b.write(("$" + x.length + "\r\n").getBytes(StandardCharsets.UTF_8));
          b.write(x);
          b.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(b.toByteArray());
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Sends a command and reads its reply: String, Long, null, List, or {@link Err}. */
    public Object call(String... args) {
      send(args);
      return read();
    }

    public Object read() {
      try {
        return parse();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A reply within the timeout, or null when none came (the connection stays usable). */
    public Object readWithin(long millis) {
      try {
        socket.setSoTimeout((int) millis);
        in.mark(1);
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed");
        }
        in.reset();
        socket.setSoTimeout(0);
        return parse();
      } catch (SocketTimeoutException e) {
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        try {
          socket.setSoTimeout(0);
        } catch (IOException ignored) {
          // closed
        }
      }
    }

    private Object parse() throws IOException {
      int type = in.read();
      String line = line();
      switch (type) {
        case '+':
          return line;
        case '-':
          return new Err(line);
        case ':':
          return Long.parseLong(line);
        case '$': {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return null;
          }
          byte[] data = in.readNBytes(n);
          in.readNBytes(2);
          return new String(data, StandardCharsets.UTF_8);
        }
        case '*': {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return null;
          }
          List<Object> items = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            items.add(parse());
          }
          return items;
        }
        default:
          throw new IOException("bad reply type " + type);
      }
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != '\r') {
        if (c < 0) {
          throw new IOException("closed");
        }
        b.write(c);
      }
      in.read();
      return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
