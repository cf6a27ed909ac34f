package io.restis.realtime;

import io.restis.engine.Bytes;
import io.restis.engine.Engine;
import io.restis.engine.PubSubMessage;
import io.restis.engine.Subscription;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Subscriptions as Server-Sent Events streams.
 *
 * <p>Each stream is an engine {@link Subscription} (a bounded mailbox the engine fills under its
 * lock) plus an async servlet response. No thread belongs to a stream: when a message lands in an
 * empty mailbox the engine wakes the stream after releasing its lock, which schedules one drain on
 * a small shared writer pool; the drain writes what is waiting as one batch and flushes. A stream
 * that falls {@code max-pending} messages behind is closed by the engine (Redis disconnects such
 * subscribers too): the writer sends what was queued, a final comment naming the reason, and ends
 * the response; an EventSource then reconnects by itself.
 *
 * <p>Every {@code heartbeat} a comment line goes to each open stream, which keeps proxies from
 * closing an idle connection and is how a client that went away is noticed (the write fails, the
 * subscription is dropped).
 */
public final class SseStreams implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SseStreams.class);
  static final MediaType EVENT_STREAM = new MediaType("text", "event-stream", StandardCharsets.UTF_8);
  private static final int BATCH = 256;
  private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

  /** How one stream renders what it receives. */
  public interface Format {
    /** The events announcing the subscriptions, with the subscription counts after each. */
    byte[] subscribed(List<Bytes> names, int[] counts, boolean patterns);

    byte[] message(PubSubMessage m);
  }

  private final Engine engine;
  private final ExecutorService writers;
  private final ScheduledExecutorService heartbeats;
  private final int maxPending;
  private final Set<Stream> open = ConcurrentHashMap.newKeySet();

  public SseStreams(Engine engine, ExecutorService writers, ScheduledExecutorService heartbeats, int maxPending,
      Duration heartbeat) {
    this.engine = engine;
    this.writers = writers;
    this.heartbeats = heartbeats;
    this.maxPending = maxPending;
    long every = heartbeat.toMillis();
    heartbeats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /** Opens a stream subscribed to channels or patterns; the emitter goes back to Spring MVC. */
  public ResponseBodyEmitter open(List<Bytes> names, boolean patterns, Format format) {
    ResponseBodyEmitter emitter = new ResponseBodyEmitter(-1L); // no timeout: heartbeats keep it alive
    Stream s = new Stream(emitter, format);
    emitter.onCompletion(s::closeQuietly);
    emitter.onError(e -> s.closeQuietly());
    emitter.onTimeout(s::closeQuietly);
    int[] counts = patterns ? engine.psubscribe(s.subscription, names) : engine.subscribe(s.subscription, names);
    open.add(s);
    s.enqueueFirst(format.subscribed(names, counts, patterns));
    return emitter;
  }

  /** Open streams, for tests and metrics. */
  public int openStreams() {
    return open.size();
  }

  private void beat() {
    for (Stream s : open) {
      s.heartbeatDue = true;
      s.schedule();
    }
  }

  /**
   * Ends every open stream as the engine ends a slow one: what is queued goes out, then a comment
   * naming the reason, and the response completes (an EventSource reconnects, behind a Service to
   * another node). The writers keep running. A graceful shutdown calls it: it waits for requests in
   * flight, and an event stream never ends by itself.
   */
  public void endAll(String reason) {
    for (Stream s : open) {
      engine.unsubscribe(s.subscription, reason);
    }
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    for (Stream s : open) {
      s.closeQuietly();
      s.emitter.complete();
    }
    writers.shutdown();
  }

  /** One SSE response and its subscription. */
  private final class Stream {
    final ResponseBodyEmitter emitter;
    final Format format;
    final Subscription subscription;
    final AtomicBoolean scheduled = new AtomicBoolean();
    volatile boolean heartbeatDue;
    volatile byte[] first;
    volatile boolean ended;

    Stream(ResponseBodyEmitter emitter, Format format) {
      this.emitter = emitter;
      this.format = format;
      this.subscription = new Subscription(maxPending, this::schedule);
    }

    void enqueueFirst(byte[] bytes) {
      first = bytes;
      schedule();
    }

    void schedule() {
      if (!ended && scheduled.compareAndSet(false, true)) {
        try {
          writers.execute(this::drain);
        } catch (RuntimeException e) { // the pool is shutting down
          scheduled.set(false);
        }
      }
    }

    /** Writes everything waiting in one go; runs on the writer pool, one drain per stream at a time. */
    void drain() {
      try {
        while (!ended) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          byte[] f = first;
          if (f != null) {
            first = null;
            out.writeBytes(f);
          }
          List<PubSubMessage> batch = subscription.drain(BATCH);
          for (PubSubMessage m : batch) {
            out.writeBytes(format.message(m));
          }
          if (heartbeatDue) {
            heartbeatDue = false;
            if (out.size() == 0) {
              out.writeBytes(HEARTBEAT);
            }
          }
          if (out.size() > 0) {
            emitter.send(out.toByteArray(), EVENT_STREAM);
          }
          if (subscription.isClosed() && subscription.pending() == 0) {
            String reason = subscription.closedReason();
            emitter.send((": closed: " + reason + "\n\n").getBytes(StandardCharsets.UTF_8), EVENT_STREAM);
            end();
            emitter.complete();
            return;
          }
          if (batch.size() < BATCH) {
            break;
          }
        }
      } catch (IOException | RuntimeException e) {
        log.debug("subscriber stream ended", e);
        end();
        emitter.completeWithError(e);
        return;
      } finally {
        scheduled.set(false);
      }
      // A message that arrived after the last drain found the flag still set: look again.
      if (!ended && (subscription.pending() > 0 || first != null || subscription.isClosed())) {
        schedule();
      }
    }

    void end() {
      ended = true;
      open.remove(this);
      engine.unsubscribe(subscription, "stream ended");
    }

    void closeQuietly() {
      if (!ended) {
        end();
      }
    }
  }

  // ---- the two wire formats ----

  /** Upstash's subscribe stream: {@code data: subscribe,<ch>,<n>}, {@code data: message,<ch>,<msg>}. */
  public static final Format UPSTASH = new Format() {
    @Override
    public byte[] subscribed(List<Bytes> names, int[] counts, boolean patterns) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < names.size(); i++) {
        line(out, (patterns ? "psubscribe," : "subscribe,") + text(names.get(i)) + "," + counts[i]);
      }
      return out.toByteArray();
    }

    @Override
    public byte[] message(PubSubMessage m) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String payload = new String(m.payload(), StandardCharsets.UTF_8);
      line(out, m.isPatternMessage()
          ? "pmessage," + text(m.pattern()) + "," + text(m.channel()) + "," + payload
          : "message," + text(m.channel()) + "," + payload);
      return out.toByteArray();
    }
  };

  /**
   * The resources' stream: named events ({@code subscribe}, {@code message}) whose data is one JSON
   * object: {@code {"channel":..,"subscriptions":n}}, {@code {"channel":..,"message":..}} and, for
   * pattern subscriptions, {@code "pattern"} as well. Texts are the bytes read as UTF-8.
   */
  public static final Format JSON = new Format() {
    @Override
    public byte[] subscribed(List<Bytes> names, int[] counts, boolean patterns) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < names.size(); i++) {
        event(out, "subscribe", "{\"" + (patterns ? "pattern" : "channel") + "\":" + quote(text(names.get(i)))
            + ",\"subscriptions\":" + counts[i] + "}");
      }
      return out.toByteArray();
    }

    @Override
    public byte[] message(PubSubMessage m) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String json = "{" + (m.isPatternMessage() ? "\"pattern\":" + quote(text(m.pattern())) + "," : "")
          + "\"channel\":" + quote(text(m.channel())) + ",\"message\":"
          + quote(new String(m.payload(), StandardCharsets.UTF_8)) + "}";
      event(out, "message", json);
      return out.toByteArray();
    }
  };

  /** One {@code data:} line per line of the text (SSE cannot carry a raw newline in one line). */
  private static void line(ByteArrayOutputStream out, String data) {
    for (String l : data.split("\r\n|\r|\n", -1)) {
      out.writeBytes(("data: " + l + "\n").getBytes(StandardCharsets.UTF_8));
    }
    out.write('\n');
  }

  private static void event(ByteArrayOutputStream out, String name, String json) {
    out.writeBytes(("event: " + name + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
  }

  static String text(Bytes b) {
    return new String(b.bytes(), StandardCharsets.UTF_8);
  }

  /** A JSON string literal (JSON output here is tiny and hot; a generator per event is overkill). */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
