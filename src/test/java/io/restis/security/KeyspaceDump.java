package io.restis.security;

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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole keyspace as one canonical text, read under the engine's lock: every key with its type,
 * expiry, version and contents (sets and hashes sorted, so that equal data gives equal text). Two
 * dumps are equal exactly when nothing changed in between, a key's version included (so even a
 * write of the same value counts as a change).
 */
final class KeyspaceDump {

  private KeyspaceDump() {}

  /** A keyspace at one instant: each live key's line, its expiry, and the instant. */
  record Snapshot(Map<String, String> lines, Map<String, Long> expiries, long now) {

    /**
     * What differs from {@code before} (empty when nothing): a key gone is fine only when it had a
     * TTL that has passed by now (expiry, active or lazy, is not a change anybody made).
     */
    List<String> changesSince(Snapshot before) {
      List<String> changes = new ArrayList<>();
      before.lines.forEach((key, line) -> {
        String after = lines.get(key);
        if (after == null) {
          long exp = before.expiries.get(key);
          if (exp == Entry.NO_EXPIRY || exp > now) {
            changes.add("deleted " + line);
          }
        } else if (!after.equals(line)) {
          changes.add("changed " + line + " -> " + after);
        }
      });
      lines.forEach((key, line) -> {
        if (!before.lines.containsKey(key)) {
          changes.add("added " + line);
        }
      });
      return changes;
    }
  }

  /** Every live key, each value as a digest of its canonical contents (cheap for large values). */
  static Snapshot snapshot(Engine engine) {
    return engine.read(ks -> {
      Map<String, String> lines = new TreeMap<>();
      Map<String, Long> expiries = new TreeMap<>();
      long now = ks.now();
      for (Dict.Node<Bytes, Entry> n : ks.entries()) {
        Entry e = n.value();
        if (e.hasExpiry() && e.expireAt() <= now) {
          continue; // logically gone already
        }
        String key = hex(n.key().bytes());
        StringBuilder b = new StringBuilder();
        content(e.value(), b);
        lines.put(key, key + " " + e.value().type() + " exp=" + e.expireAt() + " v=" + e.version() + " "
            + sha256(b.toString()));
        expiries.put(key, e.expireAt());
      }
      return new Snapshot(lines, expiries, now);
    });
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String of(Engine engine) {
    return engine.read(ks -> {
      List<String> lines = new ArrayList<>();
      for (Dict.Node<Bytes, Entry> n : ks.entries()) {
        Entry e = n.value();
        StringBuilder b = new StringBuilder(hex(n.key().bytes()))
            .append(' ').append(e.value().type()).append(" exp=").append(e.expireAt())
            .append(" v=").append(e.version()).append(' ');
        content(e.value(), b);
        lines.add(b.toString());
      }
      lines.sort(null);
      return String.join("\n", lines);
    });
  }

  private static void content(Value v, StringBuilder b) {
    if (v instanceof StringValue s) {
      b.append(hex(s.bytes()));
    } else if (v instanceof ListValue l) {
      l.iterator().forEachRemaining(x -> b.append(hex(x)).append(','));
    } else if (v instanceof SetValue s) {
      List<String> m = new ArrayList<>();
      s.members().forEach(x -> m.add(hex(x.bytes())));
      m.sort(null);
      b.append(m);
    } else if (v instanceof HashValue h) {
      List<String> m = new ArrayList<>();
      for (Map.Entry<Bytes, byte[]> f : h.entries()) {
        m.add(hex(f.getKey().bytes()) + "=" + hex(f.getValue()));
      }
      m.sort(null);
      b.append(m);
    } else if (v instanceof ZSetValue z) {
      for (ZSetValue.Element el : z.elements()) {
        b.append(hex(el.member().bytes())).append('=').append(Double.doubleToRawLongBits(el.score())).append(',');
      }
    } else {
      b.append(v); // a type added later: its own text
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
