package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The {@link ZSetValue} API on its own, and a property test: long random sequences of operations
 * checked step by step against a plain model (a TreeSet in the same order plus a map), comparing
 * order, ranks, ranges by rank, score and member, counts, removals and pops.
 */
class ZSetValueTest {

  private static Bytes b(String s) {
    return Bytes.of(s);
  }

  private static List<String> members(List<ZSetValue.Element> els) {
    List<String> out = new ArrayList<>();
    for (ZSetValue.Element e : els) {
      out.add(e.member().toString());
    }
    return out;
  }

  private static List<String> all(ZSetValue z) {
    List<String> out = new ArrayList<>();
    for (ZSetValue.Element e : z.elements()) {
      out.add(e.member() + "=" + Numbers.formatDouble(e.score()));
    }
    return out;
  }

  @Test
  void addOutcomesFollowZaddRules() {
    ZSetValue z = new ZSetValue();
    assertThat(z.add(b("a"), 1, 0).outcome()).isEqualTo(ZSetValue.Outcome.ADDED);
    assertThat(z.add(b("a"), 1, 0).outcome()).isEqualTo(ZSetValue.Outcome.UNCHANGED);
    assertThat(z.add(b("a"), 2, 0).outcome()).isEqualTo(ZSetValue.Outcome.UPDATED);
    assertThat(z.add(b("a"), 5, ZSetValue.NX).outcome()).isEqualTo(ZSetValue.Outcome.SKIPPED);
    assertThat(z.add(b("b"), 5, ZSetValue.XX).outcome()).isEqualTo(ZSetValue.Outcome.SKIPPED);
    assertThat(z.add(b("a"), 1, ZSetValue.GT).outcome()).isEqualTo(ZSetValue.Outcome.SKIPPED);
    assertThat(z.add(b("a"), 2, ZSetValue.GT).outcome()).isEqualTo(ZSetValue.Outcome.SKIPPED);
    assertThat(z.add(b("a"), 3, ZSetValue.GT).outcome()).isEqualTo(ZSetValue.Outcome.UPDATED);
    assertThat(z.add(b("a"), 3, ZSetValue.LT).outcome()).isEqualTo(ZSetValue.Outcome.SKIPPED);
    ZSetValue.AddResult r = z.add(b("a"), 0.5, ZSetValue.INCR);
    assertThat(r.outcome()).isEqualTo(ZSetValue.Outcome.UPDATED);
    assertThat(r.score()).isEqualTo(3.5);
    assertThat(z.add(b("a"), -1, ZSetValue.INCR | ZSetValue.GT).processed()).isFalse();
    assertThat(z.add(b("inf"), Double.POSITIVE_INFINITY, 0).outcome()).isEqualTo(ZSetValue.Outcome.ADDED);
    assertThat(z.add(b("inf"), Double.NEGATIVE_INFINITY, ZSetValue.INCR).outcome()).isEqualTo(ZSetValue.Outcome.NAN);
    assertThat(z.add(b("x"), Double.NaN, 0).outcome()).isEqualTo(ZSetValue.Outcome.NAN);
    assertThat(z.score(b("inf"))).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(z.size()).isEqualTo(2);
    z.verify();
  }

  @Test
  void zeroAndNegativeZeroShareAPlaceAndOrderByMember() {
    ZSetValue z = ZSetValue.large(4);
    z.put(b("b"), -0.0);
    z.put(b("a"), 0.0);
    z.put(b("c"), -0.0);
    assertThat(all(z)).containsExactly("a=0", "b=-0", "c=-0");
    assertThat(z.rank(b("b"), false)).isEqualTo(1);
    // Same score for Redis: no update.
    assertThat(z.add(b("b"), 0.0, 0).outcome()).isEqualTo(ZSetValue.Outcome.UNCHANGED);
    assertThat(z.count(ZSetScoreRange.parse("0".getBytes(), "0".getBytes()))).isEqualTo(3);
    z.verify();
  }

  @Test
  void copyIsDeepAndKeepsTheEncoding() {
    ZSetValue z = new ZSetValue();
    for (int i = 0; i < 10; i++) {
      z.put(b("m" + i), i);
    }
    ZSetValue c = z.copy();
    c.put(b("m0"), 100);
    c.remove(b("m1"));
    assertThat(z.score(b("m0"))).isEqualTo(0.0);
    assertThat(z.contains(b("m1"))).isTrue();
    assertThat(c.encoding()).isEqualTo("listpack");
    z.put(b("x".repeat(65)), 1);
    assertThat(z.encoding()).isEqualTo("skiplist");
    assertThat(z.copy().encoding()).isEqualTo("skiplist");
    z.verify();
    c.verify();
  }

