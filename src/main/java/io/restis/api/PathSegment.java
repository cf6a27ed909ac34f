package io.restis.api;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.web.servlet.HandlerMapping;

/**
 * A path variable after the key (a hash's {@code {field}}, a sorted set's {@code {member}}) as the
 * bytes it names, cut from the raw request URI and percent-decoded as {@link ResourceKeyResolver}
 * does for the key: Spring's own path variables end at a raw {@code ;}, which would turn the field
 * {@code a;b} into {@code a}. (The web server refuses a path that does not decode to UTF-8, so
 * bytes that are not UTF-8 are named with {@code encoding=base64}: the segment is then base64 of
 * the bytes.)
 */
final class PathSegment {

  private PathSegment() {}

  static byte[] bytes(HttpServletRequest request, String variable, ValueEncoding encoding) {
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    if (pattern == null) {
      throw new IllegalStateException("a path segment outside a mapped request");
    }
    byte[] raw = ResourceKeyResolver.segment(pattern.toString(),
        request.getRequestURI().substring(request.getContextPath().length()), "{" + variable + "}", variable);
    return encoding == ValueEncoding.utf8 ? raw : encoding.decode(new String(raw, StandardCharsets.UTF_8), variable);
  }
}
