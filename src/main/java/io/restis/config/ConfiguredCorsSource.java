package io.restis.config;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.BooleanSupplier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The CORS settings Spring Security's CORS filter applies: Spring MVC's, as the handler mappings
 * hold them, and none at all without a CORS setting.
 *
 * <p>Spring MVC's settings are found by looking the request's handler up, through every handler
 * mapping, once more before the dispatcher does the same: about a sixth of the CPU time of a
 * {@code GET /strings/{key}}. Where nothing sets CORS up, that lookup can only answer "no
 * settings", so it is skipped: no origin in {@code restis.cors.allowed-origins}, none in the
 * actuator's {@code management.endpoints.web.cors.*}, and no controller with
 * {@code @CrossOrigin} (checked once, on the first request, over the registered handlers). With
 * any of them, every request is looked up as before.
 */
final class ConfiguredCorsSource implements CorsConfigurationSource {

  private final CorsConfigurationSource mvc;
  private final BooleanSupplier configured;
  private volatile Boolean anyCors; // decided on the first request, once the handlers are registered

  ConfiguredCorsSource(CorsConfigurationSource mvc, BooleanSupplier configured) {
    this.mvc = mvc;
    this.configured = configured;
  }

  @Override
  public CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
    Boolean any = anyCors;
    if (any == null) {
      any = configured.getAsBoolean();
      anyCors = any;
    }
    return any ? mvc.getCorsConfiguration(request) : null;
  }

  /** Whether CORS is set up anywhere: Restis's own setting, the actuator's, or {@code @CrossOrigin}. */
  static boolean configured(CorsProperties cors, Environment env, RequestMappingHandlerMapping mapping) {
    if (cors.enabled()) {
      return true;
    }
    for (String key : new String[] {"management.endpoints.web.cors.allowed-origins",
        "management.endpoints.web.cors.allowed-origin-patterns"}) {
      String value = env.getProperty(key);
      if (value != null && !value.isBlank() || env.getProperty(key + "[0]") != null) {
        return true;
      }
    }
    for (HandlerMethod handler : mapping.getHandlerMethods().values()) {
      if (AnnotatedElementUtils.hasAnnotation(handler.getMethod(), CrossOrigin.class)
          || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), CrossOrigin.class)) {
        return true;
      }
    }
    return false;
  }
}
