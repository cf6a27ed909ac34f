package io.restis.persistence.format;

/**
 * LZF decompression (liblzf's lzf_decompress), for strings redis-server compressed in its dumps
 * (rdbcompression yes). Restis never compresses what it writes, so only this direction exists.
 *
 * <p>The stream is a sequence of runs: a control byte below 32 introduces {@code ctrl + 1}
 * literal bytes; otherwise its top three bits are a length (7 means "add the next byte") and the
 * rest with the next byte a distance back into the output, from where {@code length + 2} bytes
 * are copied (overlapping copies repeat bytes, which is how runs are compressed).
 */
public final class Lzf {

  private Lzf() {}

  /** Decompresses into exactly {@code outLen} bytes; throws IllegalArgumentException when corrupt. */
  public static byte[] decompress(byte[] in, int outLen) {
    byte[] out = new byte[outLen];
    int ip = 0;
    int op = 0;
    while (ip < in.length) {
      int ctrl = in[ip++] & 0xff;
      if (ctrl < 32) {
        int len = ctrl + 1;
        if (op + len > outLen || ip + len > in.length) {
          throw new IllegalArgumentException("LZF literal run out of bounds");
        }
        System.arraycopy(in, ip, out, op, len);
        ip += len;
        op += len;
      } else {
        int len = ctrl >>> 5;
        if (len == 7) {
          if (ip >= in.length) {
            throw new IllegalArgumentException("LZF input truncated");
          }
          len += in[ip++] & 0xff;
        }
        if (ip >= in.length) {
          throw new IllegalArgumentException("LZF input truncated");
        }
        int ref = op - ((ctrl & 0x1f) << 8) - (in[ip++] & 0xff) - 1;
        len += 2;
        if (ref < 0) {
          throw new IllegalArgumentException("LZF back reference before the start");
        }
        if (op + len > outLen) {
          throw new IllegalArgumentException("LZF output overflow");
        }
        for (int i = 0; i < len; i++) {
          out[op++] = out[ref++];
        }
      }
    }
    if (op != outLen) {
      throw new IllegalArgumentException("LZF output is " + op + " bytes, expected " + outLen);
    }
    return out;
  }
}
