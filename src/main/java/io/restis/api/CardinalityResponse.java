package io.restis.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** How many members a set or sorted set has (or a computed one would have). */
@Schema(description = "A number of members.")
public record CardinalityResponse(
    @Schema(description = "How many members.", example = "3", requiredMode = Schema.RequiredMode.REQUIRED)
    long cardinality) {}
