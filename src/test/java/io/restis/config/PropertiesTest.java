package io.restis.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** The typed settings: their defaults, and that a bad value stops the start with its name. */
class PropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({EngineProperties.class, LimitsProperties.class, CorsProperties.class})
  static class Props {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Props.class);

  @Test
  void defaults() {
    runner.run(ctx -> {
      assertThat(ctx).hasNotFailed();
      EngineProperties engine = ctx.getBean(EngineProperties.class);
      assertThat(engine.activeExpirePeriod()).isEqualTo(Duration.ofMillis(100));
      assertThat(engine.activeExpireBudget()).isEqualTo(Duration.ofMillis(25));
      LimitsProperties limits = ctx.getBean(LimitsProperties.class);
      assertThat(limits.maxBodySize()).isEqualTo(DataSize.ofMegabytes(8));
      assertThat(limits.maxBodySize().toBytes()).isEqualTo(8L * 1024 * 1024);
      assertThat(limits.maxCommands()).isEqualTo(10_000);
      assertThat(limits.maxKeySize().toBytes()).isEqualTo(512L * 1024);
      assertThat(limits.maxValueSize()).isEqualTo(DataSize.ofMegabytes(8));
      assertThat(limits.maxElements()).isEqualTo(10_000);
      CorsProperties cors = ctx.getBean(CorsProperties.class);
      assertThat(cors.allowedOrigins()).isEmpty();
      assertThat(cors.enabled()).isFalse();
      assertThat(cors.maxAge()).isEqualTo(Duration.ofMinutes(30));
    });
  }

  @Test
  void bindsRelaxedNames() {
    runner.withPropertyValues("restis.engine.active-expire-period=1s", "restis.engine.active-expire-budget=5ms",
        "restis.limits.max-body-size=16MB", "restis.limits.max-commands=5", "restis.limits.max-key-size=1KB")
        .run(ctx -> {
          assertThat(ctx.getBean(EngineProperties.class).activeExpirePeriod()).isEqualTo(Duration.ofSeconds(1));
          assertThat(ctx.getBean(EngineProperties.class).activeExpireBudget()).isEqualTo(Duration.ofMillis(5));
          assertThat(ctx.getBean(LimitsProperties.class).maxBodySize()).isEqualTo(DataSize.ofMegabytes(16));
          assertThat(ctx.getBean(LimitsProperties.class).maxCommands()).isEqualTo(5);
          assertThat(ctx.getBean(LimitsProperties.class).maxKeySize()).isEqualTo(DataSize.ofKilobytes(1));
        });
  }

  @Test
  void corsOrigins() {
    runner.withPropertyValues("restis.cors.allowed-origins=https://app.example.com,http://localhost:3000",
        "restis.cors.max-age=1h").run(ctx -> {
          CorsProperties cors = ctx.getBean(CorsProperties.class);
          assertThat(cors.allowedOrigins()).containsExactly("https://app.example.com", "http://localhost:3000");
          assertThat(cors.enabled()).isTrue();
          assertThat(cors.allowCredentials()).isTrue();
          assertThat(cors.maxAge()).isEqualTo(Duration.ofHours(1));
        });
    runner.withPropertyValues("restis.cors.allowed-origins=*").run(ctx -> {
      assertThat(ctx.getBean(CorsProperties.class).allowCredentials())
          .as("a wildcard origin goes without credentials").isFalse();
    });
    runner.withPropertyValues("restis.limits.max-value-size=1KB", "restis.limits.max-elements=7").run(ctx -> {
      assertThat(ctx.getBean(LimitsProperties.class).maxValueSize()).isEqualTo(DataSize.ofKilobytes(1));
      assertThat(ctx.getBean(LimitsProperties.class).maxElements()).isEqualTo(7);
    });
  }

  @Test
  void invalidValuesFailTheStart() {
    String[][] bad = {
        {"restis.engine.active-expire-period=0ms", "activeExpirePeriod"},
        {"restis.engine.active-expire-budget=0ms", "activeExpireBudget"},
        {"restis.limits.max-commands=0", "maxCommands"},
        {"restis.limits.max-body-size=0B", "maxBodySizeInRange"},
        {"restis.limits.max-body-size=4GB", "maxBodySizeInRange"},
        {"restis.limits.max-key-size=0B", "maxKeySizeInRange"},
        {"restis.limits.max-value-size=0B", "maxValueSizeInRange"},
        {"restis.limits.max-value-size=1GB", "maxValueSizeInRange"},
        {"restis.limits.max-elements=0", "maxElements"},
        {"restis.cors.allowed-origins=https://app.example.com/path", "allowedOrigins"},
        {"restis.cors.allowed-origins=app.example.com", "allowedOrigins"},
        {"restis.cors.max-age=-1s", "maxAge"},
    };
    for (String[] b : bad) {
      runner.withPropertyValues(b[0]).run(ctx -> {
        assertThat(ctx).as(b[0]).hasFailed();
        assertThat(ctx.getStartupFailure()).as(b[0]).rootCause().hasMessageContaining(b[1]);
      });
    }
  }
}
