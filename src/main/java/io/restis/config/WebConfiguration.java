package io.restis.config;

import io.restis.api.CommandController;
import io.restis.api.ResourceKeyResolver;
import io.restis.api.ResourceLimits;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Web server and Spring MVC settings the endpoints rely on: encoded slashes, keys, CORS. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CorsProperties.class)
public class WebConfiguration implements WebMvcConfigurer {

  private final CorsProperties cors;
  private final ResourceLimits limits;

  public WebConfiguration(CorsProperties cors, ResourceLimits limits) {
    this.cors = cors;
    this.limits = limits;
  }

  /**
   * Tomcat refuses {@code %2F} in a path by default (a guard for file-serving servlets). In the
   * path-style command form every segment is one argument, and keys such as {@code user/1} must be
   * sayable, so the encoded slash is passed through undecoded and the endpoints decode each
   * segment themselves. Nothing here serves files from disk.
   */
  @Bean
  TomcatConnectorCustomizer encodedSlashPassthrough() {
    return connector -> connector.setEncodedSolidusHandling("passthrough");
  }

  /**
   * Tomcat answers what it refuses before the application (a malformed percent-escape in the
   * path) as a problem, like everything else, instead of its HTML error page.
   */
  @Bean
  TomcatContextCustomizer problemErrorReports() {
    return ProblemErrorReportValve::install;
  }

  /**
   * Spring MVC's request mapping and handler adapter with two shortcuts of the hot paths: mappings
   * of other first path segments passed over at once ({@link FirstSegmentHandlerMapping}), and the
   * value of an absent optional parameter remembered ({@link AbsentParameterShortcut}).
   */
  @Bean
  WebMvcRegistrations hotPathMvcRegistrations() {
    return new WebMvcRegistrations() {
      @Override
      public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new FirstSegmentHandlerMapping();
      }

      @Override
      public RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
        return new RequestMappingHandlerAdapter() {
          @Override
          public void afterPropertiesSet() {
            super.afterPropertiesSet();
            setArgumentResolvers(AbsentParameterShortcut.wrap(getArgumentResolvers()));
          }
        };
      }
    };
  }

  /**
   * Spring MVC's Jackson JSON converter, same mapper and place, answering small bodies with a
   * Content-Length ({@link SizedJsonHttpMessageConverter}).
   */
  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    for (int i = 0; i < converters.size(); i++) {
      if (converters.get(i).getClass() == JacksonJsonHttpMessageConverter.class) {
        JacksonJsonHttpMessageConverter json = (JacksonJsonHttpMessageConverter) converters.get(i);
        converters.set(i, new SizedJsonHttpMessageConverter(json.getMapper()));
      }
    }
  }

  /**
   * What Spring Security's CORS filter applies (the bean of this name is the one it takes):
   * Spring MVC's settings, not looked up when nothing sets CORS up ({@link ConfiguredCorsSource}).
   */
  @Bean
  CorsConfigurationSource corsConfigurationSource(@Qualifier("mvcHandlerMappingIntrospector") CorsConfigurationSource mvc,
      Environment env, @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mapping) {
    return new ConfiguredCorsSource(mvc, () -> ConfiguredCorsSource.configured(cors, env, mapping.getObject()));
  }

  /** {@code ResourceKey} controller arguments: the {@code {key}} path segment as exact bytes. */
  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new ResourceKeyResolver(limits));
  }

  /** CORS for every endpoint, from {@code restis.cors.*}; none when no origin is listed. */
  @Override
  public void addCorsMappings(CorsRegistry registry) {
    if (!cors.enabled()) {
      return;
    }
    registry.addMapping("/**")
        .allowedOrigins(cors.allowedOrigins().toArray(new String[0]))
        .allowedMethods("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
        .allowedHeaders("*")
        .exposedHeaders(HttpHeaders.ETAG, CommandController.SYNC_TOKEN_HEADER, HttpHeaders.LOCATION)
        .allowCredentials(cors.allowCredentials())
        .maxAge(cors.maxAge().toSeconds());
  }
}
