package io.restis.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.security.web.header.HeaderWriter;

/**
 * Content-Security-Policy and framing, per kind of answer (Spring Security writes the other
 * standard headers: X-Content-Type-Options, Referrer-Policy).
 *
 * <ul>
 *   <li>API answers (JSON, problems, event streams): {@code default-src 'none'; frame-ancestors
 *       'none'}: nothing in them may load or run anything, nor be framed.
 *   <li>Swagger UI ({@code /swagger-ui/**}): its own scripts and styles from this origin, the
 *       inline styles and {@code data:} images it renders, calls to this origin only.
 *   <li>The live page ({@code /live.html}): its inline script and style admitted by their SHA-256
 *       hashes (computed from the page at start, so nothing else inline can run), event streams
 *       and fetches to this origin, framing by {@code restis.security.live-page-frame-ancestors}.
 * </ul>
 *
 * A header a controller set itself is left alone.
 */
final class SecurityHeaders implements HeaderWriter {

  static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

  static final String SWAGGER_UI_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
      + "form-action 'self'; frame-ancestors 'none'";

  static final String LIVE_PAGE = "/live.html";

  private static final Pattern INLINE =
      Pattern.compile("<(script|style)(\\s[^>]*)?>(.*?)</\\1>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

  private final String livePagePolicy;
  private final String livePageFrameOptions;

  SecurityHeaders(List<String> livePageFrameAncestors) {
    Set<String> scripts = new LinkedHashSet<>();
    Set<String> styles = new LinkedHashSet<>();
    inlineHashes(new ClassPathResource("static" + LIVE_PAGE), scripts, styles);
    String ancestors = String.join(" ", livePageFrameAncestors);
    this.livePagePolicy = "default-src 'none'; script-src 'self'" + prefixed(scripts) + "; style-src 'self'"
        + prefixed(styles) + "; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
        + "frame-ancestors " + ancestors;
    this.livePageFrameOptions = livePageFrameAncestors.equals(List.of("'self'")) ? "SAMEORIGIN"
        : livePageFrameAncestors.equals(List.of("'none'")) ? "DENY" : null;
  }

  /** The policy of the live page (for tests and the README). */
  String livePagePolicy() {
    return livePagePolicy;
  }

  @Override
  public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
    String path = SecurityAnswers.path(request);
    String policy;
    String frameOptions = "DENY";
    if (path.startsWith("/swagger-ui")) {
      policy = SWAGGER_UI_POLICY;
    } else if (path.equals(LIVE_PAGE)) {
      policy = livePagePolicy;
      frameOptions = livePageFrameOptions;
    } else {
      policy = API_POLICY;
    }
    if (!response.containsHeader("Content-Security-Policy")) {
      response.setHeader("Content-Security-Policy", policy);
    }
    if (frameOptions != null && !response.containsHeader("X-Frame-Options")) {
      response.setHeader("X-Frame-Options", frameOptions);
    }
  }

  private static String prefixed(Set<String> hashes) {
    StringBuilder b = new StringBuilder();
    for (String h : hashes) {
      b.append(" '").append(h).append('\'');
    }
    return b.toString();
  }

  /** The hashes CSP uses for the page's inline {@code <script>} and {@code <style>} blocks. */
  static void inlineHashes(Resource page, Set<String> scripts, Set<String> styles) {
    if (!page.exists()) {
      return;
    }
    String html;
    try (InputStream in = page.getInputStream()) {
      html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + page, e);
    }
    Matcher m = INLINE.matcher(html);
    while (m.find()) {
      String attributes = m.group(2) == null ? "" : m.group(2);
      if (m.group(1).equalsIgnoreCase("script") && attributes.toLowerCase().contains("src=")) {
        continue; // an external script: 'self' covers it
      }
      String hash = "sha256-" + Base64.getEncoder().encodeToString(
          TokenRegistry.sha256Bytes(m.group(3).getBytes(StandardCharsets.UTF_8)));
      (m.group(1).equalsIgnoreCase("script") ? scripts : styles).add(hash);
    }
  }
}
