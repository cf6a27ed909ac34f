package io.restis.security;

import io.restis.api.CommandController;
import io.restis.api.Problem;
import io.restis.api.ProblemExceptionHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers of the security layer, written before any controller runs, in the shape the
 * endpoint's clients read: {@code {"error": "..."}} on the command endpoint (the Upstash SDK
 * reads nothing else), an RFC 9457 problem everywhere else, with the error word (NOAUTH,
 * WRONGPASS, NOPERM, DENIED) as its {@code error} property, as the resources' own problems carry
 * the store's.
 */
final class SecurityAnswers {

  /** Redis's texts. */
  static final String NOAUTH = "NOAUTH Authentication required.";
  static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

  static final String PROTECTED_MODE = "DENIED Restis is running in protected mode because no tokens are "
      + "configured (restis.security.tokens). In this mode only clients on the loopback interface are answered. "
      + "To accept other clients, either configure at least one client token and send it as "
      + "'Authorization: Bearer <token>', or, on a network you trust as a whole, turn protected mode off with "
      + "restis.security.protected-mode=false.";

  static final String REALM = "Bearer realm=\"restis\"";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SecurityAnswers() {}

  /** 401: no token, or one nobody knows; {@code WWW-Authenticate} tells the client what to send. */
  static void unauthorized(HttpServletRequest request, HttpServletResponse response, String message)
      throws IOException {
    String challenge = message.startsWith("WRONGPASS") ? REALM + ", error=\"invalid_token\"" : REALM;
    response.setHeader("WWW-Authenticate", challenge);
    write(request, response, 401, "unauthorized", "Unauthorized", message);
  }

  /** 403 with the NOPERM (or DENIED) text. */
  static void forbidden(HttpServletRequest request, HttpServletResponse response, String message)
      throws IOException {
    write(request, response, 403, "forbidden", "Forbidden", message);
  }

  /** 429 with the seconds to wait. */
  static void tooManyRequests(HttpServletRequest request, HttpServletResponse response, long retryAfterSeconds)
      throws IOException {
    response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    write(request, response, 429, "too-many-requests", "Too many requests",
        "too many page views from this address; retry after " + retryAfterSeconds + " s");
  }

  /** 400 for a request the firewall refused before it reached the store. */
  static void rejected(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
    write(request, response, 400, "invalid-request", Problem.INVALID_REQUEST.title(), detail);
  }

  /** True for the command endpoint, whose clients read {@code {"error"}} bodies. */
  static boolean isCommandEndpoint(HttpServletRequest request) {
    String path = path(request);
    return path.equals(CommandController.PREFIX) || path.startsWith(CommandController.PREFIX + "/");
  }

  /** The request's path inside the application, not decoded. */
  static String path(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
  }

  private static void write(HttpServletRequest request, HttpServletResponse response, int status, String slug,
      String title, String message) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.setStatus(status);
    Map<String, Object> body = new LinkedHashMap<>();
    if (isCommandEndpoint(request)) {
      response.setContentType("application/json");
      body.put("error", message);
    } else {
      response.setContentType("application/problem+json");
      body.put("type", Problem.TYPE_BASE + slug);
      body.put("title", title);
      body.put("status", status);
      body.put("detail", message);
      body.put("instance", path(request));
      int space = message.indexOf(' ');
      String word = space < 0 ? message : message.substring(0, space);
      if (word.equals(word.toUpperCase()) && word.chars().allMatch(Character::isLetter)) {
        body.put(ProblemExceptionHandler.ERROR_PROPERTY, word);
      }
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    response.flushBuffer();
  }
}
