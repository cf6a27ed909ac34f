package io.restis.api;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.web.servlet.HandlerMapping;

/**
 * A path variable after the key (a hash's {@code {field}}, a sorted set's {@code {member}}) as the
 * exact bytes it names, cut from the raw request URI as {@link ResourceKeyResolver} cuts the key:
 * Spring's own path variables are decoded as UTF-8 and end at a raw {@code ;}, which would turn
 * the field {@code a;b} into {@code a}. With {@code encoding=base64} the segment's text is base64
 * of the bytes.
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
