package io.restis.replication;

import io.restis.engine.CommandException;
import io.restis.engine.Engine;
import io.restis.engine.Replication;
import io.restis.engine.Reply;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication around one engine: the node's role and the switch between roles, and what the
 * engine's commands ask of replication (WAIT, ROLE, REPLICAOF, NOREPLICAS). Plain Java; the Spring
 * wiring ({@link ReplicationConfiguration}) calls {@link #start} once the dataset is loaded and
 * {@link #tick} every heartbeat period.
 *
 * <p>A leader runs a {@link LeaderSide}; a follower a {@link FollowerLink} to its leader, with the
 * engine read-only (client writes get READONLY, expired keys are hidden, not deleted). Both keep
 * the {@link Backlog} of the stream, so a promoted follower can serve its former peers partially:
 * promotion starts a new history and keeps the old id valid up to the promotion's offset.
 *
 * <p>Locking: role switches hold this object's monitor; nothing here calls into the engine while
 * holding a monitor the engine's command path may take ({@link #writeRefusal} and
 * {@link #isFollower} read volatile state only).
 */
public final class ReplicationService implements Replication {

  private static final Logger log = LoggerFactory.getLogger(ReplicationService.class);

  static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";

  private final Engine engine;
  private final ReplicationProperties props;
  private final FollowerStateFile stateFile;
  private final FollowerLink.Host host;
  private final String nodeId = UUID.randomUUID().toString();
  private final ReplicationIds ids = new ReplicationIds();
  private final Backlog backlog;
  private final FaultInjector faults;
  private final HttpClient http;
  private final LeaderSide leaderSide;
  private final Object offsetWaiters = new Object();
  private final List<Runnable> tickHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

  private volatile ReplicationProperties.Role role;
  private volatile FollowerLink link;
  private volatile boolean started;

  /**
   * @param stateFile where a follower keeps its history id across restarts
   * @param persistDataset persists the dataset after a full sync (false when it could not)
   * @param port this node's HTTP port, once known
   */
  public ReplicationService(Engine engine, ReplicationProperties props, FollowerStateFile stateFile,
      java.util.function.BooleanSupplier persistDataset, java.util.function.IntSupplier port) {
    this.engine = engine;
    this.props = props;
    this.stateFile = stateFile;
    this.backlog = new Backlog(props.backlogSize().toBytes(), props.followerBufferLimit().toBytes());
    this.faults = new FaultInjector(props.faults());
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(Math.min(5000, props.timeout().toMillis()))).build();
    this.leaderSide = new LeaderSide(engine, backlog, ids, props, faults, http, nodeId);
    this.host = new FollowerLink.Host() {
      @Override
      public int port() {
        return port.getAsInt();
      }

      @Override
      public boolean persistDataset() {
        return persistDataset.getAsBoolean();
      }

      @Override
      public void applied(long offset) {
        synchronized (offsetWaiters) {
          offsetWaiters.notifyAll();
        }
      }
    };
    this.role = props.role();
    if (role == ReplicationProperties.Role.FOLLOWER) {
      // From the very start: no client write may slip in before the link is up.
      engine.setReadOnly(true);
    }
    engine.setReplication(this);
  }

  /**
   * Once the dataset is loaded: the backlog starts at its offset, and a follower connects to its
   * leader (continuing partially when its persisted state says the data is on a known history).
   */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    engine.read(ks -> {
      backlog.reset(engine.offset());
      engine.addWriteListener(backlog);
      return null;
    });
    if (role == ReplicationProperties.Role.FOLLOWER) {
      boolean onHistory = false;
      FollowerStateFile.State s = stateFile.read();
      long offset = engine.offset();
      if (s != null && offset >= s.since()) {
        ids.follow(s.replId());
        onHistory = true;
        log.info("Follower of {}: the data is on history {} at offset {}; asking to continue from there",
            props.leaderUrl(), s.replId(), offset);
      } else {
        log.info("Follower of {}: no known history for the data here; asking for a full sync", props.leaderUrl());
      }
      startLink(ReplicationUrls.base(props.leaderUrl()), onHistory, onHistory);
    } else {
      leaderSide.activate();
      log.info("Leader: replication id {}, offset {}", ids.id(), engine.offset());
    }
  }

  /** Stops pushing and following (shutdown). */
  public synchronized void stop() {
    leaderSide.deactivate();
    FollowerLink l = link;
    if (l != null) {
      l.stop();
    }
  }

  private void startLink(String leader, boolean onHistory, boolean statePersisted) {
    FollowerLink l = new FollowerLink(engine, ids, props, http, nodeId, leader, stateFile, onHistory, statePersisted,
        host);
    link = l;
    l.start();
  }

  /** The timed work of every heartbeat period. */
  public void tick() {
    if (!started) {
      return;
    }
    FollowerLink l = link;
    if (role == ReplicationProperties.Role.FOLLOWER && l != null) {
      l.heartbeat();
    } else {
      leaderSide.sweep();
    }
    for (Runnable r : tickHooks) {
      r.run();
    }
  }

  /** Runs after every tick (the per-follower meters refresh there). */
  void onTick(Runnable r) {
    tickHooks.add(r);
  }

  // ---------------------------------------------------------------- roles

  public ReplicationProperties.Role currentRole() {
    return role;
  }

  public boolean isLeader() {
    return role == ReplicationProperties.Role.LEADER;
  }

  @Override
  public boolean isFollower() {
    return role == ReplicationProperties.Role.FOLLOWER;
  }

  /** The leader's base URL on a follower, else null. */
  public String leaderUrl() {
    FollowerLink l = link;
    return isFollower() && l != null ? l.leader() : null;
  }

  /** REPLICAOF NO ONE: a follower becomes a leader of a new history; a leader stays one. */
  @Override
  public synchronized String promote() {
    if (!isFollower()) {
      return "OK";
    }
    FollowerLink l = link;
    if (l != null) {
      l.stop(); // after this no push applies and no full sync swaps
    }
    link = null;
    long offset = engine.offset();
    ids.shift(offset);
    try {
      stateFile.delete();
    } catch (IOException e) {
      log.warn("Could not remove the follower state file: {}", e.toString());
    }
    role = ReplicationProperties.Role.LEADER;
    engine.setReadOnly(false);
    leaderSide.activate();
    log.info("Promoted to leader at offset {}: new replication id {}, the previous one ({}) stays valid up to {}",
        offset, ids.id(), ids.id2(), offset);
    return "OK";
  }

  /** REPLICAOF host port. */
  @Override
  public String replicaOf(String host, int port) {
    return follow(ReplicationUrls.of(host, port));
  }

  /**
   * Follows the leader at this base URL: a leader turns follower (dropping its followers), a
   * follower switches leaders. Its data stays, on its history, so the new leader can continue it
   * partially when they share it (a promoted former peer).
   */
  public synchronized String follow(String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new CommandException("ERR Invalid leader URL '" + url + "'");
    }
    if (!ReplicationUrls.isHttp(u)) {
      throw new CommandException("ERR Invalid leader URL '" + url + "' (http or https with a host)");
    }
    if (props.secret().isBlank()) {
      throw new CommandException("ERR Cannot follow a leader without restis.replication.secret");
    }
    String base = ReplicationUrls.base(u);
    FollowerLink l = link;
    if (isFollower() && l != null && l.leader().equals(base)) {
      return "OK Already connected to specified master";
    }
    boolean onHistory;
    boolean statePersisted = false;
    if (isFollower()) {
      if (l != null) {
        l.stop();
        statePersisted = l.statePersisted();
      }
      onHistory = l != null && l.onHistory();
    } else {
      engine.setReadOnly(true);
      role = ReplicationProperties.Role.FOLLOWER;
      leaderSide.deactivate();
      onHistory = true; // a leader's data is its own history, which the new leader may share
    }
    log.info("Now following {}", base);
    if (started) {
      startLink(base, onHistory, statePersisted);
    }
    return "OK";
  }

  // ---------------------------------------------------------------- the engine's questions

  @Override
  public String writeRefusal() {
    int min = props.minFollowersToWrite();
    if (min > 0 && isLeader() && leaderSide.goodFollowers() < min) {
      return NOREPLICAS;
    }
    return null;
  }

  @Override
  public long awaitAcknowledged(long offset, long replicas, long timeoutMillis, boolean block) {
    if (isFollower()) {
      throw new CommandException("ERR WAIT cannot be used with replica instances.");
    }
    return leaderSide.awaitAcknowledged(offset, replicas, timeoutMillis, block);
  }

  @Override
  public Reply role() {
    FollowerLink l = link;
    if (isFollower() && l != null) {
      URI u = URI.create(l.leader());
      int port = u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
      return Reply.array(List.of(Reply.bulk("slave"), Reply.bulk(u.getHost()), Reply.integer(port),
          Reply.bulk(redisLinkState(l.state())), Reply.integer(engine.offset())));
    }
    List<Reply> followers = new ArrayList<>();
    for (LeaderSide.FollowerStatus f : leaderSide.followers()) {
      URI u = URI.create(f.url());
      followers.add(Reply.array(List.of(Reply.bulk(u.getHost()), Reply.bulk(Integer.toString(u.getPort())),
          Reply.bulk(Long.toString(Math.max(0, f.ackOffset()))))));
    }
    return Reply.array(List.of(Reply.bulk("master"), Reply.integer(engine.offset()), Reply.array(followers)));
  }

  private static String redisLinkState(FollowerLink.State s) {
    switch (s) {
      case SYNC:
        return "sync";
      case CONNECTED:
        return "connected";
      default:
        return "connecting";
    }
  }

  // ---------------------------------------------------------------- read-your-writes

  /** Outcome of waiting for an offset on a follower. */
  enum OffsetWait {
    REACHED, TIMED_OUT, UNAVAILABLE
  }

  /**
   * Waits until this node's data reaches {@code offset} or {@code timeout} passes. On a leader
   * it is reached at once (it has every write it acknowledged). UNAVAILABLE when this follower's
   * link is not up, so the offset cannot come soon.
   */
  OffsetWait awaitOffset(long offset, Duration timeout) throws InterruptedException {
    if (engine.offset() >= offset || !isFollower()) {
      return OffsetWait.REACHED;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (offsetWaiters) {
      while (true) {
        if (engine.offset() >= offset) {
          return OffsetWait.REACHED;
        }
        FollowerLink l = link;
        if (!isFollower()) {
          return OffsetWait.REACHED;
        }
        if (l == null || l.state() != FollowerLink.State.CONNECTED) {
          return OffsetWait.UNAVAILABLE;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return OffsetWait.TIMED_OUT;
        }
        offsetWaiters.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
      }
    }
  }

  // ---------------------------------------------------------------- the endpoints' entry points

  LeaderSide leaderSide() {
    return leaderSide;
  }

  FollowerLink link() {
    return link;
  }

  Engine engine() {
    return engine;
  }

  ReplicationProperties properties() {
    return props;
  }

  FaultInjector faults() {
    return faults;
  }

  String nodeId() {
    return nodeId;
  }

  /** Whether replication runs: the dataset is loaded and the node plays its role. */
  public boolean isStarted() {
    return started;
  }

  /** The id of the history this node's data is on. */
  public String replId() {
    return ids.id();
  }

  /** Readiness: a follower is not ready before its first sync and while it loads a full sync. */
  public boolean isReady() {
    FollowerLink l = link;
    if (!isFollower() || l == null) {
      return true;
    }
    return l.everConnected() && l.state() != FollowerLink.State.SYNC;
  }

  // ---------------------------------------------------------------- status

  /** What {@code GET /admin/replication} shows. */
  @Schema(name = "ReplicationStatus")
  public record Status(String role, String nodeId, String replId, String replId2, long secondReplOffset, long offset,
      BacklogStatus backlog, LeaderStatus leader, List<LeaderSide.FollowerStatus> followers, SyncStats syncs,
      int goodFollowers, int minFollowersToWrite, FaultInjector.Settings faults, Injected injected) {}

  /** Faults injected so far: pushes delayed, pushes dropped, answers lost. */
  @Schema(name = "ReplicationFaultsInjected")
  public record Injected(long delayed, long dropped, long lostAcks) {}

  @Schema(name = "ReplicationBacklog")
  public record BacklogStatus(long size, long bytes, long firstOffset, long lastOffset, int writes) {}

  /** On a follower: its leader and link. */
  @Schema(name = "ReplicationLeader")
  public record LeaderStatus(String url, String linkState, double lastIoSecondsAgo, long leaderOffset,
      long lagCommands, double linkDownSeconds, boolean syncInProgress, long fullSyncs, long partialSyncs,
      String lastError) {}

  /** On a leader: the syncs it served. */
  @Schema(name = "ReplicationSyncs")
  public record SyncStats(long full, long partialOk, long partialRefused) {}

  public Status status() {
    long offset = engine.offset();
    FollowerLink l = link;
    LeaderStatus ls = null;
    long now = System.currentTimeMillis();
    if (isFollower() && l != null) {
      boolean up = l.state() == FollowerLink.State.CONNECTED;
      long lo = l.leaderOffset();
      ls = new LeaderStatus(l.leader(), l.state().name().toLowerCase(),
          l.lastIoMillis() == 0 ? -1 : (now - l.lastIoMillis()) / 1000.0, lo, lo < 0 ? -1 : Math.max(0, lo - offset),
          up ? 0 : (now - l.linkDownSinceMillis()) / 1000.0, l.state() == FollowerLink.State.SYNC,
          l.fullSyncs.get(), l.partialSyncs.get(), l.lastError());
    }
    return new Status(role.name().toLowerCase(), nodeId, ids.id(), ids.id2(), ids.secondOffset(), offset,
        new BacklogStatus(backlog.size(), backlog.bytes(), backlog.first(), backlog.last(), backlog.count()), ls,
        isLeader() ? leaderSide.followers() : List.of(),
        new SyncStats(leaderSide.fullSyncs.get(), leaderSide.partialSyncs.get(), leaderSide.partialSyncsRefused.get()),
        isLeader() ? leaderSide.goodFollowers() : 0, props.minFollowersToWrite(), faults.settings(),
        new Injected(faults.delayed(), faults.dropped(), faults.lostAcks()));
  }
}
