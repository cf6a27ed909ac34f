package io.restis.replication;

import io.restis.engine.InfoProvider;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * INFO's Replication section from the replication service's status, replacing the engine's
 * stand-alone default, with Redis 7.0's field names: on a leader its followers
 * ({@code slaveN:ip=..,port=..,state=..,offset=..,lag=..}, lag in seconds since the last
 * acknowledgement, as Redis's), on a follower its link to the leader. Offsets count writes, not
 * bytes; the backlog fields describe Restis's backlog of writes.
 */
public final class ReplicationInfo implements InfoProvider {

  private final ReplicationService service;

  public ReplicationInfo(ReplicationService service) {
    this.service = service;
  }

  @Override
  public Set<String> sections() {
    return Set.of("replication");
  }

  @Override
  public void write(String section, Map<String, String> f) {
    ReplicationService.Status s = service.status();
    f.clear();
    boolean follower = "follower".equals(s.role());
    f.put("role", follower ? "slave" : "master");
    ReplicationService.LeaderStatus leader = s.leader();
    if (follower && leader != null) {
      URI u = URI.create(leader.url());
      int port = u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
      boolean up = "connected".equals(leader.linkState());
      f.put("master_host", u.getHost());
      f.put("master_port", Integer.toString(port));
      f.put("master_link_status", up ? "up" : "down");
      f.put("master_last_io_seconds_ago", Long.toString(Math.round(Math.max(-1, leader.lastIoSecondsAgo()))));
      f.put("master_sync_in_progress", leader.syncInProgress() ? "1" : "0");
      f.put("slave_repl_offset", Long.toString(s.offset()));
      if (!up) {
        f.put("master_link_down_since_seconds", Long.toString(Math.round(leader.linkDownSeconds())));
      }
      f.put("slave_read_only", "1");
      f.put("master_lag_writes", Long.toString(leader.lagCommands()));
    }
    f.put("connected_slaves", Integer.toString(s.followers().size()));
    int i = 0;
    for (LeaderSide.FollowerStatus fs : s.followers()) {
      URI u = URI.create(fs.url());
      f.put("slave" + i++, String.format(Locale.ROOT, "ip=%s,port=%d,state=%s,offset=%d,lag=%d", u.getHost(),
          u.getPort(), fs.state(), Math.max(0, fs.ackOffset()), Math.round(Math.max(0, fs.lastAckSecondsAgo()))));
    }
    f.put("master_failover_state", "no-failover");
    f.put("master_replid", s.replId());
    f.put("master_replid2", s.replId2());
    f.put("master_repl_offset", Long.toString(s.offset()));
    f.put("second_repl_offset", Long.toString(s.secondReplOffset()));
    f.put("repl_backlog_active", "1");
    f.put("repl_backlog_size", Long.toString(s.backlog().size()));
    f.put("repl_backlog_first_byte_offset", Long.toString(s.backlog().firstOffset()));
    f.put("repl_backlog_histlen", Long.toString(s.backlog().bytes()));
  }
}
