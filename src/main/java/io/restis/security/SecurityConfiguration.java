package io.restis.security;

import io.restis.api.RequestCaller;
import io.restis.engine.CommandTable;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsUtils;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security for every endpoint: two filter chains, the firewall, the headers, and the
 * hardening of what a request may send.
 *
 * <h2>The replication chain</h2>
 * {@code /replication/**} authenticates with {@code restis.replication.secret} alone (the
 * replication package's guard checks it on the handlers): no client token is read there, so a
 * client token never works on it, and protected mode does not apply (followers are remote).
 *
 * <h2>The client chain</h2>
 * Everything else. {@link TokenAuthenticationFilter} decides who the request comes from and sets
 * the engine caller the controllers use, {@link TrackerRateLimitFilter} throttles tracker tokens,
 * and the URL rules below decide which endpoints the principal may reach at all:
 * <ul>
 *   <li>open without a token: the health groups (for the cluster's probes), CORS preflights, the
 *       API documentation and Swagger UI, the static tracker script and live page;
 *   <li>admin scope: {@code /admin/**} and the rest of {@code /actuator/**};
 *   <li>{@code POST /track/{site}}: a client token, or a tracker token listing the site;
 *   <li>everything else: a client token; what it may do there is the engine's ACL check on every
 *       command, keys and channels included.
 * </ul>
 * Refusals: 401 (no token, or an unknown one, with {@code WWW-Authenticate: Bearer}) and 403
 * with NOPERM, as {@code {"error"}} on the command endpoint and as problems elsewhere
 * ({@link SecurityAnswers}).
 *
 * <p>Nothing is kept between requests: no session, no cookie, no CSRF token (nothing here rides
 * on ambient credentials: a token is sent explicitly with each request).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

  static final String[] HEALTH_PROBES = {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"};

  static final String[] PUBLIC_PAGES = {"/tracker.js", "/live.html", "/favicon.ico", "/swagger-ui.html",
      "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml"};

  @Bean
  TokenRegistry tokenRegistry(SecurityProperties settings, CommandTable table, Environment env) {
    return TokenRegistry.of(settings, table, env.getProperty("restis.replication.secret"));
  }

  /** Also keeps Spring Boot from making up a user with a generated password. */
  @Bean
  TokenAuthenticationProvider tokenAuthenticationProvider(TokenRegistry registry) {
    return new TokenAuthenticationProvider(registry);
  }

  /**
   * The API document names the token (Swagger UI's "Authorize" then sends it with "Try it out"):
   * a bearer scheme, required by every operation of the document.
   */
  @Bean
  OpenApiCustomizer bearerTokenInApiDocs() {
    return openApi -> {
      if (openApi.getComponents() == null) {
        openApi.setComponents(new Components());
      }
      openApi.getComponents().addSecuritySchemes(TOKEN_SCHEME, new SecurityScheme()
          .type(SecurityScheme.Type.HTTP).scheme("bearer")
          .description("A client token (restis.security.tokens), sent as Authorization: Bearer <token>. "
              + "Needed once tokens are configured; until then (protected mode) only clients on the loopback "
              + "interface are answered, without a token. Event streams and the tracker also take it as the "
              + "_token query parameter. 401 without a token or with an unknown one, 403 NOPERM for what its "
              + "ACL rules refuse."));
      openApi.setSecurity(new java.util.ArrayList<>(List.of(new SecurityRequirement().addList(TOKEN_SCHEME))));
    };
  }

  static final String TOKEN_SCHEME = "token";

  /** The engine caller of the request being served, for the controllers. */
  @Bean
  RequestCaller requestCaller() {
    return new SecurityRequestCaller();
  }

  @Bean
  @Order(1)
  SecurityFilterChain replicationEndpoints(HttpSecurity http) throws Exception {
    http.securityMatcher("/replication/**");
    stateless(http);
    http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain clientEndpoints(HttpSecurity http, TokenRegistry registry,
      TokenAuthenticationProvider provider, SecurityProperties settings) throws Exception {
    stateless(http);
    http.cors(c -> {}); // Spring MVC's CORS settings, so that refusals carry CORS headers too
    http.addFilterBefore(new TokenAuthenticationFilter(registry, new ProviderManager(provider), settings.protectedMode()),
        AnonymousAuthenticationFilter.class);
    http.addFilterAfter(new TrackerRateLimitFilter(new TrackerRateLimiter(settings.trackerRateLimit(), System::nanoTime)),
        TokenAuthenticationFilter.class);
    http.exceptionHandling(e -> e
        .authenticationEntryPoint((request, response, ex) ->
            SecurityAnswers.unauthorized(request, response, SecurityAnswers.NOAUTH))
        .accessDeniedHandler((request, response, ex) ->
            SecurityAnswers.forbidden(request, response, whyForbidden(request))));
    http.authorizeHttpRequests(a -> a
        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
        .requestMatchers(CorsUtils::isPreFlightRequest).permitAll()
        .requestMatchers(HttpMethod.GET, HEALTH_PROBES).permitAll()
        .requestMatchers(HttpMethod.HEAD, HEALTH_PROBES).permitAll()
        .requestMatchers("/actuator", "/actuator/**", "/admin", "/admin/**").hasAuthority(TokenAuthentication.ADMIN)
        .requestMatchers(HttpMethod.POST, TokenAuthenticationFilter.TRACKER_PREFIX + "{site}").access(trackerIngest())
        .requestMatchers(HttpMethod.GET, PUBLIC_PAGES).permitAll()
        .requestMatchers(HttpMethod.HEAD, PUBLIC_PAGES).permitAll()
        .anyRequest().hasAuthority(TokenAuthentication.CLIENT));
    http.headers(h -> h
        .cacheControl(c -> c.disable()) // the resources state their own caching (ETags)
        .frameOptions(f -> f.disable()) // written per page by SecurityHeaders
        .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
        .addHeaderWriter(new SecurityHeaders(settings.livePageFrameAncestors())));
    return http.build();
  }

  private static void stateless(HttpSecurity http) throws Exception {
    http.csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(r -> r.disable())
        .logout(l -> l.disable());
  }

  /** A client token, or a tracker token that lists the site in the path. */
  private static AuthorizationManager<RequestAuthorizationContext> trackerIngest() {
    return (authentication, context) -> {
      Authentication a = authentication.get();
      if (a instanceof TokenAuthentication t && t.getPrincipal() != null) {
        TokenRegistry.Principal p = t.getPrincipal();
        String site = context.getVariables().get("site");
        boolean granted = p.kind() != TokenRegistry.Kind.TRACKER || site != null && p.trackerCaller(site) != null;
        return new AuthorizationDecision(granted);
      }
      return new AuthorizationDecision(false);
    };
  }

  /** The NOPERM text of a refusal by the URL rules. */
  static String whyForbidden(jakarta.servlet.http.HttpServletRequest request) {
    String path = SecurityAnswers.path(request);
    Authentication a = SecurityContextHolder.getContext().getAuthentication();
    TokenRegistry.Principal p = a instanceof TokenAuthentication t ? t.getPrincipal() : null;
    if (p != null && p.kind() == TokenRegistry.Kind.TRACKER) {
      if (TokenAuthenticationFilter.isTrackerIngest(path) && "POST".equals(request.getMethod())) {
        return "NOPERM this token may not record page views for the site '"
            + TokenAuthenticationFilter.trackerSite(path) + "'";
      }
      return "NOPERM this token may only record page views (POST /track/{site} for its sites)";
    }
    if (path.startsWith("/admin") || path.startsWith("/actuator")) {
      return "NOPERM this token has no admin scope (give it 'admin: true', or rules that grant +@admin)";
    }
    return "NOPERM this token may not use this endpoint";
  }

  /**
   * The firewall in front of every chain. Keys, members and channels are arbitrary bytes and
   * travel percent-encoded in paths, so encoded slashes, percents, periods, semicolons,
   * backslashes, NUL and line breaks must pass; the path matching of the rules above and of
   * Spring MVC read the same parsed path, so they cannot disagree about such a path. What stays:
   * only the usual HTTP methods, and no {@code .}/{@code ..} segments in the raw path. Header and
   * parameter values are policed by Tomcat already; checking them again here would fail requests
   * halfway through a controller. A refusal is a 400 in the endpoint's own error shape.
   */
  @Bean
  WebSecurityCustomizer firewall() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowUrlEncodedSlash(true);
    firewall.setAllowUrlEncodedDoubleSlash(true);
    firewall.setAllowUrlEncodedPercent(true);
    firewall.setAllowUrlEncodedPeriod(true);
    firewall.setAllowSemicolon(true);
    firewall.setAllowBackSlash(true);
    firewall.setAllowNull(true);
    firewall.setAllowUrlEncodedCarriageReturn(true);
    firewall.setAllowUrlEncodedLineFeed(true);
    firewall.setAllowUrlEncodedLineSeparator(true);
    firewall.setAllowUrlEncodedParagraphSeparator(true);
    firewall.setAllowedHeaderNames(name -> true);
    firewall.setAllowedHeaderValues(value -> true);
    firewall.setAllowedParameterNames(name -> true);
    firewall.setAllowedParameterValues(value -> true);
    return web -> web.httpFirewall(firewall).requestRejectedHandler((request, response, e) ->
        SecurityAnswers.rejected(request, response, "the request was refused before it reached the store: "
            + e.getMessage()));
  }

  /**
   * The JSON mapper every resource body is read with, under {@code restis.security.json.*}:
   * Spring Boot's own builder (its {@code spring.jackson.*} settings and modules applied by its
   * customizers) over a factory with these read constraints. Deeply nested or huge documents are
   * refused while they are parsed, before they can cost stack or memory.
   */
  @Bean
  @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
  JsonMapper.Builder jsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers, SecurityProperties settings) {
    SecurityProperties.Json json = settings.json();
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(json.maxNestingDepth())
            .maxStringLength((int) Math.min(Integer.MAX_VALUE, json.maxStringLength().toBytes()))
            .maxNumberLength(json.maxNumberLength())
            .build())
        .build();
    JsonMapper.Builder builder = JsonMapper.builder(factory);
    customizers.forEach(c -> c.customize(builder));
    return builder;
  }

  /**
   * No Micrometer observations of Spring Security's own work. With them, every filter of the chain
   * is wrapped in an observation whose before/after events each look up and bump a counter, and
   * authorization is timed on its own: about a third of the CPU time of a one-command request, for
   * meters ({@code spring_security_*}) nothing here reads. The request as a whole is still observed
   * ({@code http_server_requests_*}), and the store's meters are untouched.
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  /** Tomcat's limit on the number of header fields of one request. */
  @Bean
  TomcatConnectorCustomizer maxHeaderCount(SecurityProperties settings) {
    return connector -> connector.setProperty("maxHeaderCount", Integer.toString(settings.maxHeaderCount()));
  }
}
