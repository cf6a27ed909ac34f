package io.restis.replication;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Replication's place in the application's life: it starts once the application is ready (the
 * dataset loaded by persistence, the web server listening, so a follower can announce its port),
 * does its timed work every heartbeat period, and stops after the web server stopped taking
 * requests and before persistence writes its final snapshot.
 */
final class ReplicationLifecycle implements ApplicationListener<ApplicationReadyEvent>, SmartLifecycle {

  private final ReplicationService service;
  private volatile boolean running;

  ReplicationLifecycle(ReplicationService service) {
    this.service = service;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    service.start();
  }

  /**
   * A follower's heartbeat, a leader's sweep of silent followers, the per-follower meters. The
   * placeholder repeats the default because the annotation is resolved from the environment.
   */
  @Scheduled(fixedDelayString = "${restis.replication.heartbeat-period:1s}")
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
      service.stop();
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
    return 1;
  }
}
