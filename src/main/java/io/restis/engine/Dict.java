package io.restis.engine;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A chained hash table with the two abilities Redis builds on its own {@code dict} and that
 * {@link java.util.HashMap} lacks: a stateless SCAN cursor and a cheap random entry.
 *
 * <p>The table is a power of two of buckets. {@link #scan} walks buckets in reverse-binary order
 * (Pieter Noordhuis's cursor from Redis's dictScan): because the high bits of the cursor are
 * incremented first, every entry present for the whole iteration is returned at least once even if
 * the table grows or shrinks between calls, and no state is kept between calls. The table resizes
 * all at once (Redis rehashes incrementally); a resize happens only inside a write, under the
 * engine lock, and costs one pass over the entries.
 *
 * <p>{@link #random} picks a random non-empty bucket and then a random entry in its chain, as Redis
 * does; the bias towards entries in short chains is accepted for the same reason it is there.
 *
 * <p>Not thread-safe: the engine lock guards every instance.
 */
public final class Dict<K, V> implements Iterable<Dict.Node<K, V>> {

  /** One entry; the value may be replaced in place. */
  public static final class Node<K, V> {
    final K key;
    final int hash;
    V value;
    Node<K, V> next;

    Node(K key, int hash, V value, Node<K, V> next) {
      this.key = key;
      this.hash = hash;
      this.value = value;
      this.next = next;
    }

    public K key() {
      return key;
    }

    public V value() {
      return value;
    }

    public void setValue(V value) {
      this.value = value;
    }
  }

  private static final int MIN_SIZE = 4;

  private Node<K, V>[] table;
  private int size;

  public Dict() {
    this(MIN_SIZE);
  }

  public Dict(int expected) {
    table = newTable(tableSizeFor(Math.max(expected, MIN_SIZE)));
  }

  @SuppressWarnings("unchecked")
  private static <K, V> Node<K, V>[] newTable(int n) {
    return (Node<K, V>[]) new Node[n];
  }

  private static int tableSizeFor(int n) {
    int s = MIN_SIZE;
    while (s < n && s < (1 << 30)) {
      s <<= 1;
    }
    return s;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public Node<K, V> node(K key) {
    int h = spread(key.hashCode());
    for (Node<K, V> n = table[h & (table.length - 1)]; n != null; n = n.next) {
      if (n.hash == h && n.key.equals(key)) {
        return n;
      }
    }
    return null;
  }

  public V get(K key) {
    Node<K, V> n = node(key);
    return n == null ? null : n.value;
  }

  public boolean containsKey(K key) {
    return node(key) != null;
  }

  /** Sets the value for the key; returns the previous value or null. */
  public V put(K key, V value) {
    int h = spread(key.hashCode());
    int i = h & (table.length - 1);
    for (Node<K, V> n = table[i]; n != null; n = n.next) {
      if (n.hash == h && n.key.equals(key)) {
        V old = n.value;
        n.value = value;
        return old;
      }
    }
    table[i] = new Node<>(key, h, value, table[i]);
    if (++size > table.length) {
      resize(table.length << 1);
    }
    return null;
  }

  /** Removes the key; returns its value or null when absent. */
  public V remove(K key) {
    int h = spread(key.hashCode());
    int i = h & (table.length - 1);
    Node<K, V> prev = null;
    for (Node<K, V> n = table[i]; n != null; prev = n, n = n.next) {
      if (n.hash == h && n.key.equals(key)) {
        if (prev == null) {
          table[i] = n.next;
        } else {
          prev.next = n.next;
        }
        size--;
        // Shrink below 1/8 fill, as Redis shrinks below 10%: scans stay short on emptied tables.
        if (table.length > MIN_SIZE && size < table.length / 8) {
          resize(tableSizeFor(Math.max(size * 2, MIN_SIZE)));
        }
        return n.value;
      }
    }
    return null;
  }

  public void clear() {
    table = newTable(MIN_SIZE);
    size = 0;
  }

  private void resize(int newSize) {
    Node<K, V>[] old = table;
    Node<K, V>[] t = newTable(newSize);
    int mask = newSize - 1;
    for (Node<K, V> head : old) {
      for (Node<K, V> n = head; n != null; ) {
        Node<K, V> next = n.next;
        int i = n.hash & mask;
        n.next = t[i];
        t[i] = n;
        n = next;
      }
    }
    table = t;
  }

  /**
   * Visits the entries of one bucket (and its images after a resize) starting at the cursor and
   * returns the next cursor; 0 means the iteration is complete. A caller wanting about
   * {@code count} entries calls repeatedly until enough were visited or the cursor is 0.
   */
  public long scan(long cursor, BiConsumer<K, V> visitor) {
    if (size == 0) {
      return 0;
    }
    long mask = table.length - 1;
    int idx = (int) (cursor & mask);
    for (Node<K, V> n = table[idx]; n != null; n = n.next) {
      visitor.accept(n.key, n.value);
    }
    // Set the unmasked bits so incrementing the reversed cursor operates on the masked bits only.
    long v = cursor | ~mask;
    v = Long.reverse(v);
    v++;
    v = Long.reverse(v);
    return v;
  }

  /** A random node, or null when empty. */
  public Node<K, V> random(RandomGenerator rnd) {
    if (size == 0) {
      return null;
    }
    Node<K, V> head;
    do {
      head = table[rnd.nextInt(table.length)];
    } while (head == null);
    int len = 0;
    for (Node<K, V> n = head; n != null; n = n.next) {
      len++;
    }
    int pick = rnd.nextInt(len);
    Node<K, V> n = head;
    while (pick-- > 0) {
      n = n.next;
    }
    return n;
  }

  /** Iteration in bucket order. The table must not be modified during it except by the iterator. */
  @Override
  public Iterator<Node<K, V>> iterator() {
    return new Iterator<>() {
      private int bucket = -1;
      private Node<K, V> next = advance(null);
      private Node<K, V> last;

      private Node<K, V> advance(Node<K, V> from) {
        if (from != null && from.next != null) {
          return from.next;
        }
        while (++bucket < table.length) {
          if (table[bucket] != null) {
            return table[bucket];
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Node<K, V> next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        last = next;
        next = advance(next);
        return last;
      }
    };
  }
}
