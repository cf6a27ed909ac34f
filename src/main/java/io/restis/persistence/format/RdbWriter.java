package io.restis.persistence.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Frames an RDB stream over any {@link OutputStream}: a file, a socket for a follower's full
 * sync, a byte array in a test. It keeps the running CRC-64 of everything written and appends it
 * after the EOF opcode. Keys arrive pre-encoded in {@link Buf}s (see {@link RdbEncoder}), which is
 * what lets the snapshotter encode under the engine lock and write after releasing it.
 *
 * <p>Not thread-safe; one writer per stream.
 */
public final class RdbWriter {

  private final OutputStream out;
  private long crc;
  private long written;
  private final Buf scratch = new Buf(64);

  public RdbWriter(OutputStream out) {
    this.out = out;
  }

  /** The magic and version, then the aux fields in the given order. */
  public void header(Map<String, String> aux) throws IOException {
    scratch.reset();
    scratch.write(Rdb.MAGIC);
    scratch.ascii(String.format("%04d", Rdb.VERSION));
    for (Map.Entry<String, String> e : aux.entrySet()) {
      RdbEncoder.aux(scratch, e.getKey(), e.getValue());
    }
    raw(scratch);
  }

  /** SELECTDB and the RESIZEDB hint (the number of keys and of keys with a TTL). */
  public void database(int db, long size, long expires) throws IOException {
    scratch.reset();
    scratch.write(Rdb.OPCODE_SELECTDB);
    RdbEncoder.length(scratch, db);
    scratch.write(Rdb.OPCODE_RESIZEDB);
    RdbEncoder.length(scratch, size);
    RdbEncoder.length(scratch, expires);
    raw(scratch);
  }

  /** Encoded keys (or any other encoded section). */
  public void raw(Buf b) throws IOException {
    crc = Crc64.update(crc, b.array(), 0, b.size());
    b.writeTo(out);
    written += b.size();
  }

  /** The EOF opcode and the checksum; flushes the stream. Returns the total size written. */
  public long finish() throws IOException {
    scratch.reset();
    scratch.write(Rdb.OPCODE_EOF);
    crc = Crc64.update(crc, scratch.array(), 0, 1);
    scratch.int64LE(crc);
    scratch.writeTo(out);
    written += scratch.size();
    out.flush();
    return written;
  }

  public long bytesWritten() {
    return written;
  }
}
