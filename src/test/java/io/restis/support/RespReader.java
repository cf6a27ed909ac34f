package io.restis.support;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The reading half of the tests' one RESP2 codec: replies off a stream (a socket's, see {@link
 * RespConnection}, or an AOF file's), each turned by a {@link Shape} into the Java object its
 * caller wants. The callers differ only in that (bytes or text for bulk strings, their own error
 * type), so each names its shape and the bytes are parsed here alone.
 */
public final class RespReader {

  /** What each kind of reply becomes; status, integer, nil and arrays have the usual defaults. */
  public interface Shape {

    Object bulk(byte[] value);

    Object error(String text);

    default Object status(String text) {
      return text;
    }

    default Object integer(long n) {
      return n;
    }

    default Object nilBulk() {
      return null;
    }

    default Object array(List<Object> items) {
      return items;
    }

    default Object nilArray() {
      return null;
    }

    /** Bulk strings as UTF-8 text, errors as {@code error}, the rest as the defaults. */
    static Shape text(Function<String, Object> error) {
      return new Shape() {
        @Override
        public Object bulk(byte[] value) {
          return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public Object error(String text) {
          return error.apply(text);
        }
      };
    }
  }

  private final InputStream in;
  private final Shape shape;
  private byte[] line = new byte[64];

  /** {@code in} should be buffered: replies are read a byte at a time up to each CRLF. */
  public RespReader(InputStream in, Shape shape) {
    this.in = in;
    this.shape = shape;
  }

  /** Reads the next reply, in this reader's shape. */
  public Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("end of stream inside a RESP reply");
    }
    int n = readLine();
    switch (type) {
      case '+':
        return shape.status(new String(line, 0, n, StandardCharsets.UTF_8));
      case '-':
        return shape.error(new String(line, 0, n, StandardCharsets.UTF_8));
      case ':':
        return shape.integer(parseLong(n));
      case '$': {
        long len = parseLong(n);
        if (len < 0) {
          return shape.nilBulk();
        }
        byte[] b = in.readNBytes((int) len);
        if (b.length != len || in.read() != '\r' || in.read() != '\n') {
          throw new IOException("truncated bulk reply");
        }
        return shape.bulk(b);
      }
      case '*': {
        long count = parseLong(n);
        if (count < 0) {
          return shape.nilArray();
        }
        List<Object> items = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
          items.add(read());
        }
        return shape.array(items);
      }
      default:
        throw new IOException("unexpected RESP type byte " + type);
    }
  }

  /** Reads up to CRLF into {@link #line}; returns its length. */
  private int readLine() throws IOException {
    int n = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("end of stream inside a RESP reply");
      }
      if (c == '\r') {
        if (in.read() != '\n') {
          throw new IOException("bad line ending");
        }
        return n;
      }
      if (n == line.length) {
        line = Arrays.copyOf(line, n * 2);
      }
      line[n++] = (byte) c;
    }
  }

  private long parseLong(int n) throws IOException {
    try {
      return Long.parseLong(new String(line, 0, n, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new IOException("bad number in reply: " + new String(line, 0, n, StandardCharsets.US_ASCII));
    }
  }
}
