package io.restis.security;

import io.restis.engine.Bytes;
import io.restis.engine.Caller;
import io.restis.engine.CommandSpec;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Who a request comes from, decided once per request before anything else of the application
 * runs: protected mode, then the token, then the engine {@link Caller} the controllers will pass
 * to every command (a request attribute, read through {@link SecurityRequestCaller}).
 *
 * <ol>
 *   <li>No client token configured: protected mode answers clients off the loopback interface
 *       403 DENIED (health probes and tracker tokens on the tracker excepted); loopback clients
 *       run as the default principal, with every permission, as Redis's default user.
 *   <li>Otherwise the token comes from {@code Authorization: Bearer <token>}, or, only where a
 *       browser cannot send headers (EventSource streams and the tracker's beacons), from the
 *       {@code _token} query parameter ({@code token} too on the tracker, as tracker.js sends
 *       it). A token nobody knows is answered 401 at once; no token leaves the request anonymous
 *       for the URL rules to decide (public paths pass, the rest get 401 NOAUTH).
 * </ol>
 */
final class TokenAuthenticationFilter extends OncePerRequestFilter {

  /** The request attribute holding the request's engine caller. */
  static final String CALLER_ATTRIBUTE = TokenAuthenticationFilter.class.getName() + ".caller";

  static final String QUERY_TOKEN = "_token";
  static final String TRACKER_QUERY_TOKEN = "token";

  private static final Set<String> HEALTH_PROBES =
      Set.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness");

  /** The caller of a request with no usable token: it may run nothing. */
  static final Caller NOBODY = new Caller() {
    @Override
    public String deny(CommandSpec spec, byte[][] argv) {
      return SecurityAnswers.NOAUTH;
    }

    @Override
    public String denyChannels(List<Bytes> names, boolean patterns) {
      return SecurityAnswers.NOAUTH;
    }
  };

  /** The caller of a tracker token anywhere but on its sites' ingest endpoint. */
  static final Caller TRACKER_ELSEWHERE = new Caller() {
    @Override
    public String deny(CommandSpec spec, byte[][] argv) {
      return AclCaller.noPermissionToRun(spec, argv);
    }

    @Override
    public String denyChannels(List<Bytes> names, boolean patterns) {
      return AclCaller.NOPERM_CHANNELS;
    }
  };

  private final TokenRegistry registry;
  private final AuthenticationManager authentication;
  private final boolean protectedMode;
  private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

  TokenAuthenticationFilter(TokenRegistry registry, AuthenticationManager authentication, boolean protectedMode) {
    this.registry = registry;
    this.authentication = authentication;
    this.protectedMode = protectedMode;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = SecurityAnswers.path(request);
    String token = bearer(request);
    if (token == null && acceptsQueryToken(path)) {
      token = queryParameter(request, QUERY_TOKEN);
      if (token == null && isTrackerIngest(path)) {
        token = queryParameter(request, TRACKER_QUERY_TOKEN);
      }
    } else if (token == null && queryParameter(request, QUERY_TOKEN) != null && registry.hasClientTokens()) {
      SecurityAnswers.unauthorized(request, response, "NOAUTH a token in the query string is accepted only on "
          + "event streams and the tracker; send it as 'Authorization: Bearer <token>'");
      return;
    }
    TokenRegistry.Principal principal = null;
    if (token != null) {
      principal = authenticate(token);
      if (principal == null && registry.hasClientTokens()) {
        SecurityAnswers.unauthorized(request, response, SecurityAnswers.WRONGPASS);
        return;
      }
    }
    if (!registry.hasClientTokens() && (principal == null || principal.kind() != TokenRegistry.Kind.TRACKER)) {
      if (protectedMode && !ClientAddress.isLoopback(request.getRemoteAddr()) && !HEALTH_PROBES.contains(path)) {
        SecurityAnswers.forbidden(request, response, SecurityAnswers.PROTECTED_MODE);
        return;
      }
      principal = registry.defaultPrincipal(); // a token sent anyway changes nothing, as with nopass
    }
    Caller caller = NOBODY;
    if (principal != null) {
      SecurityContext context = contexts.createEmptyContext();
      context.setAuthentication(TokenAuthentication.authenticated(principal));
      contexts.setContext(context);
      caller = callerFor(principal, request, path);
    }
    request.setAttribute(CALLER_ATTRIBUTE, caller);
    chain.doFilter(new MalformedParameters(request), response);
  }

  private TokenRegistry.Principal authenticate(String token) {
    try {
      return ((TokenAuthentication) authentication.authenticate(TokenAuthentication.unauthenticated(token)))
          .getPrincipal();
    } catch (AuthenticationException e) {
      return null;
    }
  }

  private static Caller callerFor(TokenRegistry.Principal principal, HttpServletRequest request, String path) {
    if (principal.kind() != TokenRegistry.Kind.TRACKER) {
      return principal.caller();
    }
    if ("POST".equals(request.getMethod()) && isTrackerIngest(path)) {
      Caller site = principal.trackerCaller(trackerSite(path));
      if (site != null) {
        return site;
      }
    }
    return TRACKER_ELSEWHERE;
  }

  static final String TRACKER_PREFIX = "/track/";

  /** The site of {@code /track/{site}}, percent-decoded as the endpoint decodes it. */
  static String trackerSite(String path) {
    try {
      return UriUtils.decode(path.substring(TRACKER_PREFIX.length()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** {@code /track/{site}}: the tracker's ingest endpoint. */
  static boolean isTrackerIngest(String path) {
    return path.startsWith(TRACKER_PREFIX) && path.length() > TRACKER_PREFIX.length()
        && path.indexOf('/', TRACKER_PREFIX.length()) < 0;
  }

  /**
   * Where a browser cannot send an Authorization header: EventSource streams (Upstash's subscribe
   * endpoints, the channel and pattern event streams) and the tracker's beacons.
   */
  static boolean acceptsQueryToken(String path) {
    return path.startsWith("/redis/subscribe/") || path.startsWith("/redis/psubscribe/")
        || (path.startsWith("/channels/") || path.startsWith("/patterns/")) && path.endsWith("/events")
        || isTrackerIngest(path);
  }

  /** The token of {@code Authorization: Bearer <token>}; null without the header. */
  private static String bearer(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null) {
      return null;
    }
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return ""; // another scheme: no token anybody knows
  }

  /**
   * A parameter of the query string alone. {@code getParameter} would also read a form body,
   * consuming what the endpoint itself has to read.
   */
  static String queryParameter(HttpServletRequest request, String name) {
    String query = request.getQueryString();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        try {
          return URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return ""; // a malformed escape: a token nobody has
        }
      }
    }
    return null;
  }
}
