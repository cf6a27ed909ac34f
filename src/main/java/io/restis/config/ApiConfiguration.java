package io.restis.config;

import io.restis.api.CommandRequestParser;
import io.restis.api.KeySizeLimit;
import io.restis.api.ReplyJsonWriter;
import io.restis.api.RequestBodyReader;
import io.restis.engine.Engine;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The request parsing and reply rendering shared by the HTTP controllers, built from the
 * {@code restis.limits.*} settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LimitsProperties.class, EngineProperties.class})
public class ApiConfiguration {

  @Bean
  CommandRequestParser commandRequestParser(LimitsProperties limits) {
    return new CommandRequestParser(limits.maxCommands());
  }

  @Bean
  RequestBodyReader requestBodyReader(LimitsProperties limits) {
    return new RequestBodyReader(limits.maxBodySize().toBytes());
  }

  @Bean
  KeySizeLimit keySizeLimit(Engine engine, LimitsProperties limits) {
    return new KeySizeLimit(engine.table(), limits.maxKeySize().toBytes());
  }

  @Bean
  ReplyJsonWriter replyJsonWriter() {
    return new ReplyJsonWriter();
  }
}
