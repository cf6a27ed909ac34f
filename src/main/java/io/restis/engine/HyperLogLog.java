package io.restis.engine;

import java.nio.charset.StandardCharsets;

/**
 * Redis's HyperLogLog (hyperloglog.c) over a string value, so PFADD, PFCOUNT and PFMERGE answer
 * what Redis answers and the strings stay readable by Redis.
 *
 * <h2>Representation</h2>
 * The value is Redis's layout: a 16-byte header ({@code "HYLL"}, the encoding byte, three unused
 * bytes, the cached cardinality as 8 little-endian bytes whose top bit marks it stale) and then
 * the registers. Redis starts small HLLs in a sparse run-length encoding and converts them to the
 * dense one (16384 registers of 6 bits, 12288 bytes) as they fill. Restis reads both but always
 * writes the dense encoding: it is 12 KiB per HLL instead of a few hundred bytes while small, and
 * in exchange every add is a fixed-cost register update with no run splitting. The estimate only
 * depends on the register values, so the counts are Redis's either way; what differs is the
 * string's length and bytes (GET, STRLEN) for an HLL Redis would still keep sparse.
 *
 * <h2>Hashing and estimation</h2>
 * Each element is hashed with MurmurHash64A (seed 0xadc83b19): the low 14 bits pick the register,
 * the run of zero bits above them (plus one) is the candidate value, kept when larger. The count
 * is Otmar Ertl's improved estimator over the register histogram, as Redis 5+ computes it, with
 * the same floating-point steps so the rounded result is the same.
 *
 * <p>Values are immutable strings, so a change copies the 12 KiB array once per command (only when
 * a register actually grows).
 */
final class HyperLogLog {

  static final int P = 14;
  static final int Q = 64 - P;
  static final int REGISTERS = 1 << P;
  static final int BITS = 6;
  static final int REGISTER_MAX = (1 << BITS) - 1;
  static final int HEADER = 16;
  static final int DENSE_SIZE = HEADER + (REGISTERS * BITS + 7) / 8;
  static final int DENSE = 0;
  static final int SPARSE = 1;
  private static final double ALPHA_INF = 0.721347520444481703680;
  private static final long SEED = 0xadc83b19L;

  static final String NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value.";
  static final String CORRUPTED = "INVALIDOBJ Corrupted HLL object detected";

  private HyperLogLog() {}

  /** An empty dense HLL with a valid cached count of 0. */
  static byte[] create() {
    byte[] hll = new byte[DENSE_SIZE];
    hll[0] = 'H';
    hll[1] = 'Y';
    hll[2] = 'L';
    hll[3] = 'L';
    hll[4] = DENSE;
    return hll;
  }

  /** Redis's isHLLObjectOrReply test: the magic, a known encoding, and the dense size. */
  static boolean isValid(byte[] s) {
    if (s.length < HEADER || s[0] != 'H' || s[1] != 'Y' || s[2] != 'L' || s[3] != 'L') {
      return false;
    }
    if (s[4] != DENSE && s[4] != SPARSE) {
      return false;
    }
    if (s[4] == DENSE && s.length != DENSE_SIZE) {
      return false;
    }
    // Redis keeps short decimal strings as integers, which it never takes for an HLL.
    return Numbers.tryParseLong(s) == null;
  }

  /**
   * The registers as one byte each, from either encoding; null when a sparse encoding is corrupted
   * (runs that do not add up to exactly 16384 registers).
   */
  static byte[] registers(byte[] s) {
    byte[] regs = new byte[REGISTERS];
    if (s[4] == DENSE) {
      for (int i = 0; i < REGISTERS; i++) {
        regs[i] = (byte) denseGet(s, i);
      }
      return regs;
    }
    int idx = 0;
    int p = HEADER;
    while (p < s.length) {
      int op = s[p] & 0xff;
      if ((op & 0xc0) == 0) { // ZERO: 00xxxxxx, a run of xxxxxx+1 empty registers
        idx += (op & 0x3f) + 1;
        p++;
      } else if ((op & 0xc0) == 0x40) { // XZERO: 01xxxxxx yyyyyyyy, a 14-bit run length
        if (p + 1 >= s.length) {
          return null;
        }
        idx += (((op & 0x3f) << 8) | (s[p + 1] & 0xff)) + 1;
        p += 2;
      } else { // VAL: 1vvvvvxx, xx+1 registers of value vvvvv+1
        int val = ((op >> 2) & 0x1f) + 1;
        int len = (op & 0x3) + 1;
        if (idx + len > REGISTERS) {
          return null;
        }
        for (int i = 0; i < len; i++) {
          regs[idx + i] = (byte) val;
        }
        idx += len;
        p++;
      }
      if (idx > REGISTERS) {
        return null;
      }
    }
    return idx == REGISTERS ? regs : null;
  }

  /** A dense HLL string holding the registers, with its cached count marked stale. */
  static byte[] dense(byte[] regs) {
    byte[] hll = create();
    for (int i = 0; i < REGISTERS; i++) {
      if (regs[i] != 0) {
        denseSet(hll, i, regs[i]);
      }
    }
    invalidateCache(hll);
    return hll;
  }

