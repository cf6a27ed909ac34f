package io.restis.realtime;

import io.restis.api.ProblemException;
import io.restis.api.RequestBodyReader;
import io.restis.api.RequestCaller;
import io.restis.engine.Bytes;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Pub/sub as resources:
 *
 * <ul>
 *   <li>{@code POST /channels/{channel}/messages}: the body (any bytes) is published;
 *       {@code {"receivers": n}} as PUBLISH counts them;
 *   <li>{@code GET /channels/{channel}/events} and {@code GET /patterns/{pattern}/events}: a
 *       Server-Sent Events stream, {@code event: subscribe} first, then one {@code event: message}
 *       per message with JSON data {@code {"channel","message"}} ({@code "pattern"} too for
 *       patterns), and a comment line as heartbeat;
 *   <li>{@code GET /channels[?pattern=]}: the active channels with their subscriber counts and the
 *       number of patterns (PUBSUB CHANNELS, NUMSUB, NUMPAT).
 * </ul>
 *
 * <p>Keyspace notifications are ordinary channels: {@code /channels/__keyspace@0__:mykey/events}
 * or {@code /patterns/__keyevent@0__:*}{@code /events} (with {@code restis.notifications.keyspace-events}
 * on). Channel names are path segments, percent-decoded ({@code %2F} for a slash).
 */
@RestController
@Tag(name = ChannelsController.TAG, description = "Publish/subscribe: publish to a channel, listen to a channel or a "
    + "pattern as Server-Sent Events (keyspace notifications included), list active channels.")
public class ChannelsController {

  public static final String TAG = "pubsub";
  static final String SSE_DOC = "A text/event-stream that stays open: event: subscribe first, then one event: message "
      + "per message whose data is a JSON object, and a comment line (: heartbeat) on idle streams. A stream that "
      + "falls restis.pubsub.max-pending messages behind ends with a ': closed: slow subscriber' comment.";

  private final Engine engine;
  private final SseStreams streams;
  private final RequestBodyReader bodies;
  private final RequestCaller callers;

  public ChannelsController(Engine engine, SseStreams streams, RequestBodyReader bodies,
      ObjectProvider<RequestCaller> callers) {
    this.engine = engine;
    this.streams = streams;
    this.bodies = bodies;
    this.callers = callers.getIfAvailable(() -> RequestCaller.OPEN);
  }

  /** The receiver count of a publish. */
  @Schema(description = "How many subscriptions received the message (PUBLISH's reply).")
  public record Published(@Schema(example = "2", requiredMode = Schema.RequiredMode.REQUIRED) long receivers) {}

  /** One active channel. */
  public record ChannelCount(
      @Schema(example = "news", requiredMode = Schema.RequiredMode.REQUIRED) String channel,
      @Schema(example = "1", requiredMode = Schema.RequiredMode.REQUIRED) long subscribers) {}

  /** The active channels and the number of subscribed patterns. */
  public record ChannelList(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ChannelCount> channels,
      @Schema(example = "2", requiredMode = Schema.RequiredMode.REQUIRED) long patterns) {}

