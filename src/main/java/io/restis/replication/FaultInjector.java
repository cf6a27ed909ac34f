package io.restis.replication;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults for the leader's pushes, to test that followers converge after them: a push dropped
 * before it is sent (the follower never sees it), a push whose answer is lost after the follower
 * applied it (the leader sends the same writes again), a delay before each push. Off unless set
 * ({@code restis.replication.faults.*} at start, {@code PUT /admin/replication/faults} at run time).
 */
final class FaultInjector {

  /** The current settings; one immutable value, swapped whole. */
  @Schema(name = "ReplicationFaults")
  record Settings(double dropRate, double lostAckRate, long delayMillis) {
    static final Settings NONE = new Settings(0, 0, 0);

    boolean active() {
      return dropRate > 0 || lostAckRate > 0 || delayMillis > 0;
    }
  }

  private volatile Settings settings;
  private final AtomicLong delayed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong lostAcks = new AtomicLong();

  FaultInjector(ReplicationProperties.Faults initial) {
    this.settings = new Settings(initial.dropRate(), initial.lostAckRate(), initial.delay().toMillis());
  }

  Settings settings() {
    return settings;
  }

  void set(Settings s) {
    if (s.dropRate() < 0 || s.dropRate() > 1 || s.lostAckRate() < 0 || s.lostAckRate() > 1 || s.delayMillis() < 0) {
      throw new IllegalArgumentException("rates must be between 0 and 1 and the delay at least 0");
    }
    settings = s;
  }

  /** Before a push: waits the delay; true when the push is to be dropped. */
  boolean dropBeforeSend() throws InterruptedException {
    Settings s = settings;
    if (s.delayMillis() > 0) {
      Thread.sleep(s.delayMillis());
      delayed.incrementAndGet();
    }
    if (s.dropRate() > 0 && ThreadLocalRandom.current().nextDouble() < s.dropRate()) {
      dropped.incrementAndGet();
      return true;
    }
    return false;
  }

  /** After a push was applied: true when its answer is to be lost. */
  boolean loseAnswer() {
    Settings s = settings;
    if (s.lostAckRate() > 0 && ThreadLocalRandom.current().nextDouble() < s.lostAckRate()) {
      lostAcks.incrementAndGet();
      return true;
    }
    return false;
  }

  long delayed() {
    return delayed.get();
  }

  long dropped() {
    return dropped.get();
  }

  long lostAcks() {
    return lostAcks.get();
  }
}
