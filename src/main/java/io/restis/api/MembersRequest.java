package io.restis.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** A request naming members of a set or sorted set (to add, or to remove). */
@Schema(description = "Members.")
public record MembersRequest(
    @Schema(description = "The members: UTF-8 text, or base64 with encoding=base64.", example = "[\"a\", \"b\"]",
        requiredMode = Schema.RequiredMode.REQUIRED)
    @NotEmpty List<@NotNull String> members) {}
