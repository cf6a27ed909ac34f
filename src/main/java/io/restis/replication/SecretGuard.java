package io.restis.replication;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The replication endpoints ({@link ReplicationController}) answer only requests that carry the
 * shared secret as {@code Authorization: Bearer <secret>}: 401 without credentials, 403 with the
 * wrong ones or when this node has no secret (it then takes part in no replication). Bound to the
 * controller's handlers, not to a path pattern, so no spelling of the path gets around it.
 *
 * <p>The comparison is constant-time over SHA-256 digests of both sides (equal lengths, so the
 * time reveals neither the secret's content nor its length).
 */
final class SecretGuard implements HandlerInterceptor {

  private final byte[] expected;

  SecretGuard(String secret) {
    this.expected = secret.isBlank() ? null : sha256(secret);
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
    if (!(handler instanceof HandlerMethod m) || m.getBeanType() != ReplicationController.class) {
      return true;
    }
    String auth = request.getHeader("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"restis-replication\"");
      ProblemWriter.write(request, response, 401, "unauthorized", "Unauthorized",
          "replication requests must carry the shared secret (Authorization: Bearer ...)", Map.of());
      return false;
    }
    if (expected == null) {
      ProblemWriter.write(request, response, 403, "forbidden", "Forbidden",
          "this node takes part in no replication: restis.replication.secret is not set", Map.of());
      return false;
    }
    if (!MessageDigest.isEqual(expected, sha256(auth.substring(7).trim()))) {
      ProblemWriter.write(request, response, 403, "forbidden", "Forbidden", "wrong replication secret", Map.of());
      return false;
    }
    return true;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
