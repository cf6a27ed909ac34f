package io.restis.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * The keyspace: binary keys to {@link Entry entries}, plus the index of keys that carry a TTL.
 *
 * <h2>Concurrency model</h2>
 * Restis copies Redis's single thread with a single lock. The {@link Engine} owns one
 * {@code ReentrantLock}; every command, from whichever caller, runs start to finish while holding
 * it, so a command is atomic and sees no other command's partial state. This class, every
 * {@link Entry} and every {@link Value} reachable from it are guarded by that lock and have no
 * synchronization of their own: they must only be touched from code the engine runs under the
 * lock (command handlers, the active expiry cycle, loaders, snapshot readers the engine admits).
 * I/O never happens under the lock: propagated writes are handed to listeners that only enqueue,
 * and replies are rendered after the lock is released (values they reference are immutable byte
 * arrays).
 *
 * <h2>Time and expiry</h2>
 * The engine fixes {@link #now} once per command, as Redis caches its clock for a command, so one
 * command never sees a key both alive and expired. A key is expired when {@code now > expireAt}.
 * Expired keys are never visible: every lookup checks first (lazy expiry), and the engine's active
 * cycle samples {@link #expires} to reclaim keys nobody touches. On a leader an expired key is
 * deleted and the deletion is propagated as DEL; on a follower it is only hidden, because the
 * leader's DEL will arrive.
 *
 * <h2>Versions</h2>
 * Each write to a key gives its entry a fresh version from one counter, the basis of HTTP ETags
 * (the conditional-write form of WATCH).
 *
 * <h2>Point-in-time snapshots</h2>
 * A snapshot is taken without stopping the world and without copying the dataset, by
 * serialize-before-modify (as Dragonfly does): {@link #beginSnapshot} opens an epoch; the saver
 * then walks the table in small steps with {@link #snapshotScan}, and every write path below calls
 * the {@link SnapshotHook} first for an entry the walk has not reached yet, so the hook serializes
 * the value as it was when the snapshot began. Each entry carries the epoch it was last serialized
 * in, so it is written exactly once even though the scan cursor may revisit buckets after a
 * resize; entries created during the snapshot are stamped with the epoch and so left out. A flush
 * during a snapshot hands the whole old table to the walk instead of serializing it in the
 * writer's path.
 */
public final class Keyspace {

  /** Told of keys removed because they expired, so the engine can propagate a DEL. */
  interface ExpiryListener {
    void expired(Bytes key);
  }

  /**
   * Told of keys created (Redis's dbAdd: the "new" notification and signalKeyAsReady for blocked
   * callers) and of read misses (the "keymiss" notification). Called under the lock.
   */
  interface KeyListener {
    void added(Bytes key, Value value);

    void missed(Bytes key);
  }

  /**
   * Called under the lock before an entry that a snapshot in progress has not serialized yet is
   * changed or removed; at most once per entry and snapshot.
   */
  public interface SnapshotHook {
    void beforeChange(Bytes key, Entry entry);
  }

  @GuardedBy("Engine.lock")
  private Dict<Bytes, Entry> main = new Dict<>();

  /** The keys of {@link #main} that carry a TTL, mapped to the same entries. */
  @GuardedBy("Engine.lock")
  private Dict<Bytes, Entry> expires = new Dict<>();

  @GuardedBy("Engine.lock")
  private SnapshotHook snapshot;

  @GuardedBy("Engine.lock")
  private long snapshotEpoch;

  /** The table the snapshot walks: {@link #main}, or the table a flush detached from it. */
  @GuardedBy("Engine.lock")
  private Dict<Bytes, Entry> snapshotSource;

  @GuardedBy("Engine.lock")
  private long versionCounter;

  /** For a {@link #detached} keyspace: this one's version counter when it was made. */
  private long detachedAt;

  /**
   * Keys per {@link ValueType} (by ordinal) in {@link #countedTable}, kept as keys are added,
   * removed or change type, so that metrics read them in O(1) instead of walking the table.
   */
  @GuardedBy("Engine.lock")
  private final long[] typeCounts = new long[ValueType.values().length];

  /**
   * The table {@link #typeCounts} describes. A table put in place by a path that does not count
   * (a whole keyspace adopted at once) differs from it, and the next read recounts.
   */
  @GuardedBy("Engine.lock")
  private Dict<Bytes, Entry> countedTable = main;

  @GuardedBy("Engine.lock")
  long now;

  @GuardedBy("Engine.lock")
  private boolean hideExpiredOnly;

  @GuardedBy("Engine.lock")
  private long hits;

  @GuardedBy("Engine.lock")
  private long misses;

  @GuardedBy("Engine.lock")
  private long expiredKeys;

  private final RandomGenerator random;
  private ExpiryListener expiryListener = key -> {};
  private KeyListener keyListener;

  Keyspace(RandomGenerator random) {
    this.random = random;
  }

  void setExpiryListener(ExpiryListener listener) {
    this.expiryListener = listener;
  }

  void setKeyListener(KeyListener listener) {
    this.keyListener = listener;
  }

  /** On a follower: hide expired keys but leave their deletion to the leader. */
  void setHideExpiredOnly(boolean hideOnly) {
    this.hideExpiredOnly = hideOnly;
  }

  /** The time of the command running now, unix ms. */
  public long now() {
    return now;
  }

  public int size() {
    return main.size();
  }

  public int expiresSize() {
    return expires.size();
  }

  public long hits() {
    return hits;
  }

  public long misses() {
    return misses;
  }

  public long expiredKeys() {
    return expiredKeys;
  }

  /**
   * Keys per type, indexed by {@link ValueType#ordinal()}, expired keys not yet reclaimed
   * included (as {@link #size()}); a copy. O(1), except for one recount after the whole table
   * was replaced.
   */
  public long[] keysByType() {
    if (countedTable != main) {
      java.util.Arrays.fill(typeCounts, 0);
      for (Dict.Node<Bytes, Entry> n : main) {
        typeCounts[n.value().value.type().ordinal()]++;
      }
      countedTable = main;
    }
    return typeCounts.clone();
  }

  /**
   * The mean time to live in ms of up to {@code samples} keys picked at random among those with a
   * TTL (0 when there are none): INFO's avg_ttl, an estimate as Redis's is.
   */
  long sampleAverageTtl(int samples) {
    int n = Math.min(samples, expires.size());
    long sum = 0;
    int counted = 0;
    for (int i = 0; i < n; i++) {
      Dict.Node<Bytes, Entry> node = expires.random(random);
      if (node != null && node.value().expireAt >= now) {
        sum += node.value().expireAt - now;
        counted++;
      }
    }
    return counted == 0 ? 0 : sum / counted;
  }

  /** Looks a key up for reading: counts a hit or a miss; null when absent or expired. */
  public Entry lookupRead(Bytes key) {
    Entry e = lookup(key);
    if (e == null) {
      misses++;
      if (keyListener != null) {
        keyListener.missed(key);
      }
    } else {
      hits++;
    }
    return e;
  }

  /**
   * Looks a key up for a write: null when absent or expired; no hit/miss accounting. The caller
   * may change the value it returns in place (a snapshot in progress serializes it first).
   */
  public Entry lookupWrite(Bytes key) {
    Entry e = lookup(key);
    if (e != null) {
      beforeChange(key, e);
    }
    return e;
  }

  /** A lookup for reading without hit/miss accounting (expired keys are reclaimed as usual). */
  Entry find(Bytes key) {
    return lookup(key);
  }

  private Entry lookup(Bytes key) {
    Entry e = main.get(key);
    if (e == null) {
      return null;
    }
    if (e.expireAt != Entry.NO_EXPIRY && now > e.expireAt) {
      if (!hideExpiredOnly) {
        expire(key);
      }
      return null;
    }
    return e;
  }

  /** Whether the key exists, without touching hit/miss statistics. */
  public boolean exists(Bytes key) {
    return lookup(key) != null;
  }

  /** The value for reading when it has the given type, null when absent; WRONGTYPE otherwise. */
  public <T extends Value> T read(Bytes key, Class<T> type) {
    return typed(lookupRead(key), type);
  }

  /** The value for a write when it has the given type, null when absent; WRONGTYPE otherwise. */
  public <T extends Value> T write(Bytes key, Class<T> type) {
    return typed(lookupWrite(key), type);
  }

  private static <T extends Value> T typed(Entry e, Class<T> type) {
    if (e == null) {
      return null;
    }
    if (!type.isInstance(e.value)) {
      throw Errors.wrongType();
    }
    return type.cast(e.value);
  }

  /** Adds a key that must not exist yet (the caller has just looked it up). */
  public Entry add(Bytes key, Value value) {
    Entry e = new Entry(value, ++versionCounter);
    e.savedEpoch = snapshotEpoch; // created after the snapshot began: not part of it
    Entry old = main.put(key, e);
    typeCounts[value.type().ordinal()]++;
    if (old != null) {
      // Only on a follower, where a lookup hides an expired key without removing it.
      typeCounts[old.value.type().ordinal()]--;
      beforeChange(key, old);
      if (old.expireAt != Entry.NO_EXPIRY) {
        expires.remove(key);
      }
    }
    if (keyListener != null) {
      keyListener.added(key, value);
    }
    return e;
  }

  /**
   * Inserts a key read from a snapshot, with its absolute expiry (or {@link Entry#NO_EXPIRY});
   * false, changing nothing, when the key already exists.
   */
  public boolean load(Bytes key, Value value, long expireAt) {
    if (main.get(key) != null) {
      return false;
    }
    Entry e = add(key, value);
    if (expireAt != Entry.NO_EXPIRY) {
      e.expireAt = expireAt;
      expires.put(key, e);
    }
    return true;
  }

  /**
   * Sets the key to the value, replacing whatever was there (Redis's setKey). The TTL is dropped
   * unless {@code keepTtl}.
   */
  public Entry set(Bytes key, Value value, boolean keepTtl) {
    Entry e = lookupWrite(key);
    if (e == null) {
      return add(key, value);
    }
    if (e.value.type() != value.type()) {
      typeCounts[e.value.type().ordinal()]--;
      typeCounts[value.type().ordinal()]++;
    }
    e.value = value;
    e.version = ++versionCounter;
    if (!keepTtl && e.expireAt != Entry.NO_EXPIRY) {
      e.expireAt = Entry.NO_EXPIRY;
      expires.remove(key);
    }
    return e;
  }

  /** Deletes the key; true when it existed (and was not expired). */
  public boolean delete(Bytes key) {
    if (lookupWrite(key) == null) {
      return false;
    }
    remove(key);
    return true;
  }

  private void remove(Bytes key) {
    if (snapshot != null) {
      Entry current = main.get(key);
      if (current != null) {
        beforeChange(key, current);
      }
    }
    Entry e = main.remove(key);
    if (e != null) {
      typeCounts[e.value.type().ordinal()]--;
    }
    if (e != null && e.expireAt != Entry.NO_EXPIRY) {
      expires.remove(key);
    }
  }

  /** Deletes the key when its collection became empty; true when it did. */
  public boolean deleteIfEmpty(Bytes key, Value value) {
    if (value.size() == 0) {
      remove(key);
      return true;
    }
    return false;
  }

  /** Records a write to an existing key whose value changed in place (new version). */
  public void modified(Bytes key) {
    Entry e = main.get(key);
    if (e != null) {
      e.version = ++versionCounter;
    }
  }

  /** Sets an absolute expiry (unix ms) on an existing key. */
  public void setExpire(Bytes key, long atMillis) {
    Entry e = main.get(key);
    if (e == null) {
      throw new IllegalStateException("setExpire on a missing key");
    }
    beforeChange(key, e);
    if (e.expireAt == Entry.NO_EXPIRY) {
      expires.put(key, e);
    }
    e.expireAt = atMillis;
    e.version = ++versionCounter;
  }

  /** Removes the TTL; true when there was one. */
  public boolean persist(Bytes key) {
    Entry e = lookupWrite(key);
    if (e == null || e.expireAt == Entry.NO_EXPIRY) {
      return false;
    }
    e.expireAt = Entry.NO_EXPIRY;
    e.version = ++versionCounter;
    expires.remove(key);
    return true;
  }

  /** Removes every key. */
  public void clear() {
    java.util.Arrays.fill(typeCounts, 0);
    if (snapshot != null && snapshotSource == main) {
      // The snapshot walks the old table to its end; nobody else can reach it any more.
      main = new Dict<>();
      expires = new Dict<>();
      countedTable = main;
      return;
    }
    main.clear();
    expires.clear();
  }

  /**
   * Starts a point-in-time snapshot: from now on every entry the walk has not reached is given to
   * the hook before it changes. One snapshot at a time.
   */
  public void beginSnapshot(SnapshotHook hook) {
    if (snapshot != null) {
      throw new IllegalStateException("a snapshot is already in progress");
    }
    snapshot = hook;
    snapshotEpoch++;
    snapshotSource = main;
  }

  /** Ends the snapshot (complete or abandoned); writes stop calling the hook. */
  public void endSnapshot() {
    snapshot = null;
    snapshotSource = null;
  }

  public boolean snapshotInProgress() {
    return snapshot != null;
  }

  /**
   * One step of the snapshot walk: visits the entries of the next bucket that the snapshot has
   * not serialized yet (expired or not: the snapshot records what the table holds), marks them,
   * and returns the next cursor; 0 when the walk is complete.
   */
  public long snapshotScan(long cursor, BiConsumer<Bytes, Entry> visitor) {
    if (snapshot == null) {
      throw new IllegalStateException("no snapshot in progress");
    }
    long epoch = snapshotEpoch;
    return snapshotSource.scan(cursor, (k, e) -> {
      if (e.savedEpoch != epoch) {
        e.savedEpoch = epoch;
        visitor.accept(k, e);
      }
    });
  }

  private void beforeChange(Bytes key, Entry e) {
    if (snapshot != null && e.savedEpoch != snapshotEpoch) {
      e.savedEpoch = snapshotEpoch;
      snapshot.beforeChange(key, e);
    }
  }

  /**
   * An empty keyspace to load a dataset into beside this one (see {@link #adopt}). Its versions
   * continue this one's counter, so that no ETag handed out before the swap names a key after it.
   */
  Keyspace detached() {
    Keyspace k = new Keyspace(random);
    k.versionCounter = versionCounter;
    k.detachedAt = versionCounter;
    return k;
  }

  /**
   * Takes over the tables of a {@link #detached} keyspace, dropping this one's (a follower's full
   * sync). A snapshot in progress keeps walking the table it began on, which nobody else can reach
   * any more, as after a flush; the adopted entries are marked as outside it. Versions are
   * renumbered only if this keyspace handed out new ones while the other was loading.
   */
  void adopt(Keyspace loaded) {
    boolean renumber = loaded.detachedAt < versionCounter;
    main = loaded.main;
    expires = loaded.expires;
    if (snapshot != null || renumber) {
      for (Dict.Node<Bytes, Entry> n : main) {
        Entry e = n.value();
        e.savedEpoch = snapshotEpoch;
        if (renumber) {
          e.version = ++versionCounter;
        }
      }
    }
    versionCounter = Math.max(versionCounter, loaded.versionCounter);
  }

  /** A random live key, or null when there is none. */
  public Bytes randomKey() {
    // As Redis: retry while the pick is expired. On a follower expired keys stay, so give up after
    // a bounded number of tries and return the expired one rather than loop.
    for (int tries = 0; ; tries++) {
      Dict.Node<Bytes, Entry> n = main.random(random);
      if (n == null) {
        return null;
      }
      Entry e = n.value();
      if (e.expireAt == Entry.NO_EXPIRY || now <= e.expireAt) {
        return n.key();
      }
      if (hideExpiredOnly) {
        if (tries > 100) {
          return n.key();
        }
      } else {
        expire(n.key());
      }
    }
  }

  /**
   * One SCAN step over the keys: visits the live entries of the next bucket and returns the next
   * cursor (0 at the end).
   */
  public long scan(long cursor, BiConsumer<Bytes, Entry> visitor) {
    return main.scan(cursor, (k, e) -> {
      if (e.expireAt == Entry.NO_EXPIRY || now <= e.expireAt) {
        visitor.accept(k, e);
      }
    });
  }

  /** Every live key; O(n), for KEYS, FLUSH-style tools and tests. */
  public List<Bytes> keys() {
    List<Bytes> out = new ArrayList<>(main.size());
    for (Dict.Node<Bytes, Entry> n : main) {
      Entry e = n.value();
      if (e.expireAt == Entry.NO_EXPIRY || now <= e.expireAt) {
        out.add(n.key());
      }
    }
    return out;
  }

  /** Every entry, live or not yet reclaimed; for snapshots and digests under the lock. */
  public Iterable<Dict.Node<Bytes, Entry>> entries() {
    return main;
  }

  /**
   * One sample of the active expiry cycle: looks at up to {@code samples} keys with a TTL and
   * deletes those expired. Returns {expired, sampled}.
   */
  int[] expireSample(int samples) {
    int n = Math.min(samples, expires.size());
    int expired = 0;
    for (int i = 0; i < n; i++) {
      Dict.Node<Bytes, Entry> node = expires.random(random);
      if (node == null) {
        break;
      }
      if (now > node.value().expireAt) {
        expire(node.key());
        expired++;
      }
    }
    return new int[] {expired, n};
  }

  private void expire(Bytes key) {
    remove(key);
    expiredKeys++;
    expiryListener.expired(key);
  }

  /** The random source for random picks of commands (SPOP, RANDOMKEY, ...). */
  public RandomGenerator random() {
    return random;
  }
}
