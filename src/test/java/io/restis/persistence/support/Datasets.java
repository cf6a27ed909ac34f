package io.restis.persistence.support;

import io.restis.engine.Bytes;
import io.restis.engine.Engine;
import io.restis.engine.Entry;
import io.restis.engine.HashValue;
import io.restis.engine.ListValue;
import io.restis.engine.SetValue;
import io.restis.engine.StringValue;
import io.restis.engine.Value;
import io.restis.engine.ZSetValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** A whole dataset as comparable text: key -> "type value... [ttl]", for equality checks. */
public final class Datasets {

  private Datasets() {}

  public static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  public static SortedMap<String, String> describe(Engine engine) {
    return engine.read(ks -> {
      SortedMap<String, String> out = new TreeMap<>();
      for (var node : ks.entries()) {
        Entry e = node.value();
        if (e.hasExpiry() && ks.now() > e.expireAt()) {
          continue;
        }
        out.put(text(node.key().bytes()), describe(e.value()) + (e.hasExpiry() ? " @" + e.expireAt() : ""));
      }
      return out;
    });
  }

  public static String describe(Value v) {
    if (v instanceof StringValue s) {
      return "string " + text(s.bytes());
    }
    if (v instanceof ListValue l) {
      List<String> items = new ArrayList<>();
      for (byte[] b : l) {
        items.add(text(b));
      }
      return "list " + items;
    }
    if (v instanceof SetValue s) {
      java.util.TreeSet<String> items = new java.util.TreeSet<>();
      for (Bytes b : s.members()) {
        items.add(text(b.bytes()));
      }
      return "set " + items;
    }
    if (v instanceof HashValue h) {
      java.util.TreeMap<String, String> items = new java.util.TreeMap<>();
      h.forEach((f, val) -> items.put(text(f.bytes()), text(val)));
      return "hash " + items;
    }
    if (v instanceof ZSetValue z) {
      List<String> items = new ArrayList<>();
      z.forEach((m, score) -> items.add(text(m.bytes()) + "=" + score));
      return "zset " + items;
    }
    throw new IllegalArgumentException("no description for " + v.type());
  }

  public static Bytes key(String s) {
    return Bytes.of(s);
  }
}
