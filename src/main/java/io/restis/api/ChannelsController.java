package io.restis.api;

import io.restis.engine.Bytes;
import io.restis.engine.Caller;
import io.restis.engine.Engine;
import io.restis.engine.Reply;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
public class ChannelsController {

  private static final Caller CLIENT = new Caller() {};

  private final Engine engine;
  private final SseStreams streams;
  private final RequestBodyReader bodies;

  public ChannelsController(Engine engine, SseStreams streams, RequestBodyReader bodies) {
    this.engine = engine;
    this.streams = streams;
    this.bodies = bodies;
  }

  /** The receiver count of a publish. */
  public record Published(long receivers) {}

  @PostMapping("/channels/{channel}/messages")
  public Published publish(@PathVariable String channel, HttpServletRequest request) throws IOException {
    byte[] message = bodies.raw(request);
    Reply r = engine.execute(CLIENT, "PUBLISH".getBytes(StandardCharsets.US_ASCII), utf8(channel), message);
    if (r instanceof Reply.Int n) {
      return new Published(n.value());
    }
    throw refused(r);
  }

  @GetMapping("/channels/{channel}/events")
  public ResponseEntity<ResponseBodyEmitter> channelEvents(@PathVariable String channel) {
    return SubscribeController.stream(streams.open(List.of(Bytes.wrap(utf8(channel))), false, SseStreams.JSON));
  }

  @GetMapping("/patterns/{pattern}/events")
  public ResponseEntity<ResponseBodyEmitter> patternEvents(@PathVariable String pattern) {
    return SubscribeController.stream(streams.open(List.of(Bytes.wrap(utf8(pattern))), true, SseStreams.JSON));
  }

  @GetMapping("/channels")
  public Map<String, Object> channels(@RequestParam(required = false) String pattern) {
    List<byte[]> cmd = new ArrayList<>(List.of(utf8("PUBSUB"), utf8("CHANNELS")));
    if (pattern != null) {
      cmd.add(utf8(pattern));
    }
    Reply names = engine.execute(CLIENT, cmd.toArray(new byte[0][]));
    if (!(names instanceof Reply.Multi m)) {
      throw refused(names);
    }
    List<byte[]> numsub = new ArrayList<>(List.of(utf8("PUBSUB"), utf8("NUMSUB")));
    for (Reply item : m.items()) {
      numsub.add(((Reply.Bulk) item).value());
    }
    Reply counts = engine.execute(CLIENT, numsub.toArray(new byte[0][]));
    List<Map<String, Object>> channels = new ArrayList<>();
    if (counts instanceof Reply.Multi c) {
      for (int i = 0; i + 1 < c.items().size(); i += 2) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("channel", new String(((Reply.Bulk) c.items().get(i)).value(), StandardCharsets.UTF_8));
        one.put("subscribers", ((Reply.Int) c.items().get(i + 1)).value());
        channels.add(one);
      }
    }
    Reply numpat = engine.execute(CLIENT, utf8("PUBSUB"), utf8("NUMPAT"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("channels", channels);
    out.put("patterns", numpat instanceof Reply.Int n ? n.value() : 0);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ErrorResponseException refused(Reply r) {
    String text = r instanceof Reply.Error e ? e.message() : "unexpected reply";
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, text);
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, p, null);
  }
}
