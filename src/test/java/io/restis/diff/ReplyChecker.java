package io.restis.diff;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the reply of one command is judged. Errors are always compared by their full text, and so is
 * every reply Redis defines exactly. Replies Redis documents as unordered (SMEMBERS, SINTER,
 * SUNION, SDIFF, KEYS, HKEYS, HVALS, HGETALL as pairs, SORT where the order is the set's) are
 * compared as multisets; random picks (RANDOMKEY, SRANDMEMBER, SPOP, HRANDFIELD, ZRANDMEMBER)
 * are checked against the oracle's state just before the command, read by oracle-only "probe"
 * commands; TTLs set relative to each server's own clock are allowed a few seconds of skew; TIME
 * is checked for its shape; a SCAN-like reply only for its shape, since the runner then compares
 * full iterations.
 */
final class ReplyChecker {

  static final long TTL_SKEW_SECONDS = 5;

  private ReplyChecker() {}

  static String name(List<String> argv) {
    return argv.get(0).toUpperCase(Locale.ROOT);
  }

  /** Read-only commands run on the oracle right before the command; their replies feed the check. */
  static List<List<String>> probes(List<String> argv) {
    if (argv.size() < 2 && !name(argv).equals("RANDOMKEY")) {
      return List.of();
    }
    if (isLex(argv)) {
      String source = name(argv).equals("ZRANGESTORE") ? (argv.size() > 2 ? argv.get(2) : argv.get(1)) : argv.get(1);
      return List.of(List.of("ZRANGE", source, "0", "-1", "WITHSCORES"), List.of("OBJECT", "ENCODING", source));
    }
    switch (name(argv)) {
      case "RANDOMKEY":
        return List.of(List.of("KEYS", "*"));
      case "SRANDMEMBER":
      case "SPOP":
        return List.of(List.of("TYPE", argv.get(1)), List.of("SMEMBERS", argv.get(1)));
      case "HRANDFIELD":
        return List.of(List.of("TYPE", argv.get(1)), List.of("HGETALL", argv.get(1)));
      case "ZRANDMEMBER":
        return List.of(List.of("TYPE", argv.get(1)), List.of("ZRANGE", argv.get(1), "0", "-1", "WITHSCORES"));
      case "SORT":
      case "SORT_RO":
        return List.of(List.of("TYPE", argv.get(1)));
      default:
        return List.of();
    }
  }

  static boolean isScan(List<String> argv) {
    String n = name(argv);
    return n.equals("SCAN") || n.equals("SSCAN") || n.equals("HSCAN") || n.equals("ZSCAN");
  }

  /**
   * Lexicographic range commands. Redis defines them only on sorted sets whose scores are all
   * equal. With mixed scores a listpack is still searched deterministically (from one end), and
   * Restis follows that; but a skiplist is searched through its randomly drawn levels, so two
   * Redis servers given the same commands can answer differently. There (mixed scores and the
   * oracle's OBJECT ENCODING says skiplist) any successful answer is accepted, and the key a
   * write left behind is dropped on both sides.
   */
  static boolean isLex(List<String> argv) {
    switch (name(argv)) {
      case "ZRANGEBYLEX":
      case "ZREVRANGEBYLEX":
      case "ZLEXCOUNT":
      case "ZREMRANGEBYLEX":
        return true;
      case "ZRANGE":
      case "ZRANGESTORE":
        for (String a : argv) {
          if (a.equalsIgnoreCase("BYLEX")) {
            return true;
          }
        }
        return false;
      default:
        return false;
    }
  }

  /** True when the lex probes show a skiplist with different scores, where Redis is random. */
  static boolean unspecifiedLex(List<Object> probes) {
    return "skiplist".equals(probe(probes, 1)) && mixedScores(probe(probes, 0));
  }

  /** True when the probed sorted set has members with different scores. */
  static boolean mixedScores(Object zrangeWithScores) {
    if (!(zrangeWithScores instanceof List<?> l)) {
      return false;
    }
    Set<Object> scores = new HashSet<>();
    for (int i = 1; i < l.size(); i += 2) {
      scores.add(l.get(i));
    }
    return scores.size() > 1;
  }

  /**
   * The key a successful command wrote in a way Redis leaves unspecified, which the runner copies
   * from the subject to the oracle so that the two stay identical; null when there is none.
   */
  static String unspecifiedWrite(List<String> argv, List<Object> probes) {
    String n = name(argv);
    if ((n.equals("ZREMRANGEBYLEX") || n.equals("ZRANGESTORE")) && isLex(argv) && unspecifiedLex(probes)) {
      return argv.get(1);
    }
    return null;
  }

  /** Commands after which the batch must end: full SCAN iterations, SPOP, lex writes. */
  static boolean endsBatch(List<String> argv) {
    String n = name(argv);
    return isScan(argv) || n.equals("SPOP") || (isLex(argv) && (n.equals("ZREMRANGEBYLEX") || n.equals("ZRANGESTORE")));
  }

  /** Null when the subject's reply is acceptable, else why not. */
  static String check(List<String> argv, Object oracle, Object subject, List<Object> probes) {
    if (oracle instanceof Err || subject instanceof Err) {
      return Objects.equals(oracle, subject) ? null : "replies differ";
    }
    if (isLex(argv) && unspecifiedLex(probes)) {
      return null; // random in Redis itself; both succeeded, as they must
    }
    switch (name(argv)) {
      case "SMEMBERS":
      case "SINTER":
      case "SUNION":
      case "SDIFF":
      case "KEYS":
      case "HKEYS":
      case "HVALS":
        return multiset(oracle, subject, 1);
      case "HGETALL":
        return multiset(oracle, subject, 2);
      case "TTL":
      case "EXPIRETIME":
        return near(oracle, subject, TTL_SKEW_SECONDS);
      case "PTTL":
      case "PEXPIRETIME":
        return near(oracle, subject, TTL_SKEW_SECONDS * 1000);
      case "TIME":
        return time(oracle) == null ? time(subject) : "oracle's TIME malformed: " + time(oracle);
      case "RANDOMKEY":
        return randomKey(oracle, subject, probe(probes, 0));
      case "SRANDMEMBER":
      case "SPOP":
        return randomPick(argv, oracle, subject, probe(probes, 1), false);
      case "HRANDFIELD":
      case "ZRANDMEMBER":
        return randomPick(argv, oracle, subject, probe(probes, 1), true);
      case "SORT":
      case "SORT_RO":
        return sort(argv, oracle, subject, probe(probes, 0));
      case "SCAN":
      case "SSCAN":
      case "HSCAN":
      case "ZSCAN":
        return scanShape(oracle) == null ? scanShape(subject) : "oracle's scan reply malformed";
      default:
        return Objects.equals(oracle, subject) ? null : "replies differ";
    }
  }

  private static Object probe(List<Object> probes, int i) {
    return i < probes.size() ? probes.get(i) : null;
  }

  // ------------------------------------------------------------------ unordered

  static String multiset(Object oracle, Object subject, int groupSize) {
    if (!(oracle instanceof List<?> a) || !(subject instanceof List<?> b)) {
      return Objects.equals(oracle, subject) ? null : "replies differ";
    }
    if (a.size() != b.size()) {
      return "different number of elements (as a multiset)";
    }
    return groups(a, groupSize).equals(groups(b, groupSize)) ? null : "different elements (as a multiset)";
  }

  /** The list cut into groups of n, each rendered as one string, sorted. */
  static List<String> groups(List<?> l, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i += n) {
      StringBuilder sb = new StringBuilder();
      for (int j = i; j < Math.min(l.size(), i + n); j++) {
        sb.append(render(l.get(j))).append('\u0000');
      }
      out.add(sb.toString());
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  static String render(Object o) {
    if (o == null) {
      return "(nil)";
    }
    if (o instanceof String s) {
      return "\"" + s + "\"";
    }
    return o.toString();
  }

  // ------------------------------------------------------------------ time

  private static String near(Object oracle, Object subject, long tolerance) {
    if (oracle instanceof Long a && subject instanceof Long b) {
      if (a < 0 || b < 0) {
        return a.equals(b) ? null : "replies differ";
      }
      return Math.abs(a - b) <= tolerance ? null : "differ by more than " + tolerance;
    }
    return Objects.equals(oracle, subject) ? null : "replies differ";
  }

  private static String time(Object reply) {
    if (!(reply instanceof List<?> l) || l.size() != 2) {
      return "TIME is not a two-element array";
    }
    for (Object o : l) {
      if (!(o instanceof String s) || s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
        return "TIME element is not a decimal string: " + o;
      }
    }
    long seconds = Long.parseLong((String) l.get(0));
    long micros = Long.parseLong((String) l.get(1));
    if (Math.abs(seconds - System.currentTimeMillis() / 1000) > 60 || micros > 999_999) {
      return "TIME out of range";
    }
    return null;
  }

  // ------------------------------------------------------------------ random picks

  private static String randomKey(Object oracle, Object subject, Object keysProbe) {
    if (!(keysProbe instanceof List<?> keys)) {
      return Objects.equals(oracle, subject) ? null : "replies differ";
    }
    String o = validKey(oracle, keys);
    if (o != null) {
      return "oracle's RANDOMKEY " + o + " (harness assumption broken)";
    }
    return validKey(subject, keys);
  }

  private static String validKey(Object reply, List<?> keys) {
    if (keys.isEmpty()) {
      return reply == null ? null : "a key from an empty keyspace";
    }
    return reply instanceof String && keys.contains(reply) ? null : "not an existing key";
  }

  /**
   * SRANDMEMBER, SPOP (members only), HRANDFIELD and ZRANDMEMBER (pairs with WITHVALUES /
   * WITHSCORES): with no count one element; with count >= 0 distinct elements, as many as the
   * collection has up to count; with count < 0 exactly -count elements, repeats allowed.
   */
  private static String randomPick(List<String> argv, Object oracle, Object subject, Object population,
      boolean pairs) {
    if (!(population instanceof List<?> pop) || pop.isEmpty()) {
      // missing key (or a type error, already compared above): the answer is fixed
      return Objects.equals(oracle, subject) ? null : "replies differ";
    }
    Map<Object, Object> members = new HashMap<>();
    if (pairs) {
      for (int i = 0; i + 1 < pop.size(); i += 2) {
        members.put(pop.get(i), pop.get(i + 1));
      }
    } else {
      for (Object m : pop) {
        members.put(m, null);
      }
    }
    String o = validPick(argv, oracle, members);
    if (o != null) {
      return "oracle's pick " + o + " (harness assumption broken)";
    }
    return validPick(argv, subject, members);
  }

  private static String validPick(List<String> argv, Object reply, Map<Object, Object> members) {
    if (argv.size() == 2) {
      return reply instanceof String && members.containsKey(reply) ? null : "not a member";
    }
    long count;
    try {
      count = Long.parseLong(argv.get(2));
    } catch (NumberFormatException e) {
      return "accepted a count that is not an integer";
    }
    boolean withValues = argv.size() > 3;
    if (!(reply instanceof List<?> l)) {
      return "not an array";
    }
    int stride = withValues ? 2 : 1;
    if (l.size() % stride != 0) {
      return "odd number of elements with values";
    }
    int n = l.size() / stride;
    long expected = count >= 0 ? Math.min(count, members.size()) : -count;
    if (n != expected) {
      return "returned " + n + " elements, expected " + expected;
    }
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < l.size(); i += stride) {
      Object m = l.get(i);
      if (!members.containsKey(m)) {
        return "not a member: " + m;
      }
      if (withValues && !Objects.equals(members.get(m), l.get(i + 1))) {
        return "wrong value for " + m + ": " + l.get(i + 1) + " instead of " + members.get(m);
      }
      if (count >= 0 && !seen.add(m)) {
        return "repeated element " + m + " with a positive count";
      }
    }
    return null;
  }

  /** The members SPOP took, from its reply. */
  static List<String> popped(Object reply) {
    List<String> out = new ArrayList<>();
    if (reply instanceof String s) {
      out.add(s);
    } else if (reply instanceof List<?> l) {
      for (Object o : l) {
        out.add((String) o);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ SORT

  /**
   * SORT is exact except where Redis leaves the order to its own data structures: BY nosort on a
   * set (hash order, unless STORE forces a sort), and ALPHA by a pattern where equal weights keep
   * their input order (hash order for sets and sorted sets, which SORT reads through their dict)
   * or an arbitrary one (Redis's partial quicksort when LIMIT narrows the range). There only the
   * multiset of results, or with LIMIT only their number, is defined.
   */
  private static String sort(List<String> argv, Object oracle, Object subject, Object typeProbe) {
    SortArgs s = SortArgs.parse(argv);
    String type = String.valueOf(typeProbe);
    if (s.store || !(oracle instanceof List<?> a) || !(subject instanceof List<?> b)) {
      return Objects.equals(oracle, subject) ? null : "replies differ";
    }
    int groupSize = Math.max(1, s.gets);
    boolean unordered = false;
    boolean countOnly = false;
    if (s.dontSort && type.equals("set")) {
      unordered = !s.limit;
      countOnly = s.limit;
    } else if (!s.dontSort && s.sortBy != null && s.alpha) {
      if (s.limit) {
        countOnly = true;
      } else {
        unordered = !type.equals("list");
      }
    }
    if (countOnly) {
      return a.size() == b.size() ? null : "different number of elements";
    }
    if (unordered) {
      return multiset(a, b, groupSize);
    }
    return a.equals(b) ? null : "replies differ";
  }

  // ------------------------------------------------------------------ SCAN

  static String scanShape(Object reply) {
    if (!(reply instanceof List<?> l) || l.size() != 2 || !(l.get(0) instanceof String c)
        || c.isEmpty() || !c.chars().allMatch(Character::isDigit) || !(l.get(1) instanceof List<?>)) {
      return "not a [cursor, [elements]] reply";
    }
    return null;
  }

  /** The distinct elements (or pairs, as "field\0value") of a scan page. */
  static void collect(Object page, boolean pairs, Collection<String> into) {
    List<?> items = (List<?>) ((List<?>) page).get(1);
    if (pairs) {
      for (int i = 0; i + 1 < items.size(); i += 2) {
        into.add(render(items.get(i)) + "\u0000" + render(items.get(i + 1)));
      }
    } else {
      for (Object o : items) {
        into.add(render(o));
      }
    }
  }
}
