package io.restis.engine;

/** Placeholder until the type lands: its class owns its representation. */
public final class HashValue implements Value {

  @Override
  public ValueType type() {
    return ValueType.HASH;
  }

  @Override
  public long size() {
    return 0;
  }

  @Override
  public HashValue copy() {
    return new HashValue();
  }
}
