package io.restis.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A hash: binary fields to binary values.
 *
 * <p>The fields live in a {@link Dict} because HSCAN needs its stateless cursor (valid while the
 * hash changes between calls) and HRANDFIELD its O(1) random entry; get, set and delete are O(1)
 * on average, HGETALL and friends O(n). Values are byte arrays that are replaced, never written
 * into, so a reply may hold them after the lock is released.
 *
 * <p>Redis 7.0 keeps a small hash (at most {@value #MAX_LISTPACK_ENTRIES} fields, no field or value
 * longer than {@value #MAX_LISTPACK_VALUE} bytes) in a {@code listpack}, a flat array in insertion
 * order, and that shows through: HGETALL, HKEYS and HVALS answer in insertion order, and HSCAN
 * returns the whole hash at once with cursor 0. Clients come to rely on that order, so this class
 * keeps the insertion order of the fields while Redis would use a listpack, at the cost of an O(n)
 * delete on at most 512 entries, and drops it for good once the hash outgrows the limits, as Redis
 * converts to a hash table one way only.
 *
 * <p>Guarded by the engine lock, like every value.
 */
public final class HashValue implements Value {

  /** Redis's hash-max-listpack-entries default. */
  static final int MAX_LISTPACK_ENTRIES = 512;
  /** Redis's hash-max-listpack-value default. */
  static final int MAX_LISTPACK_VALUE = 64;

  private final Dict<Bytes, byte[]> table;
  /** The fields in insertion order while Redis would keep a listpack; null after conversion. */
  private List<Bytes> order;

  public HashValue() {
    this.table = new Dict<>();
    this.order = new ArrayList<>();
  }

  private HashValue(int expected, boolean listpack) {
    this.table = new Dict<>(expected);
    this.order = listpack ? new ArrayList<>(expected) : null;
  }

  @Override
  public ValueType type() {
    return ValueType.HASH;
  }

  @Override
  public long size() {
    return table.size();
  }

  public boolean isEmpty() {
    return table.isEmpty();
  }

  /** The value of the field, or null. */
  public byte[] get(Bytes field) {
    return table.get(field);
  }

  public boolean contains(Bytes field) {
    return table.containsKey(field);
  }

  /** Sets the field; true when it is new, false when an existing value was replaced. */
  public boolean put(Bytes field, byte[] value) {
    if (order != null && (field.length() > MAX_LISTPACK_VALUE || value.length > MAX_LISTPACK_VALUE)) {
      order = null;
    }
    Dict.Node<Bytes, byte[]> n = table.node(field);
    if (n != null) {
      n.setValue(value);
      return false;
    }
    table.put(field, value);
    if (order != null) {
      order.add(field);
      if (order.size() > MAX_LISTPACK_ENTRIES) {
        order = null;
      }
    }
    return true;
  }

  /** Deletes the field; true when it was there. */
  public boolean remove(Bytes field) {
    if (table.remove(field) == null) {
      return false;
    }
    if (order != null) {
      order.remove(field);
    }
    return true;
  }

  /** The fields, in the order Redis would reply them. */
  public List<Bytes> fields() {
    if (order != null) {
      return new ArrayList<>(order);
    }
    List<Bytes> out = new ArrayList<>(table.size());
    for (Dict.Node<Bytes, byte[]> n : table) {
      out.add(n.key());
    }
    return out;
  }

  /** The values, in the same order as {@link #fields}. */
  public List<byte[]> values() {
    List<byte[]> out = new ArrayList<>(table.size());
    forEach((f, v) -> out.add(v));
    return out;
  }

  /** The field-value pairs, in the same order as {@link #fields}. */
  public List<Map.Entry<Bytes, byte[]>> entries() {
    List<Map.Entry<Bytes, byte[]>> out = new ArrayList<>(table.size());
    forEach((f, v) -> out.add(Map.entry(f, v)));
    return out;
  }

  /** Visits every pair in the order of {@link #fields}. */
  public void forEach(BiConsumer<Bytes, byte[]> visitor) {
    if (order != null) {
      for (Bytes f : order) {
        visitor.accept(f, table.get(f));
      }
      return;
    }
    for (Dict.Node<Bytes, byte[]> n : table) {
      visitor.accept(n.key(), n.value());
    }
  }

  /** The encoding OBJECT ENCODING would name in Redis 7.0: "listpack" or "hashtable". */
  public String encoding() {
    return order != null ? "listpack" : "hashtable";
  }

  /** A random pair, or null when empty. */
  public Map.Entry<Bytes, byte[]> random(RandomGenerator rnd) {
    Dict.Node<Bytes, byte[]> n = table.random(rnd);
    return n == null ? null : Map.entry(n.key(), n.value());
  }

  /**
   * {@code count} random picks, each from the whole hash, so pairs may repeat (HRANDFIELD -n). A
   * listpack hash is sampled by position, uniformly, as Redis samples its listpack.
   */
  public List<Map.Entry<Bytes, byte[]>> randomWithRepetition(int count, RandomGenerator rnd) {
    List<Map.Entry<Bytes, byte[]>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      if (order != null) {
        Bytes f = order.get(rnd.nextInt(order.size()));
        out.add(Map.entry(f, table.get(f)));
      } else {
        out.add(random(rnd));
      }
    }
    return out;
  }

  /**
   * Up to {@code count} distinct random pairs (HRANDFIELD n); the whole hash when count reaches its
   * size. Leaves the hash unchanged.
   */
  public List<Map.Entry<Bytes, byte[]>> randomDistinct(long count, RandomGenerator rnd) {
    int size = table.size();
    if (count >= size) {
      return entries();
    }
    int n = (int) count;
    List<Map.Entry<Bytes, byte[]>> out = new ArrayList<>(n);
    if ((long) n * 3 > size) {
      // Close to the whole hash: a partial shuffle beats probing for pairs not yet taken.
      List<Map.Entry<Bytes, byte[]>> all = entries();
      for (int i = 0; i < n; i++) {
        int j = i + rnd.nextInt(size - i);
        Map.Entry<Bytes, byte[]> t = all.get(i);
        all.set(i, all.get(j));
        all.set(j, t);
      }
      out.addAll(all.subList(0, n));
      return out;
    }
    if (order != null) {
      // Selection sampling: one pass, each field kept with probability needed/left, so the picks
      // come out in field order, as Redis's sampling of a listpack returns them.
      int needed = n;
      for (int i = 0; i < size && needed > 0; i++) {
        if (rnd.nextInt(size - i) < needed) {
          Bytes f = order.get(i);
          out.add(Map.entry(f, table.get(f)));
          needed--;
        }
      }
      return out;
    }
    Dict<Bytes, Boolean> seen = new Dict<>(n);
    while (out.size() < n) {
      Dict.Node<Bytes, byte[]> node = table.random(rnd);
      if (seen.put(node.key(), Boolean.TRUE) == null) {
        out.add(Map.entry(node.key(), node.value()));
      }
    }
    return out;
  }

  /**
   * One HSCAN call: visits about {@code count} pairs from the cursor and returns the next cursor
   * (0 at the end). A listpack hash is visited whole in one call, as Redis does; a table is walked
   * bucket by bucket with Redis's bound of count*10 buckets.
   */
  public long scan(long cursor, long count, BiConsumer<Bytes, byte[]> visitor) {
    if (order != null) {
      forEach(visitor);
      return 0;
    }
    long[] visited = {0};
    long maxBuckets = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
    do {
      cursor = table.scan(cursor, (k, v) -> {
        visitor.accept(k, v);
        visited[0]++;
      });
    } while (cursor != 0 && maxBuckets-- > 0 && visited[0] < count);
    return cursor;
  }

  @Override
  public HashValue copy() {
    HashValue c = new HashValue(table.size(), order != null);
    forEach((f, v) -> {
      c.table.put(f, v);
      if (c.order != null) {
        c.order.add(f);
      }
    });
    return c;
  }
}
