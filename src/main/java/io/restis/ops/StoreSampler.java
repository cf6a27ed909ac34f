package io.restis.ops;

import io.restis.engine.Engine;
import io.restis.engine.Keyspace;
import io.restis.persistence.AppendLog;
import io.restis.persistence.PersistenceService;
import io.restis.persistence.PersistenceStatus;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One consistent reading of the store for the meters, taken at most once per {@code maxAgeNanos}
 * however many meters a scrape reads: the keyspace counters in one short hold of the engine lock
 * (every one of them O(1): keys per type are counted as they change, never by a walk), the
 * per-command counters copied in another, and the persistence status, which has its own monitor.
 */
final class StoreSampler {

  /** What one reading holds. {@code persistence} and the log fields are absent without them. */
  record Sample(
      long[] keysByType,
      long keys,
      long expiring,
      long hits,
      long misses,
      long expired,
      long changes,
      long offset,
      boolean loading,
      long heapUsed,
      Map<String, long[]> commands,
      PersistenceStatus persistence,
      long fsyncs,
      long fsyncNanos,
      long lastFsyncNanos) {}

  private final Engine engine;
  private final PersistenceService persistence;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private volatile Sample last;
  private volatile long takenAt;

  StoreSampler(Engine engine, PersistenceService persistence, long maxAgeNanos, LongSupplier nanoTime) {
    this.engine = engine;
    this.persistence = persistence;
    this.maxAgeNanos = maxAgeNanos;
    this.nanoTime = nanoTime;
  }

  boolean hasPersistence() {
    return persistence != null;
  }

  /** The latest reading, taken anew when older than the maximum age. */
  Sample get() {
    Sample s = last;
    if (s != null && nanoTime.getAsLong() - takenAt < maxAgeNanos) {
      return s;
    }
    synchronized (this) {
      if (last != null && nanoTime.getAsLong() - takenAt < maxAgeNanos) {
        return last;
      }
      last = take();
      takenAt = nanoTime.getAsLong();
      return last;
    }
  }

  private Sample take() {
    long[] ks = engine.read(StoreSampler::keyspaceCounters);
    long[] byType = new long[ks.length - 5];
    System.arraycopy(ks, 5, byType, 0, byType.length);
    Map<String, long[]> commands = engine.commandStats();
    PersistenceStatus status = persistence == null ? null : persistence.status();
    AppendLog log = persistence == null ? null : persistence.appendLog();
    return new Sample(byType, ks[0], ks[1], ks[2], ks[3], ks[4], engine.dirty(), engine.offset(), engine.isLoading(),
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), commands, status,
        log == null ? 0 : log.fsyncCount(), log == null ? 0 : log.fsyncNanos(), log == null ? 0 : log.lastFsyncNanos());
  }

  /** Under the engine lock: O(1) reads only. */
  private static long[] keyspaceCounters(Keyspace ks) {
    long[] byType = ks.keysByType();
    long[] out = new long[5 + byType.length];
    out[0] = ks.size();
    out[1] = ks.expiresSize();
    out[2] = ks.hits();
    out[3] = ks.misses();
    out[4] = ks.expiredKeys();
    System.arraycopy(byType, 0, out, 5, byType.length);
    return out;
  }
}