  @PostMapping("/channels/{channel}/messages")
  @Operation(operationId = "publishMessage", summary = "Publish a message to a channel (PUBLISH)",
      description = "The request body, byte for byte and of any Content-Type, is the message. Delivery is "
          + "at-most-once; a subscription matching the channel and a pattern receives it twice.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
          description = "The message.", content = {
              @Content(mediaType = "text/plain", schema = @Schema(type = "string"), examples = @ExampleObject("hello")),
              @Content(mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary"))}))
  @ApiResponse(responseCode = "200", description = "Published.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"receivers\":2}")))
  public Published publish(@Parameter(description = "The channel name (percent-decoded).", example = "news")
      @PathVariable String channel, HttpServletRequest request) throws IOException {
    byte[] message = bodies.raw(request);
    Reply r = engine.execute(callers.current(), "PUBLISH".getBytes(StandardCharsets.US_ASCII), utf8(channel), message);
    if (r instanceof Reply.Int n) {
      return new Published(n.value());
    }
    throw refused(r);
  }

  @GetMapping("/channels/{channel}/events")
  @Operation(operationId = "subscribeChannel", summary = "Listen to a channel as Server-Sent Events (SUBSCRIBE)",
      description = SSE_DOC + " Message data: {\"channel\",\"message\"}.")
  @ApiResponse(responseCode = "200", description = "The open event stream.", content = @Content(
      mediaType = "text/event-stream", schema = @Schema(type = "string"), examples = @ExampleObject(
          "event: subscribe\ndata: {\"channel\":\"news\",\"subscriptions\":1}\n\nevent: message\n"
              + "data: {\"channel\":\"news\",\"message\":\"hello\"}\n\n")))
  public ResponseEntity<ResponseBodyEmitter> channelEvents(
      @Parameter(description = "The channel name (percent-decoded), such as __keyspace@0__:mykey.", example = "news")
      @PathVariable String channel, HttpServletRequest request) {
    List<Bytes> names = permitted(Bytes.wrap(utf8(channel)), false);
    return SubscribeController.stream(request, () -> streams.open(names, false, SseStreams.JSON));
  }

  @GetMapping("/patterns/{pattern}/events")
  @Operation(operationId = "subscribePattern", summary = "Listen to a channel pattern as Server-Sent Events (PSUBSCRIBE)",
      description = SSE_DOC + " Message data: {\"pattern\",\"channel\",\"message\"}.")
  @ApiResponse(responseCode = "200", description = "The open event stream.", content = @Content(
      mediaType = "text/event-stream", schema = @Schema(type = "string"), examples = @ExampleObject(
          "event: subscribe\ndata: {\"pattern\":\"news*\",\"subscriptions\":1}\n\nevent: message\n"
              + "data: {\"pattern\":\"news*\",\"channel\":\"news\",\"message\":\"hello\"}\n\n")))
  public ResponseEntity<ResponseBodyEmitter> patternEvents(
      @Parameter(description = "A glob pattern (*, ?, [abc]), percent-decoded, such as __keyevent@0__:*.",
          example = "news*")
      @PathVariable String pattern, HttpServletRequest request) {
    List<Bytes> names = permitted(Bytes.wrap(utf8(pattern)), true);
    return SubscribeController.stream(request, () -> streams.open(names, true, SseStreams.JSON));
  }

  @GetMapping("/channels")
  @Operation(operationId = "listChannels", summary = "Active channels and their subscribers (PUBSUB CHANNELS, NUMSUB, NUMPAT)")
  @ApiResponse(responseCode = "200", description = "The channels with at least one subscriber.",
      useReturnTypeSchema = true, content = @Content(examples = @ExampleObject(
          "{\"channels\":[{\"channel\":\"news\",\"subscribers\":1}],\"patterns\":2}")))
  public ChannelList channels(@Parameter(description = "Only channels matching this glob pattern.", example = "news*")
      @RequestParam(required = false) String pattern) {
    List<byte[]> cmd = new ArrayList<>(List.of(utf8("PUBSUB"), utf8("CHANNELS")));
    if (pattern != null) {
      cmd.add(utf8(pattern));
    }
    Reply names = engine.execute(callers.current(), cmd.toArray(new byte[0][]));
    if (!(names instanceof Reply.Multi m)) {
      throw refused(names);
    }
    List<byte[]> numsub = new ArrayList<>(List.of(utf8("PUBSUB"), utf8("NUMSUB")));
    for (Reply item : m.items()) {
      numsub.add(((Reply.Bulk) item).value());
    }
    Reply counts = engine.execute(callers.current(), numsub.toArray(new byte[0][]));
    List<ChannelCount> channels = new ArrayList<>();
    if (counts instanceof Reply.Multi c) {
      for (int i = 0; i + 1 < c.items().size(); i += 2) {
        channels.add(new ChannelCount(new String(((Reply.Bulk) c.items().get(i)).value(), StandardCharsets.UTF_8),
            ((Reply.Int) c.items().get(i + 1)).value()));
      }
    }
    Reply numpat = engine.execute(callers.current(), utf8("PUBSUB"), utf8("NUMPAT"));
    return new ChannelList(channels, numpat instanceof Reply.Int n ? n.value() : 0);
  }

  /** The channel (or pattern) as a list to subscribe to, once the caller may; 403 NOPERM if not. */
  private List<Bytes> permitted(Bytes name, boolean pattern) {
    String denied = callers.current().denyChannels(List.of(name), pattern);
    if (denied != null) {
      throw ProblemException.fromErrorReply(denied);
    }
    return List.of(name);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static RuntimeException refused(Reply r) {
    if (r instanceof Reply.Error e && e.message().startsWith("NOPERM ")) {
      return ProblemException.fromErrorReply(e.message());
    }
    return refusedAs400(r);
  }

  private static ErrorResponseException refusedAs400(Reply r) {
    String text = r instanceof Reply.Error e ? e.message() : "unexpected reply";
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, text);
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, p, null);
  }
}
