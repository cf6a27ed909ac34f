package io.restis.engine;

import java.util.Arrays;

/**
 * A string value: a byte string that never changes once it is stored.
 *
 * <h2>Why immutable</h2>
 * Replies are rendered after the engine lock is released, straight from the array a GET handed
 * out. If a later SETRANGE wrote into that array, a reply being written on another thread could
 * send a mix of old and new bytes. So every write produces a new value and the bytes a value
 * exposes are never written again. Redis keeps small integers in a tagged encoding; here integers
 * are parsed on demand (at most 20 bytes), which keeps one representation.
 *
 * <h2>Why APPEND is still amortized O(1)</h2>
 * Copying the whole string on every APPEND would make building a string by appends quadratic
 * (Redis's sds avoids that by over-allocating). A value here is a prefix {@code [0, length)} of a
 * buffer that may be longer. {@link #append} writes into the free space after the prefix when the
 * value owns that space, and returns a new value over the longer prefix of the same buffer; the
 * old value still sees exactly its own bytes, which nobody writes. The buffer's {@link Tail}
 * records how far it has been claimed: only a value whose end is the claimed end may extend in
 * place, so two keys that share a value (after COPY) never write over each other's appends. When
 * there is no room, the buffer grows as sds does: doubled below 1 MB, then by 1 MB.
 *
 * <p>Like every value this is only touched under the engine lock, so the tail needs no
 * synchronization. {@link #bytes} returns the buffer itself when it is exactly full, otherwise a
 * trimmed copy; readers that only need a part use {@link #range} and {@link #length}.
 */
public final class StringValue implements Value {

  /** Above this, sds stops doubling and grows by a fixed step (Redis's SDS_MAX_PREALLOC). */
  private static final int MAX_PREALLOC = 1024 * 1024;

  /** How far a shared buffer has been claimed by appends; shared by the values over it. */
  private static final class Tail {
    int claimed;

    Tail(int claimed) {
      this.claimed = claimed;
    }
  }

  private final byte[] buf;
  private final int length;
  /** Null when the value does not own spare room (an exact array given by a caller). */
  private final Tail tail;

  /** A value over the array, which is shared and must not be changed afterwards. */
  public StringValue(byte[] data) {
    this(data, data.length, null);
  }

  private StringValue(byte[] buf, int length, Tail tail) {
    this.buf = buf;
    this.length = length;
    this.tail = tail;
  }

  /** A long as Redis stores it: its decimal digits. */
  public static StringValue of(long v) {
    return new StringValue(Numbers.formatLongBytes(v));
  }

  /** The bytes; the caller must not change them. O(1) unless appends left spare room. */
  public byte[] bytes() {
    return length == buf.length ? buf : Arrays.copyOf(buf, length);
  }

  public int length() {
    return length;
  }

  /** A copy of the bytes {@code [from, to)}; the caller checks the bounds. */
  public byte[] range(int from, int to) {
    return Arrays.copyOfRange(buf, from, to);
  }

  /**
   * The value as a canonical 64-bit integer (Redis's string2ll), or null when it is not one: no
   * spaces, no '+', no leading zeros.
   */
  public Long asLong() {
    if (length > 20) {
      return null; // too long to be a long; saves the copy for big strings
    }
    return Numbers.tryParseLong(bytes());
  }

  /** This value with {@code suffix} added at the end; the caller checks the size limit. */
  public StringValue append(byte[] suffix) {
    if (suffix.length == 0) {
      return this;
    }
    int newLength = Math.addExact(length, suffix.length);
    if (tail != null && tail.claimed == length && newLength <= buf.length) {
      System.arraycopy(suffix, 0, buf, length, suffix.length);
      tail.claimed = newLength;
      return new StringValue(buf, newLength, tail);
    }
    byte[] grown = new byte[capacityFor(newLength)];
    System.arraycopy(buf, 0, grown, 0, length);
    System.arraycopy(suffix, 0, grown, length, suffix.length);
    return new StringValue(grown, newLength, new Tail(newLength));
  }

  /**
   * This value with {@code part} written at {@code offset}, zero bytes padding any gap (SETRANGE).
   * Always a copy: the old bytes may be on their way to a client.
   */
  public StringValue overwrite(int offset, byte[] part) {
    int newLength = Math.max(length, Math.addExact(offset, part.length));
    byte[] out = new byte[newLength];
    System.arraycopy(buf, 0, out, 0, length);
    System.arraycopy(part, 0, out, offset, part.length);
    return new StringValue(out);
  }

  private static int capacityFor(int needed) {
    long cap = needed < MAX_PREALLOC ? (long) needed * 2 : (long) needed + MAX_PREALLOC;
    return (int) Math.min(cap, Integer.MAX_VALUE - 8);
  }

  @Override
  public ValueType type() {
    return ValueType.STRING;
  }

  @Override
  public long size() {
    return length;
  }

  @Override
  public StringValue copy() {
    return this; // immutable; a shared buffer is safe, see the class comment
  }
}
