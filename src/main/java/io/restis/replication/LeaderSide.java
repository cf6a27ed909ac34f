package io.restis.replication;

import io.restis.engine.Engine;
import io.restis.persistence.Snapshotter;
import io.restis.persistence.format.Buf;
import io.restis.persistence.format.Resp;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The leader's half: which followers it has, the syncs it serves (partial from the backlog, or a
 * full snapshot streamed as it is taken), the pushes that keep followers current, and what the
 * acknowledgements mean (WAIT, good followers for {@code min-followers-to-write}, lag).
 *
 * <h2>Pushing</h2>
 * Each online follower has a pusher thread: it waits in the {@link Backlog} for writes after the
 * follower's acknowledged offset, sends them in order as one batch (a MULTI ... EXEC group is
 * never split), and takes the follower's answer, its new offset, as the acknowledgement. One push
 * at a time per follower, each starting where the follower says it is, so a lost push or a lost
 * answer only means the same writes are sent again (the follower skips what it has). A follower
 * whose offset the backlog no longer covers is dropped: its next heartbeat learns it is unknown
 * and it syncs again (fully). No push, sync or wait ever runs under the engine lock.
 *
 * <h2>Liveness</h2>
 * A follower is known from its sync request on; every acknowledgement (a push answer, a
 * heartbeat) and every step of a full sync refreshes it; after {@code timeout} of silence it is
 * dropped. Followers count as good for {@code min-followers-to-write} while online with an
 * acknowledgement younger than {@code min-followers-max-lag}.
 */
final class LeaderSide {

