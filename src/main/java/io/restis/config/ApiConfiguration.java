package io.restis.config;

import io.restis.api.BodySizeLimitFilter;
import io.restis.api.CommandRequestParser;
import io.restis.api.KeySizeLimit;
import io.restis.api.ReplyJsonWriter;
import io.restis.api.RequestCaller;
import io.restis.api.RequestBodyReader;
import io.restis.api.ResourceApiDocs;
import io.restis.api.ResourceCommands;
import io.restis.api.ResourceLimits;
import io.restis.engine.Engine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The request parsing, limits and reply rendering shared by the HTTP controllers, built from the
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

  @Bean
  ResourceLimits resourceLimits(LimitsProperties limits) {
    return new ResourceLimits(limits.maxKeySize().toBytes(), limits.maxValueSize().toBytes(), limits.maxElements());
  }

  @Bean
  ResourceCommands resourceCommands(Engine engine, ResourceLimits limits, ObjectProvider<RequestCaller> callers) {
    return new ResourceCommands(engine, limits, callers.getIfAvailable(() -> RequestCaller.OPEN));
  }

  /** The body size limit for every endpoint, before anything else reads a body. */
  @Bean
  FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(LimitsProperties limits) {
    FilterRegistrationBean<BodySizeLimitFilter> r =
        new FilterRegistrationBean<>(new BodySizeLimitFilter(limits.maxBodySize().toBytes()));
    r.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return r;
  }

  @Bean
  ResourceApiDocs resourceApiDocs() {
    return new ResourceApiDocs();
  }
}
