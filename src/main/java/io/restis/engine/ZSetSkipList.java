package io.restis.engine;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The ordered half of a {@link ZSetValue}: William Pugh's skiplist with Redis's two additions, a
 * backward pointer on level 0 (so reverse ranges walk without a search) and a span on every
 * forward link (the number of level-0 steps it jumps), so that the rank of an element and the
 * element at a rank are found in the same O(log n) descent as a search by score.
 *
 * <p>Order is (score, member memcmp), with scores compared by the primitive operators, never by
 * {@link Double#compare}: Redis treats 0 and -0 as the same score and orders them by member, and
 * {@code Double.compare} would not. NaN never enters (callers refuse it).
 *
 * <p>Levels are drawn with probability 1/4 per extra level up to 32, as Redis does, which keeps the
 * expected number of links per node at 4/3.
 *
 * <p>Package-private: only {@link ZSetValue} touches nodes; handlers see members and scores.
 */
final class ZSetSkipList {

  static final int MAX_LEVEL = 32;

  /** One element. The score may change in place when the order stays the same. */
  static final class Node {
    final Bytes member;
    double score;
    Node backward;
    final Node[] forward;
    final int[] span;

    Node(Bytes member, double score, int level) {
      this.member = member;
      this.score = score;
      this.forward = new Node[level];
      this.span = new int[level];
    }

    Node next() {
      return forward[0];
    }

    Node previous() {
      return backward;
    }
  }

  private final Node header = new Node(null, 0, MAX_LEVEL);
  private Node tail;
  private int length;
  private int level = 1;

  int length() {
    return length;
  }

  Node first() {
    return header.forward[0];
  }

  Node last() {
    return tail;
  }

  /** True when x sorts strictly before (score, member). */
  private static boolean before(Node x, double score, Bytes member) {
    return x.score < score || (x.score == score && x.member.compareTo(member) < 0);
  }

  private static int randomLevel() {
    // Two random bits per level: each extra level has probability 1/4.
    long bits = ThreadLocalRandom.current().nextLong();
    int lvl = 1;
    while (lvl < MAX_LEVEL && (bits & 3) == 0) {
      lvl++;
      bits >>>= 2;
    }
    return lvl;
  }

  /** Inserts a member that is not in the list yet; returns its node. */
  Node insert(double score, Bytes member) {
    Node x = new Node(member, score, randomLevel());
    link(x);
    return x;
  }

  /** Links a node (new, or unlinked by {@link #updateScore}) at the place its score and member give. */
  private void link(Node x) {
    Node[] update = new Node[MAX_LEVEL];
    int[] rank = new int[MAX_LEVEL];
    Node p = header;
    for (int i = level - 1; i >= 0; i--) {
      rank[i] = i == level - 1 ? 0 : rank[i + 1];
      while (p.forward[i] != null && before(p.forward[i], x.score, x.member)) {
        rank[i] += p.span[i];
        p = p.forward[i];
      }
      update[i] = p;
    }
    int lvl = x.forward.length;
    if (lvl > level) {
      for (int i = level; i < lvl; i++) {
        rank[i] = 0;
        update[i] = header;
        header.span[i] = length;
      }
      level = lvl;
    }
    for (int i = 0; i < lvl; i++) {
      x.forward[i] = update[i].forward[i];
      update[i].forward[i] = x;
      // update[i] reached rank[i]; x lands at rank[0] + 1.
      x.span[i] = update[i].span[i] - (rank[0] - rank[i]);
      update[i].span[i] = (rank[0] - rank[i]) + 1;
    }
    for (int i = lvl; i < level; i++) {
      update[i].span[i]++;
    }
    x.backward = update[0] == header ? null : update[0];
    if (x.forward[0] != null) {
      x.forward[0].backward = x;
    } else {
      tail = x;
    }
    length++;
  }

  /** Fills update[] with the last node before (score, member) on each level; returns update[0]. */
  private Node findUpdate(double score, Bytes member, Node[] update) {
    Node p = header;
    for (int i = level - 1; i >= 0; i--) {
      while (p.forward[i] != null && before(p.forward[i], score, member)) {
        p = p.forward[i];
      }
      update[i] = p;
    }
    return p;
  }

  private void unlink(Node x, Node[] update) {
    for (int i = 0; i < level; i++) {
      if (update[i].forward[i] == x) {
        update[i].span[i] += x.span[i] - 1;
        update[i].forward[i] = x.forward[i];
      } else {
        update[i].span[i] -= 1;
      }
    }
    if (x.forward[0] != null) {
      x.forward[0].backward = x.backward;
    } else {
      tail = x.backward;
    }
    while (level > 1 && header.forward[level - 1] == null) {
      level--;
    }
    length--;
  }

  /** Removes the node of (score, member); false when absent. */
  boolean delete(double score, Bytes member) {
    Node[] update = new Node[MAX_LEVEL];
    Node x = findUpdate(score, member, update).forward[0];
    if (x != null && x.score == score && x.member.equals(member)) {
      unlink(x, update);
      return true;
    }
    return false;
  }

  /**
   * Changes a node's score. When the neighbours still bracket the new score the node stays where
   * it is (the common case of small increments); otherwise the same node is unlinked and linked
   * again, so references to it (the member table) stay valid.
   */
  void updateScore(Node x, double newScore) {
    Node[] update = new Node[MAX_LEVEL];
    Node found = findUpdate(x.score, x.member, update).forward[0];
    if (found != x) {
      throw new IllegalStateException("node not in list");
    }
    if ((x.backward == null || x.backward.score < newScore)
        && (x.forward[0] == null || x.forward[0].score > newScore)) {
      x.score = newScore;
      return;
    }
    unlink(x, update);
    x.score = newScore;
    x.backward = null;
    for (int i = 0; i < x.forward.length; i++) {
      x.forward[i] = null;
      x.span[i] = 0;
    }
    link(x);
  }

  /** The 1-based rank of the node, found by a descent on its score and member. */
  long rank(Node x) {
    long r = 0;
    Node p = header;
    for (int i = level - 1; i >= 0; i--) {
      while (p.forward[i] != null
          && (p.forward[i].score < x.score
              || (p.forward[i].score == x.score && p.forward[i].member.compareTo(x.member) <= 0))) {
        r += p.span[i];
        p = p.forward[i];
      }
      if (p == x) {
        return r;
      }
    }
    throw new IllegalStateException("node not in list");
  }

  /** The node at a 1-based rank, or null when out of range. */
  Node byRank(long rank) {
    if (rank < 1 || rank > length) {
      return null;
    }
    long traversed = 0;
    Node p = header;
    for (int i = level - 1; i >= 0; i--) {
      while (p.forward[i] != null && traversed + p.span[i] <= rank) {
        traversed += p.span[i];
        p = p.forward[i];
      }
      if (traversed == rank) {
        return p;
      }
    }
    return null;
  }

  /**
   * How many nodes from the head satisfy {@code test}, assuming it holds on a prefix of the order
   * (as "below the range's minimum" or "not above its maximum" do): O(log n).
   */
  long countPrefix(Predicate<Node> test) {
    long r = 0;
    Node p = header;
    for (int i = level - 1; i >= 0; i--) {
      while (p.forward[i] != null && test.test(p.forward[i])) {
        r += p.span[i];
        p = p.forward[i];
      }
    }
    return r;
  }

  /** Removes the nodes of 1-based ranks start..end inclusive, telling {@code removed} of each. */
  long deleteRangeByRank(long start, long end, Consumer<Node> removed) {
    Node[] update = new Node[MAX_LEVEL];
    long traversed = 0;
    Node p = header;
    for (int i = level - 1; i >= 0; i--) {
      while (p.forward[i] != null && traversed + p.span[i] < start) {
        traversed += p.span[i];
        p = p.forward[i];
      }
      update[i] = p;
    }
    traversed++;
    Node x = p.forward[0];
    long count = 0;
    while (x != null && traversed <= end) {
      Node next = x.forward[0];
      unlink(x, update);
      removed.accept(x);
      count++;
      traversed++;
      x = next;
    }
    return count;
  }

  /**
   * Checks the structure: order, back links, spans against true distances, tail and length. For
   * tests; O(n * levels).
   */
  void verify() {
    int n = 0;
    Node prev = null;
    for (Node x = header.forward[0]; x != null; x = x.forward[0]) {
      if (x.backward != prev) {
        throw new IllegalStateException("bad backward link at " + x.member);
      }
      if (prev != null && !before(prev, x.score, x.member)) {
        throw new IllegalStateException("out of order at " + x.member);
      }
      prev = x;
      n++;
    }
    if (n != length || tail != prev) {
      throw new IllegalStateException("length or tail mismatch");
    }
    for (int i = 0; i < MAX_LEVEL; i++) {
      if (i >= level && header.forward[i] != null) {
        throw new IllegalStateException("link above level");
      }
    }
    for (int i = 0; i < level; i++) {
      long pos = 0; // rank of p
      Node p = header;
      while (p.forward[i] != null) {
        Node q = p.forward[i];
        long qpos = pos;
        for (Node w = p == header ? header.forward[0] : p.forward[0]; ; w = w.forward[0]) {
          qpos++;
          if (w == q) {
            break;
          }
        }
        if (p.span[i] != qpos - pos) {
          throw new IllegalStateException("bad span at level " + i);
        }
        pos = qpos;
        p = q;
      }
    }
  }
}
