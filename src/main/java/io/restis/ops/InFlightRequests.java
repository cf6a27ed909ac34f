package io.restis.ops;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts the requests being served now: INFO's {@code connected_clients} and the
 * {@code restis.clients.connected} gauge. HTTP has no sessions to count, so a client is a request
 * in flight; a long poll or an event stream (async requests) counts until it completes.
 */
public final class InFlightRequests extends OncePerRequestFilter {

  private final AtomicInteger active = new AtomicInteger();

  public int active() {
    return active.get();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    active.incrementAndGet();
    boolean async = false;
    try {
      chain.doFilter(request, response);
      if (request.isAsyncStarted()) {
        async = true;
        AtomicBoolean done = new AtomicBoolean();
        request.getAsyncContext().addListener(new AsyncListener() {
          @Override
          public void onComplete(AsyncEvent event) {
            release();
          }

          @Override
          public void onTimeout(AsyncEvent event) {
            release();
          }

          @Override
          public void onError(AsyncEvent event) {
            release();
          }

          @Override
          public void onStartAsync(AsyncEvent event) {
            // the same request, dispatched again: still one client
          }

          private void release() {
            if (done.compareAndSet(false, true)) {
              active.decrementAndGet();
            }
          }
        });
      }
    } finally {
      if (!async) {
        active.decrementAndGet();
      }
    }
  }

  /** Async re-dispatches are the same request, counted once. */
  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return true;
  }
}
