package io.restis.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.ObjDoubleConsumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A sorted set: unique members, each with a double score, ordered by (score, member memcmp).
 *
 * <h2>Representation</h2>
 * Two structures share one node per member, as in Redis's {@code zset}:
 * <ul>
 *   <li>a {@link Dict} from member to node, for O(1) ZSCORE and membership, and for ZSCAN's
 *       stateless cursor, which only a hash table walked in reverse-binary order gives;
 *   <li>a {@link ZSetSkipList} with spans, so that insert, delete, rank, the element at a rank,
 *       and the start of a range by score or by member are all O(log n), and a range of m
 *       elements then costs O(m) more by walking level 0 (backwards for reverse ranges).
 *       ZRANDMEMBER draws a random rank here: uniform, where a random dict bucket favours
 *       members alone in their chain.
 * </ul>
 * A balanced tree could order the members too, but a rank query on it needs subtree sizes kept
 * through every rotation; the spans of a skiplist give ranks with no rebalancing at all, and the
 * structure is the one whose behaviour Redis documents.
 *
 * <h2>Ranges</h2>
 * A score range is a contiguous run of the order, so it is found as two prefix lengths: how many
 * elements lie below the minimum, and how many do not lie above the maximum. Both are one descent
 * each; LIMIT offsets then become rank arithmetic instead of the element-by-element walk Redis
 * does, with the same result. A member (lex) range is contiguous only when the scores are equal;
 * since Redis answers it on any set, it is searched and walked the way Redis does it (see the
 * comment above {@code lexOverlaps}).
 *
 * <h2>Redis's small encoding</h2>
 * Redis keeps a sorted set of at most 128 members of at most 64 bytes in a flat listpack, and
 * that is observable: ZSCAN returns such a set whole, in order, in one call, with its scores
 * written as the listpack stores them (integral scores as integers), and the listpack cannot
 * store -0, which reads back as 0. This class keeps only a flag that follows Redis's conversion
 * rules (a set becomes "skiplist" when it outgrows the limits and never goes back, except that
 * results of the STORE commands are built small when they fit) so that those replies match. The
 * flag changes no complexity: the dict and skiplist are always there.
 *
 * <p>Not thread-safe: guarded by the engine lock like every value.
 */
public final class ZSetValue implements Value {

  /** Redis's zset-max-listpack-entries default. */
  static final int COMPACT_MAX_ENTRIES = 128;
  /** Redis's zset-max-listpack-value default. */
  static final int COMPACT_MAX_MEMBER = 64;

  /** ZADD flags for {@link #add}. */
  public static final int NX = 1;
  public static final int XX = 2;
  public static final int GT = 4;
  public static final int LT = 8;
  public static final int INCR = 16;

  /** What {@link #add} did. */
  public enum Outcome {
    /** A new member. */
    ADDED,
    /** An existing member whose score changed. */
    UPDATED,
    /** An existing member given its current score. */
    UNCHANGED,
    /** Nothing, because NX, XX, GT or LT refused it. */
    SKIPPED,
    /** Nothing, because the increment gave NaN. */
    NAN
  }

  /**
   * The outcome of {@link #add} and the member's resulting score (meaningless when skipped or
   * NaN). The score is the computed one even where the compact form stores -0 as 0, as Redis
   * replies it.
   */
  public record AddResult(Outcome outcome, double score) {
    /** True when the member now has the score (Redis's "processed"). */
    public boolean processed() {
      return outcome == Outcome.ADDED || outcome == Outcome.UPDATED || outcome == Outcome.UNCHANGED;
    }
  }

  /** A member and its score, as ranges and pops return them. */
  public record Element(Bytes member, double score) {}

  /** One ZSCAN step: the next cursor and the flat member, score-text pairs. */
  public record ScanPage(long cursor, List<byte[]> items) {}

  private static final AddResult SKIPPED = new AddResult(Outcome.SKIPPED, Double.NaN);
  private static final AddResult NAN = new AddResult(Outcome.NAN, Double.NaN);

  private final Dict<Bytes, ZSetSkipList.Node> dict;
  private final ZSetSkipList list = new ZSetSkipList();
  /** Whether Redis would hold this set as a listpack (see the class comment). */
  private boolean compact;

  /** An empty sorted set, small as Redis creates one for ZADD. */
  public ZSetValue() {
    this(true, 4);
  }

