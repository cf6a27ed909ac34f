package io.restis.replication;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.restis.engine.Engine;
import io.restis.engine.InfoProvider;
import io.restis.persistence.PersistenceProperties;
import io.restis.persistence.PersistenceService;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Replication around the engine bean: the service in the role the settings give, its start once
 * the dataset is loaded, its timed work, the secret on the replication endpoints, the follower's
 * read filter, readiness and metrics.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ReplicationConfiguration {

  private final ReplicationProperties properties;

  public ReplicationConfiguration(ReplicationProperties properties) {
    this.properties = properties;
  }

  @Bean
  ReplicationService replicationService(Engine engine, PersistenceProperties persistence,
      ObjectProvider<PersistenceService> persistenceService, Environment env) {
    // The follower's state file lives with the data it describes; without persistence there is none.
    FollowerStateFile stateFile = new FollowerStateFile(persistence.enabled() ? Path.of(persistence.dir()) : null);
    return new ReplicationService(engine, properties, stateFile, () -> {
      PersistenceService service = persistenceService.getIfAvailable();
      return service != null && new DatasetPersister(service, persistence, engine::offset).getAsBoolean();
    }, () -> env.getProperty("local.server.port", Integer.class, env.getProperty("server.port", Integer.class, 8080)));
  }

  @Bean
  ReplicationLifecycle replicationLifecycle(ReplicationService service) {
    return new ReplicationLifecycle(service);
  }

  /** INFO's Replication section (and the sync counters of Stats); registered by the ops wiring. */
  @Bean
  InfoProvider replicationInfo(ReplicationService service) {
    return new ReplicationInfo(service);
  }

  @Bean("replication")
  ReplicationHealthIndicator replicationHealthIndicator(ReplicationService service) {
    return new ReplicationHealthIndicator(service);
  }

  /** After the body size limit, before anything reads the request. */
  @Bean
  FilterRegistrationBean<FollowerReadFilter> followerReadFilter(ReplicationService service) {
    FilterRegistrationBean<FollowerReadFilter> r =
        new FilterRegistrationBean<>(new FollowerReadFilter(service, properties.minOffsetWait()));
    r.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return r;
  }

  /** Meters, when Micrometer is there (the actuator brings it): bound to every meter registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterBinder.class)
  static class Metrics {

    @Bean
    MeterBinder replicationMetrics(ReplicationService service) {
      return new ReplicationMetrics(service);
    }
  }
}
