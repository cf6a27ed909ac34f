package io.restis.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what one HTTP request may ask of the store ({@code restis.limits.*}). They bound the
 * memory a single request can pin and the time it can hold the engine's lock; a request over a
 * limit is refused as a whole before any of its commands runs.
 *
 * @param maxBodySize largest request body; larger ones get 413 (default 8MB, that is 8 MiB)
 * @param maxCommands most commands in one pipeline or transaction (default 10000; the Upstash SDK
 *     sends at most 1000 per auto-pipeline)
 * @param maxKeySize largest key argument of any command (default 512KB, that is 512 KiB)
 * @param maxValueSize largest value, member or field one REST request may carry, and the length
 *     a SETRANGE may grow a string to; larger gets 413 (default 8MB)
 * @param maxElements most elements in one REST call: values pushed or added, keys read or written
 *     in bulk, or a COUNT asked for; more gets 400 (default 10000)
 */
@Validated
@ConfigurationProperties("restis.limits")
public record LimitsProperties(
    @NotNull @DefaultValue("8MB") DataSize maxBodySize,
    @Min(1) @Max(1_000_000) @DefaultValue("10000") int maxCommands,
    @NotNull @DefaultValue("512KB") DataSize maxKeySize,
    @NotNull @DefaultValue("8MB") DataSize maxValueSize,
    @Min(1) @Max(10_000_000) @DefaultValue("10000") int maxElements) {

  /** Bean Validation has no constraints for DataSize, hence these checks. */
  @AssertTrue(message = "must be between 1B and 2GB")
  public boolean isMaxBodySizeInRange() {
    return maxBodySize == null || (maxBodySize.toBytes() >= 1 && maxBodySize.toBytes() <= Integer.MAX_VALUE);
  }

  @AssertTrue(message = "must be at least 1B")
  public boolean isMaxKeySizeInRange() {
    return maxKeySize == null || maxKeySize.toBytes() >= 1;
  }

  @AssertTrue(message = "must be between 1B and 512MB (Redis's proto-max-bulk-len)")
  public boolean isMaxValueSizeInRange() {
    return maxValueSize == null || (maxValueSize.toBytes() >= 1 && maxValueSize.toBytes() <= 512L * 1024 * 1024);
  }
}