  @Test
  void compactScoreTextMatchesTheListpack() {
    assertThat(text(0x1p62)).isEqualTo("4611686018427387904");
    assertThat(text(-0x1p62)).isEqualTo("-4611686018427387904");
    assertThat(text(Math.nextUp(0x1p62))).isEqualTo("4.6116860184273889e+18");
    assertThat(text(1e17)).isEqualTo("100000000000000000");
    assertThat(text(-0.0)).isEqualTo("0");
    assertThat(text(2.5)).isEqualTo("2.5");
    assertThat(text(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
  }

  private static String text(double d) {
    return new String(ZSetValue.compactScoreText(d), StandardCharsets.US_ASCII);
  }

  @Test
  void scoreRangeParsing() {
    assertThat(ZSetScoreRange.parse("(1".getBytes(), "+inf".getBytes()))
        .isEqualTo(new ZSetScoreRange(1, true, Double.POSITIVE_INFINITY, false));
    assertThat(ZSetScoreRange.parse("".getBytes(), "(".getBytes())).isEqualTo(new ZSetScoreRange(0, false, 0, true));
    assertThat(ZSetScoreRange.parse(" \t1".getBytes(), "1e400".getBytes()))
        .isEqualTo(new ZSetScoreRange(1, false, Double.POSITIVE_INFINITY, false));
    // C stops at a NUL byte.
    assertThat(ZSetScoreRange.parse(new byte[] {'2', 0, 'x'}, "3".getBytes()))
        .isEqualTo(new ZSetScoreRange(2, false, 3, false));
    assertThat(ZSetScoreRange.parse("nan".getBytes(), "1".getBytes())).isNull();
    assertThat(ZSetScoreRange.parse("1".getBytes(), "1x".getBytes())).isNull();
    assertThat(new ZSetScoreRange(1, true, 1, false).isEmpty()).isTrue();
    assertThat(new ZSetScoreRange(1, false, 1, false).isEmpty()).isFalse();
    assertThat(new ZSetScoreRange(2, false, 1, false).isEmpty()).isTrue();
  }

  @Test
  void lexRangeParsing() {
    assertThat(ZSetLexRange.parse("-".getBytes(), "+".getBytes()).isEmpty()).isFalse();
    assertThat(ZSetLexRange.parse("-".getBytes(), "-".getBytes()).isEmpty()).isTrue();
    assertThat(ZSetLexRange.parse("+".getBytes(), "-".getBytes()).isEmpty()).isTrue();
    assertThat(ZSetLexRange.parse("[a".getBytes(), "[a".getBytes()).isEmpty()).isFalse();
    assertThat(ZSetLexRange.parse("(a".getBytes(), "[a".getBytes()).isEmpty()).isTrue();
    assertThat(ZSetLexRange.parse("a".getBytes(), "+".getBytes())).isNull();
    assertThat(ZSetLexRange.parse("".getBytes(), "+".getBytes())).isNull();
    assertThat(ZSetLexRange.parse("+x".getBytes(), "+".getBytes())).isNull();
    assertThat(ZSetLexRange.parse(new byte[] {'+', 0, 'x'}, "+".getBytes())).isNotNull();
    ZSetLexRange r = ZSetLexRange.parse("[".getBytes(), "(b".getBytes());
    assertThat(r.aboveMin(Bytes.EMPTY)).isTrue();
    assertThat(r.belowMax(b("b"))).isFalse();
    assertThat(r.belowMax(b("a\u00ff"))).isTrue();
  }

  @Test
  void putRefusesNaN() {
    assertThatThrownBy(() -> new ZSetValue().put(b("a"), Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scanOfALargeSetVisitsEveryMemberOnce() {
    ZSetValue z = ZSetValue.large(0);
    for (int i = 0; i < 500; i++) {
      z.put(b("m" + i), i);
    }
    Map<String, Integer> seen = new HashMap<>();
    long cursor = 0;
    do {
      ZSetValue.ScanPage page = z.scan(cursor, 7, m -> true);
      for (int i = 0; i < page.items().size(); i += 2) {
        seen.merge(new String(page.items().get(i), StandardCharsets.UTF_8), 1, Integer::sum);
      }
      cursor = page.cursor();
    } while (cursor != 0);
    assertThat(seen).hasSize(500);
    assertThat(seen.values()).containsOnly(1);
  }

  // ---------------------------------------------------------------------------------------------
  // Property test

  /** The model's order: the skiplist's, with the primitive score comparison. */
  private static final Comparator<ZSetValue.Element> ORDER = (x, y) ->
      x.score() < y.score() ? -1 : x.score() > y.score() ? 1 : x.member().compareTo(y.member());

  private static final double[] SCORES = {
      Double.NEGATIVE_INFINITY, -7, -2.5, -1, -0.0, 0, 0.25, 1, 1, 1.5, 2, 3, 3, 10, 1e300,
      Double.POSITIVE_INFINITY};

  private static final class Model {
    final Map<Bytes, Double> scores = new HashMap<>();
    final TreeSet<ZSetValue.Element> order = new TreeSet<>(ORDER);

    void put(Bytes m, double s) {
      Double old = scores.put(m, s);
      if (old != null) {
        order.remove(new ZSetValue.Element(m, old));
      }
      order.add(new ZSetValue.Element(m, s));
    }

    void remove(Bytes m) {
      Double old = scores.remove(m);
      if (old != null) {
        order.remove(new ZSetValue.Element(m, old));
      }
    }

    List<ZSetValue.Element> list() {
      return new ArrayList<>(order);
    }
  }

  private static Bytes randomMember(SplittableRandom rnd) {
    if (rnd.nextInt(40) == 0) {
      return b("long-" + "x".repeat(60) + rnd.nextInt(5)); // crosses the compact size limit
    }
    return b("m" + rnd.nextInt(60));
  }

  private static double randomScore(SplittableRandom rnd) {
    return rnd.nextInt(4) == 0 ? rnd.nextInt(-20, 20) / 4.0 : SCORES[rnd.nextInt(SCORES.length)];
  }

  private static ZSetScoreRange randomScoreRange(SplittableRandom rnd) {
    return new ZSetScoreRange(randomScore(rnd), rnd.nextBoolean(), randomScore(rnd), rnd.nextBoolean());
  }

  private static List<ZSetValue.Element> window(List<ZSetValue.Element> matching, boolean reverse,
      long offset, long limit) {
    List<ZSetValue.Element> l = new ArrayList<>(matching);
    if (reverse) {
      Collections.reverse(l);
    }
    if (offset < 0 || offset >= l.size()) {
      return List.of();
    }
    long end = limit < 0 ? l.size() : Math.min(l.size(), offset + limit);
    return l.subList((int) offset, (int) end);
  }

  private static List<ZSetValue.Element> filter(List<ZSetValue.Element> l, Predicate<ZSetValue.Element> p) {
    List<ZSetValue.Element> out = new ArrayList<>();
    for (ZSetValue.Element e : l) {
      if (p.test(e)) {
        out.add(e);
      }
    }
    return out;
  }

  private static boolean inScoreRange(ZSetScoreRange r, double s) {
    boolean lo = r.minExclusive() ? s > r.min() : s >= r.min();
    boolean hi = r.maxExclusive() ? s < r.max() : s <= r.max();
    return lo && hi;
  }

  /** Same members in the same order with numerically equal scores (0 and -0 compare equal). */
  private static void assertSame(List<ZSetValue.Element> actual, List<ZSetValue.Element> expected, String what) {
    assertThat(members(actual)).as(what).isEqualTo(members(expected));
    for (int i = 0; i < actual.size(); i++) {
      assertThat(actual.get(i).score() == expected.get(i).score())
          .as("%s score of %s", what, actual.get(i).member()).isTrue();
    }
  }

  @Test
  void randomOperationsAgreeWithATreeSetModel() {
    for (int seed = 0; seed < 30; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      ZSetValue z = new ZSetValue();
      Model m = new Model();
      for (int step = 0; step < 1500; step++) {
        String op = applyRandomScoreOperation(rnd, z, m);
        String ctx = "seed " + seed + " step " + step + " after " + op;
        assertThat(z.size()).as(ctx).isEqualTo(m.scores.size());
        if (step % 25 == 0) {
          z.verify();
          List<ZSetValue.Element> actual = new ArrayList<>();
          z.elements().forEach(actual::add);
          assertSame(actual, m.list(), ctx);
        }
        checkRandomReads(rnd, z, m, ctx);
      }
      z.verify();
    }
  }

  /** Applies one random write to both sides and checks its direct result; returns its name. */
  private static String applyRandomScoreOperation(SplittableRandom rnd, ZSetValue z, Model m) {
    int kind = rnd.nextInt(100);
    if (kind < 45) {
      Bytes mem = randomMember(rnd);
      double s = randomScore(rnd);
      int[] flagChoices = {0, 0, ZSetValue.NX, ZSetValue.XX, ZSetValue.GT, ZSetValue.LT, ZSetValue.INCR,
          ZSetValue.INCR | ZSetValue.GT, ZSetValue.XX | ZSetValue.LT};
      int flags = flagChoices[rnd.nextInt(flagChoices.length)];
      ZSetValue.AddResult r = z.add(mem, s, flags);
      Double cur = m.scores.get(mem);
      ZSetValue.Outcome expected;
      double target = s;
      if (cur == null) {
        expected = (flags & ZSetValue.XX) != 0 ? ZSetValue.Outcome.SKIPPED : ZSetValue.Outcome.ADDED;
      } else if ((flags & ZSetValue.NX) != 0) {
        expected = ZSetValue.Outcome.SKIPPED;
      } else {
        if ((flags & ZSetValue.INCR) != 0) {
          target = cur + s;
        }
        if (Double.isNaN(target)) {
          expected = ZSetValue.Outcome.NAN;
        } else if (((flags & ZSetValue.LT) != 0 && target >= cur) || ((flags & ZSetValue.GT) != 0 && target <= cur)) {
          expected = ZSetValue.Outcome.SKIPPED;
        } else {
          expected = target != cur ? ZSetValue.Outcome.UPDATED : ZSetValue.Outcome.UNCHANGED;
        }
      }
      assertThat(r.outcome()).as("add %s %s flags %d", mem, s, flags).isEqualTo(expected);
      if (expected == ZSetValue.Outcome.ADDED || expected == ZSetValue.Outcome.UPDATED) {
        m.put(mem, target);
      }
      return "add";
    } else if (kind < 60) {
      Bytes mem = randomMember(rnd);
      assertThat(z.remove(mem)).isEqualTo(m.scores.containsKey(mem));
      m.remove(mem);
      return "remove";
    } else if (kind < 68) {
      int n = m.scores.size();
      if (n == 0) {
        return "noop";
      }
      int start = rnd.nextInt(n);
      int end = start + rnd.nextInt(Math.min(n - start, 5));
      List<ZSetValue.Element> l = m.list();
      assertThat(z.removeRangeByRank(start, end)).isEqualTo(end - start + 1);
      for (int i = start; i <= end; i++) {
        m.remove(l.get(i).member());
      }
      return "removeRangeByRank";
    } else if (kind < 74) {
      ZSetScoreRange r = randomScoreRange(rnd);
      List<ZSetValue.Element> gone = filter(m.list(), e -> inScoreRange(r, e.score()));
      if (gone.size() > 8) {
        return "skipped large removal"; // keep the set populated
      }
      assertThat(z.removeRangeByScore(r)).as("removeRangeByScore %s", r).isEqualTo(gone.size());
      for (ZSetValue.Element e : gone) {
        m.remove(e.member());
      }
      return "removeRangeByScore";
    } else if (kind < 80) {
      boolean max = rnd.nextBoolean();
      int count = rnd.nextInt(4);
      List<ZSetValue.Element> l = m.list();
      if (max) {
        Collections.reverse(l);
      }
      List<ZSetValue.Element> expected = l.subList(0, Math.min(count, l.size()));
      assertSame(z.pop(count, max), expected, "pop");
      for (ZSetValue.Element e : new ArrayList<>(expected)) {
        m.remove(e.member());
      }
      return "pop";
    } else {
      Bytes mem = randomMember(rnd);
      double s = randomScore(rnd);
      assertThat(z.put(mem, s)).isEqualTo(!m.scores.containsKey(mem));
      m.put(mem, s);
      return "put";
    }
  }

  private static void checkRandomReads(SplittableRandom rnd, ZSetValue z, Model m, String ctx) {
    List<ZSetValue.Element> l = m.list();
    int n = l.size();
    Bytes mem = randomMember(rnd);
    Double expectedScore = m.scores.get(mem);
    Double actualScore = z.score(mem);
    assertThat(actualScore == null).as(ctx).isEqualTo(expectedScore == null);
    if (expectedScore != null) {
      assertThat(actualScore == expectedScore.doubleValue()).as(ctx).isTrue();
      int idx = l.indexOf(new ZSetValue.Element(mem, expectedScore));
      assertThat(z.rank(mem, false)).as(ctx).isEqualTo(idx);
      assertThat(z.rank(mem, true)).as(ctx).isEqualTo(n - 1 - idx);
    } else {
      assertThat(z.rank(mem, false)).as(ctx).isEqualTo(-1);
    }
    if (n > 0) {
      int start = rnd.nextInt(n);
      int end = start + rnd.nextInt(n - start);
      boolean reverse = rnd.nextBoolean();
      List<ZSetValue.Element> expected = new ArrayList<>(l);
      if (reverse) {
        Collections.reverse(expected);
      }
      assertSame(z.rangeByRank(start, end, reverse), expected.subList(start, end + 1), ctx + " rangeByRank");
    }
    ZSetScoreRange r = randomScoreRange(rnd);
    List<ZSetValue.Element> matching = filter(l, e -> inScoreRange(r, e.score()));
    assertThat(z.count(r)).as(ctx + " count " + r).isEqualTo(matching.size());
    boolean reverse = rnd.nextBoolean();
    long offset = rnd.nextInt(8) - 1;
    long limit = rnd.nextInt(8) - 2;
    assertSame(z.rangeByScore(r, reverse, offset, limit), window(matching, reverse, offset, limit),
        ctx + " rangeByScore " + r + " rev " + reverse + " limit " + offset + " " + limit);
  }

  // Lex ranges are meaningful when every score is equal: a second run where all scores are 0.

  private static byte[] randomLexBound(SplittableRandom rnd) {
    switch (rnd.nextInt(6)) {
      case 0:
        return "-".getBytes();
      case 1:
        return "+".getBytes();
      case 2:
        return ("(m" + rnd.nextInt(60)).getBytes();
      case 3:
        return ("[m" + rnd.nextInt(60)).getBytes();
      case 4:
        return ("[m" + rnd.nextInt(6)).getBytes(); // a prefix of several members
      default:
        return "[".getBytes();
    }
  }

  /** The model's reading of a lex bound, written independently of ZSetLexRange. */
  private static Predicate<Bytes> lexPredicate(byte[] bound, boolean isMin) {
    if (bound[0] == '-') {
      return x -> isMin;
    }
    if (bound[0] == '+') {
      return x -> !isMin;
    }
    boolean exclusive = bound[0] == '(';
    byte[] v = java.util.Arrays.copyOfRange(bound, 1, bound.length);
    return x -> {
      int c = Bytes.compare(x.bytes(), v);
      return isMin ? (exclusive ? c > 0 : c >= 0) : (exclusive ? c < 0 : c <= 0);
    };
  }

  @Test
  void lexOperationsAgreeWithTheModelWhenScoresAreEqual() {
    Random seeds = new Random(7);
    for (int round = 0; round < 20; round++) {
      SplittableRandom rnd = new SplittableRandom(seeds.nextLong());
      ZSetValue z = new ZSetValue();
      Model m = new Model();
      for (int step = 0; step < 800; step++) {
        Bytes mem = randomMember(rnd);
        if (rnd.nextInt(3) > 0) {
          z.put(mem, 0);
          m.put(mem, 0);
        } else {
          z.remove(mem);
          m.remove(mem);
        }
        byte[] lo = randomLexBound(rnd);
        byte[] hi = randomLexBound(rnd);
        ZSetLexRange r = ZSetLexRange.parse(lo, hi);
        Predicate<Bytes> above = lexPredicate(lo, true);
        Predicate<Bytes> below = lexPredicate(hi, false);
        List<ZSetValue.Element> matching = filter(m.list(), e -> above.test(e.member()) && below.test(e.member()));
        String ctx = "round " + round + " step " + step + " range " + new String(lo) + " " + new String(hi);
        assertThat(z.lexCount(r)).as(ctx).isEqualTo(matching.size());
        boolean reverse = rnd.nextBoolean();
        long offset = rnd.nextInt(6) - 1;
        long limit = rnd.nextInt(6) - 2;
        assertSame(z.rangeByLex(r, reverse, offset, limit), window(matching, reverse, offset, limit), ctx);
        if (rnd.nextInt(10) == 0 && matching.size() <= 6) {
          assertThat(z.removeRangeByLex(r)).as(ctx).isEqualTo(matching.size());
          for (ZSetValue.Element e : matching) {
            m.remove(e.member());
          }
        }
        assertThat(z.size()).isEqualTo(m.scores.size());
      }
      z.verify();
    }
  }
}
