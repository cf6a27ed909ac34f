package io.restis.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One subscriber's mailbox: the engine puts messages in under its lock, the subscriber's writer
 * takes them out on its own thread. This is what keeps network I/O out of the engine: PUBLISH
 * (and every keyspace notification) only appends to the mailboxes of the receivers.
 *
 * <h2>Slow subscribers</h2>
 * The mailbox is bounded. Redis protects itself from subscribers that do not read with
 * {@code client-output-buffer-limit pubsub}: past the limit it disconnects them, because
 * dropping messages silently would let a subscriber believe it saw everything. Restis does the
 * same: a message that finds the mailbox full closes the subscription (it is removed from every
 * channel and pattern), and the writer, when it next looks, finds it {@linkplain #isClosed closed}
 * with the reason and ends the stream. The messages already queued are still handed out first.
 *
 * <h2>Waking the writer</h2>
 * When a message lands in an empty mailbox the engine runs {@code wakeUp} after releasing its lock
 * (never under it), so the writer can be scheduled without polling; a writer that drains the
 * mailbox to empty is woken again by the next message.
 */
public final class Subscription {

  private final int capacity;
  private final Runnable wakeUp;
  private final ArrayDeque<PubSubMessage> queue = new ArrayDeque<>();
  private String closedReason;

  /** Channels and patterns this subscription holds; guarded by the engine lock. */
  @GuardedBy("Engine.lock")
  final java.util.Set<Bytes> channels = new java.util.LinkedHashSet<>();

  @GuardedBy("Engine.lock")
  final java.util.Set<Bytes> patterns = new java.util.LinkedHashSet<>();

  /**
   * @param capacity the most messages that may wait for the writer before the subscription is
   *     closed as too slow
   * @param wakeUp run (outside the engine lock) when a message lands in an empty mailbox or the
   *     subscription is closed; it should only schedule the writer
   */
  public Subscription(int capacity, Runnable wakeUp) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.wakeUp = wakeUp;
  }

  /**
   * Appends under the engine lock. Returns true when the writer must be woken (the mailbox was
   * empty, or the subscription has just been closed for overflowing); false otherwise.
   */
  synchronized boolean offer(PubSubMessage m) {
    if (closedReason != null) {
      return false;
    }
    if (queue.size() >= capacity) {
      closedReason = "slow subscriber: " + capacity + " messages were waiting";
      return true;
    }
    queue.add(m);
    return queue.size() == 1;
  }

  /** Closes the subscription with a reason; true when it was open. */
  synchronized boolean close(String reason) {
    if (closedReason != null) {
      return false;
    }
    closedReason = reason;
    return true;
  }

  /** Takes up to {@code max} waiting messages, oldest first; an empty list when there are none. */
  public synchronized List<PubSubMessage> drain(int max) {
    int n = Math.min(max, queue.size());
    List<PubSubMessage> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(queue.poll());
    }
    return out;
  }

  public synchronized int pending() {
    return queue.size();
  }

  /** True once closed (overflow, or unsubscribed through the engine). */
  public synchronized boolean isClosed() {
    return closedReason != null;
  }

  /** Why it was closed, or null while open. */
  public synchronized String closedReason() {
    return closedReason;
  }

  Runnable wakeUp() {
    return wakeUp;
  }
}
