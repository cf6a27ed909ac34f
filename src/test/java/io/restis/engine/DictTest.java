package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DictTest {

  @Test
  void behavesLikeAMapUnderRandomOperations() {
    Dict<Bytes, Integer> dict = new Dict<>();
    Map<Bytes, Integer> model = new HashMap<>();
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < 50_000; i++) {
      Bytes k = Bytes.of("k" + rnd.nextInt(2_000));
      int op = rnd.nextInt(3);
      if (op == 0) {
        assertThat(dict.put(k, i)).isEqualTo(model.put(k, i));
      } else if (op == 1) {
        assertThat(dict.remove(k)).isEqualTo(model.remove(k));
      } else {
        assertThat(dict.get(k)).isEqualTo(model.get(k));
      }
      assertThat(dict.size()).isEqualTo(model.size());
    }
    Set<Bytes> iterated = new HashSet<>();
    for (Dict.Node<Bytes, Integer> n : dict) {
      assertThat(iterated.add(n.key())).isTrue();
      assertThat(n.value()).isEqualTo(model.get(n.key()));
    }
    assertThat(iterated).isEqualTo(model.keySet());
  }

  @Test
  void scanReturnsEveryStableEntryWhileTheTableGrowsAndShrinks() {
    Dict<Bytes, Integer> dict = new Dict<>();
    Set<Bytes> stable = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      Bytes k = Bytes.of("stable" + i);
      dict.put(k, i);
      stable.add(k);
    }
    SplittableRandom rnd = new SplittableRandom(3);
    Set<Bytes> seen = new HashSet<>();
    long cursor = 0;
    int churn = 0;
    int calls = 0;
    do {
      cursor = dict.scan(cursor, (k, v) -> seen.add(k));
      calls++;
      // Grow to several times the size, then shrink back, between scan calls.
      int phase = (calls / 40) % 2;
      for (int j = 0; j < 30; j++) {
        if (phase == 0) {
          dict.put(Bytes.of("churn" + churn++), -1);
        } else if (churn > 0) {
          dict.remove(Bytes.of("churn" + (--churn)));
        }
      }
      assertThat(calls).isLessThan(100_000);
    } while (cursor != 0);
    assertThat(seen).containsAll(stable);
  }

  @Test
  void randomEventuallyReturnsEveryEntry() {
    Dict<Bytes, Integer> dict = new Dict<>();
    for (int i = 0; i < 50; i++) {
      dict.put(Bytes.of("m" + i), i);
    }
    SplittableRandom rnd = new SplittableRandom(1);
    Set<Bytes> seen = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      seen.add(dict.random(rnd).key());
    }
    assertThat(seen).hasSize(50);
    assertThat(new Dict<Bytes, Integer>().random(rnd)).isNull();
  }

  @Test
  void bytesOrderIsMemcmp() {
    assertThat(Bytes.wrap(new byte[] {(byte) 0xff}).compareTo(Bytes.of("a"))).isPositive();
    assertThat(Bytes.of("a").compareTo(Bytes.of("ab"))).isNegative();
    assertThat(Bytes.of("b").compareTo(Bytes.of("ab"))).isPositive();
    assertThat(Bytes.of("x")).isEqualTo(Bytes.wrap("x".getBytes()));
  }
}
