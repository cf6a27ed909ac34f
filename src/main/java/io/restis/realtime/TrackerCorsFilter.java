package io.restis.realtime;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CORS for the tracker's ingest endpoint ({@code /track/*}), separate from the store's own CORS
 * settings because the pages that send views are arbitrary sites, not the store's clients.
 *
 * <p>A beacon is a credentialed request, so an allowed Origin is echoed exactly with
 * {@code Access-Control-Allow-Credentials: true} ({@code *} would be refused by the browser) and
 * {@code Vary: Origin}. tracker.js sends {@code text/plain}, which needs no preflight; a preflight
 * (a page's own fetch with other headers) is answered here all the same. The headers are set
 * before Spring MVC's CORS handling runs, which then leaves the request alone.
 */
public final class TrackerCorsFilter extends OncePerRequestFilter {

  private final List<String> allowedOrigins;
  private final boolean anyOrigin;

  public TrackerCorsFilter(List<String> allowedOrigins) {
    this.allowedOrigins = List.copyOf(allowedOrigins);
    this.anyOrigin = allowedOrigins.contains("*");
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !path.startsWith("/track/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    boolean allowed = origin != null && (anyOrigin || allowedOrigins.contains(origin));
    if (allowed) {
      response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }
    if ("OPTIONS".equals(request.getMethod()) && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
      if (!allowed) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        return;
      }
      response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS");
      response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type");
      response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400");
      response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      return;
    }
    if (origin != null && !allowed) {
      // A page from an origin that is not allowed: refused before anything is stored.
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      return;
    }
    chain.doFilter(request, response);
  }
}
