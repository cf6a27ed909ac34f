package io.restis.support;

import io.restis.engine.CommandTable;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Puts {@link TestCommands#table()} in front of the standard table for the engine bean. */
@TestConfiguration(proxyBeanMethods = false)
public class TestTableConfiguration {

  @Bean
  @Primary
  CommandTable testCommandTable() {
    return TestCommands.table();
  }
}
