package io.restis.persistence;

import io.restis.engine.Bytes;
import io.restis.engine.Entry;
import io.restis.engine.Keyspace;
import io.restis.engine.Value;
import io.restis.persistence.format.RdbFormatException;
import io.restis.persistence.format.RdbHandler;
import io.restis.persistence.format.RdbReader;
import io.restis.persistence.format.RdbValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads an RDB stream into a keyspace that nobody else can reach yet (one from
 * {@link io.restis.engine.Engine#newKeyspace}), without the engine lock: a follower's full sync
 * loads the leader's snapshot beside its current data, then swaps it in at once.
 *
 * <p>Keys already expired are kept, as a Redis replica keeps them: the follower's data must be the
 * leader's table exactly, and the leader's DEL for them follows in the stream. The whole stream is
 * read, checksum included, before anything is handed over; any problem is a
 * {@link CorruptFileException} naming the source and the byte offset.
 */
public final class KeyspaceLoader {

  /** What was loaded, and the aux fields of the stream (its offset, replication id, ...). */
  public record Loaded(long keys, long bytes, Map<String, String> aux) {}

  private KeyspaceLoader() {}

  /**
   * @param target a detached keyspace, confined to the calling thread
   * @param name what the stream is, for messages
   */
  public static Loaded load(Keyspace target, InputStream in, String name) throws IOException {
    RdbReader reader = new RdbReader(in);
    Map<String, String> aux = new LinkedHashMap<>();
    long[] keys = {0};
    RdbHandler handler = new RdbHandler() {
      @Override
      public void aux(byte[] key, byte[] value) {
        aux.put(new String(key, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
      }

      @Override
      public void database(long db, long offset) throws IOException {
        if (db != 0) {
          throw new CorruptFileException(name, "Keys in database " + db + " (Restis has database 0 only)", offset);
        }
      }

      @Override
      public void entry(byte[] key, RdbValue value, long expireAt, long offset) throws IOException {
        Value v;
        try {
          v = ValueCodec.decode(value);
        } catch (IllegalArgumentException e) {
          throw new CorruptFileException(name, e.getMessage(), offset);
        }
        if (!target.load(Bytes.wrap(key), v, expireAt < 0 ? Entry.NO_EXPIRY : expireAt)) {
          throw new CorruptFileException(name, "Duplicate key '" + new String(key, StandardCharsets.UTF_8) + "'",
              offset);
        }
        keys[0]++;
      }
    };
    long bytes;
    try {
      bytes = reader.read(handler);
    } catch (RdbFormatException e) {
      throw new CorruptFileException(name, e.getMessage(), e.offset());
    }
    return new Loaded(keys[0], bytes, Collections.unmodifiableMap(aux));
  }
}
