package io.restis.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** An answer carrying values in order. */
@Schema(description = "Values, in order.")
public record ValuesResponse(
    @Schema(description = "The values: UTF-8 text, or base64 with encoding=base64.", example = "[\"a\", \"b\"]",
        requiredMode = Schema.RequiredMode.REQUIRED)
    List<String> values) {}
