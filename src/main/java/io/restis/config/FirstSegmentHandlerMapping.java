package io.restis.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Spring MVC's request mapping, with the path's first segment checked before anything else.
 *
 * <p>A path with a variable in it ({@code /strings/{key}}) is no "direct path", so Spring MVC
 * tries every mapping of the application on it, and each try checks the method, parameters,
 * headers, content type and {@code Accept} before it gets to the path: a hundred or so full
 * condition checks per request, the largest single cost of {@code GET /strings/{key}} (twice, as
 * Spring Security's CORS filter looks the handler up too). Almost every mapping starts with a
 * literal segment ({@code /strings}, {@code /lists}, {@code /redis}), and a path whose first
 * segment differs can match none of its patterns; such a mapping is passed over with one string
 * comparison. The outcome is the same: a mapping is only ever skipped where all its conditions
 * together would have failed on the path anyway, and what answers a miss (404, 405, 415) is
 * decided by Spring MVC over all the mappings, as before.
 *
 * <p>A pattern that does not start with a plain literal segment (a variable, a wildcard, an empty
 * pattern, anything percent-encoded), a case-insensitive pattern parser, or a request whose path
 * is not parsed turn the check off for that mapping or request.
 */
final class FirstSegmentHandlerMapping extends RequestMappingHandlerMapping {

  /** A mapping whose patterns do not all start with a plain literal segment: always tried. */
  private static final String[] ANY = new String[0];

  /**
   * Per mapping: the first segments its patterns start with, or {@link #ANY}. Read on every try
   * of every mapping, written once per mapping: an identity map (no hashing of the mapping's
   * conditions), replaced whole when a mapping is first seen.
   */
  private volatile Map<RequestMappingInfo, String[]> firstSegments = new IdentityHashMap<>();

  @Override
  protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
    String first = firstSegment(request);
    return super.lookupHandlerMethod(lookupPath, first == null ? request : new Lookup(request, first));
  }

  @Override
  protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
    if (request instanceof Lookup lookup) {
      String[] starts = firstSegments.get(info);
      if (starts == null) {
        starts = learn(info);
      }
      if (starts != ANY && !contains(starts, lookup.first)) {
        return null;
      }
    }
    return super.getMatchingMapping(info, request);
  }

  /**
   * The request while its handler is looked up, carrying its first path segment to every try of
   * a mapping, and its method read once (the conditions ask for it over and over, each time
   * through every wrapper of the filter chain). Everything else goes to the request itself,
   * attributes set on a match included.
   */
  private static final class Lookup extends HttpServletRequestWrapper {
    final String first;
    private final String method;

    Lookup(HttpServletRequest request, String first) {
      super(request);
      this.first = first;
      this.method = request.getMethod();
    }

    @Override
    public String getMethod() {
      return method;
    }
  }

  private synchronized String[] learn(RequestMappingInfo info) {
    String[] starts = firstSegments.get(info);
    if (starts == null) {
      starts = firstSegments(info);
      Map<RequestMappingInfo, String[]> next = new IdentityHashMap<>(firstSegments);
      next.put(info, starts);
      firstSegments = next;
    }
    return starts;
  }

  private static boolean contains(String[] starts, String first) {
    for (String s : starts) {
      if (s.equals(first)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The request path's first segment as the patterns' literals compare it (decoded, without
   * matrix parameters), "" when the path has none; null when the path is not parsed or the
   * patterns are not matched case-sensitively.
   */
  private String firstSegment(HttpServletRequest request) {
    PathPatternParser parser = getPatternParser();
    if (parser == null || !parser.isCaseSensitive() || !ServletRequestPathUtils.hasParsedRequestPath(request)) {
      return null;
    }
    RequestPath path = ServletRequestPathUtils.getParsedRequestPath(request);
    List<PathContainer.Element> elements = path.pathWithinApplication().elements();
    if (elements.size() >= 2 && elements.get(0) instanceof PathContainer.Separator
        && elements.get(1) instanceof PathContainer.PathSegment segment) {
      return segment.valueToMatch();
    }
    return "";
  }

  private String[] firstSegments(RequestMappingInfo info) {
    PathPatternsRequestCondition condition = info.getPathPatternsCondition();
    if (condition == null || condition.getPatterns().isEmpty()) {
      return ANY;
    }
    String[] starts = new String[condition.getPatterns().size()];
    int i = 0;
    for (PathPattern pattern : condition.getPatterns()) {
      String literal = literalFirstSegment(pattern.getPatternString());
      if (literal == null) {
        return ANY;
      }
      starts[i++] = literal;
    }
    return starts;
  }

  /** The first segment of a pattern when it is a non-empty plain literal, else null. */
  static String literalFirstSegment(String pattern) {
    if (pattern.length() < 2 || pattern.charAt(0) != '/') {
      return null;
    }
    int end = pattern.indexOf('/', 1);
    String segment = pattern.substring(1, end < 0 ? pattern.length() : end);
    if (segment.isEmpty()) {
      return null;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '-' || c == '_' || c == '.' || c == '~';
      if (!plain) {
        return null;
      }
    }
    return segment;
  }
}
