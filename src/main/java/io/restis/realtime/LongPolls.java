package io.restis.realtime;

import io.restis.api.CommandController;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Blocking commands over HTTP as long polls, holding no thread while they wait.
 *
 * <p>The request goes async ({@link DeferredResult}): its container thread returns to the pool
 * and the parked command is just a future in the engine. When the engine serves it (or its
 * timeout passes) the reply is rendered and the request resumes on a container thread. A caller
 * that goes away must not stay parked, so every {@code keepalive} a single space (JSON allows
 * leading whitespace) is written to each waiting response: the write to a closed connection fails
 * and the parked command is cancelled, which takes it out of the engine's waiters. The first such
 * byte commits the response with 200, which is safe: once parked, a blocking command can only end
 * in a reply, never in a request error. (The {@code upstash-sync-token} header then carries the
 * offset of that moment rather than of the reply.)
 */
public final class LongPolls implements AutoCloseable {

  private final ScheduledExecutorService scheduler;
  private final LongSupplier syncToken;
  private final Set<Poll> waiting = ConcurrentHashMap.newKeySet();

  public LongPolls(ScheduledExecutorService scheduler, Duration keepalive, LongSupplier syncToken) {
    this.scheduler = scheduler;
    this.syncToken = syncToken;
    long every = keepalive.toMillis();
    scheduler.scheduleWithFixedDelay(this::keepalive, every, every, TimeUnit.MILLISECONDS);
  }

  /** Parked requests, for tests. */
  public int waiting() {
    return waiting.size();
  }

  /** The async result for a future that is not done yet; {@code render} makes the JSON body. */
  public <T> DeferredResult<ResponseEntity<byte[]>> await(CompletableFuture<T> future, HttpServletResponse response,
      Function<T, byte[]> render) {
    DeferredResult<ResponseEntity<byte[]>> result = new DeferredResult<>(-1L); // the command has its own timeout
    Poll p = new Poll(response, future);
    waiting.add(p);
    result.onCompletion(p::abandon);
    result.onError(t -> p.abandon());
    future.whenComplete((value, failure) -> {
      if (!p.finish()) {
        return; // the client is gone
      }
      if (failure != null) {
        if (!(failure instanceof CancellationException)) {
          result.setErrorResult(failure);
        }
        return;
      }
      result.setResult(ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .header(CommandController.SYNC_TOKEN_HEADER, Long.toString(syncToken.getAsLong()))
          .body(render.apply(value)));
    });
    return result;
  }

  private void keepalive() {
    for (Poll p : waiting) {
      p.keepalive();
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  /** One waiting response. Its monitor orders keepalive writes before the final reply. */
  private final class Poll {
    private final HttpServletResponse response;
    private final CompletableFuture<?> future;
    private boolean done;

    Poll(HttpServletResponse response, CompletableFuture<?> future) {
      this.response = response;
      this.future = future;
    }

    /** Claims the response for the reply; false when it was already given up. */
    synchronized boolean finish() {
      if (done) {
        return false;
      }
      done = true;
      waiting.remove(this);
      return true;
    }

    /** The request ended without a reply (error, client gone): cancel the parked command. */
    void abandon() {
      if (finish()) {
        future.cancel(false);
      }
    }

    synchronized void keepalive() {
      if (done) {
        return;
      }
      try {
        if (!response.isCommitted()) {
          response.setStatus(HttpServletResponse.SC_OK);
          response.setContentType(MediaType.APPLICATION_JSON_VALUE);
          response.setHeader(CommandController.SYNC_TOKEN_HEADER, Long.toString(syncToken.getAsLong()));
        }
        response.getOutputStream().write(' ');
        response.flushBuffer();
      } catch (IOException | RuntimeException e) {
        done = true;
        waiting.remove(this);
        future.cancel(false);
      }
    }
  }
}
