package io.restis.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A throwaway redis-server (the spec) for differential tests, as a {@link RedisServer} in a
 * scratch directory, with connections whose replies are plain text: String, Long, null, List, or
 * {@link Err}. Tests never touch a server they did not start.
 */
public final class RealRedis implements AutoCloseable {

  /** An error reply, distinguishable from a string. */
  public record Err(String text) {
    @Override
    public String toString() {
      return "(error) " + text;
    }
  }

  private static final RespReader.Shape SHAPE = RespReader.Shape.text(Err::new);

  private final RedisServer server;

  private RealRedis(RedisServer server) {
    this.server = server;
  }

  public static RealRedis start() throws IOException, InterruptedException {
    return new RealRedis(RedisServer.start());
  }

  public int port() {
    return server.port();
  }

  public Conn connect() throws IOException {
    return new Conn(new RespConnection(server.port(), SHAPE));
  }

  @Override
  public void close() throws Exception {
    server.close();
  }

  /** One RESP connection; its I/O failures are unchecked. */
  public static final class Conn implements AutoCloseable {
    private final RespConnection resp;

    Conn(RespConnection resp) {
      this.resp = resp;
    }

    public void send(String... args) {
      try {
        resp.write(Arrays.asList(args));
        resp.flush();
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
        return resp.read();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A reply within the timeout, or null when none came (the connection stays usable). */
    public Object readWithin(long millis) {
      try {
        return resp.readWithin(millis);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      resp.close();
    }
  }
}
