package io.restis.replication;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The shared-secret guard of the replication endpoints, kept apart from {@link
 * ReplicationConfiguration}: MVC test slices load every WebMvcConfigurer, and this one needs only
 * the replication settings, not the whole replication service.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplicationProperties.class)
class ReplicationWebConfiguration implements WebMvcConfigurer {

  private final ReplicationProperties properties;

  ReplicationWebConfiguration(ReplicationProperties properties) {
    this.properties = properties;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new SecretGuard(properties.secret()));
  }
}
