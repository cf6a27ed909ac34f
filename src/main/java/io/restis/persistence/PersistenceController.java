package io.restis.persistence;

import io.restis.engine.CommandException;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The persistence admin resource: its status, and the two ways to snapshot. {@code POST .../save}
 * answers when the dump is on disk; {@code POST .../bgsave} and {@code POST .../rewrite} start the
 * work and answer 202 at once (progress shows in the status).
 */
@RestController
@RequestMapping("/admin/persistence")
@ConditionalOnProperty(prefix = "restis.persistence", name = "enabled", havingValue = "true", matchIfMissing = true)
public class PersistenceController {

  private final PersistenceService service;

  public PersistenceController(PersistenceService service) {
    this.service = service;
  }

  @GetMapping
  public PersistenceStatus status() {
    return service.status();
  }

  @PostMapping("/save")
  public ResponseEntity<?> save() {
    if (!service.isReady()) {
      return problem(HttpStatus.SERVICE_UNAVAILABLE, "LOADING Redis is loading the dataset in memory");
    }
    String error = service.save();
    if (error == null) {
      return ResponseEntity.ok(service.status());
    }
    return problem(error.contains("in progress") ? HttpStatus.CONFLICT : HttpStatus.INTERNAL_SERVER_ERROR, error);
  }

  @PostMapping("/bgsave")
  public ResponseEntity<?> bgsave() {
    return start(() -> service.bgsave(false, false));
  }

  @PostMapping("/rewrite")
  public ResponseEntity<?> rewrite() {
    return start(service::bgrewriteaof);
  }

  private ResponseEntity<?> start(java.util.function.Supplier<String> action) {
    if (!service.isReady()) {
      return problem(HttpStatus.SERVICE_UNAVAILABLE, "LOADING Redis is loading the dataset in memory");
    }
    try {
      return ResponseEntity.accepted().body(Map.of("message", action.get()));
    } catch (CommandException e) {
      return problem(HttpStatus.CONFLICT, e.getMessage());
    }
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
  }
}
