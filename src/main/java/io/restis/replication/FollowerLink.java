package io.restis.replication;

import io.restis.engine.Caller;
import io.restis.engine.Engine;
import io.restis.engine.Keyspace;
import io.restis.engine.Reply;
import io.restis.persistence.KeyspaceLoader;
import io.restis.persistence.format.AofReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A follower's link to its leader: Redis's replica side.
 *
 * <h2>States</h2>
 * {@code connecting} (asking the leader to sync, or waiting to retry), {@code sync} (loading a
 * full sync), {@code connected} (the leader pushes, the follower applies and acknowledges). A
 * thread of its own runs the connects: a sync request names the follower's history and offset;
 * the leader answers with a partial continuation or streams a snapshot, which is loaded into a
 * fresh keyspace beside the current data (reads keep being served from that) and swapped in at
 * once. Whatever breaks the link (the leader forgot the follower, silence longer than the timeout,
 * a push that does not fit) sends it back to {@code connecting}.
 *
 * <h2>Applying</h2>
 * Pushes arrive on HTTP threads, one at a time ({@link #applyLock}): the writes already applied
 * are skipped (a push sent again after a lost answer), a gap is refused with the offset the
 * follower is at, and the rest is applied in order through the engine's command table, one write
 * or one MULTI ... EXEC group at a time ({@link Engine#applyReplicated}), keeping the leader's
 * offsets. The swap of a full sync takes the same lock, so no push interleaves with it.
 */
final class FollowerLink {

  private static final Logger log = LoggerFactory.getLogger(FollowerLink.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The leader's stream: the one caller that writes on a follower. */
  static final Caller LEADER_LINK = new Caller() {
    @Override
    public boolean isLeaderLink() {
      return true;
    }
  };

  enum State {
    CONNECTING, SYNC, CONNECTED
  }

  /** What the follower needs of its surroundings. */
  interface Host {
    /** The port this node's HTTP server listens on. */
    int port();

    /** Persists the dataset after a full sync; false when it could not (the state file stays away). */
    boolean persistDataset();

    /** Told after every applied push (read-your-writes waiters). */
    void applied(long offset);
  }

  private final Engine engine;
  private final ReplicationIds ids;
  private final ReplicationProperties props;
  private final HttpClient http;
  private final String nodeId;
  private final String leader;
  private final FollowerStateFile stateFile;
  private final Host host;
  final ReentrantLock applyLock = new ReentrantLock();

  private volatile State state = State.CONNECTING;
  private volatile boolean stopped;
  private volatile boolean resync = true;
  /** Whether the data belongs to {@code ids.id()}'s history (else the next sync is a full one). */
  private volatile boolean onHistory;
  /** The state file holds the current history (false after a failed persist). */
  private volatile boolean statePersisted;
  private volatile String leaderNode;
  private volatile long leaderOffset = -1;
  private volatile long lastIoMillis;
  private volatile long linkDownSinceMillis = System.currentTimeMillis();
  private volatile String lastError;
  private volatile boolean everConnected;
  final AtomicLong fullSyncs = new AtomicLong();
  final AtomicLong partialSyncs = new AtomicLong();
  private Thread thread;

  FollowerLink(Engine engine, ReplicationIds ids, ReplicationProperties props, HttpClient http, String nodeId,
      String leader, FollowerStateFile stateFile, boolean onHistory, boolean statePersisted, Host host) {
    this.engine = engine;
    this.ids = ids;
    this.props = props;
    this.http = http;
    this.nodeId = nodeId;
    this.leader = leader;
    this.stateFile = stateFile;
    this.onHistory = onHistory;
    this.statePersisted = statePersisted;
    this.host = host;
  }

  String leader() {
    return leader;
  }

  State state() {
    return state;
  }

  boolean everConnected() {
    return everConnected;
  }

  boolean onHistory() {
    return onHistory;
  }

  boolean statePersisted() {
    return statePersisted;
  }

  long leaderOffset() {
    return leaderOffset;
  }

  long lastIoMillis() {
    return lastIoMillis;
  }

  long linkDownSinceMillis() {
    return linkDownSinceMillis;
  }

  String lastError() {
    return lastError;
  }

  void start() {
    Thread t = new Thread(this::run, "restis-follower-link");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /**
   * Stops the link; once this returns no push is applied and no full sync swaps any more (a sync
   * in flight is abandoned).
   */
  void stop() {
    stopped = true;
    applyLock.lock();
    try {
      state = State.CONNECTING;
    } finally {
      applyLock.unlock();
    }
    synchronized (this) {
      notifyAll();
    }
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  // ---------------------------------------------------------------- connecting

  private void run() {
    long backoff = 0;
    while (!stopped) {
      try {
        if (backoff > 0) {
          Thread.sleep(backoff);
        }
        if (resync) {
          connect();
          backoff = 0;
        } else {
          synchronized (this) {
            if (!resync && !stopped) {
              wait(1000);
            }
          }
        }
      } catch (InterruptedException e) {
        if (stopped) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        lastError = e.toString();
        resync = true; // try again
        backoff = Math.min(Math.max(100, backoff * 2), Math.max(1000, props.heartbeatPeriod().toMillis()));
        log.info("Connecting to the leader {} failed: {} (retrying in {} ms)", leader, e.toString(), backoff);
      }
    }
  }

  /** The link must be established again (the leader forgot us, a push did not fit, silence). */
  void requestResync(String why) {
    if (stopped) {
      return;
    }
    if (state == State.CONNECTED) {
      log.info("Link to the leader {} lost: {}", leader, why);
      linkDownSinceMillis = System.currentTimeMillis();
    }
    state = State.CONNECTING;
    synchronized (this) {
      resync = true;
      notifyAll();
    }
  }

  private void connect() throws IOException, InterruptedException {
    state = State.CONNECTING;
    resync = false;
    long offset = engine.offset();
    String replId = onHistory ? ids.id() : null;
    byte[] body = JSON.writeValueAsBytes(new Protocol.SyncRequest(nodeId,
        props.announceUrl() == null ? null : ReplicationUrls.base(props.announceUrl()), host.port(), replId, offset));
    HttpRequest req = HttpRequest.newBuilder(ReplicationUrls.resolve(leader, Protocol.SYNC))
        .timeout(props.timeout())
        .header("Authorization", "Bearer " + props.secret())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new IOException("the leader answered the sync request with HTTP " + r.statusCode() + ": "
            + new String(in.readNBytes(500), java.nio.charset.StandardCharsets.UTF_8));
      }
      lastIoMillis = System.currentTimeMillis();
      String mode = r.headers().firstValue(Protocol.MODE_HEADER).orElse("partial");
      if (mode.equals("full")) {
        // The heartbeat closes a transfer that stalls longer than the timeout (see heartbeat()).
        Watched watched = new Watched(in);
        transfer = watched;
        try {
          fullSync(watched, r.headers().firstValue(Protocol.LEADER_NODE_HEADER).orElse(null));
        } finally {
          transfer = null;
        }
      } else {
        Protocol.SyncAnswer a = JSON.readValue(in, Protocol.SyncAnswer.class);
        partial(a, offset);
      }
    }
  }

  private void partial(Protocol.SyncAnswer a, long offset) throws IOException {
    applyLock.lock();
    try {
      if (stopped) {
        return;
      }
      boolean newId = !a.replId().equals(ids.id());
      ids.follow(a.replId());
      onHistory = true;
      leaderNode = a.leaderNode();
      connected();
      partialSyncs.incrementAndGet();
      log.info("Partial resynchronization with the leader {} at offset {}{}", leader, offset,
          newId ? " (the leader's history is now " + a.replId() + ")" : "");
      if (newId) {
        // The data on disk continues into the new history: the file names it, or it goes (a file
        // naming the old id would let the old leader continue this data after a restart).
        FollowerStateFile.State old = statePersisted ? stateFile.read() : null;
        if (old != null) {
          stateFile.write(new FollowerStateFile.State(a.replId(), old.since()));
        } else {
          stateFile.delete();
          statePersisted = false;
        }
      }
    } finally {
      applyLock.unlock();
    }
  }

  private void fullSync(InputStream in, String node) throws IOException {
    state = State.SYNC;
    long t0 = System.nanoTime();
    log.info("Full sync from the leader {}: loading its snapshot beside the current data", leader);
    stateFile.delete();
    statePersisted = false;
    Keyspace fresh = engine.newKeyspace();
    KeyspaceLoader.Loaded loaded = KeyspaceLoader.load(fresh, in, "the leader's snapshot");
    lastIoMillis = System.currentTimeMillis();
    String replId = loaded.aux().get(Protocol.AUX_REPL_ID);
    String offsetText = loaded.aux().get(Protocol.AUX_REPL_OFFSET);
    if (!ReplicationIds.isValid(replId) || offsetText == null) {
      throw new IOException("the leader's snapshot does not name its history and offset");
    }
    long offset = Long.parseLong(offsetText);
    applyLock.lock();
    try {
      if (stopped) {
        return;
      }
      engine.swapKeyspace(fresh, offset);
      ids.follow(replId);
      onHistory = true;
      leaderNode = node;
      connected();
    } finally {
      applyLock.unlock();
    }
    fullSyncs.incrementAndGet();
    log.info("Full sync from the leader {} done: {} keys, {} bytes at offset {} in {} ms", leader, loaded.keys(),
        loaded.bytes(), offset, (System.nanoTime() - t0) / 1_000_000);
    host.applied(offset);
    if (stateFile.enabled() && host.persistDataset()) {
      stateFile.write(new FollowerStateFile.State(replId, offset));
      statePersisted = true;
    }
  }

  private void connected() {
    state = State.CONNECTED;
    everConnected = true;
    lastIoMillis = System.currentTimeMillis();
    lastError = null;
  }

  // ---------------------------------------------------------------- heartbeat

  /** A full sync's stream, with the time of its last progress. */
  private static final class Watched extends java.io.FilterInputStream {
    volatile long progressMillis = System.currentTimeMillis();

    Watched(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      progressMillis = System.currentTimeMillis();
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      progressMillis = System.currentTimeMillis();
      return n;
    }
  }

  private volatile Watched transfer;
  private final java.util.concurrent.atomic.AtomicBoolean heartbeatInFlight =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Once per heartbeat period: acknowledge the offset; notice a leader that forgot us or went
   * silent; abandon a full sync whose stream stalled for longer than the timeout.
   */
  void heartbeat() {
    Watched t = transfer;
    if (t != null && System.currentTimeMillis() - t.progressMillis > props.timeout().toMillis()) {
      log.info("The full sync from the leader {} stalled for {} ms: abandoning it", leader,
          System.currentTimeMillis() - t.progressMillis);
      try {
        t.close();
      } catch (IOException e) {
        // the reader fails either way
      }
    }
    if (stopped || state != State.CONNECTED) {
      return;
    }
    if (System.currentTimeMillis() - lastIoMillis > props.timeout().toMillis()) {
      requestResync("no answer from the leader for " + (System.currentTimeMillis() - lastIoMillis) + " ms");
      return;
    }
    if (!heartbeatInFlight.compareAndSet(false, true)) {
      return; // the previous one has not come back yet
    }
    // Sent without blocking the caller (the application's scheduler thread, which other timed work
    // shares): a leader that does not answer must not hold anything up.
    byte[] body = JSON.writeValueAsBytes(new Protocol.AckRequest(nodeId, ids.id(), engine.offset()));
    HttpRequest req = HttpRequest.newBuilder(ReplicationUrls.resolve(leader, Protocol.ACK))
        .timeout(props.timeout())
        .header("Authorization", "Bearer " + props.secret())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, failure) -> {
      heartbeatInFlight.set(false);
      if (failure != null) {
        lastError = failure.toString();
      } else if (r.statusCode() == 200) {
        lastIoMillis = System.currentTimeMillis();
        try {
          leaderOffset = JSON.readValue(r.body(), Protocol.AckAnswer.class).offset();
        } catch (RuntimeException e) {
          lastError = e.toString();
        }
      } else if (r.statusCode() == 404) {
        requestResync("the leader does not know this follower (any more)");
      } else {
        lastError = "heartbeat answered with HTTP " + r.statusCode();
      }
    });
  }

  // ---------------------------------------------------------------- applying

  /** Most writes applied under one hold of the engine lock. */
  static final int APPLY_CHUNK = 256;

  /** Applies whole writes and groups continuing offset {@code at}; returns the new offset. */
  private long applyChunk(long at, List<byte[][]> writes) {
    List<Reply> replies = engine.applyReplicated(LEADER_LINK, at, writes);
    for (Reply reply : replies) {
      if (reply instanceof Reply.Error e) {
        log.warn("A write of the leader's stream after offset {} failed here: {}", at, e.message());
      }
    }
    return at + writes.size();
  }

  /** A push's outcome: the HTTP status and the answer body. */
  record Applied(int status, Protocol.ApplyAnswer answer) {}

  Applied apply(String replId, String node, long after, long leaderAt, byte[] body) throws IOException {
    if (stopped) {
      return new Applied(409, new Protocol.ApplyAnswer(engine.offset(), Protocol.NOT_FOLLOWING));
    }
    applyLock.lock();
    try {
      if (stopped) {
        return new Applied(409, new Protocol.ApplyAnswer(engine.offset(), Protocol.NOT_FOLLOWING));
      }
      if (state != State.CONNECTED) {
        return new Applied(503, new Protocol.ApplyAnswer(engine.offset(), state.name().toLowerCase()));
      }
      if (leaderNode != null && !leaderNode.equals(node)) {
        return new Applied(409, new Protocol.ApplyAnswer(engine.offset(), Protocol.NOT_FOLLOWING));
      }
      if (!ids.id().equals(replId)) {
        requestResync("a push of another history (" + replId + ")");
        return new Applied(409, new Protocol.ApplyAnswer(engine.offset(), Protocol.NOT_FOLLOWING));
      }
      lastIoMillis = System.currentTimeMillis();
      leaderOffset = Math.max(leaderOffset, leaderAt);
      long at = engine.offset();
      if (after > at) {
        return new Applied(409, new Protocol.ApplyAnswer(at, Protocol.GAP));
      }
      // Applied in chunks of whole writes and whole MULTI ... EXEC groups, each under one hold of
      // the engine lock: short enough for the follower's readers, long enough not to take the
      // lock once per write.
      List<byte[][]> chunk = new ArrayList<>();
      int complete = 0;
      AofReader reader = new AofReader(new ByteArrayInputStream(body));
      long o = after;
      byte[][] argv;
      boolean inGroup = false;
      while ((argv = reader.next()) != null) {
        o++;
        if (o <= at) {
          continue; // applied already: a push sent again
        }
        chunk.add(argv);
        if (Backlog.isMarker(argv, "MULTI")) {
          inGroup = true;
        } else if (Backlog.isMarker(argv, "EXEC")) {
          inGroup = false;
        }
        if (!inGroup) {
          complete = chunk.size();
          if (complete >= APPLY_CHUNK) {
            at = applyChunk(at, chunk);
            chunk.clear();
            complete = 0;
          }
        }
      }
      if (complete > 0) {
        at = applyChunk(at, chunk.subList(0, complete)); // an unfinished group waits for its EXEC
      }
      host.applied(at);
      return new Applied(200, new Protocol.ApplyAnswer(at, null));
    } finally {
      applyLock.unlock();
    }
  }
}
