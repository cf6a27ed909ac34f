package io.restis.replication;

import io.restis.engine.Bytes;
import io.restis.engine.Dict;
import io.restis.engine.Engine;
import io.restis.engine.Entry;
import io.restis.engine.HashValue;
import io.restis.engine.ListValue;
import io.restis.engine.SetValue;
import io.restis.engine.StringValue;
import io.restis.engine.Value;
import io.restis.engine.ZSetValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A SHA-256 over the whole keyspace, the same on every node that holds the same data: keys in
 * byte order, each with its type, its absolute expiry (or none) and its value in a canonical form
 * (list order; set members, hash fields sorted; sorted-set members in score order with their
 * exact scores). It covers the table as it is, expired keys not yet reclaimed included: a
 * follower keeps those until the leader's DEL, so at the same offset leader and followers hold
 * exactly the same table.
 *
 * <p>Computed under the engine lock (one consistent instant, with the offset it is at), in
 * O(n log n): an admin and test tool, not for a hot path.
 */
final class KeyspaceDigest {

  /** The digest, the number of keys it covers and the offset the data was at. */
  @Schema(name = "KeyspaceDigest")
  record Result(String sha256, long keys, long offset) {}

  private KeyspaceDigest() {}

  static Result of(Engine engine) {
    return engine.read(ks -> {
      List<Dict.Node<Bytes, Entry>> nodes = new ArrayList<>(ks.size());
      for (Dict.Node<Bytes, Entry> n : ks.entries()) {
        nodes.add(n);
      }
      nodes.sort((a, b) -> a.key().compareTo(b.key()));
      MessageDigest md = sha256();
      for (Dict.Node<Bytes, Entry> n : nodes) {
        Entry e = n.value();
        bytes(md, n.key().bytes());
        md.update((byte) e.value().type().ordinal());
        md.update(ByteBuffer.allocate(8).putLong(e.hasExpiry() ? e.expireAt() : -1).array());
        value(md, e.value());
      }
      return new Result(HexFormat.of().formatHex(md.digest()), nodes.size(), engine.offset());
    });
  }

  private static void value(MessageDigest md, Value v) {
    if (v instanceof StringValue s) {
      bytes(md, s.bytes());
    } else if (v instanceof ListValue l) {
      count(md, l.size());
      for (byte[] element : l) {
        bytes(md, element);
      }
    } else if (v instanceof SetValue set) {
      List<Bytes> members = new ArrayList<>(set.members());
      members.sort(null);
      count(md, members.size());
      for (Bytes m : members) {
        bytes(md, m.bytes());
      }
    } else if (v instanceof HashValue h) {
      List<Map.Entry<Bytes, byte[]>> entries = new ArrayList<>(h.entries());
      entries.sort(Map.Entry.comparingByKey());
      count(md, entries.size());
      for (Map.Entry<Bytes, byte[]> f : entries) {
        bytes(md, f.getKey().bytes());
        bytes(md, f.getValue());
      }
    } else if (v instanceof ZSetValue z) {
      count(md, z.size());
      z.forEach((m, score) -> {
        bytes(md, m.bytes());
        md.update(ByteBuffer.allocate(8).putLong(Double.doubleToLongBits(score)).array());
      });
    } else {
      throw new IllegalStateException("no digest form for " + v.type());
    }
  }

  private static void count(MessageDigest md, long n) {
    md.update(ByteBuffer.allocate(8).putLong(n).array());
  }

  private static void bytes(MessageDigest md, byte[] b) {
    count(md, b.length);
    md.update(b);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
