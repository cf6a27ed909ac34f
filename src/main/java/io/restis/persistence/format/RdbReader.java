package io.restis.persistence.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an RDB stream (versions 1 to 10, as Redis 7.0 does) and hands every key to an
 * {@link RdbHandler}. It verifies the CRC-64 footer (a stored 0 means the writer did not compute
 * one, as with Redis's {@code rdbchecksum no}).
 *
 * <p>Every malformation is an {@link RdbFormatException} carrying the byte offset where it was
 * found, so the server can refuse to start with a message naming the file and the place. What
 * Restis cannot represent (modules, streams, more than one database) is refused the same way:
 * loading part of a dataset silently would be worse.
 */
public final class RdbReader {

  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  /** Stream offset of buf[0]. */
  private long base;
  /** CRC of the bytes before buf[crcPos]; updated lazily as the buffer is consumed. */
  private long crc;
  private int crcPos;
  private int version;

  public RdbReader(InputStream in) {
    this.in = in;
  }

  /** The version of the file, once {@link #read} has passed the header. */
  public int version() {
    return version;
  }

  /** The offset of the next byte to read. */
  public long position() {
    return base + pos;
  }

  /**
   * Reads the whole snapshot and returns its size in bytes. The reader reads ahead in blocks, so
   * the stream must end with the snapshot (a transfer followed by more data must be framed).
   */
  public long read(RdbHandler handler) throws IOException {
    byte[] magic = bytes(9);
    for (int i = 0; i < 5; i++) {
      if (magic[i] != Rdb.MAGIC[i]) {
        throw new RdbFormatException("Wrong signature trying to load DB from file", 0);
      }
    }
    int v = 0;
    for (int i = 5; i < 9; i++) {
      if (magic[i] < '0' || magic[i] > '9') {
        throw new RdbFormatException("Wrong signature trying to load DB from file", 0);
      }
      v = v * 10 + (magic[i] - '0');
    }
    if (v < 1 || v > Rdb.VERSION) {
      throw new RdbFormatException("Can't handle RDB format version " + v, 5);
    }
    version = v;
    long expireAt = -1;
    long keyStart = -1;
    while (true) {
      long at = position();
      int type = u8();
      if (keyStart < 0) {
        keyStart = at;
      }
      switch (type) {
        case Rdb.OPCODE_EXPIRETIME -> {
          expireAt = int32LE() * 1000L;
          continue;
        }
        case Rdb.OPCODE_EXPIRETIME_MS -> {
          expireAt = int64LE();
          continue;
        }
        case Rdb.OPCODE_FREQ -> {
          u8();
          continue;
        }
        case Rdb.OPCODE_IDLE -> {
          length();
          continue;
        }
        case Rdb.OPCODE_EOF -> {
          finishChecksum();
          return position();
        }
        case Rdb.OPCODE_SELECTDB -> {
          handler.database(length(), at);
          keyStart = -1;
          continue;
        }
        case Rdb.OPCODE_RESIZEDB -> {
          long size = length();
          long expires = length();
          handler.resizeDb(size, expires);
          keyStart = -1;
          continue;
        }
        case Rdb.OPCODE_AUX -> {
          byte[] k = string();
          byte[] val = string();
          handler.aux(k, val);
          keyStart = -1;
          continue;
        }
        case Rdb.OPCODE_MODULE_AUX -> throw new RdbFormatException("Module data is not supported", at);
        case Rdb.OPCODE_FUNCTION_PRE_GA -> throw new RdbFormatException("Pre-release function format not supported", at);
        case Rdb.OPCODE_FUNCTION2 -> {
          handler.function(string(), at);
          keyStart = -1;
          continue;
        }
        default -> {
          byte[] key = string();
          RdbValue value = value(type, at);
          handler.entry(key, value, expireAt, keyStart);
          expireAt = -1;
          keyStart = -1;
        }
      }
    }
  }

  private RdbValue value(int type, long at) throws IOException {
    switch (type) {
      case Rdb.TYPE_STRING:
        return new RdbValue.Str(string());
      case Rdb.TYPE_LIST:
      case Rdb.TYPE_SET: {
        long n = nonEmptyLength(at);
        List<byte[]> items = new ArrayList<>((int) Math.min(n, 1 << 16));
        for (long i = 0; i < n; i++) {
          items.add(string());
        }
        return type == Rdb.TYPE_LIST ? new RdbValue.ListOf(items) : new RdbValue.SetOf(items);
      }
      case Rdb.TYPE_HASH: {
        long n = nonEmptyLength(at);
        List<byte[]> fields = new ArrayList<>((int) Math.min(n, 1 << 16));
        List<byte[]> values = new ArrayList<>((int) Math.min(n, 1 << 16));
        for (long i = 0; i < n; i++) {
          fields.add(string());
          values.add(string());
        }
        return new RdbValue.HashOf(fields, values);
      }
      case Rdb.TYPE_ZSET:
      case Rdb.TYPE_ZSET_2: {
        long n = nonEmptyLength(at);
        if (n > Integer.MAX_VALUE - 8) {
          throw new RdbFormatException("Sorted set too large", at);
        }
        List<byte[]> members = new ArrayList<>((int) Math.min(n, 1 << 16));
        double[] scores = new double[(int) Math.min(n, 1 << 16)];
        for (int i = 0; i < n; i++) {
          members.add(string());
          if (i == scores.length) {
            scores = java.util.Arrays.copyOf(scores, (int) Math.min(n, (long) scores.length * 2));
          }
          scores[i] = type == Rdb.TYPE_ZSET_2 ? Double.longBitsToDouble(int64LE()) : stringDouble();
        }
        return new RdbValue.ZSetOf(members, scores);
      }
      case Rdb.TYPE_LIST_QUICKLIST:
      case Rdb.TYPE_LIST_QUICKLIST_2: {
        long nodes = nonEmptyLength(at);
        List<byte[]> items = new ArrayList<>();
        for (long i = 0; i < nodes; i++) {
          long container = type == Rdb.TYPE_LIST_QUICKLIST_2 ? length() : Rdb.QUICKLIST_NODE_PACKED;
          long blobAt = position();
          byte[] blob = string();
          if (container == Rdb.QUICKLIST_NODE_PLAIN) {
            items.add(blob);
          } else if (container == Rdb.QUICKLIST_NODE_PACKED) {
            List<byte[]> part = packed(blob, type == Rdb.TYPE_LIST_QUICKLIST_2, blobAt);
            if (part.isEmpty()) {
              throw new RdbFormatException("Empty quicklist node", blobAt);
            }
            items.addAll(part);
          } else {
            throw new RdbFormatException("Unknown quicklist node container " + container, blobAt);
          }
        }
        return new RdbValue.ListOf(items);
      }
      case Rdb.TYPE_LIST_ZIPLIST:
        return new RdbValue.ListOf(nonEmpty(packed(string(), false, at), at));
      case Rdb.TYPE_SET_INTSET: {
        long blobAt = position();
        byte[] blob = string();
        try {
          return new RdbValue.SetOf(nonEmpty(Packed.intset(blob), at));
        } catch (IllegalArgumentException e) {
          throw new RdbFormatException("Bad intset: " + e.getMessage(), blobAt);
        }
      }
      case Rdb.TYPE_SET_LISTPACK:
        return new RdbValue.SetOf(nonEmpty(packed(string(), true, at), at));
      case Rdb.TYPE_HASH_ZIPLIST:
      case Rdb.TYPE_HASH_LISTPACK: {
        List<byte[]> flat = nonEmpty(packed(string(), type == Rdb.TYPE_HASH_LISTPACK, at), at);
        if (flat.size() % 2 != 0) {
          throw new RdbFormatException("Hash blob with an odd number of entries", at);
        }
        List<byte[]> fields = new ArrayList<>(flat.size() / 2);
        List<byte[]> values = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i < flat.size(); i += 2) {
          fields.add(flat.get(i));
          values.add(flat.get(i + 1));
        }
        return new RdbValue.HashOf(fields, values);
      }
      case Rdb.TYPE_ZSET_ZIPLIST:
      case Rdb.TYPE_ZSET_LISTPACK: {
        List<byte[]> flat = nonEmpty(packed(string(), type == Rdb.TYPE_ZSET_LISTPACK, at), at);
        if (flat.size() % 2 != 0) {
          throw new RdbFormatException("Sorted set blob with an odd number of entries", at);
        }
        List<byte[]> members = new ArrayList<>(flat.size() / 2);
        double[] scores = new double[flat.size() / 2];
        for (int i = 0; i < flat.size(); i += 2) {
          members.add(flat.get(i));
          String s = new String(flat.get(i + 1), StandardCharsets.US_ASCII);
          try {
            scores[i / 2] = parseScore(s);
          } catch (NumberFormatException e) {
            throw new RdbFormatException("Bad sorted set score '" + s + "'", at);
          }
        }
        return new RdbValue.ZSetOf(members, scores);
      }
      case Rdb.TYPE_HASH_ZIPMAP:
        throw new RdbFormatException("Zipmap-encoded hashes (RDB before 2.6) are not supported", at);
      case Rdb.TYPE_MODULE_PRE_GA:
      case Rdb.TYPE_MODULE_2:
        throw new RdbFormatException("Module values are not supported", at);
      case Rdb.TYPE_STREAM_LISTPACKS:
      case Rdb.TYPE_STREAM_LISTPACKS_2:
      case Rdb.TYPE_STREAM_LISTPACKS_3:
        throw new RdbFormatException("Stream values are not supported", at);
      default:
        throw new RdbFormatException("Unknown RDB type or opcode " + type, at);
    }
  }

  private static double parseScore(String s) {
    switch (s) {
      case "inf":
      case "+inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(s);
    }
  }

  private List<byte[]> packed(byte[] blob, boolean listpack, long at) throws RdbFormatException {
    try {
      return listpack ? Packed.listpack(blob) : Packed.ziplist(blob);
    } catch (IllegalArgumentException e) {
      throw new RdbFormatException("Bad " + (listpack ? "listpack" : "ziplist") + ": " + e.getMessage(), at);
    }
  }

  private static List<byte[]> nonEmpty(List<byte[]> l, long at) throws RdbFormatException {
    if (l.isEmpty()) {
      throw new RdbFormatException("Empty collection", at);
    }
    return l;
  }

  private long nonEmptyLength(long at) throws IOException {
    long n = length();
    if (n == 0) {
      throw new RdbFormatException("Empty collection", at);
    }
    return n;
  }

  /** The old ZSET score: a length byte then ASCII, with 253/254/255 for nan, +inf, -inf. */
  private double stringDouble() throws IOException {
    long at = position();
    int len = u8();
    switch (len) {
      case 253:
        return Double.NaN;
      case 254:
        return Double.POSITIVE_INFINITY;
      case 255:
        return Double.NEGATIVE_INFINITY;
      default:
        String s = new String(bytes(len), StandardCharsets.US_ASCII);
        try {
          return Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new RdbFormatException("Bad double value '" + s + "'", at);
        }
    }
  }

  // ---- primitives ----

  /** A length; an encoded-value marker here is a format error. */
  long length() throws IOException {
    long at = position();
    int b = u8();
    int kind = (b & 0xc0) >> 6;
    if (kind == Rdb.LEN_ENCVAL) {
      throw new RdbFormatException("Unexpected encoded value where a length was expected", at);
    }
    return lengthRest(b, at);
  }

  private long lengthRest(int b, long at) throws IOException {
    int kind = (b & 0xc0) >> 6;
    if (kind == Rdb.LEN_6BIT) {
      return b & 0x3f;
    }
    if (kind == Rdb.LEN_14BIT) {
      return ((b & 0x3f) << 8) | u8();
    }
    if (b == Rdb.LEN_32BIT) {
      return int32BE() & 0xffffffffL;
    }
    if (b == Rdb.LEN_64BIT) {
      long v = int64BE();
      if (v < 0) {
        throw new RdbFormatException("Length out of range", at);
      }
      return v;
    }
    throw new RdbFormatException("Unknown length encoding " + b, at);
  }

  /** A string in any of its encodings: raw, int8/16/32, LZF. */
  byte[] string() throws IOException {
    long at = position();
    int b = u8();
    if (((b & 0xc0) >> 6) == Rdb.LEN_ENCVAL) {
      int enc = b & 0x3f;
      switch (enc) {
        case Rdb.ENC_INT8:
          return Long.toString((byte) u8()).getBytes(StandardCharsets.US_ASCII);
        case Rdb.ENC_INT16: {
          int lo = u8();
          int hi = u8();
          return Long.toString((short) (lo | (hi << 8))).getBytes(StandardCharsets.US_ASCII);
        }
        case Rdb.ENC_INT32:
          return Long.toString(int32LE()).getBytes(StandardCharsets.US_ASCII);
        case Rdb.ENC_LZF: {
          long clen = length();
          long len = length();
          if (clen > Integer.MAX_VALUE - 8 || len > Integer.MAX_VALUE - 8) {
            throw new RdbFormatException("LZF string too large", at);
          }
          byte[] compressed = bytes((int) clen);
          try {
            return Lzf.decompress(compressed, (int) len);
          } catch (IllegalArgumentException e) {
            throw new RdbFormatException("Invalid LZF compressed string: " + e.getMessage(), at);
          }
        }
        default:
          throw new RdbFormatException("Unknown string encoding " + enc, at);
      }
    }
    long len = lengthRest(b, at);
    if (len > Integer.MAX_VALUE - 8) {
      throw new RdbFormatException("String of " + len + " bytes is too large", at);
    }
    return bytes((int) len);
  }

  private void fill() throws IOException {
    if (pos < limit) {
      return;
    }
    crc = Crc64.update(crc, buf, crcPos, limit - crcPos);
    base += limit;
    pos = 0;
    limit = 0;
    crcPos = 0;
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      throw new RdbFormatException("Unexpected end of file", base);
    }
    limit = n;
  }

  int u8() throws IOException {
    if (pos >= limit) {
      fill();
    }
    return buf[pos++] & 0xff;
  }

  byte[] bytes(int n) throws IOException {
    byte[] out = new byte[n];
    int done = 0;
    while (done < n) {
      if (pos >= limit) {
        fill();
      }
      int k = Math.min(n - done, limit - pos);
      System.arraycopy(buf, pos, out, done, k);
      pos += k;
      done += k;
    }
    return out;
  }

  private int int32LE() throws IOException {
    return u8() | (u8() << 8) | (u8() << 16) | (u8() << 24);
  }

  private int int32BE() throws IOException {
    return (u8() << 24) | (u8() << 16) | (u8() << 8) | u8();
  }

  private long int64LE() throws IOException {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (long) u8() << (8 * i);
    }
    return v;
  }

  private long int64BE() throws IOException {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | u8();
    }
    return v;
  }

  /** After the EOF opcode: compares the computed CRC with the stored one. */
  private void finishChecksum() throws IOException {
    long computed = Crc64.update(crc, buf, crcPos, pos - crcPos);
    long at = position();
    if (version < 5) {
      return; // checksums arrived with version 5
    }
    long stored;
    try {
      stored = int64LE();
    } catch (RdbFormatException e) {
      throw new RdbFormatException("Unexpected end of file reading the checksum", at);
    }
    if (stored != 0 && stored != computed) {
      throw new RdbFormatException(String.format("Wrong RDB checksum expected: (%x) got: (%x)", stored, computed), at);
    }
    crcPos = pos; // nothing after the footer belongs to the checksum
    crc = computed;
  }
}
