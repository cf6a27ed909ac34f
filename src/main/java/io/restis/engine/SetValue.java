package io.restis.engine;

/** Placeholder until the type lands: its class owns its representation. */
public final class SetValue implements Value {

  @Override
  public ValueType type() {
    return ValueType.SET;
  }

  @Override
  public long size() {
    return 0;
  }

  /** The members, in no particular order (ZUNION and friends read plain sets through this). */
  public Iterable<Bytes> members() {
    return java.util.List.of();
  }

  @Override
  public SetValue copy() {
    return new SetValue();
  }
}
