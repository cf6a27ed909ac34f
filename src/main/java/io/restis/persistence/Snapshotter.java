package io.restis.persistence;

import io.restis.engine.Bytes;
import io.restis.engine.Engine;
import io.restis.engine.Entry;
import io.restis.engine.Keyspace;
import io.restis.persistence.format.Buf;
import io.restis.persistence.format.Rdb;
import io.restis.persistence.format.RdbWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a point-in-time snapshot of the engine's keyspace as an RDB stream, without stopping the
 * world and without copying the dataset.
 *
 * <p>Under the engine lock, once: the snapshot begins (the keyspace opens an epoch and from then
 * on calls this object's hook before changing an entry the walk has not reached), and the offset
 * of the last propagated write is recorded: the snapshot is the dataset at exactly that offset.
 * Then, repeatedly: take the lock, walk a few buckets with the keyspace's scan cursor, encode the
 * entries not yet serialized into a memory buffer together with whatever the hook serialized for
 * writers since the last step, release the lock, and write the buffer to the stream. Writers
 * therefore pay at most the encoding of the entry they touch, once, and the lock is never held
 * for I/O. A step is bounded in bytes and buckets so that a single hold stays short.
 */
public final class Snapshotter {

  /** How much a step encodes before releasing the lock. */
  static final int STEP_BYTES = 64 * 1024;
  static final int STEP_BUCKETS = 1024;

  /** What was written. */
  public record Result(long offset, long keys, long bytes, long startedAtMillis, long durationMillis) {}

  /** Progress as entries written against the keys present at the start. */
  public interface Progress {
    void update(long done, long total);
  }

  private final Engine engine;

  public Snapshotter(Engine engine) {
    this.engine = engine;
  }

  /** State shared between the walk and the hook, guarded by the engine lock. */
  private static final class Walk implements Keyspace.SnapshotHook {
    final Buf side = new Buf(4096);
    long encoded;

    @Override
    public void beforeChange(Bytes key, Entry entry) {
      ValueCodec.encode(side, key, entry);
      encoded++;
    }
  }

  /**
   * Writes a snapshot to the stream (not closed).
   *
   * @param aux extra aux fields (after Restis's own)
   * @param atStart runs under the lock at the instant the snapshot begins, with its offset (the
   *     log rotates there so that it splits exactly at the snapshot)
   * @param progress told after every step; may be null
   */
  public Result write(OutputStream out, Map<String, String> aux, Consumer<Long> atStart, Progress progress)
      throws IOException {
    Walk walk = new Walk();
    long[] start = engine.read(ks -> {
      ks.beginSnapshot(walk);
      long offset = engine.offset();
      if (atStart != null) {
        try {
          atStart.accept(offset);
        } catch (RuntimeException e) {
          ks.endSnapshot();
          throw e;
        }
      }
      return new long[] {offset, ks.size(), ks.expiresSize(), engine.clock().millis()};
    });
    boolean ended = false;
    try {
      long offset = start[0];
      long total = start[1];
      RdbWriter w = new RdbWriter(out);
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("redis-ver", "7.0.15");
      fields.put("redis-bits", "64");
      fields.put("ctime", Long.toString(start[3] / 1000));
      Runtime rt = Runtime.getRuntime();
      fields.put("used-mem", Long.toString(rt.totalMemory() - rt.freeMemory()));
      fields.put(Rdb.AUX_OFFSET, Long.toString(offset));
      fields.putAll(aux);
      w.header(fields);
      if (total > 0) {
        w.database(0, total, start[2]);
      }
      Buf chunk = new Buf(STEP_BYTES + 4096);
      long[] cursor = {0};
      boolean[] done = {total == 0};
      long[] encodedSoFar = {0};
      if (total == 0) {
        engine.read(ks -> {
          // Nothing to walk, but the hook may have fired for nothing either: just end.
          ks.endSnapshot();
          return null;
        });
        ended = true;
      }
      while (!done[0]) {
        chunk.reset(STEP_BYTES * 4);
        engine.read(ks -> {
          int buckets = 0;
          do {
            cursor[0] = ks.snapshotScan(cursor[0], (k, e) -> {
              ValueCodec.encode(chunk, k, e);
              walk.encoded++;
            });
          } while (cursor[0] != 0 && chunk.size() < STEP_BYTES && ++buckets < STEP_BUCKETS);
          chunk.append(walk.side);
          walk.side.reset(1 << 20);
          encodedSoFar[0] = walk.encoded;
          if (cursor[0] == 0) {
            ks.endSnapshot();
            done[0] = true;
          }
          return null;
        });
        if (done[0]) {
          ended = true;
        }
        w.raw(chunk);
        if (progress != null) {
          progress.update(encodedSoFar[0], total);
        }
      }
      long bytes = w.finish();
      long now = engine.clock().millis();
      return new Result(offset, encodedSoFar[0], bytes, start[3], Math.max(0, now - start[3]));
    } finally {
      if (!ended) {
        engine.read(ks -> {
          ks.endSnapshot();
          return null;
        });
      }
    }
  }
}
