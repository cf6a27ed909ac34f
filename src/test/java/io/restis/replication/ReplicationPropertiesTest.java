package io.restis.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** The replication settings: defaults, binding, and the refusals that stop the start. */
class ReplicationPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ReplicationProperties.class)
  static class Props {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Props.class);

  @Test
  void defaults() {
    runner.run(ctx -> {
      assertThat(ctx).hasNotFailed();
      ReplicationProperties p = ctx.getBean(ReplicationProperties.class);
      assertThat(p.role()).isEqualTo(ReplicationProperties.Role.LEADER);
      assertThat(p.leaderUrl()).isNull();
      assertThat(p.secret()).isEmpty();
      assertThat(p.backlogSize()).isEqualTo(DataSize.ofMegabytes(1));
      assertThat(p.followerBufferLimit()).isEqualTo(DataSize.ofMegabytes(64));
      assertThat(p.heartbeatPeriod()).isEqualTo(Duration.ofSeconds(1));
      assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(60));
      assertThat(p.minFollowersToWrite()).isZero();
      assertThat(p.minFollowersMaxLag()).isEqualTo(Duration.ofSeconds(10));
      assertThat(p.minOffsetWait()).isEqualTo(Duration.ofSeconds(1));
      assertThat(p.batchSize()).isEqualTo(1000);
      assertThat(p.faults().dropRate()).isZero();
      assertThat(p.faults().delay()).isZero();
    });
  }

  @Test
  void aFollower() {
    runner.withPropertyValues("restis.replication.role=follower", "restis.replication.leader-url=http://10.0.0.5:8080",
        "restis.replication.secret=s", "restis.replication.backlog-size=16MB", "restis.replication.timeout=5s",
        "restis.replication.min-followers-to-write=2", "restis.replication.faults.drop-rate=0.25").run(ctx -> {
          ReplicationProperties p = ctx.getBean(ReplicationProperties.class);
          assertThat(p.role()).isEqualTo(ReplicationProperties.Role.FOLLOWER);
          assertThat(p.leaderUrl()).isEqualTo(URI.create("http://10.0.0.5:8080"));
          assertThat(p.backlogSize()).isEqualTo(DataSize.ofMegabytes(16));
          assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(5));
          assertThat(p.minFollowersToWrite()).isEqualTo(2);
          assertThat(p.faults().dropRate()).isEqualTo(0.25);
        });
  }

  @Test
  void aFollowerNeedsItsLeaderAndTheSecret() {
    runner.withPropertyValues("restis.replication.role=follower", "restis.replication.secret=s").run(ctx ->
        assertThat(ctx).getFailure().rootCause().hasMessageContaining("leader-url"));
    runner.withPropertyValues("restis.replication.role=follower", "restis.replication.leader-url=ftp://x/")
        .run(ctx -> assertThat(ctx).getFailure().rootCause().hasMessageContaining("leader-url"));
    runner.withPropertyValues("restis.replication.role=follower", "restis.replication.leader-url=http://x:1")
        .run(ctx -> assertThat(ctx).getFailure().rootCause().hasMessageContaining("secret"));
  }

  @Test
  void badValuesAreRefusedByName() {
    runner.withPropertyValues("restis.replication.role=boss").run(ctx ->
        assertThat(ctx).getFailure().cause().hasMessageContaining("restis.replication.role"));
    runner.withPropertyValues("restis.replication.min-followers-to-write=-1").run(ctx ->
        assertThat(ctx).getFailure().rootCause().hasMessageContaining("minFollowersToWrite"));
    runner.withPropertyValues("restis.replication.faults.drop-rate=2").run(ctx ->
        assertThat(ctx).getFailure().rootCause().hasMessageContaining("faults.dropRate"));
    runner.withPropertyValues("restis.replication.announce-url=not a url").run(ctx ->
        assertThat(ctx).hasFailed());
    runner.withPropertyValues("restis.replication.heartbeat-period=0s").run(ctx ->
        assertThat(ctx).getFailure().rootCause().hasMessageContaining("heartbeatPeriod"));
  }
}
