package io.restis.persistence;

import io.restis.api.Problem;
import io.restis.api.ProblemException;
import io.restis.engine.CommandException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The persistence admin resource: its status, and the ways to snapshot. {@code POST .../save}
 * answers when the dump is on disk; {@code POST .../bgsave} and {@code POST .../rewrite} start the
 * work and answer 202 at once (progress shows in the status). Refusals are problems mapped by the
 * one problem advice: 409 while another job runs, 503 while the data is still loading.
 */
@RestController
@RequestMapping("/admin/persistence")
@Tag(name = "persistence", description = "Snapshots (RDB) and the append-only log")
@ConditionalOnProperty(prefix = "restis.persistence", name = "enabled", havingValue = "true", matchIfMissing = true)
class PersistenceController {

  /** The answer of a job started in the background. */
  record Started(@Schema(example = "Background saving started") String message) {}

  private final PersistenceService service;

  PersistenceController(PersistenceService service) {
    this.service = service;
  }

  @GetMapping
  @Operation(operationId = "getPersistenceStatus", summary = "Loading, the job in progress, the last save and the log",
      description = "Percent done of a running snapshot or compaction, the last save's result, duration and size, "
          + "and the append-only log's size, fsync count and offset.")
  @ApiResponse(responseCode = "200", description = "The status.", useReturnTypeSchema = true)
  PersistenceStatus status() {
    return service.status();
  }

  @PostMapping("/save")
  @Operation(operationId = "saveSnapshot", summary = "Write a snapshot now and answer when it is on disk (SAVE)")
  @ApiResponse(responseCode = "200", description = "Saved; the status after it.", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "409", description = "Another snapshot or compaction is running.",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(responseCode = "500", description = "The snapshot could not be written (the detail says why).",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(responseCode = "503", description = "The data is still loading.",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  PersistenceStatus save() {
    refuseWhileLoading();
    String error = service.save();
    if (error != null) {
      // A job already running is the client's conflict; anything else is the disk's failure.
      throw ProblemException.of(error.contains("in progress") ? Problem.CONFLICT : Problem.INTERNAL, error);
    }
    return service.status();
  }

  @PostMapping("/bgsave")
  @Operation(operationId = "startBackgroundSave", summary = "Start a snapshot in the background (BGSAVE)")
  @ApiResponse(responseCode = "202", description = "Started; progress shows in the status.", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "409", description = "Another snapshot or compaction is running.",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(responseCode = "503", description = "The data is still loading.",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  ResponseEntity<Started> bgsave() {
    return start(() -> service.bgsave(false, false));
  }

  @PostMapping("/rewrite")
  @Operation(operationId = "startLogRewrite", summary = "Compact the append-only log into a new base (BGREWRITEAOF)")
  @ApiResponse(responseCode = "202", description = "Started; progress shows in the status.", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "409", description = "Another job is running, or the log is off.",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(responseCode = "503", description = "The data is still loading.",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  ResponseEntity<Started> rewrite() {
    return start(service::bgrewriteaof);
  }

  private ResponseEntity<Started> start(Supplier<String> action) {
    refuseWhileLoading();
    try {
      return ResponseEntity.accepted().body(new Started(action.get()));
    } catch (CommandException e) {
      throw ProblemException.of(Problem.CONFLICT, e.getMessage());
    }
  }

  private void refuseWhileLoading() {
    if (!service.isReady()) {
      throw ProblemException.of(Problem.UNAVAILABLE, "LOADING Redis is loading the dataset in memory");
    }
  }
}
