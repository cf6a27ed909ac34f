package io.restis.engine;

/**
 * The engine's only source of time. Production uses the system clock; tests pass a fake one and
 * advance it instead of sleeping.
 */
public interface EngineClock {

  EngineClock SYSTEM = new EngineClock() {
    @Override
    public long millis() {
      return System.currentTimeMillis();
    }

    @Override
    public long micros() {
      java.time.Instant now = java.time.Instant.now();
      return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
  };

  /** Unix time in milliseconds. */
  long millis();

  /** Unix time in microseconds, for TIME. */
  default long micros() {
    return millis() * 1000;
  }
}
