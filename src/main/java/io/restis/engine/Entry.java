package io.restis.engine;

/**
 * A keyspace entry: the value, its absolute expiry in unix milliseconds ({@link #NO_EXPIRY} when
 * none) and a version that changes on every write to the key. The version feeds HTTP ETags: it is
 * drawn from a keyspace-wide counter, so a key deleted and created again never repeats a version.
 *
 * <p>Guarded by the engine lock, like everything in the keyspace.
 */
public final class Entry {

  public static final long NO_EXPIRY = -1;

  Value value;
  long expireAt = NO_EXPIRY;
  long version;

  /** The snapshot epoch this entry was last serialized in (or created during); see Keyspace. */
  long savedEpoch;

  Entry(Value value, long version) {
    this.value = value;
    this.version = version;
  }

  public Value value() {
    return value;
  }

  public long expireAt() {
    return expireAt;
  }

  public boolean hasExpiry() {
    return expireAt != NO_EXPIRY;
  }

  public long version() {
    return version;
  }
}
