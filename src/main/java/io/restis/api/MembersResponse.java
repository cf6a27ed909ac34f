package io.restis.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** An answer carrying members of a set, or of a sorted set without their scores. */
@Schema(description = "Members.")
public record MembersResponse(
    @Schema(description = "The members: UTF-8 text, or base64 with encoding=base64. A set's members come in no "
        + "particular order; a sorted set's in the order of the range.", example = "[\"a\", \"b\"]",
        requiredMode = Schema.RequiredMode.REQUIRED)
    List<String> members) {}
