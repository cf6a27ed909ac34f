package io.restis.config;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Web server settings the command endpoint relies on. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

  /**
   * Tomcat refuses {@code %2F} in a path by default (a guard for file-serving servlets). In the
   * path-style command form every segment is one argument, and keys such as {@code user/1} must be
   * sayable, so the encoded slash is passed through undecoded and the endpoint decodes each segment
   * itself. Nothing here serves files.
   */
  @Bean
  TomcatConnectorCustomizer encodedSlashPassthrough() {
    return connector -> connector.setEncodedSolidusHandling("passthrough");
  }
}
