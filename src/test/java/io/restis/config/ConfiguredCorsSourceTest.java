package io.restis.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Spring MVC's CORS settings are looked up exactly when something sets CORS up. */
class ConfiguredCorsSourceTest {

  private static final CorsProperties NONE = new CorsProperties(List.of(), Duration.ofMinutes(30));

  static class Plain {
    @GetMapping("/plain")
    void get() {}
  }

  @CrossOrigin
  static class Crossing {
    @GetMapping("/crossing")
    void get() {}
  }

  private static RequestMappingHandlerMapping mapping(Object... controllers) throws Exception {
    RequestMappingHandlerMapping m = new RequestMappingHandlerMapping() {
      {
        for (Object c : controllers) {
          detectHandlerMethods(c);
        }
      }
    };
    return m;
  }

  @Test
  void nothingSetUpAnswersNoneWithoutALookup() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    CorsConfiguration config = new CorsConfiguration();
    CorsConfigurationSource mvc = request -> {
      lookups.incrementAndGet();
      return config;
    };
    RequestMappingHandlerMapping plain = mapping(new Plain());
    ConfiguredCorsSource source = new ConfiguredCorsSource(mvc,
        () -> ConfiguredCorsSource.configured(NONE, new MockEnvironment(), plain));
    assertThat(source.getCorsConfiguration(new MockHttpServletRequest("GET", "/plain"))).isNull();
    assertThat(source.getCorsConfiguration(new MockHttpServletRequest("GET", "/plain"))).isNull();
    assertThat(lookups).hasValue(0);
  }

  @Test
  void anySettingLooksEveryRequestUp() throws Exception {
    RequestMappingHandlerMapping plain = mapping(new Plain());
    assertThat(ConfiguredCorsSource.configured(NONE, new MockEnvironment(), plain)).isFalse();
    assertThat(ConfiguredCorsSource.configured(new CorsProperties(List.of("https://app.example.com"),
        Duration.ofMinutes(30)), new MockEnvironment(), plain)).isTrue();
    assertThat(ConfiguredCorsSource.configured(NONE, new MockEnvironment()
        .withProperty("management.endpoints.web.cors.allowed-origins", "https://ops.example.com"), plain)).isTrue();
    assertThat(ConfiguredCorsSource.configured(NONE, new MockEnvironment()
        .withProperty("management.endpoints.web.cors.allowed-origin-patterns[0]", "https://*.example.com"), plain))
        .isTrue();
    assertThat(ConfiguredCorsSource.configured(NONE, new MockEnvironment(), mapping(new Plain(), new Crossing())))
        .isTrue();

    AtomicInteger lookups = new AtomicInteger();
    CorsConfiguration config = new CorsConfiguration();
    ConfiguredCorsSource source = new ConfiguredCorsSource(request -> {
      lookups.incrementAndGet();
      return config;
    }, () -> true);
    assertThat(source.getCorsConfiguration(new MockHttpServletRequest("GET", "/plain"))).isSameAs(config);
    assertThat(source.getCorsConfiguration(new MockHttpServletRequest("GET", "/plain"))).isSameAs(config);
    assertThat(lookups).hasValue(2);
  }
}
