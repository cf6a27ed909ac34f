package io.restis.replication;

import io.restis.engine.InfoProvider;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * INFO's Replication section, with Redis 7.0's field names, answered whole (it replaces the
 * engine's "a node on its own" default), and the sync counters of its Stats section
 * ({@code sync_full}, {@code sync_partial_ok}, {@code sync_partial_err}). Offsets count writes,
 * not bytes: {@code repl_backlog_first_byte_offset} is the first write the backlog holds and
 * {@code repl_backlog_histlen} how many it holds.
 */
final class ReplicationInfo implements InfoProvider {

  private final ReplicationService service;

  ReplicationInfo(ReplicationService service) {
    this.service = service;
  }

  @Override
  public Set<String> sections() {
    return Set.of("replication", "stats");
  }

  @Override
  public void write(String section, Map<String, String> f) {
    ReplicationService.Status s = service.status();
    if (section.equals("stats")) {
      f.put("sync_full", Long.toString(s.syncs().full()));
      f.put("sync_partial_ok", Long.toString(s.syncs().partialOk()));
      f.put("sync_partial_err", Long.toString(s.syncs().partialRefused()));
      return;
    }
    f.clear();
    ReplicationService.LeaderStatus l = s.leader();
    if (l != null) {
      URI u = URI.create(l.url());
      boolean up = "connected".equals(l.linkState());
      f.put("role", "slave");
      f.put("master_host", u.getHost());
      f.put("master_port", Integer.toString(u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80));
      f.put("master_link_status", up ? "up" : "down");
      f.put("master_last_io_seconds_ago", Long.toString(l.lastIoSecondsAgo() < 0 ? -1 : (long) l.lastIoSecondsAgo()));
      f.put("master_sync_in_progress", l.syncInProgress() ? "1" : "0");
      f.put("slave_read_repl_offset", Long.toString(s.offset()));
      f.put("slave_repl_offset", Long.toString(s.offset()));
      if (!up) {
        f.put("master_link_down_since_seconds", Long.toString((long) l.linkDownSeconds()));
      }
      f.put("slave_priority", "100");
      f.put("slave_read_only", "1");
      f.put("replica_announced", "1");
      f.put("connected_slaves", "0");
    } else {
      f.put("role", "master");
      f.put("connected_slaves", Integer.toString(s.followers().size()));
      if (s.minFollowersToWrite() > 0) {
        f.put("min_slaves_good_slaves", Integer.toString(s.goodFollowers()));
      }
      int i = 0;
      for (LeaderSide.FollowerStatus r : s.followers()) {
        URI u = URI.create(r.url());
        f.put("slave" + i++, "ip=" + u.getHost() + ",port=" + u.getPort() + ",state="
            + ("online".equals(r.state()) ? "online" : "send_bulk") + ",offset=" + Math.max(0, r.ackOffset())
            + ",lag=" + (long) r.lastAckSecondsAgo());
      }
    }
    f.put("master_failover_state", "no-failover");
    f.put("master_replid", s.replId());
    f.put("master_replid2", s.replId2());
    f.put("master_repl_offset", Long.toString(s.offset()));
    f.put("second_repl_offset", Long.toString(s.secondReplOffset() < 0 ? -1 : s.secondReplOffset() + 1));
    f.put("repl_backlog_active", "1");
    f.put("repl_backlog_size", Long.toString(s.backlog().size()));
    f.put("repl_backlog_first_byte_offset", Long.toString(s.backlog().firstOffset()));
    f.put("repl_backlog_histlen", Long.toString(s.backlog().writes()));
  }
}
