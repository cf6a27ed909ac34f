package io.restis.replication;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Replication as Micrometer meters: the node's offset and role; on a leader its followers (online,
 * good), their acknowledged offsets and lag in writes and seconds (one row per follower, refreshed
 * every heartbeat), the syncs served; on a follower its link and how far behind the leader it is.
 */
final class ReplicationMetrics implements MeterBinder {

  private final ReplicationService service;
  private final List<MultiGauge[]> perFollower = new CopyOnWriteArrayList<>();

  ReplicationMetrics(ReplicationService service) {
    this.service = service;
    service.onTick(this::refresh);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("restis.replication.offset", service, s -> s.engine().offset())
        .description("offset of the last write in this node's data").register(registry);
    Gauge.builder("restis.replication.leader", service, s -> s.isLeader() ? 1 : 0)
        .description("1 on a leader, 0 on a follower").register(registry);
    Gauge.builder("restis.replication.followers", service, s -> s.status().followers().size())
        .description("followers this leader knows").register(registry);
    Gauge.builder("restis.replication.followers.good", service, s -> s.status().goodFollowers())
        .description("followers with a recent acknowledgement (min-followers-to-write)").register(registry);
    Gauge.builder("restis.replication.link.up", service, s -> {
      FollowerLink l = s.link();
      return l != null && s.isFollower() && l.state() == FollowerLink.State.CONNECTED ? 1 : 0;
    }).description("on a follower: 1 while connected to its leader").register(registry);
    Gauge.builder("restis.replication.link.lag", service, s -> {
      ReplicationService.Status st = s.status();
      return st.leader() == null ? 0 : Math.max(0, st.leader().lagCommands());
    }).description("on a follower: writes of the leader not applied here yet").register(registry);
    Gauge.builder("restis.replication.backlog.bytes", service, s -> s.status().backlog().bytes())
        .baseUnit("bytes").register(registry);
    FunctionCounter.builder("restis.replication.syncs.full", service, s -> s.leaderSide().fullSyncs.get())
        .description("full syncs this node served").register(registry);
    FunctionCounter.builder("restis.replication.syncs.partial", service, s -> s.leaderSide().partialSyncs.get())
        .description("partial resyncs this node served").register(registry);
    perFollower.add(new MultiGauge[] {
        MultiGauge.builder("restis.replication.follower.lag")
            .description("writes a follower has not acknowledged").register(registry),
        MultiGauge.builder("restis.replication.follower.lag.seconds")
            .description("age of the oldest write a follower has not acknowledged").baseUnit("seconds")
            .register(registry)});
  }

  /** Refreshes the per-follower rows. */
  void refresh() {
    List<MultiGauge.Row<?>> writes = new ArrayList<>();
    List<MultiGauge.Row<?>> seconds = new ArrayList<>();
    for (LeaderSide.FollowerStatus f : service.isLeader() ? service.leaderSide().followers()
        : List.<LeaderSide.FollowerStatus>of()) {
      Tags tags = Tags.of("follower", f.url());
      writes.add(MultiGauge.Row.of(tags, Math.max(0, f.lagCommands())));
      seconds.add(MultiGauge.Row.of(tags, f.lagSeconds()));
    }
    for (MultiGauge[] g : perFollower) {
      g[0].register(writes, true);
      g[1].register(seconds, true);
    }
  }
}
