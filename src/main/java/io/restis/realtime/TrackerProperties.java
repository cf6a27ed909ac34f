package io.restis.realtime;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The page-view tracker ({@code restis.tracker.*}).
 *
 * @param maxViews how many of the latest views each site keeps (the capped list's length)
 * @param allowedOrigins pages whose views are accepted from a browser: {@code *} (the default)
 *     accepts every origin, because a tracker is meant to be embedded in sites the store does not
 *     know in advance and a view is write-only data; list origins to restrict it. The answer echoes
 *     the page's exact Origin with credentials allowed, as sendBeacon (which sends cookies)
 *     requires; a wildcard answer would be refused by the browser.
 * @param retention how long the per-day page counts and unique-visitor estimates live
 * @param maxViewSize the largest view a page may send
 */
@Validated
@ConfigurationProperties("restis.tracker")
public record TrackerProperties(
    @Min(1) @Max(1_000_000) @DefaultValue("100") int maxViews,
    @NotNull @DefaultValue("*") List<@NotNull @Pattern(regexp = "\\*|https?://[^/?#\\s*]+",
        message = "must be * or an origin such as https://shop.example.com") String> allowedOrigins,
    @NotNull @DurationMin(seconds = 1) @DefaultValue("30d") Duration retention,
    @NotNull @DefaultValue("16KB") DataSize maxViewSize) {

  public boolean anyOrigin() {
    return allowedOrigins.contains("*");
  }
}
