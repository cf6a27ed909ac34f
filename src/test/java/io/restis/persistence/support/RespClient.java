package io.restis.persistence.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny RESP2 client for tests that talk to a real redis-server: commands as byte arrays or
 * strings, replies as Java objects (String for status, byte[] for bulk, Long, List, RespError,
 * null for nil).
 */
public final class RespClient implements AutoCloseable {

  public record RespError(String message) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RespClient(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  public Object call(Object... args) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Object a : args) {
      byte[] v = a instanceof byte[] bytes ? bytes : String.valueOf(a).getBytes(StandardCharsets.UTF_8);
      b.write(('$' + Integer.toString(v.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      b.write(v);
      b.write('\r');
      b.write('\n');
    }
    out.write(b.toByteArray());
    out.flush();
    return reply();
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

  private Object reply() throws IOException {
    int t = in.read();
    String line = line();
    switch (t) {
      case '+':
        return line;
      case '-':
        return new RespError(line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        byte[] v = in.readNBytes(n);
        in.readNBytes(2);
        return v;
      }
      case '*': {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          l.add(reply());
        }
        return l;
      }
      default:
        throw new IOException("bad reply type " + t);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
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