  private static final Logger log = LoggerFactory.getLogger(LeaderSide.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long SNAPSHOT_SLOT_WAIT_MS = 60_000;
  /** A push stops growing here (a single write or MULTI group may be larger). */
  static final long MAX_BATCH_BYTES = 4L << 20;

  enum State {
    SYNC, ONLINE
  }

  /** One follower as the leader sees it. */
  final class Follower {
    final String id;
    final String url;
    final long sinceMillis = System.currentTimeMillis();
    volatile State state;
    volatile long ackOffset;
    volatile long ackAtMillis = System.currentTimeMillis();
    volatile long seenAtMillis = System.currentTimeMillis();
    volatile boolean dropped;
    final AtomicLong pushes = new AtomicLong();
    final AtomicLong pushFailures = new AtomicLong();
    private Thread pusher;

    Follower(String id, String url, State state, long offset) {
      this.id = id;
      this.url = url;
      this.state = state;
      this.ackOffset = offset;
    }

    URI uri(String path) {
      return ReplicationUrls.resolve(url, path);
    }
  }

  /** What a leader answers a sync request with. */
  sealed interface Decision permits Partial, Full {}

  record Partial(Protocol.SyncAnswer answer) implements Decision {}

  /** A full sync to stream: {@link #stream} writes the snapshot and then starts the pushes. */
  final class Full implements Decision {
    private final Follower follower;

    Full(Follower follower) {
      this.follower = follower;
    }

    /**
     * Takes the snapshot and writes it; {@code atStart} gets the offset it is consistent at (under
     * the engine lock, before the first byte: the place to set response headers).
     */
    void stream(OutputStream out, LongConsumer atStart) throws IOException {
      streamFullSync(follower, out, atStart);
    }
  }

  private final Engine engine;
  private final Backlog backlog;
  private final ReplicationIds ids;
  private final ReplicationProperties props;
  private final FaultInjector faults;
  private final HttpClient http;
  private final String nodeId;
  private final Snapshotter snapshotter;
  private final Map<String, Follower> followers = new ConcurrentHashMap<>();
  private final Object acks = new Object();
  private volatile boolean active;

  final AtomicLong fullSyncs = new AtomicLong();
  final AtomicLong partialSyncs = new AtomicLong();
  final AtomicLong partialSyncsRefused = new AtomicLong();

  LeaderSide(Engine engine, Backlog backlog, ReplicationIds ids, ReplicationProperties props, FaultInjector faults,
      HttpClient http, String nodeId) {
    this.engine = engine;
    this.backlog = backlog;
    this.ids = ids;
    this.props = props;
    this.faults = faults;
    this.http = http;
    this.nodeId = nodeId;
    this.snapshotter = new Snapshotter(engine);
  }

  boolean isActive() {
    return active;
  }

  void activate() {
    active = true;
  }

  /** No longer a leader: every follower is dropped and its pusher stops. */
  void deactivate() {
    active = false;
    for (Follower f : new ArrayList<>(followers.values())) {
      drop(f, "this node is no longer a leader");
    }
  }

  // ---------------------------------------------------------------- syncs

  /**
   * PSYNC: continue the follower partially when its history and offset allow and the backlog
   * still holds what follows its offset; otherwise a full sync.
   */
  Decision sync(Protocol.SyncRequest req, String url) {
    for (Follower old : new ArrayList<>(followers.values())) {
      if (old.id.equals(req.id()) || old.url.equals(url)) {
        drop(old, "it synced again");
      }
    }
    boolean sameHistory = req.replId() != null && ids.sameHistory(req.replId(), req.offset());
    if (sameHistory) {
      Follower f = new Follower(req.id(), url, State.ONLINE, req.offset());
      followers.put(f.id, f);
      updateRetention(); // pinned before the check, so the backlog cannot move past it in between
      if (backlog.covers(req.offset())) {
        partialSyncs.incrementAndGet();
        log.info("Partial resynchronization of follower {} ({}) accepted: continuing from offset {} ({} writes to send)",
            f.id, url, req.offset(), backlog.last() - req.offset());
        startPusher(f);
        return new Partial(new Protocol.SyncAnswer("partial", ids.id(), req.offset(), nodeId));
      }
      followers.remove(f.id);
    }
    if (req.replId() != null) {
      partialSyncsRefused.incrementAndGet();
      log.info("Partial resynchronization of follower {} ({}) not possible ({} at offset {}; this node is {} with "
          + "writes {}..{} in its backlog): full sync", req.id(), url, req.replId(), req.offset(), ids.id(),
          backlog.first(), backlog.last());
    }
    Follower f = new Follower(req.id(), url, State.SYNC, -1);
    followers.put(f.id, f);
    return new Full(f);
  }

  private void streamFullSync(Follower f, OutputStream out, LongConsumer atStart) throws IOException {
    fullSyncs.incrementAndGet();
    Map<String, String> aux = new LinkedHashMap<>();
    long deadline = System.currentTimeMillis() + SNAPSHOT_SLOT_WAIT_MS;
    long t0 = System.nanoTime();
    Snapshotter.Result r;
    try {
      while (true) {
        try {
          r = snapshotter.write(out, aux, offset -> {
            // Under the engine lock, at the snapshot's instant: the follower continues from here.
            aux.put(Protocol.AUX_REPL_ID, ids.id());
            aux.put(Protocol.AUX_REPL_OFFSET, Long.toString(offset));
            f.ackOffset = offset;
            updateRetention();
            atStart.accept(offset);
          }, (done, total) -> f.seenAtMillis = System.currentTimeMillis());
          break;
        } catch (IllegalStateException busy) {
          // Another snapshot (a BGSAVE, another follower's sync) holds the keyspace's one slot;
          // nothing was written yet unless this one had begun.
          if (!aux.isEmpty() || System.currentTimeMillis() > deadline) {
            throw new IOException("no snapshot could begin: " + busy.getMessage());
          }
          f.seenAtMillis = System.currentTimeMillis();
          sleep(50);
        }
      }
      out.flush();
    } catch (IOException | RuntimeException e) {
      drop(f, "its full sync failed: " + e);
      throw e;
    }
    if (f.dropped || !active) {
      return;
    }
    f.state = State.ONLINE;
    f.ackAtMillis = System.currentTimeMillis();
    f.seenAtMillis = f.ackAtMillis;
    log.info("Full sync of follower {} ({}) sent: {} keys, {} bytes at offset {} in {} ms", f.id, f.url, r.keys(),
        r.bytes(), r.offset(), (System.nanoTime() - t0) / 1_000_000);
    startPusher(f);
  }

  // ---------------------------------------------------------------- acknowledgements

  /** A heartbeat: false when the follower is unknown (or on another history) and must sync again. */
  boolean ack(Protocol.AckRequest req) {
    Follower f = followers.get(req.id());
    if (f == null || f.dropped || !ids.id().equals(req.replId())) {
      return false;
    }
    f.seenAtMillis = System.currentTimeMillis();
    if (f.state == State.ONLINE) {
      acknowledged(f, req.offset());
    }
    return true;
  }

  private void acknowledged(Follower f, long offset) {
    long now = System.currentTimeMillis();
    f.ackAtMillis = now;
    f.seenAtMillis = now;
    if (offset > f.ackOffset) {
      f.ackOffset = offset;
      updateRetention();
    }
    synchronized (acks) {
      acks.notifyAll();
    }
  }

  /** Followers online whose acknowledged offset reached {@code offset}. */
  long acknowledgedCount(long offset) {
    long n = 0;
    for (Follower f : followers.values()) {
      if (f.state == State.ONLINE && !f.dropped && f.ackOffset >= offset) {
        n++;
      }
    }
    return n;
  }

  /** WAIT: see {@link io.restis.engine.Replication#awaitAcknowledged}. */
  long awaitAcknowledged(long offset, long replicas, long timeoutMillis, boolean block) {
    long n = acknowledgedCount(offset);
    if (n >= replicas || !block) {
      return n;
    }
    long deadline = timeoutMillis == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMillis;
    synchronized (acks) {
      while (true) {
        n = acknowledgedCount(offset);
        long left = deadline - System.currentTimeMillis();
        if (n >= replicas || left <= 0) {
          return n;
        }
        try {
          acks.wait(Math.min(left, 1000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return acknowledgedCount(offset);
        }
      }
    }
  }

  /** Followers online with an acknowledgement younger than the max lag. */
  int goodFollowers() {
    long now = System.currentTimeMillis();
    long maxLag = props.minFollowersMaxLag().toMillis();
    int n = 0;
    for (Follower f : followers.values()) {
      if (f.state == State.ONLINE && !f.dropped && now - f.ackAtMillis <= maxLag) {
        n++;
      }
    }
    return n;
  }

  /** The backlog keeps what the least advanced follower has not acknowledged yet. */
  private void updateRetention() {
    long min = Long.MAX_VALUE;
    for (Follower f : followers.values()) {
      if (!f.dropped && f.ackOffset >= 0) {
        min = Math.min(min, f.ackOffset);
      }
    }
    backlog.setRetainFrom(min);
  }

  // ---------------------------------------------------------------- timed work

  /** Drops followers silent for longer than the timeout. */
  void sweep() {
    long now = System.currentTimeMillis();
    long timeout = props.timeout().toMillis();
    for (Follower f : new ArrayList<>(followers.values())) {
      if (now - f.seenAtMillis > timeout) {
        drop(f, "no sign of it for " + (now - f.seenAtMillis) + " ms");
      }
    }
  }

  private void drop(Follower f, String why) {
    if (followers.remove(f.id, f)) {
      log.info("Follower {} ({}) dropped: {}", f.id, f.url, why);
    }
    f.dropped = true;
    backlog.wakeUp();
    updateRetention();
    synchronized (acks) {
      acks.notifyAll();
    }
  }

  // ---------------------------------------------------------------- pushing

  private void startPusher(Follower f) {
    Thread t = new Thread(() -> push(f), "restis-push-" + f.id);
    t.setDaemon(true);
    f.pusher = t;
    t.start();
  }

  private void push(Follower f) {
    long backoff = 0;
    long wait = Math.max(10, props.heartbeatPeriod().toMillis());
    while (!f.dropped && active) {
      try {
        if (backoff > 0) {
          Thread.sleep(backoff);
        }
        long from = f.ackOffset;
        List<Backlog.Write> batch = backlog.after(from, props.batchSize(), MAX_BATCH_BYTES, wait);
        if (batch == null) {
          drop(f, "the backlog no longer holds the writes after its offset " + from);
          return;
        }
        if (batch.isEmpty() || f.dropped) {
          continue;
        }
        if (faults.dropBeforeSend()) {
          backoff = 50;
          continue;
        }
        HttpResponse<byte[]> r = http.send(pushRequest(f, from, batch), HttpResponse.BodyHandlers.ofByteArray());
        backoff = answer(f, r);
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        f.pushFailures.incrementAndGet();
        backoff = Math.min(1000, Math.max(50, backoff * 2));
        log.debug("Push to follower {} ({}) failed: {}", f.id, f.url, e.toString());
      }
    }
  }

  private HttpRequest pushRequest(Follower f, long from, List<Backlog.Write> batch) {
    Buf b = new Buf(4096);
    for (Backlog.Write w : batch) {
      Resp.command(b, w.argv());
    }
    return HttpRequest.newBuilder(f.uri(Protocol.APPLY))
        .timeout(props.timeout())
        .header("Authorization", "Bearer " + props.secret())
        .header("Content-Type", Protocol.STREAM_TYPE)
        .header(Protocol.REPL_ID_HEADER, ids.id())
        .header(Protocol.OFFSET_HEADER, Long.toString(from))
        .header(Protocol.LEADER_NODE_HEADER, nodeId)
        .header(Protocol.LEADER_OFFSET_HEADER, Long.toString(backlog.last()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(b.toByteArray()))
        .build();
  }

  /** Takes a push's answer; returns the backoff before the next push. */
  private long answer(Follower f, HttpResponse<byte[]> r) {
    int status = r.statusCode();
    if (status == 503) {
      return 50; // the follower is still loading its full sync
    }
    Protocol.ApplyAnswer a = null;
    try {
      a = JSON.readValue(r.body(), Protocol.ApplyAnswer.class);
    } catch (RuntimeException e) {
      // not an answer of ours (a proxy, a refusal of the secret)
    }
    if (a == null || (status != 200 && status != 409)) {
      f.pushFailures.incrementAndGet();
      log.warn("Push to follower {} ({}) refused with HTTP {}", f.id, f.url, status);
      return 1000;
    }
    if (status == 409 && Protocol.NOT_FOLLOWING.equals(a.reason())) {
      drop(f, "it no longer follows this leader");
      return 0;
    }
    if (faults.loseAnswer()) {
      return 0; // as if the answer never came: the same writes go again
    }
    f.pushes.incrementAndGet();
    if (status == 409) {
      // It is elsewhere in the stream than this push assumed: continue from where it says it is.
      f.ackOffset = a.offset();
      f.seenAtMillis = System.currentTimeMillis();
      updateRetention();
      return 0;
    }
    acknowledged(f, a.offset());
    return 0;
  }

  // ---------------------------------------------------------------- status

  /** A follower as the status lists it. */
  @Schema(name = "ReplicationFollower")
  record FollowerStatus(String id, String url, String state, long ackOffset, long lagCommands, double lagSeconds,
      double lastAckSecondsAgo, long pushes, long pushFailures, long connectedSeconds) {}

  List<FollowerStatus> followers() {
    long now = System.currentTimeMillis();
    long last = backlog.last();
    List<FollowerStatus> out = new ArrayList<>();
    for (Follower f : followers.values()) {
      long lag = f.state == State.ONLINE ? Math.max(0, last - f.ackOffset) : -1;
      double lagSeconds = 0;
      if (lag > 0) {
        long madeAt = backlog.madeAt(f.ackOffset);
        lagSeconds = madeAt < 0 ? (now - f.ackAtMillis) / 1000.0 : Math.max(0, now - madeAt) / 1000.0;
      }
      out.add(new FollowerStatus(f.id, f.url, f.state.name().toLowerCase(), f.ackOffset, lag, lagSeconds,
          (now - f.ackAtMillis) / 1000.0, f.pushes.get(), f.pushFailures.get(), (now - f.sinceMillis) / 1000));
    }
    out.sort(Comparator.comparing(FollowerStatus::url));
    return out;
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }
}
