package io.restis.engine;

/** Placeholder until the type lands: its class owns its representation. */
public final class ListValue implements Value {

  @Override
  public ValueType type() {
    return ValueType.LIST;
  }

  @Override
  public long size() {
    return 0;
  }

  @Override
  public ListValue copy() {
    return new ListValue();
  }
}
