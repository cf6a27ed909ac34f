package io.restis.replication;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Part of readiness ({@code management.endpoint.health.group.readiness}): a follower is out of
 * service until its first sync with its leader and while it loads a full sync; a leader is always
 * up here.
 */
final class ReplicationHealthIndicator implements HealthIndicator {

  private final ReplicationService service;

  ReplicationHealthIndicator(ReplicationService service) {
    this.service = service;
  }

  @Override
  public Health health() {
    ReplicationService.Status s = service.status();
    Health.Builder b = service.isReady() ? Health.up() : Health.status(Status.OUT_OF_SERVICE);
    b.withDetail("role", s.role()).withDetail("offset", s.offset());
    if (s.leader() != null) {
      b.withDetail("leader", s.leader().url()).withDetail("link", s.leader().linkState());
    }
    return b.build();
  }
}
