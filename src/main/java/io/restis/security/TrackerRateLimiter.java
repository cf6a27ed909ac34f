package io.restis.security;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per client address for the public tracker tokens: each address may record
 * {@code burst} views at once and {@code requestsPerMinute} sustained; past that the answer is
 * 429 with the seconds until the next view would be accepted.
 *
 * <p>Memory is bounded: at most {@code maxClients} buckets are kept. A full bucket carries no
 * information (a new one starts full), so when the map is at its bound the full ones are dropped
 * first; if every bucket is still in use (a flood from more addresses than the bound), arbitrary
 * ones go, which at worst forgives some clients part of their wait.
 */
final class TrackerRateLimiter {

  /** One client's bucket, in nanoseconds of the monotonic clock. */
  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }

  private final double capacity;
  private final double perNano;
  private final int maxClients;
  private final LongSupplier nanos;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  TrackerRateLimiter(SecurityProperties.RateLimit settings, LongSupplier nanos) {
    this.capacity = settings.burst();
    this.perNano = settings.requestsPerMinute() / 60e9;
    this.maxClients = settings.maxClients();
    this.nanos = nanos;
  }

  /** 0 when the client may go ahead (and one view is counted), else the seconds to wait. */
  long acquire(String client) {
    long now = nanos.getAsLong();
    if (buckets.size() >= maxClients && !buckets.containsKey(client)) {
      evict(now);
    }
    long[] wait = {0};
    buckets.compute(client, (k, b) -> {
      Bucket bucket = b == null ? new Bucket(capacity, now) : refill(b, now);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
      } else {
        wait[0] = Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
      }
      return bucket;
    });
    return wait[0];
  }

  private Bucket refill(Bucket b, long now) {
    b.tokens = Math.min(capacity, b.tokens + (now - b.updated) * perNano);
    b.updated = now;
    return b;
  }

  private void evict(long now) {
    buckets.values().removeIf(b -> Math.min(capacity, b.tokens + (now - b.updated) * perNano) >= capacity);
    Iterator<String> it = buckets.keySet().iterator();
    while (buckets.size() >= maxClients && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  /** How many addresses are tracked now (for tests). */
  int tracked() {
    return buckets.size();
  }
}
