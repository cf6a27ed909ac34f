package io.restis.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the engine's background work ({@code restis.engine.*}).
 *
 * <p>The defaults are Redis's: the active expiry cycle runs ten times a second (hz 10) and may
 * spend a quarter of its period reclaiming keys before it yields.
 *
 * @param activeExpirePeriod pause between two runs of the active expiry cycle
 * @param activeExpireBudget time one run may spend sampling and deleting expired keys
 */
@Validated
@ConfigurationProperties("restis.engine")
public record EngineProperties(
    @NotNull @DurationMin(millis = 1) @DefaultValue("100ms") Duration activeExpirePeriod,
    @NotNull @DurationMin(nanos = 1000) @DefaultValue("25ms") Duration activeExpireBudget) {}
