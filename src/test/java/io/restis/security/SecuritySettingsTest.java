package io.restis.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.engine.CommandTable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The security settings: defaults, and that a wrong one stops the start naming what is wrong
 * (validation of the values, then the ACL rules, unique names and secrets, and the replication
 * secret apart from every token).
 */
class SecuritySettingsTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SecurityProperties.class)
  static class Settings {
    @Bean
    TokenRegistry tokenRegistry(SecurityProperties settings, Environment env) {
      return TokenRegistry.of(settings, CommandTable.standard(), env.getProperty("restis.replication.secret"));
    }
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Settings.class);

  private static final String[] ONE_TOKEN = {"restis.security.tokens[0].name=app",
      "restis.security.tokens[0].token=app-token-0123456789", "restis.security.tokens[0].rules=+@read ~*"};

  @Test
  void defaultsAreProtectedModeWithoutTokens() {
    runner.run(ctx -> {
      assertThat(ctx).hasNotFailed();
      SecurityProperties s = ctx.getBean(SecurityProperties.class);
      assertThat(s.protectedMode()).isTrue();
      assertThat(s.hasClientTokens()).isFalse();
      assertThat(s.trackerRateLimit()).isEqualTo(new SecurityProperties.RateLimit(60, 20, 100_000));
      assertThat(s.json().maxNestingDepth()).isEqualTo(32);
      assertThat(s.json().maxNumberLength()).isEqualTo(1000);
      assertThat(s.json().maxStringLength().toMegabytes()).isEqualTo(16);
      assertThat(s.livePageFrameAncestors()).containsExactly("'self'");
      assertThat(ctx.getBean(TokenRegistry.class).hasClientTokens()).isFalse();
      assertThat(ctx.getBean(TokenRegistry.class).defaultPrincipal().adminScope()).isTrue();
    });
  }

  @Test
  void tokensBindAndNeverShowTheirSecret() {
    runner.withPropertyValues(ONE_TOKEN).run(ctx -> {
      assertThat(ctx).hasNotFailed();
      SecurityProperties s = ctx.getBean(SecurityProperties.class);
      assertThat(s.tokens().get(0).toString()).isEqualTo("ClientToken[app]");
      TokenRegistry r = ctx.getBean(TokenRegistry.class);
      assertThat(r.lookup("app-token-0123456789").name()).isEqualTo("app");
      assertThat(r.lookup("app-token-0123456789").adminScope()).isFalse();
      assertThat(r.lookup("app-token-012345678")).isNull();
      assertThat(r.lookup("")).isNull();
    });
  }

  @Test
  void badValuesStopTheStartNamingTheSetting() {
    fails(List.of("restis.security.tokens[0].name=app", "restis.security.tokens[0].token=short",
        "restis.security.tokens[0].rules=+@all"), "give exactly one of 'token' (at least 16 characters) and 'sha256'");
    fails(List.of("restis.security.tokens[0].name=app", "restis.security.tokens[0].token=app-token-0123456789",
        "restis.security.tokens[0].sha256=" + "a".repeat(64), "restis.security.tokens[0].rules=+@all"),
        "give exactly one of");
    fails(List.of("restis.security.tokens[0].name=app", "restis.security.tokens[0].sha256=xyz",
        "restis.security.tokens[0].rules=+@all"), "must be 64 hex digits");
    fails(List.of("restis.security.tokens[0].name=app", "restis.security.tokens[0].token=app-token-0123456789"),
        "a token needs rules");
    fails(List.of("restis.security.tokens[0].name=has space", "restis.security.tokens[0].token=app-token-0123456789",
        "restis.security.tokens[0].rules=+@all"), "tokens[0].name");
    fails(List.of("restis.security.tracker-tokens[0].name=blog", "restis.security.tracker-tokens[0].token=pk-blog-1",
        "restis.security.tracker-tokens[0].sites=no/slash"), "must be a site id");
    fails(List.of("restis.security.json.max-nesting-depth=1"), "maxNestingDepth");
    fails(List.of("restis.security.json.max-string-length=10B"), "max-string-length must be between 1KB and 1GB");
    fails(List.of("restis.security.tracker-rate-limit.burst=0"), "burst");
    fails(List.of("restis.security.live-page-frame-ancestors=javascript:x"), "must be 'self', 'none' or an origin");
  }

  @Test
  void badRulesAndCollisionsStopTheStart() {
    fails(List.of("restis.security.tokens[0].name=app", "restis.security.tokens[0].token=app-token-0123456789",
        "restis.security.tokens[0].rules=+@all +nosuchcommand"),
        "restis.security.tokens[0] ('app').rules: Error in ACL rule '+nosuchcommand': Unknown command or category name in ACL");
    fails(List.of("restis.security.tokens[0].name=a", "restis.security.tokens[0].token=same-token-0123456789",
        "restis.security.tokens[0].rules=+@all", "restis.security.tokens[1].name=b",
        "restis.security.tokens[1].token=same-token-0123456789", "restis.security.tokens[1].rules=+@read"),
        "the tokens 'a' and 'b' have the same secret");
    fails(List.of("restis.security.tokens[0].name=a", "restis.security.tokens[0].token=some-token-0123456789",
        "restis.security.tokens[0].rules=+@all", "restis.security.tracker-tokens[0].name=a",
        "restis.security.tracker-tokens[0].token=pk-a-1234", "restis.security.tracker-tokens[0].sites=x"),
        "the name is used twice");
    List<String> secretReused = new java.util.ArrayList<>(List.of(ONE_TOKEN));
    secretReused.add("restis.replication.secret=app-token-0123456789");
    fails(secretReused, "the token 'app' equals restis.replication.secret");
    runner.withPropertyValues(ONE_TOKEN).withPropertyValues("restis.replication.secret=another-secret-0123")
        .run(ctx -> assertThat(ctx).hasNotFailed());
  }

  @Test
  void aDigestStandsForItsToken() {
    runner.withPropertyValues("restis.security.tokens[0].name=hashed",
        "restis.security.tokens[0].sha256=B22FD458DBE2426BEBE59CFAFE4C46E013DF3EFD439E4D91CDA767AC3052DDD0",
        "restis.security.tokens[0].read-only=true").run(ctx -> {
          TokenRegistry r = ctx.getBean(TokenRegistry.class);
          TokenRegistry.Principal p = r.lookup("hashed-token-0123456789");
          assertThat(p.name()).isEqualTo("hashed");
          assertThat(p.caller().readOnly()).isTrue();
          assertThat(p.caller().acl().rules()).isEqualTo("+@read +@connection +subscribe +psubscribe allkeys allchannels");
        });
  }

  private void fails(List<String> properties, String message) {
    runner.withPropertyValues(properties.toArray(new String[0])).run(ctx -> {
      assertThat(ctx).hasFailed();
      StringBuilder all = new StringBuilder();
      for (Throwable t = ctx.getStartupFailure(); t != null; t = t.getCause()) {
        all.append(t.getMessage()).append('\n');
      }
      assertThat(all.toString()).contains(message);
    });
  }
}
