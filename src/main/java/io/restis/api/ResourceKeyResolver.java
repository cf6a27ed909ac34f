package io.restis.api;

import io.restis.engine.Bytes;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Resolves {@link ResourceKey} arguments from the {@code {key}} segment of the matched path and
 * the conditional headers.
 *
 * <p>The key is cut from the raw request URI and percent-decoded here, byte for byte, instead of
 * taking Spring's path variable: that one is decoded as UTF-8 (so {@code %FF} would be lost) and
 * ends at a {@code ;} (matrix variables). Here any byte string can be a key: {@code %2F} is a
 * slash inside the key, {@code %FF} the byte 0xFF, a raw {@code ;} part of the key. A key over
 * {@code restis.limits.max-key-size} is refused with 413 before anything runs.
 */
public final class ResourceKeyResolver implements HandlerMethodArgumentResolver {

  static final String KEY_VARIABLE = "{key}";

  private final ResourceLimits limits;

  public ResourceKeyResolver(ResourceLimits limits) {
    this.limits = limits;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == ResourceKey.class;
  }

  @Override
  public ResourceKey resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
      NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
    HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
    Object pattern = request == null ? null : request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    if (pattern == null) {
      throw new IllegalStateException("ResourceKey outside a mapped request");
    }
    byte[] key = keySegment(pattern.toString(), request.getRequestURI().substring(request.getContextPath().length()));
    limits.checkKey(key);
    Preconditions conditions = Preconditions.parse(request.getHeader(HttpHeaders.IF_MATCH),
        request.getHeader(HttpHeaders.IF_NONE_MATCH));
    return new ResourceKey(Bytes.wrap(key), conditions);
  }

  /** The decoded raw segment at the position of {@code {key}} in the pattern. */
  static byte[] keySegment(String pattern, String rawPath) {
    return segment(pattern, rawPath, KEY_VARIABLE, "key");
  }

  /**
   * The decoded raw segment at the position of a variable ({@code {field}}) in the pattern, byte
   * for byte as for the key.
   */
  static byte[] segment(String pattern, String rawPath, String variable, String name) {
    String[] patternSegments = pattern.split("/", -1);
    int index = -1;
    for (int i = 0; i < patternSegments.length; i++) {
      if (patternSegments[i].equals(variable)) {
        index = i;
        break;
      }
    }
    if (index < 0) {
      throw new IllegalStateException("no " + variable + " segment in " + pattern);
    }
    String[] segments = rawPath.split("/", -1);
    if (index >= segments.length) {
      throw new IllegalStateException(rawPath + " does not match " + pattern);
    }
    String segment = segments[index];
    try {
      return CommandRequestParser.percentDecode(segment, 0, segment.length());
    } catch (CommandRequestException e) {
      throw ProblemException.invalidRequest("invalid percent-encoding in the " + name + " path segment '" + segment
          + "'");
    }
  }
}
