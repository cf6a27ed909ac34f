package io.restis.persistence.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer. Snapshot chunks and log entries are encoded into one under the engine
 * lock (memory only) and written to a stream after the lock is released, so the encoders target
 * this class rather than an {@link OutputStream} that might block.
 */
public final class Buf {

  private byte[] data;
  private int size;

  public Buf() {
    this(256);
  }

  public Buf(int capacity) {
    data = new byte[Math.max(capacity, 16)];
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The backing array; only the first {@link #size()} bytes are meaningful. */
  public byte[] array() {
    return data;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(data, size);
  }

  public void reset() {
    size = 0;
  }

  /** Forgets the content and, when the array grew past {@code max}, gives the memory back. */
  public void reset(int max) {
    size = 0;
    if (data.length > max) {
      data = new byte[max];
    }
  }

  private void ensure(int extra) {
    int need = size + extra;
    if (need < 0) {
      throw new IllegalStateException("buffer larger than 2 GB");
    }
    if (need > data.length) {
      long grown = Math.max((long) data.length * 2, need);
      data = Arrays.copyOf(data, (int) Math.min(grown, Integer.MAX_VALUE - 8));
    }
  }

  public Buf write(int b) {
    ensure(1);
    data[size++] = (byte) b;
    return this;
  }

  public Buf write(byte[] b) {
    return write(b, 0, b.length);
  }

  public Buf write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, data, size, len);
    size += len;
    return this;
  }

  /** ASCII text, for RESP headers and numbers. */
  public Buf ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      data[size++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** A decimal number in ASCII, without going through a String. */
  public Buf decimal(long v) {
    if (v == Long.MIN_VALUE) {
      return ascii("-9223372036854775808");
    }
    ensure(20);
    if (v < 0) {
      data[size++] = '-';
      v = -v;
    }
    int start = size;
    do {
      data[size++] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
    for (int i = start, j = size - 1; i < j; i++, j--) {
      byte t = data[i];
      data[i] = data[j];
      data[j] = t;
    }
    return this;
  }

  public Buf int32BE(int v) {
    ensure(4);
    data[size++] = (byte) (v >>> 24);
    data[size++] = (byte) (v >>> 16);
    data[size++] = (byte) (v >>> 8);
    data[size++] = (byte) v;
    return this;
  }

  public Buf int64BE(long v) {
    ensure(8);
    for (int s = 56; s >= 0; s -= 8) {
      data[size++] = (byte) (v >>> s);
    }
    return this;
  }

  public Buf int64LE(long v) {
    ensure(8);
    for (int s = 0; s < 64; s += 8) {
      data[size++] = (byte) (v >>> s);
    }
    return this;
  }

  public Buf append(Buf other) {
    return write(other.data, 0, other.size);
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(data, 0, size);
  }
}
