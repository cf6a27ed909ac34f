package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** HashValue on its own: the listpack rules of Redis 7.0, order, random picks, scan and copy. */
class HashValueTest {

  static Bytes b(String s) {
    return Bytes.of(s);
  }

  static byte[] v(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<String> names(List<Bytes> fields) {
    return fields.stream().map(Bytes::toString).toList();
  }

  @Test
  void listpackUntilALongFieldOrValue() {
    HashValue h = new HashValue();
    h.put(b("a"), v("x".repeat(HashValue.MAX_LISTPACK_VALUE)));
    h.put(b("f".repeat(HashValue.MAX_LISTPACK_VALUE)), v("1"));
    assertThat(h.encoding()).isEqualTo("listpack");
    h.put(b("b"), v("x".repeat(HashValue.MAX_LISTPACK_VALUE + 1)));
    assertThat(h.encoding()).isEqualTo("hashtable");
    h.remove(b("b"));
    assertThat(h.encoding()).isEqualTo("hashtable");

    HashValue k = new HashValue();
    k.put(b("f".repeat(HashValue.MAX_LISTPACK_VALUE + 1)), v("1"));
    assertThat(k.encoding()).isEqualTo("hashtable");
  }

  @Test
  void listpackUntilTooManyFields() {
    HashValue h = new HashValue();
    for (int i = 1; i <= HashValue.MAX_LISTPACK_ENTRIES; i++) {
      h.put(b("f" + i), v("v"));
    }
    h.put(b("f1"), v("again")); // an update adds no entry
    assertThat(h.encoding()).isEqualTo("listpack");
    h.put(b("one-more"), v("v"));
    assertThat(h.encoding()).isEqualTo("hashtable");
    assertThat(h.size()).isEqualTo(HashValue.MAX_LISTPACK_ENTRIES + 1);
    assertThat(new String(h.get(b("f1")), StandardCharsets.UTF_8)).isEqualTo("again");
  }

  @Test
  void putGetRemoveAndOrder() {
    HashValue h = new HashValue();
    assertThat(h.put(b("c"), v("3"))).isTrue();
    assertThat(h.put(b("a"), v("1"))).isTrue();
    assertThat(h.put(b("b"), v("2"))).isTrue();
    assertThat(h.put(b("a"), v("9"))).isFalse();
    assertThat(h.remove(b("zz"))).isFalse();
    assertThat(h.remove(b("c"))).isTrue();
    assertThat(h.put(b("c"), v("4"))).isTrue();
    assertThat(names(h.fields())).containsExactly("a", "b", "c");
    assertThat(h.values()).extracting(x -> new String(x, StandardCharsets.UTF_8)).containsExactly("9", "2", "4");
    assertThat(h.entries()).extracting(e -> e.getKey().toString()).containsExactly("a", "b", "c");
    assertThat(h.contains(b("a"))).isTrue();
    assertThat(h.get(b("zz"))).isNull();
  }

  @Test
  void listpackSamplingKeepsFieldOrder() {
    HashValue h = new HashValue();
    for (int i = 0; i < 100; i++) {
      h.put(b(String.format("f%03d", i)), v("v" + i));
    }
    SplittableRandom rnd = new SplittableRandom(9);
    for (int round = 0; round < 20; round++) {
      List<String> got = h.randomDistinct(20, rnd).stream().map(e -> e.getKey().toString()).toList();
      assertThat(got).hasSize(20).doesNotHaveDuplicates().isSorted();
    }
  }

  @Test
  void randomDistinctOnAHashTable() {
    HashValue h = new HashValue();
    for (int i = 0; i < 1000; i++) {
      h.put(b("f" + i), v("v" + i));
    }
    assertThat(h.encoding()).isEqualTo("hashtable");
    SplittableRandom rnd = new SplittableRandom(4);
    for (int n : new int[] {1, 50, 333, 334, 999}) {
      List<Map.Entry<Bytes, byte[]>> got = h.randomDistinct(n, rnd);
      Set<Bytes> fields = new HashSet<>();
      for (Map.Entry<Bytes, byte[]> e : got) {
        fields.add(e.getKey());
        assertThat(e.getValue()).isEqualTo(h.get(e.getKey()));
      }
      assertThat(fields).as("n=%d", n).hasSize(n);
    }
  }

  @Test
  void randomWithRepetitionReachesEveryField() {
    for (int size : new int[] {4, 600}) {
      HashValue h = new HashValue();
      for (int i = 0; i < size; i++) {
        h.put(b("f" + i), v("v" + i));
      }
      Set<Bytes> seen = new HashSet<>();
      for (Map.Entry<Bytes, byte[]> e : h.randomWithRepetition(size * 40, new SplittableRandom(2))) {
        seen.add(e.getKey());
      }
      assertThat(seen).as("size %d", size).hasSize(size);
    }
  }

  @Test
  void scanOfAHashTableWalksBuckets() {
    HashValue h = new HashValue();
    for (int i = 0; i < 2000; i++) {
      h.put(b("f" + i), v("v"));
    }
    List<Bytes> seen = new ArrayList<>();
    long cursor = 0;
    int calls = 0;
    do {
      cursor = h.scan(cursor, 10, (f, x) -> seen.add(f));
      calls++;
    } while (cursor != 0);
    assertThat(new HashSet<>(seen)).hasSize(2000);
    assertThat(calls).isGreaterThan(50);
  }

  @Test
  void copyIsIndependentAndKeepsOrder() {
    HashValue h = new HashValue();
    h.put(b("z"), v("1"));
    h.put(b("a"), v("2"));
    HashValue c = h.copy();
    c.put(b("m"), v("3"));
    h.remove(b("z"));
    assertThat(names(h.fields())).containsExactly("a");
    assertThat(names(c.fields())).containsExactly("z", "a", "m");
    assertThat(c.encoding()).isEqualTo("listpack");
  }
}
