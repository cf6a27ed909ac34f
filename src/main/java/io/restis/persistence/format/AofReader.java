package io.restis.persistence.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads commands back from an append-only log file: RESP arrays of bulk strings, as Redis's
 * loader accepts them (annotation lines starting with {@code #}, which Redis 7 writes for
 * timestamps, are skipped).
 *
 * <p>A file that ends inside an entry raises an {@link AofFormatException} marked
 * {@linkplain AofFormatException#truncated() truncated} whose offset is the start of that entry:
 * the caller may cut the file there. Anything else that is not a well-formed entry is corruption,
 * reported with the offset of the offending byte.
 */
public final class AofReader {

  /** Longest argument accepted (Redis's proto-max-bulk-len default is 512 MB). */
  private static final long MAX_BULK = 512L * 1024 * 1024;
  private static final long MAX_ARGC = 1L << 31;

  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private long base;
  private long entryStart;
  private java.util.function.Consumer<String> annotations = a -> {};

  public AofReader(InputStream in) {
    this.in = in;
  }

  /** Receives the text of annotation lines (after the {@code #}, without the line end). */
  public AofReader onAnnotation(java.util.function.Consumer<String> handler) {
    this.annotations = handler;
    return this;
  }

  /** Offset of the next byte. After {@link #next()} returned an entry, where that entry ends. */
  public long position() {
    return base + pos;
  }

  /** Where the entry last returned began. */
  public long entryStart() {
    return entryStart;
  }

  /** The next command, or null at a clean end of file. */
  public byte[][] next() throws IOException {
    while (true) {
      entryStart = position();
      int c = read();
      if (c < 0) {
        return null;
      }
      if (c == '#') {
        annotations.accept(line());
        continue;
      }
      if (c != '*') {
        throw new AofFormatException("Bad file format reading the append only file: expected '*' found "
            + describe(c), entryStart, false);
      }
      long argc = number('*');
      if (argc < 1 || argc > MAX_ARGC) {
        throw new AofFormatException("Bad file format reading the append only file: invalid argument count "
            + argc, entryStart, false);
      }
      byte[][] argv = new byte[(int) argc][];
      for (int i = 0; i < argc; i++) {
        long at = position();
        int d = read();
        if (d < 0) {
          throw truncated();
        }
        if (d != '$') {
          throw new AofFormatException("Bad file format reading the append only file: expected '$' found "
              + describe(d), at, false);
        }
        long len = number('$');
        if (len < 0 || len > MAX_BULK) {
          throw new AofFormatException("Bad file format reading the append only file: invalid bulk length "
              + len, at, false);
        }
        argv[i] = bytes((int) len);
        crlf();
      }
      return argv;
    }
  }

  private AofFormatException truncated() {
    return new AofFormatException("Unexpected end of file reading the append only file", entryStart, true);
  }

  private static String describe(int c) {
    return c >= 32 && c < 127 ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
  }

  /** Digits up to CRLF after a '*' or '$' marker. */
  private long number(char marker) throws IOException {
    long v = 0;
    int digits = 0;
    boolean negative = false;
    while (true) {
      long at = position();
      int c = read();
      if (c < 0) {
        throw truncated();
      }
      if (c == '\r') {
        int n = read();
        if (n < 0) {
          throw truncated();
        }
        if (n != '\n' || digits == 0) {
          throw new AofFormatException("Bad file format reading the append only file: malformed '" + marker
              + "' line", at, false);
        }
        return negative ? -v : v;
      }
      if (c == '-' && digits == 0 && !negative) {
        negative = true;
        continue;
      }
      if (c < '0' || c > '9' || digits >= 18) {
        throw new AofFormatException("Bad file format reading the append only file: malformed '" + marker
            + "' line, found " + describe(c), at, false);
      }
      v = v * 10 + (c - '0');
      digits++;
    }
  }

  private void crlf() throws IOException {
    long at = position();
    int a = read();
    if (a < 0) {
      throw truncated();
    }
    int b = read();
    if (b < 0) {
      throw truncated();
    }
    if (a != '\r' || b != '\n') {
      throw new AofFormatException("Bad file format reading the append only file: bulk string not followed by CRLF",
          at, false);
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = read();
      if (c < 0) {
        throw truncated();
      }
      if (c == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      if (sb.length() < 4096) {
        sb.append((char) c);
      }
    }
  }

  private boolean fill() throws IOException {
    base += limit;
    pos = 0;
    limit = 0;
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    limit = n;
    return true;
  }

  private int read() throws IOException {
    if (pos >= limit && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  private byte[] bytes(int n) throws IOException {
    // Grown as data arrives: a corrupt length must not allocate half a gigabyte up front.
    byte[] out = new byte[Math.min(n, 1 << 20)];
    int done = 0;
    while (done < n) {
      if (pos >= limit && !fill()) {
        throw truncated();
      }
      if (done == out.length) {
        out = java.util.Arrays.copyOf(out, (int) Math.min(n, (long) out.length * 2));
      }
      int k = Math.min(out.length - done, limit - pos);
      System.arraycopy(buf, pos, out, done, k);
      pos += k;
      done += k;
    }
    return out;
  }
}
