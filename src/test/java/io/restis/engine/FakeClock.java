package io.restis.engine;

/** A clock tests move by hand, so expiry is tested without sleeping. */
public final class FakeClock implements EngineClock {

  private long millis;

  public FakeClock(long startMillis) {
    this.millis = startMillis;
  }

  @Override
  public synchronized long millis() {
    return millis;
  }

  public synchronized void advance(long ms) {
    millis += ms;
  }

  public synchronized void set(long ms) {
    millis = ms;
  }
}
