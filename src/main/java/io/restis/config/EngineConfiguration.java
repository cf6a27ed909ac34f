package io.restis.config;

import io.restis.engine.CommandTable;
import io.restis.engine.Engine;
import io.restis.engine.EngineClock;
import java.util.SplittableRandom;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The engine as a Spring bean: the standard command table on the system clock (what
 * {@link Engine#standard()} builds), plus the scheduled active expiry cycle. The table is a bean
 * of its own so that tests can put a different one in front of it with {@code @Primary}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class EngineConfiguration {

  @Bean
  CommandTable commandTable() {
    return CommandTable.standard();
  }

  @Bean
  Engine engine(CommandTable commandTable) {
    return new Engine(commandTable, EngineClock.SYSTEM, new SplittableRandom());
  }

  @Bean
  ActiveExpiry activeExpiry(Engine engine, EngineProperties properties) {
    return new ActiveExpiry(engine, properties.activeExpireBudget());
  }
}
