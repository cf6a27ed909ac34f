package io.restis.config;

import io.restis.engine.Engine;
import java.time.Duration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Redis's active expiry: keys with a TTL that nobody reads again would otherwise stay in memory
 * until touched, so a background cycle samples them and deletes the expired ones. The period is
 * a fixed delay, not a fixed rate, so a slow cycle never piles up runs behind it.
 */
public final class ActiveExpiry {

  private final Engine engine;
  private final long budgetNanos;

  public ActiveExpiry(Engine engine, Duration budget) {
    this.engine = engine;
    this.budgetNanos = budget.toNanos();
  }

  /**
   * One cycle. The placeholder repeats {@link EngineProperties}'s default because the annotation
   * is resolved from the environment, not from the bound record.
   */
  @Scheduled(fixedDelayString = "${restis.engine.active-expire-period:100ms}")
  public void run() {
    engine.activeExpireCycle(budgetNanos);
  }
}
