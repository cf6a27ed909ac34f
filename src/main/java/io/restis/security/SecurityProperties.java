package io.restis.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Who may use the store ({@code restis.security.*}).
 *
 * <p>With no client token configured the store is in protected mode (unless turned off): it
 * answers clients on the loopback interface only, as Redis does without a password. Once a token
 * is configured, every request but the health probes, the API documentation and the public static
 * files needs one.
 *
 * @param protectedMode refuse clients off the loopback interface while no client token is
 *     configured (default true); turn it off only on a network that is trusted as a whole
 * @param tokens the client tokens, each with its ACL rules
 * @param trackerTokens public tokens that may only record page views for their sites
 * @param trackerRateLimit how fast one client address may record page views with a tracker token
 * @param json limits on JSON request bodies
 * @param maxHeaderCount most header fields in one request (Tomcat's maxHeaderCount)
 * @param livePageFrameAncestors origins allowed to frame the live page ({@code frame-ancestors}
 *     sources such as {@code 'self'} or {@code https://dash.example.com}); every other page may not
 *     be framed at all
 */
@Validated
@ConfigurationProperties("restis.security")
public record SecurityProperties(
    @DefaultValue("true") boolean protectedMode,
    @NotNull @DefaultValue({}) List<@Valid @NotNull ClientToken> tokens,
    @NotNull @DefaultValue({}) List<@Valid @NotNull TrackerToken> trackerTokens,
    @Valid @NotNull @DefaultValue RateLimit trackerRateLimit,
    @Valid @NotNull @DefaultValue Json json,
    @Min(8) @Max(1000) @DefaultValue("100") int maxHeaderCount,
    @NotNull @DefaultValue("'self'") List<@NotNull @Pattern(regexp = "'self'|'none'|https?://[^/?#\\s;,']+",
        message = "must be 'self', 'none' or an origin such as https://dash.example.com") String> livePageFrameAncestors) {

  /** Token names: letters, digits and {@code _ . : -}; they show in logs, never the secret. */
  static final String NAME = "[A-Za-z0-9_.:-]{1,64}";

  /**
   * A client token.
   *
   * @param name how logs and errors name it
   * @param token the secret itself (at least 16 characters), or
   * @param sha256 its SHA-256 digest in hex, so that the secret need not be stored in the settings
   * @param rules Redis ACL rules, e.g. {@code +@read -@dangerous ~cache:* %R~public:* &news.*}
   * @param admin opens the admin commands and resources ({@code /admin/**}, actuator) even when the
   *     rules do not grant the whole {@code @admin} category
   * @param readOnly caps the token to commands that change nothing ({@code +@read} by default, all
   *     keys and channels unless the rules name some); the rules can narrow it, never widen it
   */
  public record ClientToken(
      @NotNull @Pattern(regexp = NAME) String name,
      String token,
      @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits (a SHA-256 digest)") String sha256,
      @NotNull @DefaultValue("") String rules,
      @DefaultValue("false") boolean admin,
      @DefaultValue("false") boolean readOnly) {

    @AssertTrue(message = "give exactly one of 'token' (at least 16 characters) and 'sha256'")
    public boolean isSecretGiven() {
      return token == null ? sha256 != null : sha256 == null && token.length() >= 16;
    }

    @AssertTrue(message = "a token needs rules (such as '+@all ~* &*') or read-only: true")
    public boolean isRulesGiven() {
      return readOnly || rules == null || !rules.isBlank();
    }

    @Override
    public String toString() {
      return "ClientToken[" + name + "]"; // never the secret
    }
  }

  /**
   * A public token for the page-view tracker: embedded in pages, so it can do nothing but record
   * views ({@code POST /track/{site}}) for its sites.
   *
   * @param name how logs and errors name it
   * @param token the token itself (at least 8 characters), or
   * @param sha256 its SHA-256 digest in hex
   * @param sites the site ids it may record views for
   */
  public record TrackerToken(
      @NotNull @Pattern(regexp = NAME) String name,
      String token,
      @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits (a SHA-256 digest)") String sha256,
      @NotEmpty List<@NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}",
          message = "must be a site id: letters, digits, _ . - (at most 64)") String> sites) {

    @AssertTrue(message = "give exactly one of 'token' (at least 8 characters) and 'sha256'")
    public boolean isSecretGiven() {
      return token == null ? sha256 != null : sha256 == null && token.length() >= 8;
    }

    @Override
    public String toString() {
      return "TrackerToken[" + name + "]";
    }
  }

  /**
   * A token bucket per client address: {@code burst} views at once, refilled at
   * {@code requestsPerMinute}; beyond that 429 with Retry-After.
   *
   * @param requestsPerMinute the sustained rate
   * @param burst the bucket's size
   * @param maxClients how many addresses are tracked at once (idle full buckets are dropped first)
   */
  public record RateLimit(
      @Min(1) @Max(1_000_000) @DefaultValue("60") int requestsPerMinute,
      @Min(1) @Max(100_000) @DefaultValue("20") int burst,
      @Min(100) @Max(10_000_000) @DefaultValue("100000") int maxClients) {}

  /**
   * Jackson's read constraints for every JSON request body the resources bind.
   *
   * @param maxNestingDepth deepest nesting of arrays and objects (no request needs more than a few)
   * @param maxStringLength longest string value
   * @param maxNumberLength longest number, in characters
   */
  public record Json(
      @Min(4) @Max(1000) @DefaultValue("32") int maxNestingDepth,
      @NotNull @DefaultValue("16MB") DataSize maxStringLength,
      @Min(20) @Max(100_000) @DefaultValue("1000") int maxNumberLength) {

    @AssertTrue(message = "max-string-length must be between 1KB and 1GB")
    public boolean isMaxStringLengthInRange() {
      return maxStringLength == null
          || maxStringLength.toBytes() >= 1024 && maxStringLength.toBytes() <= 1024L * 1024 * 1024;
    }
  }

  /** True when at least one client token is configured (protected mode no longer applies). */
  public boolean hasClientTokens() {
    return !tokens.isEmpty();
  }
}
