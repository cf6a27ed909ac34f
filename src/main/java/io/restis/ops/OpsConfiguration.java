package io.restis.ops;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.restis.engine.Engine;
import io.restis.engine.InfoProvider;
import io.restis.persistence.PersistenceService;
import io.restis.realtime.SseStreams;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Operations around the engine: INFO's application-side sections (registered with the engine as
 * {@link InfoProvider}s: persistence's, then every provider bean, so replication's joins by being
 * one),
 * the count of requests in flight, and the store's meters.
 */
@Configuration(proxyBeanMethods = false)
public class OpsConfiguration {

  /** Meters read a sample at most this old: one engine read per scrape, however many meters. */
  static final Duration SAMPLE_MAX_AGE = Duration.ofMillis(500);

  @Bean
  InFlightRequests inFlightRequests() {
    return new InFlightRequests();
  }

  /** First in the chain, so that a request counts from the moment the application sees it. */
  @Bean
  FilterRegistrationBean<InFlightRequests> inFlightRequestsFilter(InFlightRequests requests) {
    FilterRegistrationBean<InFlightRequests> r = new FilterRegistrationBean<>(requests);
    r.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return r;
  }

  @Bean
  ServerInfo serverInfo(ObjectProvider<BuildProperties> build, InFlightRequests requests, Engine engine) {
    return new ServerInfo(build.getIfAvailable(), requests, engine);
  }

  /**
   * Hands the providers to the engine once all singletons exist: persistence's section when
   * persistence is on, then every provider bean (replication's among them).
   */
  @Bean
  static SmartInitializingSingleton infoProviderRegistration(ObjectProvider<Engine> engine,
      ObjectProvider<PersistenceService> persistence, ObjectProvider<InfoProvider> providers) {
    return () -> {
      Engine e = engine.getObject();
      persistence.ifAvailable(p -> e.info().register(new PersistenceInfo(p)));
      providers.orderedStream().forEach(e.info()::register);
    };
  }

  /** Ends the event streams as the graceful shutdown begins (they would hold the drain). */
  @Bean
  StreamsShutdown streamsShutdown(ObjectProvider<SseStreams> streams) {
    return new StreamsShutdown(streams);
  }

  @Bean
  StoreSampler storeSampler(Engine engine, ObjectProvider<PersistenceService> persistence) {
    return new StoreSampler(engine, persistence.getIfAvailable(), SAMPLE_MAX_AGE.toNanos(), System::nanoTime);
  }

  /** The store's meters, when Micrometer is there (the actuator brings it). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterBinder.class)
  static class Metrics {

    @Bean
    MeterBinder storeMetrics(StoreSampler sampler, InFlightRequests requests, Engine engine) {
      return new StoreMetrics(sampler, requests, engine);
    }
  }
}
