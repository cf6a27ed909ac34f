package io.restis.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** An answer carrying one value. */
@Schema(description = "One value.")
public record ValueResponse(
    @Schema(description = "The value: UTF-8 text, or base64 with encoding=base64.", example = "hello",
        requiredMode = Schema.RequiredMode.REQUIRED)
    String value) {}
