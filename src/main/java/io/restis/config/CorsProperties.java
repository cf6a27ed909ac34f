package io.restis.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Cross-origin access ({@code restis.cors.*}): which web pages on other origins may call the
 * store from a browser, on every endpoint (the resources, the command endpoint, the API docs).
 *
 * <p>None by default: browsers then keep pages of other origins out. Listed origins get the
 * CORS headers, credentials (cookies, Authorization) included; {@code *} lets any origin in, but
 * then without credentials, as the CORS rules demand. The answer exposes {@code ETag} and
 * {@code upstash-sync-token} to the page's script.
 *
 * @param allowedOrigins origins such as {@code https://app.example.com} or
 *     {@code http://localhost:3000} (scheme, host and optional port; no path), or {@code *}
 * @param maxAge how long a browser may cache a preflight answer
 */
@Validated
@ConfigurationProperties("restis.cors")
public record CorsProperties(
    @NotNull @DefaultValue({}) List<@NotNull @Pattern(regexp = "\\*|https?://[^/?#\\s*]+",
        message = "must be * or an origin such as https://app.example.com (scheme, host, optional port; no path)")
        String> allowedOrigins,
    @NotNull @DurationMin(seconds = 0) @DefaultValue("30m") Duration maxAge) {

  public boolean enabled() {
    return !allowedOrigins.isEmpty();
  }

  /** Credentials only where every origin is named: a wildcard and credentials do not mix. */
  public boolean allowCredentials() {
    return !allowedOrigins.contains("*");
  }
}
