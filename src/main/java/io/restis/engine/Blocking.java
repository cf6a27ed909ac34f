package io.restis.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The callers parked by blocking commands (BLPOP, BZPOPMIN, BLMOVE, ...), as Redis's blocked.c.
 * Guarded by the engine lock.
 *
 * <p>A blocking command that finds no data registers a {@link Waiter} on each of its keys, in a
 * FIFO per key. When a write creates a list or sorted set under a key somebody waits on (Redis's
 * {@code signalKeyAsReady}, called from {@link Keyspace#add}), the key is marked ready; after the
 * command (or transaction) the engine serves the ready keys in the order they became ready, and on
 * each key the waiters in the order they arrived, re-running each waiter's command restricted to
 * that key until the key runs dry. So the first caller to block is the first served, across
 * callers, as in Redis. A served command propagates its deterministic form like any command.
 *
 * <p>A waiter holds no thread: it is a future the engine completes, after releasing its lock,
 * with the reply, or with a nil array when its deadline passes ({@link Engine#timeoutBlocked}).
 */
final class Blocking {

  /** One parked call. */
  static final class Waiter {
    final CommandSpec spec;
    final byte[][] argv;
    final List<Bytes> keys;
    /** The value type the command pops (list or sorted set); other types leave it waiting. */
    final Class<? extends Value> type;
    /** Unix ms after which the call answers nil; 0 waits forever. */
    final long deadline;
    final long seq;
    final CompletableFuture<Reply> future = new CompletableFuture<>();
    boolean done;

    Waiter(CommandSpec spec, byte[][] argv, List<Bytes> keys, Class<? extends Value> type, long deadline, long seq) {
      this.spec = spec;
      this.argv = argv;
      this.keys = keys;
      this.type = type;
      this.deadline = deadline;
      this.seq = seq;
    }
  }

  private final Map<Bytes, ArrayDeque<Waiter>> byKey = new HashMap<>();
  private final LinkedHashSet<Bytes> ready = new LinkedHashSet<>();
  private final TreeSet<Waiter> byDeadline = new TreeSet<>(
      Comparator.<Waiter>comparingLong(w -> w.deadline).thenComparingLong(w -> w.seq));
  private long seq;
  private int count;

  Waiter park(CommandSpec spec, byte[][] argv, List<Bytes> keys, Class<? extends Value> type, long deadline) {
    Waiter w = new Waiter(spec, argv, keys, type, deadline, ++seq);
    for (Bytes k : new LinkedHashSet<>(keys)) {
      byKey.computeIfAbsent(k, x -> new ArrayDeque<>()).add(w);
    }
    if (deadline != 0) {
      byDeadline.add(w);
    }
    count++;
    return w;
  }

  /** Takes the waiter off every key; false when it was already served, timed out or removed. */
  boolean remove(Waiter w) {
    if (w.done) {
      return false;
    }
    w.done = true;
    for (Bytes k : w.keys) {
      ArrayDeque<Waiter> q = byKey.get(k);
      if (q != null && q.remove(w) && q.isEmpty()) {
        byKey.remove(k);
      }
    }
    if (w.deadline != 0) {
      byDeadline.remove(w);
    }
    count--;
    return true;
  }

  /** Redis's signalKeyAsReady: a value was added under the key; remembered only if someone waits. */
  void signal(Bytes key, Value value) {
    if (count > 0 && (value instanceof ListValue || value instanceof ZSetValue) && byKey.containsKey(key)) {
      ready.add(key);
    }
  }

  boolean hasReady() {
    return !ready.isEmpty();
  }

  /** The keys that became ready since the last call, in order, and forgets them. */
  List<Bytes> takeReady() {
    List<Bytes> out = new ArrayList<>(ready);
    ready.clear();
    return out;
  }

  /** The waiters on a key in arrival order (a copy: serving removes from the queue). */
  List<Waiter> waitersOn(Bytes key) {
    ArrayDeque<Waiter> q = byKey.get(key);
    return q == null ? List.of() : new ArrayList<>(q);
  }

  /** Removes and returns the waiters whose deadline is before {@code now}. */
  List<Waiter> expired(long now) {
    List<Waiter> out = new ArrayList<>();
    while (!byDeadline.isEmpty() && byDeadline.first().deadline < now) {
      Waiter w = byDeadline.first();
      remove(w);
      out.add(w);
    }
    return out;
  }

  /** The earliest deadline, or 0 when no waiter has one. */
  long nextDeadline() {
    return byDeadline.isEmpty() ? 0 : byDeadline.first().deadline;
  }

  int count() {
    return count;
  }
}
