package io.restis.realtime;

import io.restis.api.CommandController;
import io.restis.api.CommandRequestException;
import io.restis.api.RequestCaller;
import io.restis.api.UpstashEndpoint;
import io.restis.engine.Bytes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Upstash's subscribe endpoints on the command endpoint: {@code POST /redis/subscribe/<channel>}
 * and {@code POST /redis/psubscribe/<pattern>} (body {@code []}, {@code Accept: text/event-stream})
 * answer an open stream of {@code data: subscribe,<ch>,<n>}, then {@code data: message,<ch>,<msg>}
 * or {@code data: pmessage,<pattern>,<ch>,<msg>} lines. As Upstash does, the channel is the rest of
 * the path taken literally (not percent-decoded), so it may contain slashes. GET works too, for
 * EventSource.
 */
@RestController
@UpstashEndpoint
public class SubscribeController {

  private final SseStreams streams;
  private final RequestCaller callers;

  public SubscribeController(SseStreams streams, ObjectProvider<RequestCaller> callers) {
    this.streams = streams;
    this.callers = callers.getIfAvailable(() -> RequestCaller.OPEN);
  }

  @RequestMapping(path = CommandController.PREFIX + "/subscribe/**", method = {RequestMethod.POST, RequestMethod.GET})
  @Operation(operationId = "subscribeUpstash", summary = "Subscribe to a channel, Upstash's stream format (SUBSCRIBE)",
      description = "The channel is the rest of the path, taken literally (not percent-decoded). The answer stays "
          + "open: data: subscribe,<channel>,<count>, then data: message,<channel>,<message> per message "
          + "(not base64), and a comment line (: heartbeat) on idle streams.")
  @ApiResponse(responseCode = "200", description = "The open event stream.", content = @Content(
      mediaType = "text/event-stream", schema = @Schema(type = "string"),
      examples = @ExampleObject("data: subscribe,news,1\n\ndata: message,news,hello\n\n")))
  public ResponseEntity<ResponseBodyEmitter> subscribe(HttpServletRequest request) {
    return open(request, "/subscribe/", false);
  }

  @RequestMapping(path = CommandController.PREFIX + "/psubscribe/**", method = {RequestMethod.POST, RequestMethod.GET})
  @Operation(operationId = "psubscribeUpstash", summary = "Subscribe to a channel pattern, Upstash's stream format (PSUBSCRIBE)",
      description = "The pattern is the rest of the path, taken literally. The answer stays open: "
          + "data: psubscribe,<pattern>,<count>, then data: pmessage,<pattern>,<channel>,<message> per message.")
  @ApiResponse(responseCode = "200", description = "The open event stream.", content = @Content(
      mediaType = "text/event-stream", schema = @Schema(type = "string"),
      examples = @ExampleObject("data: psubscribe,news*,1\n\ndata: pmessage,news*,news,hello\n\n")))
  public ResponseEntity<ResponseBodyEmitter> psubscribe(HttpServletRequest request) {
    return open(request, "/psubscribe/", true);
  }

  private ResponseEntity<ResponseBodyEmitter> open(HttpServletRequest request, String marker, boolean patterns) {
    String uri = request.getRequestURI();
    String name = uri.substring(request.getContextPath().length() + CommandController.PREFIX.length() + marker.length());
    if (name.isEmpty()) {
      throw CommandRequestException.badRequest("ERR wrong number of arguments for '"
          + (patterns ? "psubscribe" : "subscribe") + "' command");
    }
    Bytes channel = Bytes.wrap(name.getBytes(StandardCharsets.UTF_8));
    String denied = callers.current().denyChannels(List.of(channel), patterns);
    if (denied != null) {
      throw CommandRequestException.forbidden(denied);
    }
    return stream(request, () -> streams.open(List.of(channel), patterns, SseStreams.UPSTASH));
  }

  /**
   * The answer that opens an event stream, or for HEAD only its headers: a HEAD answer has no body,
   * so the client takes the exchange as done once the headers are in and sends its next request on
   * the same connection; a stream left open behind it would hold that connection forever. So HEAD
   * is checked like GET (access, arguments) but subscribes to nothing.
   */
  static ResponseEntity<ResponseBodyEmitter> stream(HttpServletRequest request, Supplier<ResponseBodyEmitter> open) {
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok()
        .contentType(SseStreams.EVENT_STREAM)
        .cacheControl(CacheControl.noStore())
        .header("X-Accel-Buffering", "no"); // reverse proxies must pass events on at once
    return "HEAD".equals(request.getMethod()) ? ok.build() : ok.body(open.get());
  }
}