  static int denseGet(byte[] hll, int reg) {
    int bit = reg * BITS;
    int b = HEADER + bit / 8;
    int fb = bit & 7;
    int b0 = hll[b] & 0xff;
    int b1 = b + 1 < hll.length ? hll[b + 1] & 0xff : 0;
    return ((b0 >>> fb) | (b1 << (8 - fb))) & REGISTER_MAX;
  }

  static void denseSet(byte[] hll, int reg, int val) {
    int bit = reg * BITS;
    int b = HEADER + bit / 8;
    int fb = bit & 7;
    int fb8 = 8 - fb;
    hll[b] = (byte) ((hll[b] & ~(REGISTER_MAX << fb)) | (val << fb));
    if (b + 1 < hll.length) {
      hll[b + 1] = (byte) ((hll[b + 1] & ~(REGISTER_MAX >>> fb8)) | (val >>> fb8));
    }
  }

  /** Redis's hllPatLen: {register index, run length} for an element. */
  static long patLen(byte[] element) {
    long hash = murmur64a(element, SEED);
    long index = hash & (REGISTERS - 1);
    hash >>>= P;
    hash |= 1L << Q; // so the loop ends with a count of at most Q+1
    int count = Long.numberOfTrailingZeros(hash) + 1;
    return (index << 8) | count;
  }

  /** MurmurHash64A as Redis has it (little-endian reads, the same tail handling). */
  static long murmur64a(byte[] key, long seed) {
    final long m = 0xc6a4a7935bd1e995L;
    final int r = 47;
    int len = key.length;
    long h = seed ^ (len * m);
    int end = len - (len & 7);
    for (int i = 0; i < end; i += 8) {
      long k = (key[i] & 0xffL) | (key[i + 1] & 0xffL) << 8 | (key[i + 2] & 0xffL) << 16
          | (key[i + 3] & 0xffL) << 24 | (key[i + 4] & 0xffL) << 32 | (key[i + 5] & 0xffL) << 40
          | (key[i + 6] & 0xffL) << 48 | (key[i + 7] & 0xffL) << 56;
      k *= m;
      k ^= k >>> r;
      k *= m;
      h ^= k;
      h *= m;
    }
    switch (len & 7) {
      case 7:
        h ^= (key[end + 6] & 0xffL) << 48;
        // fall through
      case 6:
        h ^= (key[end + 5] & 0xffL) << 40;
        // fall through
      case 5:
        h ^= (key[end + 4] & 0xffL) << 32;
        // fall through
      case 4:
        h ^= (key[end + 3] & 0xffL) << 24;
        // fall through
      case 3:
        h ^= (key[end + 2] & 0xffL) << 16;
        // fall through
      case 2:
        h ^= (key[end + 1] & 0xffL) << 8;
        // fall through
      case 1:
        h ^= key[end] & 0xffL;
        h *= m;
        break;
      default:
        break;
    }
    h ^= h >>> r;
    h *= m;
    h ^= h >>> r;
    return h;
  }

  static boolean cacheValid(byte[] hll) {
    return (hll[15] & 0x80) == 0;
  }

  static void invalidateCache(byte[] hll) {
    hll[15] |= (byte) 0x80;
  }

  static long cachedCount(byte[] hll) {
    long c = 0;
    for (int i = 7; i >= 0; i--) {
      c = (c << 8) | (hll[8 + i] & 0xff);
    }
    return c;
  }

  static void setCachedCount(byte[] hll, long card) {
    for (int i = 0; i < 8; i++) {
      hll[8 + i] = (byte) (card >>> (8 * i));
    }
  }

  /** Redis's hllCount over one byte per register. */
  static long count(byte[] regs) {
    int[] histo = new int[64];
    for (byte r : regs) {
      histo[r]++;
    }
    double m = REGISTERS;
    double z = m * tau((m - histo[Q + 1]) / m);
    for (int j = Q; j >= 1; --j) {
      z += histo[j];
      z *= 0.5;
    }
    z += m * sigma(histo[0] / m);
    // llroundl: half away from zero; the value is never negative.
    return Math.round(ALPHA_INF * m * m / z);
  }

  private static double sigma(double x) {
    if (x == 1.0) {
      return Double.POSITIVE_INFINITY;
    }
    double zPrime;
    double y = 1;
    double z = x;
    do {
      x *= x;
      zPrime = z;
      z += x * y;
      y += y;
    } while (zPrime != z);
    return z;
  }

  private static double tau(double x) {
    if (x == 0.0 || x == 1.0) {
      return 0.0;
    }
    double zPrime;
    double y = 1.0;
    double z = 1 - x;
    do {
      x = Math.sqrt(x);
      zPrime = z;
      y *= 0.5;
      double d = 1 - x;
      z -= d * d * y;
    } while (zPrime != z);
    return z / 3;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
