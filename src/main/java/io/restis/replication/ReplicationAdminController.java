package io.restis.replication;

import io.restis.engine.CommandException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
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
@RequestMapping("/admin/replication")
public class ReplicationAdminController {

  private final ReplicationService service;

  public ReplicationAdminController(ReplicationService service) {
    this.service = service;
  }

  @GetMapping
  public ReplicationService.Status status() {
    return service.status();
  }

  /** A SHA-256 over the whole keyspace, with the offset it is at: equal on nodes with equal data. */
  @GetMapping("/digest")
  public KeyspaceDigest.Result digest() {
    return KeyspaceDigest.of(service.engine());
  }

  /** REPLICAOF NO ONE: this node becomes a leader (a leader stays one). */
  @PostMapping("/promote")
  public ReplicationService.Status promote() {
    service.promote();
    return service.status();
  }

  /** The leader to follow. */
  public record LeaderRequest(String url) {}

  /** REPLICAOF: follow the leader at {@code url}; 400 for a URL that is not one. */
  @PostMapping("/replicaof")
  public ResponseEntity<?> replicaOf(@RequestBody LeaderRequest req) {
    if (req.url() == null || req.url().isBlank()) {
      return problem(HttpStatus.BAD_REQUEST, "'url' must name the leader, e.g. http://10.0.0.5:8080");
    }
    try {
      String message = service.follow(req.url());
      return ResponseEntity.ok(Map.of("message", message, "status", service.status()));
    } catch (CommandException e) {
      return problem(HttpStatus.BAD_REQUEST, e.getMessage().startsWith("ERR ") ? e.getMessage().substring(4)
          : e.getMessage());
    }
  }

  @GetMapping("/faults")
  public FaultInjector.Settings faults() {
    return service.faults().settings();
  }

  /** Sets the faults injected into this leader's pushes (all zero: none). */
  @PutMapping("/faults")
  public ResponseEntity<?> setFaults(@RequestBody FaultInjector.Settings settings) {
    try {
      service.faults().set(settings);
    } catch (IllegalArgumentException e) {
      return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    return ResponseEntity.ok(service.faults().settings());
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
  }
}
