package io.restis.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** The length of a value after a write: elements of a list, bytes of a string. */
@Schema(description = "The length after the operation.")
public record LengthResponse(
    @Schema(description = "Elements of a collection, bytes of a string.", example = "3",
        requiredMode = Schema.RequiredMode.REQUIRED)
    long length) {}
