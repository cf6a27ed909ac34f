package io.restis.replication;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Replication settings ({@code restis.replication.*}), named after Redis's directives where there
 * is one ({@code replicaof}, {@code masterauth}, {@code repl-backlog-size}, {@code repl-timeout},
 * {@code min-replicas-to-write}, {@code min-replicas-max-lag}).
 *
 * @param role {@code leader} (the default: a lone node is a leader without followers) or
 *     {@code follower}
 * @param leaderUrl the leader's base URL, e.g. {@code http://10.0.0.5:8080}; required for a
 *     follower
 * @param secret the shared secret every replication request carries (Bearer); required for a
 *     follower, and a leader without one refuses every follower
 * @param announceUrl the URL the leader pushes to, when the follower is not reachable at the
 *     address it connects from with its own port (NAT, containers)
 * @param backlogSize how much of the recent write stream a node keeps for partial resyncs
 *     (Redis's repl-backlog-size)
 * @param followerBufferLimit how far the backlog may grow beyond its size to keep what a connected
 *     follower has not acknowledged yet (Redis's replica output buffer limit); past it the
 *     follower needs a full sync
 * @param heartbeatPeriod how often a follower acknowledges its offset and the nodes check each
 *     other (Redis: every second)
 * @param timeout silence after which a follower is dropped by its leader and a follower considers
 *     its link down (Redis's repl-timeout)
 * @param minFollowersToWrite refuse client writes with NOREPLICAS unless at least this many
 *     followers acknowledged within {@code minFollowersMaxLag} (0: off)
 * @param minFollowersMaxLag how recent a follower's acknowledgement must be to count as good
 * @param minOffsetWait how long a read on a follower that names a minimum offset
 *     ({@code Restis-Min-Offset} or {@code upstash-sync-token}) may wait for it
 * @param batchSize most writes in one push
 * @param faults a fault injector for the leader's pushes, for testing: off unless set
 */
@Validated
@ConfigurationProperties("restis.replication")
public record ReplicationProperties(
    @NotNull @DefaultValue("leader") Role role,
    URI leaderUrl,
    @NotNull @DefaultValue("") String secret,
    URI announceUrl,
    @NotNull @DefaultValue("1MB") DataSize backlogSize,
    @NotNull @DefaultValue("64MB") DataSize followerBufferLimit,
    @NotNull @DurationMin(millis = 10) @DefaultValue("1s") Duration heartbeatPeriod,
    @NotNull @DurationMin(millis = 100) @DefaultValue("60s") Duration timeout,
    @Min(0) @DefaultValue("0") int minFollowersToWrite,
    @NotNull @DurationMin(millis = 1) @DefaultValue("10s") Duration minFollowersMaxLag,
    @NotNull @DurationMin(millis = 0) @DefaultValue("1s") Duration minOffsetWait,
    @Min(1) @DefaultValue("1000") int batchSize,
    @NotNull @Valid @DefaultValue Faults faults) {

  /** A node's role. */
  public enum Role {
    LEADER, FOLLOWER
  }

  /**
   * Faults injected into the leader's pushes: a push dropped before it is sent, one whose answer
   * is lost after the follower applied it, and a delay before each push.
   *
   * @param dropRate share of pushes not sent (0 to 1)
   * @param lostAckRate share of pushes whose answer is discarded (0 to 1)
   * @param delay wait before every push
   */
  public record Faults(
      @DecimalMin("0") @DecimalMax("1") @DefaultValue("0") double dropRate,
      @DecimalMin("0") @DecimalMax("1") @DefaultValue("0") double lostAckRate,
      @NotNull @DurationMin(millis = 0) @DefaultValue("0ms") Duration delay) {}

  @AssertTrue(message = "a follower needs restis.replication.leader-url (http or https)")
  public boolean isLeaderUrlGiven() {
    return role != Role.FOLLOWER || ReplicationUrls.isHttp(leaderUrl);
  }

  @AssertTrue(message = "a follower needs restis.replication.secret, the leader's shared secret")
  public boolean isSecretGiven() {
    return role != Role.FOLLOWER || !secret.isBlank();
  }

  @AssertTrue(message = "restis.replication.announce-url must be an http or https URL")
  public boolean isAnnounceUrlValid() {
    return announceUrl == null || ReplicationUrls.isHttp(announceUrl);
  }
}
