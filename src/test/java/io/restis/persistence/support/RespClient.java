package io.restis.persistence.support;

import io.restis.support.RespConnection;
import io.restis.support.RespReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A RESP2 client for tests that talk to a real redis-server (see {@link io.restis.support.RedisServer})
 * at the byte level: arguments as byte arrays or strings, replies as String for status, byte[] for
 * bulk, Long, List, {@link RespError}, null for nil. The wire codec is {@link RespConnection}'s.
 */
public final class RespClient implements AutoCloseable {

  public record RespError(String message) {}

  private static final RespReader.Shape SHAPE = new RespReader.Shape() {
    @Override
    public Object bulk(byte[] value) {
      return value;
    }

    @Override
    public Object error(String text) {
      return new RespError(text);
    }
  };

  private final RespConnection resp;

  public RespClient(int port) throws IOException {
    resp = new RespConnection(port, SHAPE);
  }

  public Object call(Object... args) throws IOException {
    return resp.call(args);
  }

  /** A call whose reply must not be an error. */
  public Object ok(Object... args) throws IOException {
    Object r = call(args);
    if (r instanceof RespError e) {
      throw new IllegalStateException(e.message());
    }
    return r;
  }

  public String str(Object... args) throws IOException {
    Object r = ok(args);
    return r instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) r;
  }

  public long num(Object... args) throws IOException {
    return (Long) ok(args);
  }

  @SuppressWarnings("unchecked")
  public List<Object> list(Object... args) throws IOException {
    return (List<Object>) ok(args);
  }

  @Override
  public void close() throws IOException {
    resp.close();
  }
}
