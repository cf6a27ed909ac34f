package io.restis.realtime;

import io.restis.engine.Engine;
import io.restis.realtime.LongPolls;
import io.restis.realtime.SseStreams;
import io.restis.realtime.TrackerAccess;
import io.restis.realtime.TrackerController;
import io.restis.realtime.TrackerCorsFilter;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Fallback;
import org.springframework.core.Ordered;

/**
 * The real-time parts: keyspace notification classes applied to the engine, the SSE streams and
 * their writer pool, long polls for blocking commands, the scheduler that times parked commands
 * out, and the page-view tracker.
 *
 * <p>Threads: a fixed pool of {@code restis.pubsub.writer-threads} writes to every SSE stream, and
 * one scheduler thread runs heartbeats, long-poll keepalives and blocking timeouts. Nothing here
 * holds a thread per subscriber or per waiting caller.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RealtimeProperties.PubSub.class, RealtimeProperties.Notifications.class,
    RealtimeProperties.Blocking.class, TrackerProperties.class})
public class RealtimeConfiguration {

  /** The one scheduler thread for heartbeats, keepalives and blocking timeouts. */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService realtimeScheduler(Engine engine, RealtimeProperties.Blocking blocking,
      RealtimeProperties.Notifications notifications) {
    engine.setKeyspaceEvents(notifications.keyspaceEvents());
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(daemon("restis-realtime"));
    long every = blocking.timeoutCheck().toNanos();
    s.scheduleWithFixedDelay(engine::timeoutBlocked, every, every, TimeUnit.NANOSECONDS);
    return s;
  }

  @Bean(destroyMethod = "close")
  SseStreams sseStreams(Engine engine, RealtimeProperties.PubSub pubsub, ScheduledExecutorService realtimeScheduler) {
    ThreadPoolExecutor writers = new ThreadPoolExecutor(pubsub.writerThreads(), pubsub.writerThreads(), 60,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("restis-sse"));
    return new SseStreams(engine, writers, realtimeScheduler, pubsub.maxPending(), pubsub.heartbeat());
  }

  @Bean(destroyMethod = "")
  LongPolls longPolls(Engine engine, RealtimeProperties.Blocking blocking, ScheduledExecutorService realtimeScheduler) {
    return new LongPolls(realtimeScheduler, blocking.keepalive(), engine::offset);
  }

  /**
   * Every page may send views until the security layer provides its own {@link TrackerAccess}
   * bean, which then wins over this fallback.
   */
  @Bean
  @Fallback
  TrackerAccess openTrackerAccess() {
    return TrackerAccess.OPEN;
  }

  @Bean
  TrackerController.Settings trackerSettings(TrackerProperties tracker) {
    return new TrackerController.Settings(tracker.maxViews(), tracker.retention().toSeconds(),
        tracker.maxViewSize().toBytes());
  }

  @Bean
  FilterRegistrationBean<TrackerCorsFilter> trackerCorsFilter(TrackerProperties tracker) {
    FilterRegistrationBean<TrackerCorsFilter> r = new FilterRegistrationBean<>(
        new TrackerCorsFilter(tracker.allowedOrigins()));
    r.addUrlPatterns("/track/*");
    r.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return r;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
