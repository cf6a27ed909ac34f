package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SetValue on its own: the intset rules Redis 7.0 follows, random picks, pops, scan and copy. */
class SetValueTest {

  static Bytes b(Object s) {
    return Bytes.of(String.valueOf(s));
  }

  static List<String> strings(List<Bytes> bs) {
    return bs.stream().map(Bytes::toString).toList();
  }

  @Test
  void intsetUntilANonIntegerOrTooManyMembers() {
    SetValue s = new SetValue();
    assertThat(s.encoding()).isEqualTo("intset");
    s.add(b(3));
    s.add(b(-1));
    assertThat(s.encoding()).isEqualTo("intset");
    assertThat(strings(s.members())).containsExactly("-1", "3");
    s.add(b("a"));
    assertThat(s.encoding()).isEqualTo("hashtable");
    // One way, as in Redis: removing the offender does not bring the intset back.
    s.remove(b("a"));
    assertThat(s.encoding()).isEqualTo("hashtable");

    SetValue big = new SetValue();
    for (int i = 1; i <= SetValue.MAX_INTSET_ENTRIES; i++) {
      big.add(b(i));
    }
    assertThat(big.encoding()).isEqualTo("intset");
    big.add(b(SetValue.MAX_INTSET_ENTRIES)); // already there: no change
    assertThat(big.encoding()).isEqualTo("intset");
    big.add(b(SetValue.MAX_INTSET_ENTRIES + 1));
    assertThat(big.encoding()).isEqualTo("hashtable");
  }

  @Test
  void nonCanonicalIntegersAreStrings() {
    for (String s : List.of("01", "+1", " 1", "1.0", "-0", "9223372036854775808", "")) {
      SetValue v = new SetValue();
      v.add(b(s));
      assertThat(v.encoding()).as(s).isEqualTo("hashtable");
    }
  }

  @Test
  void addRemoveContains() {
    SetValue s = new SetValue();
    assertThat(s.add(b("x"))).isTrue();
    assertThat(s.add(b("x"))).isFalse();
    assertThat(s.contains(b("x"))).isTrue();
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.remove(b("y"))).isFalse();
    assertThat(s.remove(b("x"))).isTrue();
    assertThat(s.isEmpty()).isTrue();
    assertThat(s.random(new SplittableRandom(1))).isNull();
  }

  @Test
  void popNearTheWholeSetRebuildsAsRedisWouldEncodeTheRest() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int round = 0; round < 50; round++) {
      List<Bytes> all = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        all.add(b(i));
      }
      all.add(b("x"));
      all.add(b("y"));
      SetValue s = SetValue.of(all);
      assertThat(s.encoding()).isEqualTo("hashtable");
      List<Bytes> popped = s.pop(8, rnd);
      assertThat(popped).hasSize(8).doesNotHaveDuplicates();
      List<Bytes> rest = s.members();
      assertThat(rest).hasSize(2).doesNotContainAnyElementsOf(popped);
      boolean allInts = rest.stream().allMatch(m -> Numbers.tryParseLong(m.bytes()) != null);
      assertThat(s.encoding()).isEqualTo(allInts ? "intset" : "hashtable");
    }
  }

  @Test
  void popOfASmallShareRemovesExactlyThePopped() {
    List<Bytes> all = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      all.add(b("m" + i));
    }
    SetValue s = SetValue.of(all);
    List<Bytes> popped = s.pop(100, new SplittableRandom(3));
    assertThat(popped).hasSize(100).doesNotHaveDuplicates();
    assertThat(s.size()).isEqualTo(900);
    popped.forEach(p -> assertThat(s.contains(p)).isFalse());
  }

  @Test
  void randomDistinctNeverRepeats() {
    List<Bytes> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      all.add(b("m" + i));
    }
    SetValue s = SetValue.of(all);
    SplittableRandom rnd = new SplittableRandom(11);
    for (int n = 1; n < 100; n += 7) {
      List<Bytes> got = s.randomDistinct(n, rnd);
      assertThat(got).hasSize(n).doesNotHaveDuplicates();
      assertThat(all).containsAll(got);
    }
    assertThat(s.size()).isEqualTo(100);
  }

  @Test
  void randomPicksReachEveryMember() {
    SetValue s = SetValue.of(List.of(b("a"), b("b"), b("c"), b("d")));
    Set<Bytes> seen = new HashSet<>(s.randomWithRepetition(200, new SplittableRandom(5)));
    assertThat(seen).containsExactlyInAnyOrder(b("a"), b("b"), b("c"), b("d"));
  }

  @Test
  void scanOfAHashTableRespectsCountLoosely() {
    List<Bytes> all = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      all.add(b("m" + i));
    }
    SetValue s = SetValue.of(all);
    List<Bytes> first = new ArrayList<>();
    long cursor = s.scan(0, 10, first::add);
    assertThat(cursor).isNotZero();
    // Whole buckets: at least COUNT, never the whole set.
    assertThat(first.size()).isGreaterThanOrEqualTo(10).isLessThan(100);
  }

  @Test
  void copyIsIndependent() {
    SetValue s = SetValue.of(List.of(b(2), b(1)));
    SetValue c = s.copy();
    c.add(b("z"));
    s.remove(b(1));
    assertThat(strings(s.members())).containsExactly("2");
    assertThat(strings(c.members())).containsExactlyInAnyOrder("1", "2", "z");
    assertThat(s.encoding()).isEqualTo("intset");
    assertThat(c.encoding()).isEqualTo("hashtable");
  }
}
