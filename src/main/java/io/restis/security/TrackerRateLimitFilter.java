package io.restis.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Throttles what the public tracker tokens can send: every request a tracker token makes counts
 * against its client address's bucket ({@link TrackerRateLimiter}); an empty bucket is answered
 * 429 with Retry-After before anything runs. Client tokens are not throttled here.
 */
final class TrackerRateLimitFilter extends OncePerRequestFilter {

  private final TrackerRateLimiter limiter;

  TrackerRateLimitFilter(TrackerRateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication a = SecurityContextHolder.getContext().getAuthentication();
    if (a instanceof TokenAuthentication t && t.getPrincipal() != null
        && t.getPrincipal().kind() == TokenRegistry.Kind.TRACKER) {
      long wait = limiter.acquire(ClientAddress.bucketKey(request.getRemoteAddr()));
      if (wait > 0) {
        SecurityAnswers.tooManyRequests(request, response, wait);
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
