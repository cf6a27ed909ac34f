package io.restis.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A set of binary members.
 *
 * <p>The members live in a {@link Dict} (member to a marker) because the set commands need exactly
 * what it offers beyond a {@code HashSet}: SSCAN's stateless cursor, which stays valid while the
 * set grows or shrinks between calls, and an O(1) random member for SPOP and SRANDMEMBER.
 * Membership, add and remove are O(1) on average; SMEMBERS and the set algebra are O(n).
 *
 * <p>Redis 7.0 stores a small set of integers as an {@code intset}, a sorted array, and that shows
 * through: such a set replies its members in ascending numeric order and SSCAN returns it whole,
 * with cursor 0, whatever the COUNT. Clients notice (SADD s 3 1 2 then SMEMBERS answers 1 2 3), so
 * this class tracks when Redis would use an intset: every member a canonical 64-bit integer and no
 * more than {@value #MAX_INTSET_ENTRIES} of them. As in Redis the switch to a hash table is one
 * way: removing the member that broke the rule does not bring the intset back. Only the order of
 * replies and the shape of SSCAN depend on it; the storage is the same table either way, and
 * sorting up to 512 members on demand costs less than keeping a second structure in step.
 *
 * <p>Guarded by the engine lock, like every value.
 */
public final class SetValue implements Value {

  /** Redis's set-max-intset-entries default. */
  static final int MAX_INTSET_ENTRIES = 512;

  private static final Boolean PRESENT = Boolean.TRUE;

  private Dict<Bytes, Boolean> members;
  /** True while Redis 7.0 would still keep this set as an intset. */
  private boolean intset = true;

  public SetValue() {
    this.members = new Dict<>();
  }

  private SetValue(int expected) {
    this.members = new Dict<>(expected);
  }

  /** A set of the given members (duplicates collapse), encoded as Redis would build it by adds. */
  public static SetValue of(Collection<Bytes> items) {
    SetValue s = new SetValue(items.size());
    for (Bytes b : items) {
      s.add(b);
    }
    return s;
  }

  @Override
  public ValueType type() {
    return ValueType.SET;
  }

  @Override
  public long size() {
    return members.size();
  }

  public boolean isEmpty() {
    return members.isEmpty();
  }

  /** Adds the member; true when it was not there yet. */
  public boolean add(Bytes member) {
    if (members.containsKey(member)) {
      return false;
    }
    members.put(member, PRESENT);
    if (intset && (members.size() > MAX_INTSET_ENTRIES || Numbers.tryParseLong(member.bytes()) == null)) {
      intset = false;
    }
    return true;
  }

  /** Removes the member; true when it was there. */
  public boolean remove(Bytes member) {
    return members.remove(member) != null;
  }

  public boolean contains(Bytes member) {
    return members.containsKey(member);
  }

  /** Every member, in the order Redis would reply them (ascending numbers for an intset). */
  public List<Bytes> members() {
    List<Bytes> out = new ArrayList<>(members.size());
    if (!intset) {
      for (Dict.Node<Bytes, Boolean> n : members) {
        out.add(n.key());
      }
      return out;
    }
    // Parse each member once, sort the numbers, and reply the stored members in that order.
    long[] keyed = new long[members.size()];
    Dict<Long, Bytes> byValue = new Dict<>(members.size());
    int i = 0;
    for (Dict.Node<Bytes, Boolean> n : members) {
      long v = Numbers.parseLong(n.key());
      keyed[i++] = v;
      byValue.put(v, n.key());
    }
    Arrays.sort(keyed);
    for (long v : keyed) {
      out.add(byValue.get(v));
    }
    return out;
  }

  /** The encoding OBJECT ENCODING would name in Redis 7.0: "intset" or "hashtable". */
  public String encoding() {
    return intset ? "intset" : "hashtable";
  }

  /** A random member, or null when empty. */
  public Bytes random(RandomGenerator rnd) {
    Dict.Node<Bytes, Boolean> n = members.random(rnd);
    return n == null ? null : n.key();
  }

  /** {@code count} random picks, each from the whole set, so members may repeat (SRANDMEMBER -n). */
  public List<Bytes> randomWithRepetition(int count, RandomGenerator rnd) {
    List<Bytes> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(random(rnd));
    }
    return out;
  }

  /**
   * Up to {@code count} distinct random members (SRANDMEMBER n); the whole set when count reaches
   * its size. Leaves the set unchanged.
   */
  public List<Bytes> randomDistinct(long count, RandomGenerator rnd) {
    int size = members.size();
    if (count >= size) {
      return members();
    }
    int n = (int) count;
    if ((long) n * 3 > size) {
      // Close to the whole set: random probes would keep hitting members already taken, so take a
      // partial shuffle of the members instead (Redis copies the set and drops random members).
      List<Bytes> all = members();
      for (int i = 0; i < n; i++) {
        int j = i + rnd.nextInt(size - i);
        Bytes t = all.get(i);
        all.set(i, all.get(j));
        all.set(j, t);
      }
      return new ArrayList<>(all.subList(0, n));
    }
    // A small share of the set: probe until enough distinct members were seen.
    Dict<Bytes, Boolean> seen = new Dict<>(n);
    List<Bytes> out = new ArrayList<>(n);
    while (out.size() < n) {
      Bytes b = random(rnd);
      if (seen.put(b, PRESENT) == null) {
        out.add(b);
      }
    }
    return out;
  }

  /**
   * Removes and returns {@code count} distinct random members (SPOP with a count smaller than the
   * set). Like Redis, when most of the set goes it is cheaper to pick the members that stay and
   * rebuild the set from them, which also lets a rebuilt set of few integers become an intset
   * again, as in Redis.
   */
  public List<Bytes> pop(int count, RandomGenerator rnd) {
    int size = members.size();
    List<Bytes> out = new ArrayList<>(Math.min(count, size));
    if (count >= size) {
      out.addAll(members());
      members.clear();
      return out;
    }
    if ((long) count * 5 > size) {
      int remaining = size - count;
      SetValue kept = new SetValue(remaining);
      for (int i = 0; i < remaining; i++) {
        Bytes b = random(rnd);
        members.remove(b);
        kept.add(b);
      }
      out.addAll(members());
      members = kept.members;
      intset = kept.intset;
      return out;
    }
    for (int i = 0; i < count; i++) {
      Bytes b = random(rnd);
      members.remove(b);
      out.add(b);
    }
    return out;
  }

  /**
   * One SSCAN call: visits about {@code count} members from the cursor and returns the next cursor
   * (0 at the end). An intset is visited whole in one call, as Redis does for its compact
   * encodings; a table is walked bucket by bucket with Redis's bound of count*10 buckets.
   */
  public long scan(long cursor, long count, Consumer<Bytes> visitor) {
    if (intset) {
      members().forEach(visitor);
      return 0;
    }
    long[] visited = {0};
    long maxBuckets = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
    do {
      cursor = members.scan(cursor, (k, v) -> {
        visitor.accept(k);
        visited[0]++;
      });
    } while (cursor != 0 && maxBuckets-- > 0 && visited[0] < count);
    return cursor;
  }

  @Override
  public SetValue copy() {
    SetValue c = new SetValue(members.size());
    for (Dict.Node<Bytes, Boolean> n : members) {
      c.members.put(n.key(), PRESENT);
    }
    c.intset = intset;
    return c;
  }
}