  private ZSetValue(boolean compact, int expected) {
    this.compact = compact;
    this.dict = new Dict<>(expected);
  }

  /**
   * An empty sorted set for a result of about {@code expected} elements (negative when unknown),
   * small when that fits, as ZRANGESTORE creates its destination.
   */
  public static ZSetValue sized(long expected) {
    boolean small = expected <= COMPACT_MAX_ENTRIES;
    return new ZSetValue(small, small ? 4 : (int) Math.min(expected, 1 << 20));
  }

  /**
   * An empty sorted set in the large form whatever its size, as ZUNIONSTORE, ZINTERSTORE and
   * ZDIFFSTORE build a result before {@link #compactIfSmall}.
   */
  public static ZSetValue large(int expected) {
    return new ZSetValue(false, Math.min(expected, 1 << 20));
  }

  @Override
  public ValueType type() {
    return ValueType.ZSET;
  }

  @Override
  public long size() {
    return list.length();
  }

  /** The encoding name Redis would report for this set (OBJECT ENCODING). */
  public String encoding() {
    return compact ? "listpack" : "skiplist";
  }

  /** The score as stored: the compact form has no -0. */
  private double stored(double score) {
    return compact && score == 0 ? 0.0 : score;
  }

  private void insertNew(Bytes member, double score) {
    if (compact && (list.length() + 1 > COMPACT_MAX_ENTRIES || member.length() > COMPACT_MAX_MEMBER)) {
      compact = false;
    }
    dict.put(member, list.insert(stored(score), member));
  }

  /**
   * ZADD's core (Redis's zsetAdd): adds or updates one member under the flags {@link #NX},
   * {@link #XX}, {@link #GT}, {@link #LT}, {@link #INCR}. The score must not be NaN.
   */
  public AddResult add(Bytes member, double score, int flags) {
    if (Double.isNaN(score)) {
      return NAN;
    }
    ZSetSkipList.Node node = dict.get(member);
    if (node != null) {
      if ((flags & NX) != 0) {
        return SKIPPED;
      }
      double current = node.score;
      if ((flags & INCR) != 0) {
        score += current;
        if (Double.isNaN(score)) {
          return NAN;
        }
      }
      if (((flags & LT) != 0 && score >= current) || ((flags & GT) != 0 && score <= current)) {
        return SKIPPED;
      }
      if (score != current) {
        list.updateScore(node, stored(score));
        return new AddResult(Outcome.UPDATED, score);
      }
      return new AddResult(Outcome.UNCHANGED, score);
    }
    if ((flags & XX) != 0) {
      return SKIPPED;
    }
    insertNew(member, score);
    return new AddResult(Outcome.ADDED, score);
  }

