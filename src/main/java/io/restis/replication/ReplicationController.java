package io.restis.replication;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replication protocol's endpoints (see {@link Protocol}), every one behind the shared secret
 * ({@link SecretGuard}): a leader serves {@code sync} and {@code ack}, a follower {@code apply}.
 * Nodes speak it to each other, clients never: it is left out of the published API document.
 */
@Hidden
@RestController
@RequestMapping("/replication")
public class ReplicationController {

  private static final Logger log = LoggerFactory.getLogger(ReplicationController.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** Largest push accepted (Redis's proto-max-bulk-len); pushes are about 4 MB unless one write is larger. */
  private static final long MAX_PUSH_BYTES = 512L << 20;

  private final ReplicationService service;

  public ReplicationController(ReplicationService service) {
    this.service = service;
  }

  /** PSYNC: a partial continuation in JSON, or the snapshot streamed as the body. */
  @PostMapping("/sync")
  public void sync(@RequestBody Protocol.SyncRequest req, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!service.isStarted()) {
      response.setHeader("Retry-After", "1");
      ProblemWriter.write(request, response, 503, "loading", "Loading",
          "this node is still loading its dataset; retry", Map.of());
      return;
    }
    if (!service.isLeader()) {
      ProblemWriter.write(request, response, 409, "not-a-leader", "Not a leader",
          "this node follows " + service.leaderUrl() + "; sync with the leader", Map.of());
      return;
    }
    String problem = invalid(req);
    if (problem != null) {
      ProblemWriter.write(request, response, 400, "invalid-request", "Invalid request", problem, Map.of());
      return;
    }
    String url = req.url() != null ? ReplicationUrls.base(URI.create(req.url()))
        : ReplicationUrls.of(request.getRemoteAddr(), req.port());
    LeaderSide.Decision d = service.leaderSide().sync(req, url);
    if (d instanceof LeaderSide.Partial p) {
      response.setStatus(200);
      response.setContentType("application/json");
      response.setHeader(Protocol.MODE_HEADER, "partial");
      response.getOutputStream().write(JSON.writeValueAsBytes(p.answer()));
      return;
    }
    LeaderSide.Full full = (LeaderSide.Full) d;
    try {
      full.stream(response.getOutputStream(), offset -> {
        response.setStatus(200);
        response.setContentType(Protocol.RDB_TYPE);
        response.setHeader(Protocol.MODE_HEADER, "full");
        response.setHeader(Protocol.REPL_ID_HEADER, service.replId());
        response.setHeader(Protocol.OFFSET_HEADER, Long.toString(offset));
        response.setHeader(Protocol.LEADER_NODE_HEADER, service.nodeId());
      });
    } catch (IOException e) {
      log.info("Full sync of follower {} ({}) broke off: {}", req.id(), url, e.toString());
      if (!response.isCommitted()) {
        response.reset();
        ProblemWriter.write(request, response, 503, "sync-failed", "Sync failed", e.getMessage(), Map.of());
      }
    }
  }

  private static String invalid(Protocol.SyncRequest req) {
    if (req.id() == null || req.id().isBlank() || req.id().length() > 100) {
      return "'id' must name the follower";
    }
    if (req.replId() != null && !ReplicationIds.isValid(req.replId())) {
      return "'replId' must be 40 hex characters or null";
    }
    if (req.url() != null) {
      try {
        if (!ReplicationUrls.isHttp(URI.create(req.url()))) {
          return "'url' must be an http or https URL";
        }
      } catch (IllegalArgumentException e) {
        return "'url' must be an http or https URL";
      }
    } else if (req.port() < 1 || req.port() > 65535) {
      return "'port' must be the follower's HTTP port (or 'url' given)";
    }
    return null;
  }

  /** REPLCONF ACK: 200 with the leader's offset, 404 when the follower must sync again. */
  @PostMapping("/ack")
  public ResponseEntity<?> ack(@RequestBody Protocol.AckRequest req) {
    if (!service.isStarted()) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
          .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "loading; retry"));
    }
    if (!service.isLeader() || req.id() == null || !service.leaderSide().ack(req)) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
          "this leader does not know follower " + req.id() + " on its history: sync again"));
    }
    return ResponseEntity.ok(new Protocol.AckAnswer(service.replId(), service.engine().offset()));
  }

  /** A push of the leader's stream. */
  @PostMapping("/apply")
  public ResponseEntity<Protocol.ApplyAnswer> apply(HttpServletRequest request,
      @RequestHeader(Protocol.REPL_ID_HEADER) String replId,
      @RequestHeader(Protocol.OFFSET_HEADER) long after,
      @RequestHeader(name = Protocol.LEADER_NODE_HEADER, required = false) String node,
      @RequestHeader(name = Protocol.LEADER_OFFSET_HEADER, required = false, defaultValue = "-1") long leaderOffset)
      throws IOException {
    if (request.getContentType() == null || !request.getContentType().startsWith(Protocol.STREAM_TYPE)) {
      return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).build();
    }
    if (!service.isStarted()) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .body(new Protocol.ApplyAnswer(service.engine().offset(), "loading"));
    }
    FollowerLink link = service.link();
    if (!service.isFollower() || link == null) {
      return ResponseEntity.status(HttpStatus.CONFLICT)
          .body(new Protocol.ApplyAnswer(service.engine().offset(), Protocol.NOT_FOLLOWING));
    }
    byte[] body = readBody(request);
    FollowerLink.Applied a = link.apply(replId, node, after, leaderOffset, body);
    return ResponseEntity.status(a.status()).body(a.answer());
  }

  /**
   * The push's body, past the general body size limit (which is for clients; a push may carry a
   * write as large as any a client made, and more than one), under a limit of its own.
   */
  private static byte[] readBody(HttpServletRequest request) throws IOException {
    ServletRequest raw = request;
    while (raw instanceof ServletRequestWrapper w) {
      raw = w.getRequest();
    }
    if (raw.getContentLengthLong() > MAX_PUSH_BYTES) {
      throw new IOException("push too large");
    }
    try (InputStream in = raw.getInputStream()) {
      return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_PUSH_BYTES));
    }
  }
}
