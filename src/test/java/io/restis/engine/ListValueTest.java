package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ListValueTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> strings(List<byte[]> l) {
    List<String> out = new ArrayList<>();
    for (byte[] e : l) {
      out.add(new String(e, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static List<String> all(ListValue l) {
    List<String> out = new ArrayList<>();
    for (byte[] e : l) {
      out.add(new String(e, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static List<String> allDescending(ListValue l) {
    List<String> out = new ArrayList<>();
    Iterator<byte[]> it = l.descendingIterator();
    while (it.hasNext()) {
      out.add(new String(it.next(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static ListValue of(String... xs) {
    ListValue l = new ListValue();
    for (String x : xs) {
      l.pushRight(b(x));
    }
    return l;
  }

  @Test
  void pushesAndPopsAtBothEnds() {
    ListValue l = new ListValue();
    assertThat(l.isEmpty()).isTrue();
    assertThat(l.popLeft()).isNull();
    assertThat(l.popRight()).isNull();
    l.pushRight(b("b"));
    l.pushLeft(b("a"));
    l.pushRight(b("c"));
    assertThat(all(l)).containsExactly("a", "b", "c");
    assertThat(allDescending(l)).containsExactly("c", "b", "a");
    assertThat(l.size()).isEqualTo(3);
    assertThat(new String(l.popLeft(), StandardCharsets.UTF_8)).isEqualTo("a");
    assertThat(new String(l.popRight(), StandardCharsets.UTF_8)).isEqualTo("c");
    assertThat(all(l)).containsExactly("b");
    assertThat(l.type()).isEqualTo(ValueType.LIST);
  }

  @Test
  void popCountsReturnInPopOrder() {
    ListValue l = of("a", "b", "c", "d", "e");
    assertThat(strings(l.popLeft(2))).containsExactly("a", "b");
    assertThat(strings(l.popRight(2))).containsExactly("e", "d");
    assertThat(strings(l.popRight(10))).containsExactly("c");
    assertThat(l.isEmpty()).isTrue();
    assertThat(l.popLeft(3)).isEmpty();
    ListValue m = of("x", "y");
    assertThat(strings(m.popLeft(Long.MAX_VALUE))).containsExactly("x", "y");
  }

  @Test
  void redisIndexes() {
    ListValue l = of("a", "b", "c");
    assertThat(new String(l.get(0), StandardCharsets.UTF_8)).isEqualTo("a");
    assertThat(new String(l.get(-1), StandardCharsets.UTF_8)).isEqualTo("c");
    assertThat(new String(l.get(-3), StandardCharsets.UTF_8)).isEqualTo("a");
    assertThat(l.get(3)).isNull();
    assertThat(l.get(-4)).isNull();
    assertThat(l.get(Long.MIN_VALUE)).isNull();
    assertThat(l.get(Long.MAX_VALUE)).isNull();
    assertThat(l.set(-2, b("B"))).isTrue();
    assertThat(l.set(3, b("x"))).isFalse();
    assertThat(all(l)).containsExactly("a", "B", "c");
    assertThat(strings(l.range(-2, 100))).containsExactly("B", "c");
    assertThat(strings(l.range(Long.MIN_VALUE, Long.MAX_VALUE))).containsExactly("a", "B", "c");
    assertThat(l.range(2, 1)).isEmpty();
    assertThat(l.range(0, -4)).isEmpty();
    assertThat(l.range(3, 5)).isEmpty();
  }

  @Test
  void trimClampsAndCountsRemoved() {
    ListValue l = of("a", "b", "c", "d", "e");
    assertThat(l.trim(1, -2)).isEqualTo(2);
    assertThat(all(l)).containsExactly("b", "c", "d");
    assertThat(l.trim(-100, 100)).isZero();
    assertThat(l.trim(5, 10)).isEqualTo(3);
    assertThat(l.isEmpty()).isTrue();
  }

  @Test
  void insertShiftsTheShorterSide() {
    ListValue l = of("a", "b", "c", "d");
    assertThat(l.insert(b("b"), b("x"), false)).isEqualTo(5);
    assertThat(l.insert(b("d"), b("y"), true)).isEqualTo(6);
    assertThat(l.insert(b("a"), b("z"), false)).isEqualTo(7);
    assertThat(l.insert(b("nope"), b("w"), true)).isEqualTo(-1);
    assertThat(all(l)).containsExactly("z", "a", "x", "b", "c", "d", "y");
  }

  @Test
  void removeFromEitherEnd() {
    ListValue l = of("a", "b", "a", "c", "a", "d", "a");
    assertThat(l.remove(-2, b("a"))).isEqualTo(2);
    assertThat(all(l)).containsExactly("a", "b", "a", "c", "d");
    assertThat(l.remove(1, b("a"))).isEqualTo(1);
    assertThat(all(l)).containsExactly("b", "a", "c", "d");
    assertThat(l.remove(0, b("zz"))).isZero();
    assertThat(l.remove(0, b("a"))).isEqualTo(1);
    assertThat(all(l)).containsExactly("b", "c", "d");
    // Redis's C negation leaves LLONG_MIN negative: no quota, every occurrence goes.
    ListValue m = of("a", "x", "a", "a");
    assertThat(m.remove(Long.MIN_VALUE, b("a"))).isEqualTo(3);
    assertThat(all(m)).containsExactly("x");
    assertThat(m.remove(Long.MAX_VALUE, b("x"))).isEqualTo(1);
    assertThat(m.isEmpty()).isTrue();
  }

  @Test
  void growsPastWrapAroundAndShrinksWhenMostlyEmpty() {
    ListValue l = new ListValue();
    assertThat(l.capacity()).isEqualTo(8);
    // Wrap the head around the array end before the first growth.
    for (int i = 0; i < 5; i++) {
      l.pushLeft(b("L" + i));
    }
    for (int i = 0; i < 3; i++) {
      l.pushRight(b("R" + i));
    }
    assertThat(l.capacity()).isEqualTo(8);
    l.pushRight(b("R3"));
    assertThat(l.capacity()).isEqualTo(16);
    assertThat(all(l)).containsExactly("L4", "L3", "L2", "L1", "L0", "R0", "R1", "R2", "R3");
    for (int i = 0; i < 1000; i++) {
      l.pushRight(b("x" + i));
    }
    assertThat(l.capacity()).isEqualTo(1024);
    l.trim(0, 9);
    assertThat(l.size()).isEqualTo(10);
    assertThat(l.capacity()).isEqualTo(32);
    assertThat(all(l)).containsExactly("L4", "L3", "L2", "L1", "L0", "R0", "R1", "R2", "R3", "x0");
    while (l.popLeft() != null) {
      assertThat(l.capacity()).isGreaterThanOrEqualTo(8);
    }
    assertThat(l.capacity()).isEqualTo(8);
  }

  @Test
  void copyIsIndependent() {
    ListValue l = of("a", "b", "c");
    ListValue c = l.copy();
    c.pushLeft(b("z"));
    l.set(0, b("A"));
    assertThat(all(l)).containsExactly("A", "b", "c");
    assertThat(all(c)).containsExactly("z", "a", "b", "c");
    assertThat(new ListValue().copy().isEmpty()).isTrue();
  }

  // ---- randomized comparison with an ArrayList model ----

  /** Redis's range clamping, written out independently of ListValue. */
  private static int[] modelClamp(int n, long start, long stop) {
    long s = start < 0 ? Math.max(0, n + start) : start;
    long e = stop < 0 ? n + stop : Math.min(stop, n - 1);
    if (s > e || s >= n) {
      return null;
    }
    return new int[] {(int) s, (int) e};
  }

  private static long randomIndex(SplittableRandom rnd, int n) {
    switch (rnd.nextInt(6)) {
      case 0:
        return Long.MIN_VALUE + rnd.nextInt(3);
      case 1:
        return Long.MAX_VALUE - rnd.nextInt(3);
      default:
        return rnd.nextInt(-n - 3, n + 4);
    }
  }

  @Test
  void randomOperationsMatchAnArrayListModel() {
    SplittableRandom rnd = new SplittableRandom(20240607);
    for (int round = 0; round < 40; round++) {
      ListValue l = new ListValue();
      List<String> model = new ArrayList<>();
      // Phases bias towards growth or towards shrinking so capacity moves both ways.
      for (int step = 0; step < 3000; step++) {
        boolean growing = (step / 500) % 2 == 0;
        int op = rnd.nextInt(14);
        String e = "e" + rnd.nextInt(6);
        int n = model.size();
        switch (op) {
          case 0, 1 -> {
            if (growing || rnd.nextInt(4) == 0) {
              l.pushLeft(b(e));
              model.add(0, e);
            }
          }
          case 2, 3 -> {
            if (growing || rnd.nextInt(4) == 0) {
              l.pushRight(b(e));
              model.add(e);
            }
          }
          case 4 -> {
            byte[] p = l.popLeft();
            String m = model.isEmpty() ? null : model.remove(0);
            assertThat(p == null ? null : new String(p, StandardCharsets.UTF_8)).isEqualTo(m);
          }
          case 5 -> {
            byte[] p = l.popRight();
            String m = model.isEmpty() ? null : model.remove(model.size() - 1);
            assertThat(p == null ? null : new String(p, StandardCharsets.UTF_8)).isEqualTo(m);
          }
          case 6 -> {
            int c = rnd.nextInt(1, 6);
            boolean left = rnd.nextBoolean();
            List<String> expect = new ArrayList<>();
            for (int i = 0; i < c && !model.isEmpty(); i++) {
              expect.add(left ? model.remove(0) : model.remove(model.size() - 1));
            }
            assertThat(strings(left ? l.popLeft(c) : l.popRight(c))).isEqualTo(expect);
          }
          case 7 -> {
            long i = randomIndex(rnd, n);
            long p = i < 0 ? n + i : i;
            String expect = p >= 0 && p < n ? model.get((int) p) : null;
            byte[] got = l.get(i);
            assertThat(got == null ? null : new String(got, StandardCharsets.UTF_8)).isEqualTo(expect);
            boolean ok = l.set(i, b(e));
            assertThat(ok).isEqualTo(expect != null);
            if (ok) {
              model.set((int) p, e);
            }
          }
          case 8 -> {
            long s = randomIndex(rnd, n);
            long t = randomIndex(rnd, n);
            int[] r = modelClamp(n, s, t);
            List<String> expect = r == null ? List.of() : model.subList(r[0], r[1] + 1);
            assertThat(strings(l.range(s, t))).isEqualTo(expect);
          }
          case 9 -> {
            if (!growing) {
              long s = rnd.nextInt(-3, 3);
              long t = rnd.nextInt(-3, 3) - (rnd.nextBoolean() ? 0 : 1);
              int[] r = modelClamp(n, s, t);
              List<String> kept = r == null ? new ArrayList<>() : new ArrayList<>(model.subList(r[0], r[1] + 1));
              assertThat(l.trim(s, t)).isEqualTo(n - kept.size());
              model = kept;
            }
          }
          case 10 -> {
            String pivot = "e" + rnd.nextInt(7);
            boolean after = rnd.nextBoolean();
            int at = model.indexOf(pivot);
            long got = l.insert(b(pivot), b(e), after);
            if (at < 0) {
              assertThat(got).isEqualTo(-1);
            } else {
              model.add(after ? at + 1 : at, e);
              assertThat(got).isEqualTo(model.size());
            }
          }
          case 11 -> {
            long count = rnd.nextInt(-3, 4);
            int removed = 0;
            if (count >= 0) {
              for (int i = 0; i < model.size(); ) {
                if ((count == 0 || removed < count) && model.get(i).equals(e)) {
                  model.remove(i);
                  removed++;
                } else {
                  i++;
                }
              }
            } else {
              for (int i = model.size() - 1; i >= 0; i--) {
                if (removed < -count && model.get(i).equals(e)) {
                  model.remove(i);
                  removed++;
                }
              }
            }
            assertThat(l.remove(count, b(e))).isEqualTo(removed);
          }
          case 12 -> {
            ListValue c = l.copy();
            assertThat(all(c)).isEqualTo(model);
            c.pushRight(b("copy-only"));
          }
          default -> assertThat(allDescending(l)).isEqualTo(reversed(model));
        }
        assertThat(l.size()).isEqualTo(model.size());
        int cap = l.capacity();
        assertThat(Integer.bitCount(cap)).isEqualTo(1);
        assertThat(cap).isGreaterThanOrEqualTo(Math.max(8, model.size()));
        if (cap > 8) {
          assertThat(model.size()).as("shrunk when under a quarter full").isGreaterThanOrEqualTo(cap / 4);
        }
      }
      assertThat(all(l)).isEqualTo(model);
    }
  }

  private static List<String> reversed(List<String> l) {
    List<String> r = new ArrayList<>(l);
    java.util.Collections.reverse(r);
    return r;
  }
}
