package io.restis.replication;

import io.restis.engine.WriteListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The replication backlog: the most recent part of the write stream, each write with its offset,
 * kept so that a follower that missed some (a dropped push, a restart, a new leader) can continue
 * from where it is instead of copying the whole dataset.
 *
 * <p>It is the engine's write listener on every node, leader and follower alike (a follower's
 * engine propagates the leader's stream verbatim, with the leader's offsets), so a follower that
 * is promoted can serve its former peers from it.
 *
 * <p>Bounded in bytes (the RESP size of the writes): older writes are dropped once the total
 * passes {@code size}, except those a connected follower still needs (at or after
 * {@link #setRetainFrom}), which are kept until the total passes {@code hardLimit}, as Redis keeps
 * a replica's output buffer up to its limit. A ring of entries, indexed by offset: writes are
 * contiguous, so the entry for offset {@code o} sits {@code o - first} places after the head.
 *
 * <p>Thread-safety: {@link #onWrite} runs under the engine lock and takes only this object's
 * monitor, briefly; readers (the pushers) take the same monitor and never the engine lock while
 * holding it.
 */
final class Backlog implements WriteListener {

  /** One write: its offset, its arguments (never mutated after propagation), when it was made. */
  record Write(long offset, byte[][] argv, long atMillis, int bytes) {}

  private final long size;
  private final long hardLimit;

  private Write[] ring = new Write[1024];
  private int head;
  private int count;
  /** The offset of the last write seen; the first held is {@code last - count + 1}. */
  private long last;
  private long bytes;
  private long retainFrom = Long.MAX_VALUE;
  private int waiters;

  Backlog(long size, long hardLimit) {
    this.size = size;
    this.hardLimit = Math.max(size, hardLimit);
  }

  /** Empties the backlog: the stream continues after {@code offset}. */
  synchronized void reset(long offset) {
    java.util.Arrays.fill(ring, null);
    head = 0;
    count = 0;
    bytes = 0;
    last = offset;
  }

  @Override
  public void onWrite(long offset, byte[][] argv) {
    int b = 16;
    for (byte[] a : argv) {
      b += a.length + 16;
    }
    Write w = new Write(offset, argv, System.currentTimeMillis(), b);
    synchronized (this) {
      if (offset != last + 1) {
        // A jump in the stream (a full sync swapped the dataset): what came before is another history.
        reset(offset - 1);
      }
      if (count == ring.length) {
        grow();
      }
      ring[(head + count) % ring.length] = w;
      count++;
      bytes += b;
      last = offset;
      trim();
      if (waiters > 0) {
        notifyAll();
      }
    }
  }

  private void grow() {
    Write[] bigger = new Write[ring.length * 2];
    for (int i = 0; i < count; i++) {
      bigger[i] = ring[(head + i) % ring.length];
    }
    ring = bigger;
    head = 0;
  }

  private void trim() {
    while (count > 1 && (bytes > hardLimit || (bytes > size && ring[head].offset() <= retainFrom))) {
      bytes -= ring[head].bytes();
      ring[head] = null;
      head = (head + 1) % ring.length;
      count--;
    }
  }

  /**
   * Keeps the writes after this offset beyond the size (up to the hard limit): the lowest offset a
   * connected follower has acknowledged. {@code Long.MAX_VALUE} when nobody needs anything.
   */
  synchronized void setRetainFrom(long offset) {
    retainFrom = offset;
    trim();
  }

  /** The offset of the last write in the stream. */
  synchronized long last() {
    return last;
  }

  /** The offset of the first write held, or {@code last + 1} when empty. */
  synchronized long first() {
    return last - count + 1;
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized int count() {
    return count;
  }

  long size() {
    return size;
  }

  /**
   * Whether a node at {@code offset} can continue from here: everything after it is held (or it
   * is exactly at the end).
   */
  synchronized boolean covers(long offset) {
    return offset >= last - count && offset <= last;
  }

  /** When the write right after {@code offset} was made, or -1 when it is not held (or not made yet). */
  synchronized long madeAt(long offset) {
    long o = offset + 1;
    if (o > last || o < last - count + 1) {
      return -1;
    }
    return ring[(int) ((head + (o - (last - count + 1))) % ring.length)].atMillis();
  }

  /**
   * The writes after {@code offset}, at most {@code max} of them or about {@code maxBytes} (more
   * only to finish a MULTI ... EXEC group, which is never split; a group whose EXEC is not here
   * yet is left for later); waits
   * up to {@code waitMillis} for one to arrive. Null when the backlog no longer holds what comes
   * after {@code offset} (or {@code offset} is past the end): the follower needs a full sync.
   */
  List<Write> after(long offset, int max, long maxBytes, long waitMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + waitMillis;
    synchronized (this) {
      long seen = offset;
      while (true) {
        if (last != seen) {
          if (!covers(offset)) {
            return null;
          }
          List<Write> out = collect(offset, max, maxBytes);
          if (!out.isEmpty()) {
            return out;
          }
          seen = last; // only an unfinished MULTI: wait for more
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return List.of();
        }
        waiters++;
        try {
          wait(left);
        } finally {
          waiters--;
        }
      }
    }
  }

  private List<Write> collect(long offset, int max, long maxBytes) {
    long firstHeld = last - count + 1;
    int start = (int) (offset + 1 - firstHeld);
    List<Write> out = new ArrayList<>(Math.min(max, count - start));
    int groupStart = -1;
    long size = 0;
    for (int i = start; i < count; i++) {
      Write w = ring[(head + i) % ring.length];
      if (isMarker(w.argv(), "MULTI")) {
        groupStart = out.size();
      } else if (isMarker(w.argv(), "EXEC")) {
        groupStart = -1;
      }
      out.add(w);
      size += w.bytes();
      if ((out.size() >= max || size >= maxBytes) && groupStart < 0) {
        break;
      }
    }
    if (groupStart >= 0) {
      out.subList(groupStart, out.size()).clear(); // the group's EXEC has not arrived yet
    }
    return out;
  }

  /** Wakes the pushers waiting in {@link #after} (a follower was dropped, the role changed). */
  synchronized void wakeUp() {
    notifyAll();
  }

  static boolean isMarker(byte[][] argv, String name) {
    if (argv.length != 1 || argv[0].length != name.length()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (argv[0][i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
