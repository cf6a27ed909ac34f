package io.restis.engine;

/**
 * A string value: a byte array. Redis keeps small integers in a tagged encoding; here integers
 * are parsed on demand, which keeps one representation and costs a parse only on INCR and friends.
 * The array is replaced, never mutated, so a reader holding it outside the lock sees a stable value.
 */
public final class StringValue implements Value {

  private final byte[] data;

  public StringValue(byte[] data) {
    this.data = data;
  }

  public byte[] bytes() {
    return data;
  }

  @Override
  public ValueType type() {
    return ValueType.STRING;
  }

  @Override
  public long size() {
    return data.length;
  }

  @Override
  public StringValue copy() {
    return this; // immutable
  }
}
