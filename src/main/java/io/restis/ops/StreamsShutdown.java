package io.restis.ops;

import io.restis.realtime.SseStreams;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Ends the event streams when the graceful shutdown begins. The web server's drain waits for every
 * request in flight, and a subscriber's stream never ends by itself: without this, one open
 * stream holds the shutdown until {@code spring.lifecycle.timeout-per-shutdown-phase} and the drain
 * is then aborted. Each stream gets a final {@code : closed: server shutting down} comment, so an
 * EventSource reconnects (to another pod behind the Service).
 *
 * <p>It stops in the web server's graceful-shutdown phase, alongside it: streams are ended at once
 * and once more a moment later, for one that opened just before the server stopped accepting.
 */
final class StreamsShutdown implements SmartLifecycle {

  static final String REASON = "server shutting down";
  private static final long SECOND_SWEEP_MILLIS = 1000;

  private final ObjectProvider<SseStreams> streams;
  private volatile boolean running;

  StreamsShutdown(ObjectProvider<SseStreams> streams) {
    this.streams = streams;
  }

  private void endAll() {
    streams.ifAvailable(s -> s.endAll(REASON));
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    endAll();
    running = false;
  }

  @Override
  public void stop(Runnable callback) {
    endAll();
    Thread t = new Thread(() -> {
      try {
        TimeUnit.MILLISECONDS.sleep(SECOND_SWEEP_MILLIS);
        endAll();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        running = false;
        callback.run();
      }
    }, "restis-streams-shutdown");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
  }
}
