package io.restis.persistence;

import io.restis.engine.Bytes;
import io.restis.engine.Entry;
import io.restis.engine.HashValue;
import io.restis.engine.ListValue;
import io.restis.engine.SetValue;
import io.restis.engine.StringValue;
import io.restis.engine.Value;
import io.restis.engine.ZSetValue;
import io.restis.persistence.format.Buf;
import io.restis.persistence.format.Rdb;
import io.restis.persistence.format.RdbEncoder;
import io.restis.persistence.format.RdbValue;
import java.util.List;

/**
 * Maps the engine's values to RDB records and back, through each type's public API. Encoding runs
 * under the engine lock (the snapshot walk and the serialize-before-modify hook), so it only
 * copies bytes into a buffer.
 */
final class ValueCodec {

  private ValueCodec() {}

  /**
   * One key with its expiry as an RDB record, appended to the buffer. An empty collection (which
   * a command never leaves behind, but which no reader accepts) is not written.
   */
  static void encode(Buf b, Bytes key, Entry e) {
    Value v = e.value();
    long expireAt = e.hasExpiry() ? e.expireAt() : -1;
    if (!(v instanceof StringValue) && v.size() == 0) {
      return;
    }
    if (v instanceof StringValue s) {
      RdbEncoder.keyHeader(b, Rdb.TYPE_STRING, key.bytes(), expireAt);
      RdbEncoder.string(b, s.bytes());
    } else if (v instanceof ListValue l) {
      RdbEncoder.keyHeader(b, Rdb.TYPE_LIST, key.bytes(), expireAt);
      RdbEncoder.length(b, l.size());
      for (byte[] element : l) {
        RdbEncoder.string(b, element);
      }
    } else if (v instanceof SetValue set) {
      RdbEncoder.keyHeader(b, Rdb.TYPE_SET, key.bytes(), expireAt);
      List<Bytes> members = set.members();
      RdbEncoder.length(b, members.size());
      for (Bytes m : members) {
        RdbEncoder.string(b, m.bytes());
      }
    } else if (v instanceof HashValue h) {
      RdbEncoder.keyHeader(b, Rdb.TYPE_HASH, key.bytes(), expireAt);
      RdbEncoder.length(b, h.size());
      h.forEach((f, val) -> {
        RdbEncoder.string(b, f.bytes());
        RdbEncoder.string(b, val);
      });
    } else if (v instanceof ZSetValue z) {
      RdbEncoder.keyHeader(b, Rdb.TYPE_ZSET_2, key.bytes(), expireAt);
      RdbEncoder.length(b, z.size());
      z.forEach((m, score) -> {
        RdbEncoder.string(b, m.bytes());
        RdbEncoder.binaryDouble(b, score);
      });
    } else {
      throw new UnsupportedOperationException("no RDB encoding for " + v.type());
    }
  }

  /** A value built from what the reader decoded. */
  static Value decode(RdbValue v) {
    if (v instanceof RdbValue.Str s) {
      return new StringValue(s.value());
    }
    if (v instanceof RdbValue.ListOf l) {
      ListValue list = new ListValue();
      for (byte[] element : l.elements()) {
        list.pushRight(element);
      }
      return list;
    }
    if (v instanceof RdbValue.SetOf s) {
      SetValue set = new SetValue();
      for (byte[] m : s.members()) {
        if (!set.add(Bytes.wrap(m))) {
          throw new IllegalArgumentException("Duplicate set members detected");
        }
      }
      return set;
    }
    if (v instanceof RdbValue.HashOf h) {
      HashValue hash = new HashValue();
      for (int i = 0; i < h.fields().size(); i++) {
        if (!hash.put(Bytes.wrap(h.fields().get(i)), h.values().get(i))) {
          throw new IllegalArgumentException("Duplicate hash fields detected");
        }
      }
      return hash;
    }
    if (v instanceof RdbValue.ZSetOf z) {
      ZSetValue zset = ZSetValue.sized(z.members().size());
      for (int i = 0; i < z.members().size(); i++) {
        double score = z.scores()[i];
        if (Double.isNaN(score)) {
          throw new IllegalArgumentException("Zset with NAN score detected");
        }
        if (!zset.put(Bytes.wrap(z.members().get(i)), score)) {
          throw new IllegalArgumentException("Duplicate zset fields detected");
        }
      }
      return zset;
    }
    throw new UnsupportedOperationException("no value for " + v.getClass().getSimpleName());
  }
}
