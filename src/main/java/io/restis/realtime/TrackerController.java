package io.restis.realtime;

import io.restis.api.RequestCaller;
import io.restis.api.ResourceApiDocs;
import io.restis.engine.Caller;
import io.restis.engine.CommandSpec;
import io.restis.engine.Engine;
import io.restis.engine.Reply;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The page-view tracker, Redis's founding story: {@code /tracker.js} on a page sends each view
 * here, and the store keeps, per site,
 *
 * <ul>
 *   <li>{@code tracker:<site>:views}: the latest {@code restis.tracker.max-views} views, newest
 *       first, as a capped list (LPUSH then LTRIM);
 *   <li>{@code tracker:<site>:pages:<day>}: views per page that day (HINCRBY; the page is the URL
 *       without query and fragment; the day is the server's UTC date);
 *   <li>{@code tracker:<site>:visitors:<day>}: a HyperLogLog of the visitor ids that day (PFADD),
 *       so PFCOUNT estimates unique visitors in 12 KiB whatever their number;
 * </ul>
 *
 * and publishes the view on the channel {@code tracker:<site>:views} for the live page. All of it
 * is one MULTI/EXEC through the command table, so a view is recorded whole or not at all and
 * propagates (log, replicas) like any write. The daily keys expire after
 * {@code restis.tracker.retention}.
 *
 * <p>{@code POST /track/{site}} takes the view as JSON in a {@code text/plain} body (so a browser
 * sends it without a CORS preflight) and answers 204. {@code GET /track/{site}/summary} gives what
 * the live page starts from.
 */
@RestController
@Tag(name = "tracker", description = "The page-view tracker: tracker.js sends each page view here; the store keeps "
    + "the latest views per site, views per page per day and unique visitors, and publishes each view live.")
public class TrackerController {

  private static final Pattern SITE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
  private static final int MAX_TEXT = 2048;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * The tracker's limits, from {@code restis.tracker.*}.
   *
   * @param maxViews length of each site's capped list of latest views
   * @param retentionSeconds TTL of the per-day keys
   * @param maxViewSize largest accepted view body in bytes
   */
  public record Settings(int maxViews, long retentionSeconds, long maxViewSize) {}

  private final Engine engine;
  private final TrackerAccess access;
  private final RequestCaller callers;
  private final int maxViews;
  private final long retentionSeconds;
  private final long maxViewSize;

  public TrackerController(Engine engine, TrackerAccess access, Settings settings,
      ObjectProvider<RequestCaller> callers) {
    this.engine = engine;
    this.access = access;
    this.callers = callers.getIfAvailable(() -> RequestCaller.OPEN);
    this.maxViews = settings.maxViews();
    this.retentionSeconds = settings.retentionSeconds();
    this.maxViewSize = settings.maxViewSize();
  }

  static String viewsKey(String site) {
    return "tracker:" + site + ":views";
  }

  static String pagesKey(String site, String day) {
    return "tracker:" + site + ":pages:" + day;
  }

  static String visitorsKey(String site, String day) {
    return "tracker:" + site + ":visitors:" + day;
  }

  @PostMapping("/track/{site}")
  @Operation(operationId = "trackView", summary = "Record a page view (what tracker.js sends)",
      description = "The view is a JSON object in a text/plain body (a CORS-simple request: no preflight): url "
          + "(required), referrer, title, time (ms) and visitor. One MULTI/EXEC stores it in the capped list "
          + "tracker:<site>:views (LPUSH, LTRIM), counts it in tracker:<site>:pages:<day> (HINCRBY), adds the "
          + "visitor to tracker:<site>:visitors:<day> (PFADD) and publishes it on tracker:<site>:views. An "
          + "allowed Origin is echoed with Access-Control-Allow-Credentials: true.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "text/plain", schema = @Schema(type = "string"), examples = @ExampleObject(
              "{\"url\":\"https://shop.example.com/cart\",\"referrer\":\"https://search.example/\","
                  + "\"title\":\"Cart\",\"time\":1764110000000,\"visitor\":\"v-42\"}"))))
  @ApiResponse(responseCode = "204", description = "Recorded.")
  @ApiResponse(responseCode = "413", description = "The view is larger than restis.tracker.max-view-size.",
      content = @Content(mediaType = "application/problem+json",
          schema = @Schema(ref = "#/components/schemas/" + ResourceApiDocs.PROBLEM_SCHEMA)))
  @ApiResponse(responseCode = "403", description = "The page's origin is not in restis.tracker.allowed-origins, or "
      + "the token was refused.", content = @Content(mediaType = "application/problem+json",
      schema = @Schema(ref = "#/components/schemas/" + ResourceApiDocs.PROBLEM_SCHEMA)))
  public ResponseEntity<Void> track(
      @Parameter(description = "The site id: 1 to 64 letters, digits, '_', '.' or '-'.", example = "mysite")
      @PathVariable String site,
      @Parameter(description = "The tracker token (data-token of the script tag), for the access hook.")
      @RequestParam(required = false) String token,
      HttpServletRequest request) throws IOException {
    checkSite(site);
    if (!access.admits(site, token, request.getHeader(HttpHeaders.ORIGIN))) {
      throw problem(HttpStatus.FORBIDDEN, "this page may not send views for site " + site);
    }
    JsonNode in = readView(request);
    long received = engine.clock().millis();
    String url = text(in, "url");
    if (url.isEmpty()) {
      throw problem(HttpStatus.BAD_REQUEST, "a view needs a url");
    }
    String visitor = text(in, "visitor");
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("site", site);
    view.put("url", url);
    view.put("page", page(url));
    view.put("referrer", text(in, "referrer"));
    view.put("title", text(in, "title"));
    view.put("visitor", visitor);
    view.put("time", in.path("time").canConvertToLong() ? in.path("time").asLong() : received);
    view.put("received", received);
    String json = JSON.writeValueAsString(view);
    String day = DAY.format(Instant.ofEpochMilli(received));
    String retention = Long.toString(retentionSeconds);
    List<byte[][]> tx = List.of(
        argv("LPUSH", viewsKey(site), json),
        argv("LTRIM", viewsKey(site), "0", Integer.toString(maxViews - 1)),
        argv("HINCRBY", pagesKey(site, day), (String) view.get("page"), "1"),
        argv("EXPIRE", pagesKey(site, day), retention, "NX"),
        argv("PFADD", visitorsKey(site, day), visitor.isEmpty() ? "anonymous" : visitor),
        argv("EXPIRE", visitorsKey(site, day), retention, "NX"),
        argv("PUBLISH", viewsKey(site), json));
    Reply r = engine.transaction(callers.current(), tx);
    if (r instanceof Reply.Error e) {
      throw refusal(e, tx);
    }
    return ResponseEntity.noContent().build();
  }

  /** What the live page starts from: the latest views, today's page counts and unique visitors. */
  @GetMapping("/track/{site}/summary")
  @Operation(operationId = "trackerSummary", summary = "A site's latest views, page counts and unique visitors",
      description = "What the live page (/live.html?site=<site>) starts from, read in one MULTI/EXEC: LRANGE of the "
          + "capped list, HGETALL of the day's page counts, PFCOUNT of the day's visitors.")
  @ApiResponse(responseCode = "200", description = "The summary.", useReturnTypeSchema = true)
  public Map<String, Object> summary(
      @Parameter(description = "The site id.", example = "mysite") @PathVariable String site,
      @Parameter(description = "The UTC day, YYYY-MM-DD; today by default.", example = "2026-11-25")
      @RequestParam(required = false) String day) {
    checkSite(site);
    String d = day != null ? day : DAY.format(Instant.ofEpochMilli(engine.clock().millis()));
    if (!d.matches("\\d{4}-\\d{2}-\\d{2}")) {
      throw problem(HttpStatus.BAD_REQUEST, "day must be YYYY-MM-DD");
    }
    List<byte[][]> reads = List.of(
        argv("LRANGE", viewsKey(site), "0", "-1"),
        argv("HGETALL", pagesKey(site, d)),
        argv("PFCOUNT", visitorsKey(site, d)));
    Reply r = engine.transaction(callers.current(), reads);
    if (r instanceof Reply.Error e) {
      throw refusal(e, reads);
    }
    if (!(r instanceof Reply.Multi m) || m.items().size() != 3) {
      throw problem(HttpStatus.SERVICE_UNAVAILABLE, "unexpected reply");
    }
    List<Object> views = new ArrayList<>();
    for (Reply v : ((Reply.Multi) m.items().get(0)).items()) {
      views.add(JSON.readTree(((Reply.Bulk) v).value()));
    }
    Map<String, Long> pages = new LinkedHashMap<>();
    long total = 0;
    List<Reply> flat = ((Reply.Multi) m.items().get(1)).items();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      long n = Long.parseLong(new String(((Reply.Bulk) flat.get(i + 1)).value(), StandardCharsets.US_ASCII));
      pages.put(new String(((Reply.Bulk) flat.get(i)).value(), StandardCharsets.UTF_8), n);
      total += n;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("site", site);
    out.put("day", d);
    out.put("channel", viewsKey(site));
    out.put("views", views);
    out.put("pages", pages);
    out.put("pageViews", total);
    out.put("uniqueVisitors", ((Reply.Int) m.items().get(2)).value());
    return out;
  }

  /**
   * The answer to a refused transaction: 403 with the NOPERM text when the caller may not run one
   * of its commands (the transaction is then discarded whole, EXECABORT), 503 for the store's own
   * state (loading, a failing log, a follower).
   */
  private ErrorResponseException refusal(Reply.Error e, List<byte[][]> tx) {
    Caller caller = callers.current();
    for (byte[][] argv : tx) {
      CommandSpec spec = engine.table().lookup(argv[0]);
      String denied = spec == null ? null : caller.deny(spec, argv);
      if (denied != null && denied.startsWith("NOPERM ")) {
        return problem(HttpStatus.FORBIDDEN, denied);
      }
    }
    return problem(HttpStatus.SERVICE_UNAVAILABLE, e.message());
  }

  private JsonNode readView(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > maxViewSize) {
      throw problem(HttpStatus.CONTENT_TOO_LARGE, "a view may be at most " + maxViewSize + " bytes");
    }
    // A declared length (what sendBeacon and fetch send) is read into an array of that size; only
    // a chunked body is read in the stream's own buffer steps up to the limit, one byte past it to
    // tell "too large". Views are small, so this keeps a view's garbage to its own bytes.
    long declared = request.getContentLengthLong();
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      if (declared >= 0) {
        byte[] exact = new byte[(int) declared];
        int n = in.readNBytes(exact, 0, exact.length);
        body = n == exact.length ? exact : Arrays.copyOf(exact, n);
      } else {
        body = in.readNBytes((int) maxViewSize + 1);
      }
    }
    if (body.length > maxViewSize) {
      throw problem(HttpStatus.CONTENT_TOO_LARGE, "a view may be at most " + maxViewSize + " bytes");
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw problem(HttpStatus.BAD_REQUEST, "a view is a JSON object");
      }
      return node;
    } catch (JacksonException e) {
      throw problem(HttpStatus.BAD_REQUEST, "a view is a JSON object: " + e.getOriginalMessage());
    }
  }

  private static String text(JsonNode in, String field) {
    JsonNode n = in.get(field);
    if (n == null || n.isNull() || !n.isValueNode()) {
      return "";
    }
    String s = n.asString();
    return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
  }

  /** The page a URL counts for: without query string and fragment. */
  static String page(String url) {
    try {
      URI u = new URI(url);
      if (u.getScheme() != null && u.getRawAuthority() != null) {
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return u.getScheme() + "://" + u.getRawAuthority() + path;
      }
    } catch (java.net.URISyntaxException e) {
      // not a URL: fall through to the cut below
    }
    int cut = url.length();
    for (char c : new char[] {'?', '#'}) {
      int i = url.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    return url.substring(0, cut);
  }

  private static void checkSite(String site) {
    if (!SITE.matcher(site).matches()) {
      throw problem(HttpStatus.BAD_REQUEST, "a site id is 1 to 64 letters, digits, '_', '.' or '-'");
    }
  }

  private static byte[][] argv(String... parts) {
    byte[][] argv = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      argv[i] = parts[i].getBytes(StandardCharsets.UTF_8);
    }
    return argv;
  }

  private static ErrorResponseException problem(HttpStatus status, String detail) {
    return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
  }
}