  /** Sets the member's score unconditionally; true when the member is new. */
  public boolean put(Bytes member, double score) {
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("NaN score");
    }
    ZSetSkipList.Node node = dict.get(member);
    if (node == null) {
      insertNew(member, score);
      return true;
    }
    if (score != node.score) {
      list.updateScore(node, stored(score));
    }
    return false;
  }

  /** The member's score, or null when it is not in the set. */
  public Double score(Bytes member) {
    ZSetSkipList.Node node = dict.get(member);
    return node == null ? null : node.score;
  }

  public boolean contains(Bytes member) {
    return dict.containsKey(member);
  }

  /** The 0-based rank from the lowest score (or from the highest when reverse); -1 when absent. */
  public long rank(Bytes member, boolean reverse) {
    ZSetSkipList.Node node = dict.get(member);
    if (node == null) {
      return -1;
    }
    long r = list.rank(node);
    return reverse ? list.length() - r : r - 1;
  }

  /** Removes the member; true when it was there. */
  public boolean remove(Bytes member) {
    ZSetSkipList.Node node = dict.remove(member);
    if (node == null) {
      return false;
    }
    list.delete(node.score, member);
    return true;
  }

  // Score ranges are the runs [below, upto) of 0-based ranks; see the class comment.

  private long belowMin(ZSetScoreRange r) {
    return list.countPrefix(n -> !r.aboveMin(n.score));
  }

  private long uptoMax(ZSetScoreRange r) {
    return list.countPrefix(n -> r.belowMax(n.score));
  }

  // Lex ranges are only meaningful when all scores are equal, but Redis answers them on any set,
  // and what it answers then follows from how it searches: a compact set is scanned from an end
  // (at most 128 steps), a large one is searched by descent, and a range is then walked while its
  // far bound holds.
  // The methods below search and walk the same way, so that on a compact set (the only case where
  // Redis's answer is not shaped by random skiplist levels) the replies are Redis's.

  /** Redis's zslIsInLexRange: the range is not empty and overlaps the ends of the set. */
  private boolean lexOverlaps(ZSetLexRange r) {
    return !r.isEmpty() && list.length() > 0 && r.aboveMin(list.last().member)
        && r.belowMax(list.first().member);
  }

  /** The first element not below the minimum, when it is not above the maximum; else null. */
  private ZSetSkipList.Node firstInLex(ZSetLexRange r) {
    if (!lexOverlaps(r)) {
      return null;
    }
    ZSetSkipList.Node x = firstNotBelow(r);
    return x != null && r.belowMax(x.member) ? x : null;
  }

  private ZSetSkipList.Node firstNotBelow(ZSetLexRange r) {
    if (compact) {
      ZSetSkipList.Node x = list.first();
      while (x != null && !r.aboveMin(x.member)) {
        x = x.next();
      }
      return x;
    }
    return list.byRank(list.countPrefix(n -> !r.aboveMin(n.member)) + 1);
  }

  /** The last element not above the maximum, when it is not below the minimum; else null. */
  private ZSetSkipList.Node lastInLex(ZSetLexRange r) {
    if (!lexOverlaps(r)) {
      return null;
    }
    ZSetSkipList.Node x;
    if (compact) {
      x = list.last();
      while (x != null && !r.belowMax(x.member)) {
        x = x.previous();
      }
    } else {
      x = list.byRank(list.countPrefix(n -> r.belowMax(n.member)));
    }
    return x != null && r.aboveMin(x.member) ? x : null;
  }

  /** How many members have a score in the range (ZCOUNT). */
  public long count(ZSetScoreRange r) {
    if (r.isEmpty()) {
      return 0;
    }
    return Math.max(0, uptoMax(r) - belowMin(r));
  }

  /** How many members are in the lex range (ZLEXCOUNT). */
  public long lexCount(ZSetLexRange r) {
    ZSetSkipList.Node first = firstInLex(r);
    if (first == null) {
      return 0;
    }
    if (compact) {
      long count = 0;
      for (ZSetSkipList.Node x = first; x != null && r.belowMax(x.member); x = x.next()) {
        count++;
      }
      return count;
    }
    long count = list.length() - (list.rank(first) - 1);
    ZSetSkipList.Node last = lastInLex(r);
    if (last != null) {
      count -= list.length() - list.rank(last);
    }
    return count;
  }

  /**
   * The elements of 0-based positions start..end inclusive, counted from the lowest score or, when
   * reverse, from the highest; the caller has already clamped 0 <= start <= end < size.
   */
  public List<Element> rangeByRank(long start, long end, boolean reverse) {
    int n = (int) (end - start + 1);
    List<Element> out = new ArrayList<>(n);
    ZSetSkipList.Node x = list.byRank(reverse ? list.length() - start : start + 1);
    for (int i = 0; i < n && x != null; i++) {
      out.add(new Element(x.member, x.score));
      x = reverse ? x.previous() : x.next();
    }
    return out;
  }

  /**
   * The members with a score in the range, lowest first or highest first, after skipping
   * {@code offset} of them and taking at most {@code limit} (negative: no limit). As in Redis a
   * negative offset yields nothing.
   */
  public List<Element> rangeByScore(ZSetScoreRange r, boolean reverse, long offset, long limit) {
    if (r.isEmpty()) {
      return List.of();
    }
    return run(belowMin(r), uptoMax(r), reverse, offset, limit);
  }

  /** As {@link #rangeByScore}, for a lex range. */
  public List<Element> rangeByLex(ZSetLexRange r, boolean reverse, long offset, long limit) {
    if (offset < 0 || (offset > 0 && offset >= list.length())) {
      return List.of();
    }
    ZSetSkipList.Node x = reverse ? lastInLex(r) : firstInLex(r);
    if (x == null) {
      return List.of();
    }
    if (offset > 0) {
      // Skip without looking at the bounds, as Redis's walk does; by rank rather than by steps.
      long rank = list.rank(x) + (reverse ? -offset : offset);
      x = list.byRank(rank);
    }
    List<Element> out = new ArrayList<>();
    for (long taken = 0; x != null && (limit < 0 || taken < limit); taken++) {
      if (reverse ? !r.aboveMin(x.member) : !r.belowMax(x.member)) {
        break;
      }
      out.add(new Element(x.member, x.score));
      x = reverse ? x.previous() : x.next();
    }
    return out;
  }

  private List<Element> run(long below, long upto, boolean reverse, long offset, long limit) {
    long n = upto - below;
    if (n <= 0 || offset < 0 || offset >= n) {
      return List.of();
    }
    long take = n - offset;
    if (limit >= 0 && limit < take) {
      take = limit;
    }
    List<Element> out = new ArrayList<>((int) Math.min(take, 1 << 16));
    ZSetSkipList.Node x = list.byRank(reverse ? upto - offset : below + offset + 1);
    for (long i = 0; i < take && x != null; i++) {
      out.add(new Element(x.member, x.score));
      x = reverse ? x.previous() : x.next();
    }
    return out;
  }

  /** Removes 0-based ranks start..end inclusive (clamped by the caller); returns how many. */
  public long removeRangeByRank(long start, long end) {
    return list.deleteRangeByRank(start + 1, end + 1, x -> dict.remove(x.member));
  }

  /** Removes the members with a score in the range; returns how many. */
  public long removeRangeByScore(ZSetScoreRange r) {
    return removeRun(belowMin(r), uptoMax(r));
  }

  /** Removes the members in the lex range; returns how many. */
  public long removeRangeByLex(ZSetLexRange r) {
    // Redis checks the overlap first only on a compact set; both then delete forward from the
    // first member not below the minimum while the maximum holds.
    ZSetSkipList.Node first = compact ? firstInLex(r) : firstNotBelow(r);
    if (first == null) {
      return 0;
    }
    long start = list.rank(first);
    long n = 0;
    for (ZSetSkipList.Node x = first; x != null && r.belowMax(x.member); x = x.next()) {
      n++;
    }
    return n == 0 ? 0 : list.deleteRangeByRank(start, start + n - 1, x -> dict.remove(x.member));
  }

  private long removeRun(long below, long upto) {
    if (upto <= below) {
      return 0;
    }
    return list.deleteRangeByRank(below + 1, upto, x -> dict.remove(x.member));
  }

  /** Removes and returns up to count elements from the low end, or the high end when max. */
  public List<Element> pop(long count, boolean max) {
    int n = (int) Math.min(count, list.length());
    List<Element> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ZSetSkipList.Node x = max ? list.last() : list.first();
      out.add(new Element(x.member, x.score));
      dict.remove(x.member);
      list.delete(x.score, x.member);
    }
    return out;
  }

  /**
   * A random element, or null when empty. Drawn by rank rather than from the dict: a rank is
   * uniform where a dict bucket is not (members sharing a chain are picked less often), at
   * O(log n) instead of O(1).
   */
  public Element random(RandomGenerator rnd) {
    ZSetSkipList.Node x = randomNode(rnd);
    return x == null ? null : new Element(x.member, x.score);
  }

  private ZSetSkipList.Node randomNode(RandomGenerator rnd) {
    int n = list.length();
    return n == 0 ? null : list.byRank(1 + rnd.nextInt(n));
  }

  /** count random elements, each drawn independently (repeats possible), in draw order. */
  public List<Element> randomWithRepetition(int count, RandomGenerator rnd) {
    List<Element> out = new ArrayList<>(count);
    for (int i = 0; i < count && !dict.isEmpty(); i++) {
      out.add(random(rnd));
    }
    return out;
  }

  /**
   * count distinct random elements, count below the size, in no particular order. As Redis: when
   * count is a large share of the set, choose by eliminating from a copy; otherwise draw until
   * enough distinct members were seen.
   */
  public List<Element> randomDistinct(int count, RandomGenerator rnd) {
    int size = list.length();
    if (count >= size) {
      throw new IllegalArgumentException("count must be below the size");
    }
    if ((long) count * 3 > size) {
      List<ZSetSkipList.Node> all = new ArrayList<>(size);
      for (Dict.Node<Bytes, ZSetSkipList.Node> n : dict) {
        all.add(n.value());
      }
      // A partial Fisher-Yates shuffle: the first count slots become a uniform sample.
      for (int i = 0; i < count; i++) {
        Collections.swap(all, i, i + rnd.nextInt(size - i));
      }
      List<Element> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        out.add(new Element(all.get(i).member, all.get(i).score));
      }
      return out;
    }
    LinkedHashSet<ZSetSkipList.Node> picked = new LinkedHashSet<>();
    while (picked.size() < count) {
      picked.add(randomNode(rnd));
    }
    List<Element> out = new ArrayList<>(count);
    for (ZSetSkipList.Node x : picked) {
      out.add(new Element(x.member, x.score));
    }
    return out;
  }

  /** Every element from the lowest score up. */
  public void forEach(ObjDoubleConsumer<Bytes> action) {
    for (ZSetSkipList.Node x = list.first(); x != null; x = x.next()) {
      action.accept(x.member, x.score);
    }
  }

  /** The elements from the lowest score up, lazily; the set must not change during the walk. */
  public Iterable<Element> elements() {
    return () -> new Iterator<>() {
      private ZSetSkipList.Node next = list.first();

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Element next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Element e = new Element(next.member, next.score);
        next = next.next();
        return e;
      }
    };
  }

  /**
   * One ZSCAN step. A compact set is returned whole and in order with cursor 0, as Redis returns a
   * listpack; a large one is walked through the dict's cursor until about {@code count} elements
   * were seen, and then filtered by {@code match}.
   */
  public ScanPage scan(long cursor, long count, Predicate<byte[]> match) {
    List<byte[]> items = new ArrayList<>();
    if (compact) {
      for (ZSetSkipList.Node x = list.first(); x != null; x = x.next()) {
        if (match.test(x.member.bytes())) {
          items.add(x.member.bytes());
          items.add(compactScoreText(x.score));
        }
      }
      return new ScanPage(0, items);
    }
    List<ZSetSkipList.Node> seen = new ArrayList<>();
    long iterations = count * 10;
    do {
      cursor = dict.scan(cursor, (k, node) -> seen.add(node));
    } while (cursor != 0 && iterations-- > 0 && seen.size() < count);
    for (ZSetSkipList.Node x : seen) {
      if (match.test(x.member.bytes())) {
        items.add(x.member.bytes());
        items.add(Numbers.formatDouble(x.score).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return new ScanPage(cursor, items);
  }

  /**
   * A score as a listpack stores it: an integer when it is integral and within +-2^62, otherwise
   * {@code %.17g}.
   */
  static byte[] compactScoreText(double d) {
    if (d >= -0x1p62 && d <= 0x1p62) {
      long l = (long) d;
      if (l == d) {
        return Numbers.formatLongBytes(l);
      }
    }
    return Numbers.formatDouble(d).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Makes a freshly built result compact when it fits, as Redis converts the result of
   * ZUNIONSTORE, ZINTERSTORE and ZDIFFSTORE; -0 scores become 0 as in a listpack.
   */
  public void compactIfSmall() {
    if (compact || list.length() > COMPACT_MAX_ENTRIES) {
      return;
    }
    for (ZSetSkipList.Node x = list.first(); x != null; x = x.next()) {
      if (x.member.length() > COMPACT_MAX_MEMBER) {
        return;
      }
    }
    compact = true;
    for (ZSetSkipList.Node x = list.first(); x != null; x = x.next()) {
      x.score = stored(x.score); // 0 and -0 are the same position in the order
    }
  }

  /**
   * Switches to the large form for good, as Redis's SORT converts every sorted set it reads to a
   * skiplist before loading it (observable afterwards in OBJECT ENCODING, ZSCAN and lex ranges).
   */
  public void expand() {
    compact = false;
  }

  @Override
  public ZSetValue copy() {
    ZSetValue c = new ZSetValue(compact, list.length());
    for (ZSetSkipList.Node x = list.first(); x != null; x = x.next()) {
      c.dict.put(x.member, c.list.insert(x.score, x.member));
    }
    return c;
  }

  /** Checks that the dict and the skiplist agree and the skiplist is well formed; for tests. */
  void verify() {
    list.verify();
    if (dict.size() != list.length()) {
      throw new IllegalStateException("dict and skiplist sizes differ");
    }
    for (ZSetSkipList.Node x = list.first(); x != null; x = x.next()) {
      if (dict.get(x.member) != x) {
        throw new IllegalStateException("dict does not map " + x.member + " to its node");
      }
    }
  }
}
