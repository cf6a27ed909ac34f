package io.restis.persistence;

import io.restis.engine.Engine;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Wires persistence around the engine bean: the service, its start (load) and stop (flush, final
 * snapshot), and its timed work. Off with {@code restis.persistence.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(prefix = "restis.persistence", name = "enabled", havingValue = "true", matchIfMissing = true)
public class PersistenceConfiguration {

  @Bean
  PersistenceService persistenceService(Engine engine, PersistenceProperties properties) {
    return new PersistenceService(engine, properties);
  }

  @Bean
  PersistenceLifecycle persistenceLifecycle(PersistenceService service, ApplicationEventPublisher events) {
    return new PersistenceLifecycle(service, events);
  }
}
