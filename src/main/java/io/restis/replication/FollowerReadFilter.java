package io.restis.replication;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Read-your-writes on a follower, and the leader's name on every answer of one.
 *
 * <p>Every answer of a follower (but those of the replication and admin endpoints) carries
 * {@value #LEADER_HEADER}, the leader's URL, so a client refused with READONLY knows where to
 * write. A request that names a minimum offset, in {@value #MIN_OFFSET_HEADER} or in the
 * {@code upstash-sync-token} a write answered it with, runs only once this follower's data has
 * reached that offset: it waits up to {@code restis.replication.min-offset-wait}, then answers 504
 * (the follower is behind); it answers 503 at once when the follower's link to its leader is down
 * (the offset cannot come soon). On a leader the header changes nothing: a leader has every write
 * it acknowledged.
 */
final class FollowerReadFilter extends OncePerRequestFilter {

  static final String LEADER_HEADER = "Restis-Leader";
  static final String MIN_OFFSET_HEADER = "Restis-Min-Offset";
  static final String SYNC_TOKEN_HEADER = "upstash-sync-token";

  private final ReplicationService service;
  private final Duration wait;

  FollowerReadFilter(ReplicationService service, Duration wait) {
    this.service = service;
    this.wait = wait;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith("/replication/") || path.startsWith("/admin/") || path.startsWith("/actuator/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!service.isFollower()) {
      chain.doFilter(request, response);
      return;
    }
    String leader = service.leaderUrl();
    if (leader != null) {
      response.setHeader(LEADER_HEADER, leader);
    }
    String header = request.getHeader(MIN_OFFSET_HEADER);
    String name = MIN_OFFSET_HEADER;
    if (header == null) {
      header = request.getHeader(SYNC_TOKEN_HEADER);
      name = SYNC_TOKEN_HEADER;
    }
    if (header == null) {
      chain.doFilter(request, response);
      return;
    }
    long min;
    try {
      min = Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      ProblemWriter.write(request, response, 400, "invalid-request", "Invalid request",
          "the header '" + name + "' must be an offset (an integer), got '" + header + "'", Map.of());
      return;
    }
    ReplicationService.OffsetWait outcome;
    try {
      outcome = service.awaitOffset(min, wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = ReplicationService.OffsetWait.TIMED_OUT;
    }
    if (outcome == ReplicationService.OffsetWait.REACHED) {
      chain.doFilter(request, response);
      return;
    }
    long at = service.engine().offset();
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("minOffset", min);
    extra.put("offset", at);
    if (leader != null) {
      extra.put("leader", leader);
    }
    if (outcome == ReplicationService.OffsetWait.UNAVAILABLE) {
      response.setHeader("Retry-After", "1");
      ProblemWriter.write(request, response, 503, "follower-unavailable", "Follower unavailable",
          "this follower is not connected to its leader (link " + linkState() + ") and is at offset " + at
              + ", before the requested " + min + "; read from the leader or retry", extra);
    } else {
      ProblemWriter.write(request, response, 504, "follower-behind", "Follower behind",
          "this follower reached offset " + at + ", not the requested " + min + ", within " + wait.toMillis()
              + " ms; read from the leader or retry", extra);
    }
  }

  private String linkState() {
    FollowerLink l = service.link();
    return l == null ? "none" : l.state().name().toLowerCase();
  }
}
