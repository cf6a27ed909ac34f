package io.restis.engine;

/** Placeholder until the type lands: its class owns its representation. */
public final class ZSetValue implements Value {

  @Override
  public ValueType type() {
    return ValueType.ZSET;
  }

  @Override
  public long size() {
    return 0;
  }

  @Override
  public ZSetValue copy() {
    return new ZSetValue();
  }
}
