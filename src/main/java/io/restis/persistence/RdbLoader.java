package io.restis.persistence;

import io.restis.engine.Bytes;
import io.restis.engine.Engine;
import io.restis.engine.Entry;
import io.restis.engine.Value;
import io.restis.persistence.format.RdbFormatException;
import io.restis.persistence.format.RdbHandler;
import io.restis.persistence.format.RdbReader;
import io.restis.persistence.format.RdbValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads an RDB stream into the engine's keyspace, in batches under the lock (so a follower's
 * full sync or a status request interleaves with a long load). Any problem is a
 * {@link CorruptFileException} naming the file and byte offset.
 */
final class RdbLoader {

  private static final Logger log = LoggerFactory.getLogger(RdbLoader.class);
  private static final int BATCH = 512;

  /** What was loaded: the offset the snapshot is consistent at (0 when it has none). */
  record Loaded(long offset, long keys, long expiredSkipped, long bytes, Map<String, String> aux) {}

  /** Told of progress in bytes. */
  interface Progress {
    void update(long bytes);
  }

  private RdbLoader() {}

  /**
   * @param skipExpired drop keys already expired (a plain dump, as a Redis leader does); keep
   *     them for an AOF base, whose log may still touch them before their logged deletion
   */
  static Loaded load(Engine engine, InputStream in, String name, boolean skipExpired, Progress progress)
      throws IOException {
    RdbReader reader = new RdbReader(in);
    Map<String, String> aux = new LinkedHashMap<>();
    long now = System.currentTimeMillis();
    long[] counts = new long[2];
    List<Object[]> batch = new ArrayList<>(BATCH);
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
      public void function(byte[] code, long offset) {
        log.warn("{}: skipping a function library at byte offset {} (Restis has no functions)", name, offset);
      }

      @Override
      public void entry(byte[] key, RdbValue value, long expireAt, long offset) throws IOException {
        if (skipExpired && expireAt >= 0 && expireAt < now) {
          counts[1]++;
          return;
        }
        Value v;
        try {
          v = ValueCodec.decode(value);
        } catch (IllegalArgumentException e) {
          throw new CorruptFileException(name, e.getMessage(), offset);
        }
        batch.add(new Object[] {key, v, expireAt < 0 ? Entry.NO_EXPIRY : expireAt, offset});
        if (batch.size() >= BATCH) {
          flush(engine, batch, name);
          if (progress != null) {
            progress.update(reader.position());
          }
        }
        counts[0]++;
      }
    };
    long bytes;
    try {
      bytes = reader.read(handler);
    } catch (RdbFormatException e) {
      throw new CorruptFileException(name, e.getMessage(), e.offset());
    }
    flush(engine, batch, name);
    if (progress != null) {
      progress.update(bytes);
    }
    long offset = 0;
    String o = aux.get(io.restis.persistence.format.Rdb.AUX_OFFSET);
    if (o != null) {
      try {
        offset = Long.parseLong(o);
      } catch (NumberFormatException e) {
        throw new CorruptFileException(name, "Bad " + io.restis.persistence.format.Rdb.AUX_OFFSET + " '" + o + "'", 0);
      }
    }
    return new Loaded(offset, counts[0], counts[1], bytes, aux);
  }

  private static void flush(Engine engine, List<Object[]> batch, String name) throws CorruptFileException {
    if (batch.isEmpty()) {
      return;
    }
    Object[][] duplicate = {null};
    engine.load(ks -> {
      for (Object[] e : batch) {
        if (!ks.load(Bytes.wrap((byte[]) e[0]), (Value) e[1], (Long) e[2])) {
          duplicate[0] = e;
          return;
        }
      }
    });
    batch.clear();
    if (duplicate[0] != null) {
      throw new CorruptFileException(name, "Duplicate key '" + new String((byte[]) duplicate[0][0],
          StandardCharsets.UTF_8) + "'", (Long) duplicate[0][3]);
    }
  }
}
