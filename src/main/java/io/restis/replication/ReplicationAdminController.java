package io.restis.replication;

import io.restis.api.Problem;
import io.restis.api.ProblemException;
import io.restis.engine.CommandException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The replication admin resource: the node's role, history and offset, its followers with their
 * acknowledged offsets and lag (on a leader) or its leader and link (on a follower); the digest of
 * the whole keyspace; promotion and pointing the node at a leader; the fault injector.
 */
@RestController
@RequestMapping(path = "/admin/replication", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "replication", description = "Leader and followers: status, promotion, digest")
public class ReplicationAdminController {

  private final ReplicationService service;

  public ReplicationAdminController(ReplicationService service) {
    this.service = service;
  }

  @GetMapping
  @Operation(operationId = "getReplicationStatus", summary = "Role, history, offset, followers or leader (ROLE, INFO)",
      description = "On a leader: its followers with their acknowledged offset, lag in writes and seconds, and the "
          + "syncs it served. On a follower: its leader, the link's state, how far behind it is. Both: the "
          + "replication id (and the previous one after a promotion), the offset, the backlog.")
  @ApiResponse(responseCode = "200", description = "The status.", useReturnTypeSchema = true)
  public ReplicationService.Status status() {
    return service.status();
  }

  @GetMapping("/digest")
  @Operation(operationId = "getKeyspaceDigest", summary = "A SHA-256 over the whole keyspace, with its offset",
      description = "Keys in byte order with type, absolute expiry and value in a canonical form, computed at one "
          + "instant: two nodes at the same offset with the same data answer the same digest.")
  @ApiResponse(responseCode = "200", description = "The digest.", useReturnTypeSchema = true)
  public KeyspaceDigest.Result digest() {
    return KeyspaceDigest.of(service.engine());
  }

  @PostMapping("/promote")
  @Operation(operationId = "promote", summary = "Make this follower a leader (REPLICAOF NO ONE)",
      description = "It stops following, takes writes, and starts a new history; the old replication id stays valid "
          + "up to this offset, so the other followers of the old leader can continue partially from it. A leader "
          + "stays a leader.")
  @ApiResponse(responseCode = "200", description = "Promoted; the status after it.", useReturnTypeSchema = true)
  public ReplicationService.Status promote() {
    service.promote();
    return service.status();
  }

  /** The leader to follow. */
  @Schema(name = "ReplicaOfRequest")
  public record LeaderRequest(@Schema(example = "http://10.0.0.5:8080") String url) {}

  /** What REPLICAOF answered, and the status after it. */
  @Schema(name = "ReplicaOfAnswer")
  public record Following(@Schema(example = "OK") String message, ReplicationService.Status status) {}

  @PostMapping("/replicaof")
  @Operation(operationId = "replicaOf", summary = "Follow the leader at this URL (REPLICAOF host port)",
      description = "A leader becomes a read-only follower; a follower switches leaders. The data stays: the new "
          + "leader continues it partially when they share its history, else sends a full copy.")
  @ApiResponse(responseCode = "200", description = "Following; the status after it.", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "400", description = "Not a leader URL, or this node has no replication secret.",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  public Following replicaOf(@RequestBody LeaderRequest req) {
    if (req.url() == null || req.url().isBlank()) {
      throw ProblemException.of(Problem.INVALID_REQUEST, "'url' must name the leader, e.g. http://10.0.0.5:8080");
    }
    try {
      String message = service.follow(req.url());
      return new Following(message, service.status());
    } catch (CommandException e) {
      String m = e.getMessage();
      throw ProblemException.of(Problem.INVALID_REQUEST, m.startsWith("ERR ") ? m.substring(4) : m);
    }
  }

  @GetMapping("/faults")
  @Operation(operationId = "getReplicationFaults", summary = "The faults injected into this leader's pushes")
  @ApiResponse(responseCode = "200", description = "The settings.", useReturnTypeSchema = true)
  public FaultInjector.Settings faults() {
    return service.faults().settings();
  }

  @PutMapping("/faults")
  @Operation(operationId = "setReplicationFaults", summary = "Inject faults into this leader's pushes (testing)",
      description = "A share of pushes dropped before they are sent, a share whose answer is lost after the follower "
          + "applied them, a delay before each push. All zero: none.")
  @ApiResponse(responseCode = "200", description = "The settings now.", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "400", description = "A rate outside 0..1 or a negative delay.",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  public FaultInjector.Settings setFaults(@RequestBody FaultInjector.Settings settings) {
    try {
      service.faults().set(settings);
    } catch (IllegalArgumentException e) {
      throw ProblemException.of(Problem.INVALID_REQUEST, e.getMessage());
    }
    return service.faults().settings();
  }
}
