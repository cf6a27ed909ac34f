package io.restis.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The persistence service's place in the application's life.
 *
 * <p>Start: Spring Boot starts the web server during the context refresh, runs the application
 * runners, and only then declares readiness ({@link ReadinessState#ACCEPTING_TRAFFIC}). Loading
 * runs as a runner, so while it runs the server answers (status, health) but readiness is down
 * ({@link ReadinessState#REFUSING_TRAFFIC}, published again here to be explicit) and commands get
 * LOADING. A load that fails throws, and the application does not start.
 *
 * <p>Stop: a lifecycle at phase 0 stops after the web server (whose phases are near
 * {@code Integer.MAX_VALUE}) has stopped taking requests, then flushes the log and writes the
 * final snapshot.
 */
public final class PersistenceLifecycle implements ApplicationRunner, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PersistenceLifecycle.class);

  private final PersistenceService service;
  private final ApplicationEventPublisher events;
  private volatile boolean running;

  public PersistenceLifecycle(PersistenceService service, ApplicationEventPublisher events) {
    this.service = service;
    this.events = events;
  }

  @Override
  public void run(ApplicationArguments args) throws Exception {
    AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
    try {
      service.start();
    } catch (Exception e) {
      log.error("Refusing to start: {}", e.getMessage());
      throw e;
    }
  }

  /** The timed work, once a second: everysec fsync, save points, automatic compaction. */
  @Scheduled(fixedDelay = 1000, initialDelay = 1000)
  public void tick() {
    service.tick();
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    try {
      service.shutdown();
    } finally {
      running = false;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return 0;
  }
}
