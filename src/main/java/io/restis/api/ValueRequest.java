package io.restis.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/** A request carrying one value. */
@Schema(description = "One value.")
public record ValueRequest(
    @Schema(description = "The value: UTF-8 text, or base64 with encoding=base64.", example = "hello",
        requiredMode = Schema.RequiredMode.REQUIRED)
    @NotNull String value) {}
