package io.restis.persistence.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoders for the compact blobs Redis stores small collections in: listpack (7.0), ziplist (up
 * to 6.2, still inside older dumps) and intset. Each blob is one RDB string; decoding yields the
 * elements in order, integers as decimal text. Every read is bounds-checked so a corrupt blob
 * becomes an IllegalArgumentException (the reader turns it into a format error with the offset)
 * rather than garbage.
 */
public final class Packed {

  private Packed() {}

  private static byte[] num(long v) {
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }

  private static void need(byte[] b, int pos, int n, String what) {
    if (pos < 0 || n < 0 || pos + n > b.length || pos + n < 0) {
      throw new IllegalArgumentException(what + " runs past the end of the blob");
    }
  }

  private static long le(byte[] b, int pos, int n) {
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = (v << 8) | (b[pos + i] & 0xff);
    }
    return v;
  }

  /** Sign-extends the low {@code bits} of v. */
  private static long signed(long v, int bits) {
    int shift = 64 - bits;
    return (v << shift) >> shift;
  }

  /** The elements of a listpack. */
  public static List<byte[]> listpack(byte[] b) {
    need(b, 0, 6, "listpack header");
    long total = le(b, 0, 4);
    if (total != b.length) {
      throw new IllegalArgumentException("listpack header says " + total + " bytes, blob has " + b.length);
    }
    int count = (int) le(b, 4, 2);
    List<byte[]> out = new ArrayList<>(count == 0xffff ? 16 : count);
    int p = 6;
    while (true) {
      need(b, p, 1, "listpack entry");
      int c = b[p] & 0xff;
      if (c == 0xff) {
        break;
      }
      int start = p;
      byte[] value;
      if ((c & 0x80) == 0) { // 7-bit unsigned
        value = num(c & 0x7f);
        p += 1;
      } else if ((c & 0xc0) == 0x80) { // 6-bit length string
        int len = c & 0x3f;
        need(b, p + 1, len, "listpack string");
        value = java.util.Arrays.copyOfRange(b, p + 1, p + 1 + len);
        p += 1 + len;
      } else if ((c & 0xe0) == 0xc0) { // 13-bit signed
        need(b, p, 2, "listpack int");
        value = num(signed(((c & 0x1f) << 8) | (b[p + 1] & 0xff), 13));
        p += 2;
      } else if ((c & 0xf0) == 0xe0) { // 12-bit length string
        need(b, p, 2, "listpack string");
        int len = ((c & 0x0f) << 8) | (b[p + 1] & 0xff);
        need(b, p + 2, len, "listpack string");
        value = java.util.Arrays.copyOfRange(b, p + 2, p + 2 + len);
        p += 2 + len;
      } else if (c == 0xf0) { // 32-bit length string
        need(b, p, 5, "listpack string");
        long len = le(b, p + 1, 4);
        if (len > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("listpack string too long");
        }
        need(b, p + 5, (int) len, "listpack string");
        value = java.util.Arrays.copyOfRange(b, p + 5, p + 5 + (int) len);
        p += 5 + (int) len;
      } else if (c == 0xf1) {
        need(b, p, 3, "listpack int16");
        value = num(signed(le(b, p + 1, 2), 16));
        p += 3;
      } else if (c == 0xf2) {
        need(b, p, 4, "listpack int24");
        value = num(signed(le(b, p + 1, 3), 24));
        p += 4;
      } else if (c == 0xf3) {
        need(b, p, 5, "listpack int32");
        value = num(signed(le(b, p + 1, 4), 32));
        p += 5;
      } else if (c == 0xf4) {
        need(b, p, 9, "listpack int64");
        value = num(le(b, p + 1, 8));
        p += 9;
      } else {
        throw new IllegalArgumentException("bad listpack encoding byte " + c);
      }
      // The back-length: the entry's size (encoding + data) in 1 to 5 bytes, 7 bits per byte.
      int entryLen = p - start;
      int backLen = entryLen < 128 ? 1 : entryLen < 16384 ? 2 : entryLen < (1 << 21) ? 3 : entryLen < (1 << 28) ? 4 : 5;
      need(b, p, backLen, "listpack back-length");
      p += backLen;
      out.add(value);
    }
    if (p != b.length - 1) {
      throw new IllegalArgumentException("listpack end marker before the end of the blob");
    }
    if (count != 0xffff && count != out.size()) {
      throw new IllegalArgumentException("listpack header says " + count + " entries, found " + out.size());
    }
    return out;
  }

  /** The elements of a ziplist. */
  public static List<byte[]> ziplist(byte[] b) {
    need(b, 0, 11, "ziplist header");
    long total = le(b, 0, 4);
    if (total != b.length) {
      throw new IllegalArgumentException("ziplist header says " + total + " bytes, blob has " + b.length);
    }
    int count = (int) le(b, 8, 2);
    List<byte[]> out = new ArrayList<>(count == 0xffff ? 16 : count);
    int p = 10;
    while (true) {
      need(b, p, 1, "ziplist entry");
      int first = b[p] & 0xff;
      if (first == 0xff) {
        break;
      }
      p += first == 0xfe ? 5 : 1; // prevlen
      need(b, p, 1, "ziplist entry");
      int c = b[p] & 0xff;
      byte[] value;
      switch (c >>> 6) {
        case 0 -> {
          int len = c & 0x3f;
          need(b, p + 1, len, "ziplist string");
          value = java.util.Arrays.copyOfRange(b, p + 1, p + 1 + len);
          p += 1 + len;
        }
        case 1 -> {
          need(b, p, 2, "ziplist string");
          int len = ((c & 0x3f) << 8) | (b[p + 1] & 0xff);
          need(b, p + 2, len, "ziplist string");
          value = java.util.Arrays.copyOfRange(b, p + 2, p + 2 + len);
          p += 2 + len;
        }
        case 2 -> {
          need(b, p, 5, "ziplist string");
          long len = ((b[p + 1] & 0xffL) << 24) | ((b[p + 2] & 0xffL) << 16) | ((b[p + 3] & 0xffL) << 8) | (b[p + 4] & 0xffL);
          if (len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ziplist string too long");
          }
          need(b, p + 5, (int) len, "ziplist string");
          value = java.util.Arrays.copyOfRange(b, p + 5, p + 5 + (int) len);
          p += 5 + (int) len;
        }
        default -> {
          int n;
          long v;
          if (c == 0xc0) {
            n = 2;
          } else if (c == 0xd0) {
            n = 4;
          } else if (c == 0xe0) {
            n = 8;
          } else if (c == 0xf0) {
            n = 3;
          } else if (c == 0xfe) {
            n = 1;
          } else if (c >= 0xf1 && c <= 0xfd) {
            n = 0;
          } else {
            throw new IllegalArgumentException("bad ziplist encoding byte " + c);
          }
          need(b, p + 1, n, "ziplist int");
          v = n == 0 ? (c & 0x0f) - 1 : signed(le(b, p + 1, n), n * 8);
          value = num(v);
          p += 1 + n;
        }
      }
      out.add(value);
    }
    if (p != b.length - 1) {
      throw new IllegalArgumentException("ziplist end marker before the end of the blob");
    }
    if (count != 0xffff && count != out.size()) {
      throw new IllegalArgumentException("ziplist header says " + count + " entries, found " + out.size());
    }
    return out;
  }

  /** The members of an intset. */
  public static List<byte[]> intset(byte[] b) {
    need(b, 0, 8, "intset header");
    int width = (int) le(b, 0, 4);
    long len = le(b, 4, 4);
    if (width != 2 && width != 4 && width != 8) {
      throw new IllegalArgumentException("bad intset encoding " + width);
    }
    if (8 + len * width != b.length) {
      throw new IllegalArgumentException("intset of " + len + " x " + width + " bytes does not fill the blob");
    }
    List<byte[]> out = new ArrayList<>((int) len);
    for (int i = 0; i < len; i++) {
      out.add(num(signed(le(b, 8 + i * width, width), width * 8)));
    }
    return out;
  }
}
