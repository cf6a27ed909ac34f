package io.restis.persistence.format;

/**
 * Encodes the pieces of an RDB file into a {@link Buf}: lengths, strings, scores, and the header
 * of one key (expiry, type, name). The bodies of collections are a length followed by their
 * elements, written by the caller that knows the value's API.
 *
 * <p>Only plain encodings are produced: strings are raw (no int or LZF encoding), collections
 * are the plain LIST, SET, HASH and ZSET_2 types. Redis 7.0 loads them and converts small ones to
 * its compact encodings itself.
 */
public final class RdbEncoder {

  private RdbEncoder() {}

  /** Redis's rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian. */
  public static void length(Buf b, long len) {
    if (len < 0) {
      throw new IllegalArgumentException("negative length " + len);
    }
    if (len < (1 << 6)) {
      b.write((int) len);
    } else if (len < (1 << 14)) {
      b.write((int) ((len >>> 8) | (Rdb.LEN_14BIT << 6)));
      b.write((int) (len & 0xff));
    } else if (len <= 0xffffffffL) {
      b.write(Rdb.LEN_32BIT);
      b.int32BE((int) len);
    } else {
      b.write(Rdb.LEN_64BIT);
      b.int64BE(len);
    }
  }

  public static void string(Buf b, byte[] s) {
    length(b, s.length);
    b.write(s);
  }

  /** A score of the ZSET_2 type: the IEEE 754 double, little-endian. */
  public static void binaryDouble(Buf b, double d) {
    b.int64LE(Double.doubleToRawLongBits(d));
  }

  /**
   * The header of one key: the expiry opcode when it has one, the type byte, the key. The value
   * follows.
   */
  public static void keyHeader(Buf b, int type, byte[] key, long expireAtMillis) {
    if (expireAtMillis >= 0) {
      b.write(Rdb.OPCODE_EXPIRETIME_MS);
      b.int64LE(expireAtMillis);
    }
    b.write(type);
    string(b, key);
  }

  public static void aux(Buf b, String key, String value) {
    b.write(Rdb.OPCODE_AUX);
    string(b, key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    string(b, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
