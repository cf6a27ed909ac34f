package io.restis.diff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs seeded random command sequences on an oracle (real Redis) and a subject (Restis) and
 * stops at the first reply that the {@link ReplyChecker} does not accept, or at the first
 * difference between the two keyspaces (compared every {@value #KEYSPACE_CHECK_EVERY} commands and
 * at the end of each sequence).
 *
 * <p>Commands go in batches (a RESP pipeline on one side, one HTTP pipeline on the other), both
 * sides at once. A batch ends early after a SCAN-like command, which is then iterated to the end
 * on each side; after SPOP, whose random pick is then replaced on both sides by the same
 * canonical one; and after a lex-range write on a skiplist with mixed scores (random in Redis
 * itself), whose key is then deleted on both sides. So both keyspaces stay identical, and a seed
 * replays the same commands on the same states: a failure reproduces with its seed.
 */
final class DiffRunner implements AutoCloseable {

  static final int HISTORY = Integer.getInteger("diff.history", 30);
  /** Keyspaces are compared every this many commands (-Ddiff.checkEvery=1 to after every batch). */
  static final int KEYSPACE_CHECK_EVERY = Integer.getInteger("diff.checkEvery", 1000);

  /** One executed command with both replies, for the failure report. */
  record Step(long index, List<String> argv, Object oracle, Object subject) {}

  /** Per command name: how often it ran and how often the oracle answered without an error. */
  static final class Tally {
    long runs;
    long ok;
  }

  private final Target oracle;
  private final Target subject;
  private final double damageRate;
  private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "diff-oracle");
    t.setDaemon(true);
    return t;
  });
  private final Deque<Step> history = new ArrayDeque<>();
  final Map<String, Tally> tally = new TreeMap<>();
  /** With -Ddiff.keepGoing=true: error-text mismatches seen, one example per kind. */
  static final boolean KEEP_GOING = Boolean.getBoolean("diff.keepGoing");
  final Map<String, String> findings = new TreeMap<>();
  long commandsRun;

  private long seed;
  private long index;

  DiffRunner(Target oracle, Target subject, double damageRate) {
    this.oracle = oracle;
    this.subject = subject;
    this.damageRate = damageRate;
  }

  /** Runs one sequence from an empty keyspace; throws AssertionError at the first mismatch. */
  void runSequence(long seed, int commands) throws Exception {
    this.seed = seed;
    this.index = 0;
    history.clear();
    List<List<String>> flush = List.of(List.of("FLUSHALL"));
    both(flush, flush);
    CommandGenerator gen = new CommandGenerator(seed, damageRate);
    SplittableRandom batching = new SplittableRandom(seed ^ 0x5DEECE66DL);
    long nextKeyspaceCheck = KEYSPACE_CHECK_EVERY;
    while (index < commands) {
      gen.setNow(System.currentTimeMillis());
      int size = (int) Math.min(commands - index, 20 + batching.nextInt(180));
      List<List<String>> batch = new ArrayList<>(size);
      while (batch.size() < size) {
        List<String> argv = gen.next();
        batch.add(argv);
        if (ReplyChecker.endsBatch(argv)) {
          break;
        }
      }
      runBatch(batch);
      if (index >= nextKeyspaceCheck) {
        compareKeyspaces("after command " + (index - 1));
        nextKeyspaceCheck += KEYSPACE_CHECK_EVERY;
      }
    }
    compareKeyspaces("at the end of the sequence");
  }

  private void runBatch(List<List<String>> batch) throws Exception {
    List<List<String>> oracleCommands = new ArrayList<>();
    int[] at = new int[batch.size()];
    int[] probeCount = new int[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      List<List<String>> probes = ReplyChecker.probes(batch.get(i));
      oracleCommands.addAll(probes);
      probeCount[i] = probes.size();
      at[i] = oracleCommands.size();
      oracleCommands.add(batch.get(i));
    }
    List<Object>[] replies = both(oracleCommands, batch);
    List<Object> o = replies[0];
    List<Object> s = replies[1];
    for (int i = 0; i < batch.size(); i++) {
      List<String> argv = batch.get(i);
      Object or = o.get(at[i]);
      Object sr = s.get(i);
      List<Object> probes = o.subList(at[i] - probeCount[i], at[i]);
      remember(new Step(index, argv, or, sr));
      Tally t = tally.computeIfAbsent(ReplyChecker.name(argv), k -> new Tally());
      t.runs++;
      if (!(or instanceof Err)) {
        t.ok++;
      }
      String why = ReplyChecker.check(argv, or, sr, probes);
      if (why != null) {
        if (KEEP_GOING && or instanceof Err && sr instanceof Err) {
          // two errors changed nothing on either side: note it and carry on hunting
          String finding = render(argv) + "\n        redis:  " + renderReply(or) + "\n        restis: " + renderReply(sr);
          findings.putIfAbsent(ReplyChecker.name(argv) + " " + or + " | " + sr, "seed " + seed + " #" + index + " "
              + finding);
        } else {
          fail(why + (probes.isEmpty() ? "" : "; oracle state before: " + probes));
        }
      }
      index++;
      commandsRun++;
      if (or instanceof Err || sr instanceof Err) {
        continue;
      }
      if (ReplyChecker.isScan(argv)) {
        fullScan(argv, or, sr);
      } else if (ReplyChecker.name(argv).equals("SPOP")) {
        canonicalSpop(argv, or, sr, probes.size() > 1 ? probes.get(1) : null);
      } else {
        String key = ReplyChecker.unspecifiedWrite(argv, probes);
        if (key != null) {
          forget(key);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private List<Object>[] both(List<List<String>> oracleCommands, List<List<String>> subjectCommands)
      throws Exception {
    Future<List<Object>> f = pool.submit(() -> oracle.run(oracleCommands));
    List<Object> s = subject.run(subjectCommands);
    List<Object> o = f.get();
    return new List[] {o, s};
  }

  private void remember(Step step) {
    history.addLast(step);
    if (history.size() > HISTORY) {
      history.removeFirst();
    }
  }

  // ------------------------------------------------------------------ SCAN

  /** Iterates the scan to its end on each side and compares the sets of elements seen. */
  private void fullScan(List<String> argv, Object oracleFirst, Object subjectFirst) throws Exception {
    String n = ReplyChecker.name(argv);
    int cursorAt = n.equals("SCAN") ? 1 : 2;
    if (!argv.get(cursorAt).equals("0")) {
      return; // a scan from some other cursor visits whatever buckets that cursor names
    }
    boolean pairs = n.equals("HSCAN") || n.equals("ZSCAN");
    TreeSet<String> o = iterate(oracle, argv, cursorAt, oracleFirst, pairs);
    TreeSet<String> s = iterate(subject, argv, cursorAt, subjectFirst, pairs);
    if (!o.equals(s)) {
      TreeSet<String> missing = new TreeSet<>(o);
      missing.removeAll(s);
      TreeSet<String> extra = new TreeSet<>(s);
      extra.removeAll(o);
      fail("full " + n + " iteration differs: subject misses " + missing + ", subject has extra " + extra);
    }
  }

  private TreeSet<String> iterate(Target t, List<String> argv, int cursorAt, Object first, boolean pairs)
      throws Exception {
    TreeSet<String> seen = new TreeSet<>();
    Object page = first;
    for (int calls = 0; ; calls++) {
      String shape = ReplyChecker.scanShape(page);
      if (shape != null) {
        fail(t.name() + " answered a scan continuation with " + page + ": " + shape);
      }
      ReplyChecker.collect(page, pairs, seen);
      String cursor = (String) ((List<?>) page).get(0);
      if (cursor.equals("0")) {
        return seen;
      }
      if (calls > 10_000) {
        fail(t.name() + " scan did not finish after 10000 calls");
      }
      List<String> next = new ArrayList<>(argv);
      next.set(cursorAt, cursor);
      page = t.run(List.of(next)).get(0);
    }
  }

  // ------------------------------------------------------------------ SPOP and unspecified writes

  /**
   * Replaces each side's random SPOP pick by the same canonical one, so that both keyspaces stay
   * identical and a seed replays the same sequence: each side gets back what it popped (SADD) and
   * then loses the n smallest members of the set as it was before (SREM). A set popped empty is
   * gone on both sides, and stays gone.
   */
  private void canonicalSpop(List<String> argv, Object oracleReply, Object subjectReply, Object before)
      throws Exception {
    List<String> o = ReplyChecker.popped(oracleReply);
    List<String> s = ReplyChecker.popped(subjectReply);
    if (o.isEmpty() || !(before instanceof List<?> members) || o.size() >= members.size()) {
      return;
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (Object m : members) {
      sorted.add((String) m);
    }
    List<String> canonical = new ArrayList<>(sorted).subList(0, o.size());
    String key = argv.get(1);
    List<Object>[] r = both(fix(key, o, canonical), fix(key, s, canonical));
    List<Object> expected = List.of((long) o.size(), (long) o.size());
    if (!r[0].equals(expected) || !r[1].equals(expected)) {
      fail("could not replace SPOP's pick by " + canonical + ": redis " + r[0] + ", restis " + r[1]);
    }
  }

  private static List<List<String>> fix(String key, List<String> popped, List<String> canonical) {
    List<String> sadd = new ArrayList<>(List.of("SADD", key));
    sadd.addAll(popped);
    List<String> srem = new ArrayList<>(List.of("SREM", key));
    srem.addAll(canonical);
    return List.of(sadd, srem);
  }

  /**
   * Deletes a key whose content Redis leaves to chance, on both sides (one side may have emptied
   * and so deleted it already).
   */
  private void forget(String key) throws Exception {
    List<List<String>> del = List.of(List.of("DEL", key));
    both(del, del);
  }

  // ------------------------------------------------------------------ keyspaces

  private void compareKeyspaces(String when) throws Exception {
    Map<String, String> o = dump(oracle);
    Map<String, String> s = dump(subject);
    if (o.equals(s)) {
      return;
    }
    StringBuilder sb = new StringBuilder("keyspaces differ " + when + ":");
    TreeSet<String> keys = new TreeSet<>(o.keySet());
    keys.addAll(s.keySet());
    for (String k : keys) {
      String a = o.get(k);
      String b = s.get(k);
      if (!Objects.equals(a, b)) {
        sb.append("\n  key ").append(k).append("\n    redis:  ").append(a).append("\n    restis: ").append(b);
      }
    }
    fail(sb.toString());
  }

  /** Every key with its type, whether it has a TTL, and its value in a canonical form. */
  static Map<String, String> dump(Target t) throws Exception {
    Object keysReply = t.run(List.of(List.of("KEYS", "*"))).get(0);
    if (!(keysReply instanceof List<?> keyList)) {
      throw new AssertionError(t.name() + " answered KEYS * with " + keysReply);
    }
    List<String> keys = new ArrayList<>();
    for (Object k : keyList) {
      keys.add((String) k);
    }
    List<List<String>> typeCmds = new ArrayList<>();
    for (String k : keys) {
      typeCmds.add(List.of("TYPE", k));
    }
    List<Object> types = t.run(typeCmds);
    List<List<String>> valueCmds = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      valueCmds.add(List.of("PTTL", k));
      valueCmds.add(switch (String.valueOf(types.get(i))) {
        case "string" -> List.of("GET", k);
        case "list" -> List.of("LRANGE", k, "0", "-1");
        case "set" -> List.of("SMEMBERS", k);
        case "hash" -> List.of("HGETALL", k);
        case "zset" -> List.of("ZRANGE", k, "0", "-1", "WITHSCORES");
        default -> List.of("TYPE", k);
      });
    }
    List<Object> values = t.run(valueCmds);
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < keys.size(); i++) {
      String type = String.valueOf(types.get(i));
      Object pttl = values.get(2 * i);
      Object value = values.get(2 * i + 1);
      String ttl = pttl instanceof Long p ? (p > 0 ? "ttl" : p == -1 ? "no ttl" : "pttl " + p) : "pttl " + pttl;
      String v = switch (type) {
        case "set" -> value instanceof List<?> l ? ReplyChecker.groups(l, 1).toString() : String.valueOf(value);
        case "hash" -> value instanceof List<?> l ? ReplyChecker.groups(l, 2).toString() : String.valueOf(value);
        default -> value instanceof String str ? ReplyChecker.render(str) : String.valueOf(value);
      };
      out.put(keys.get(i), type + ", " + ttl + ", " + v.replace('\u0000', ' '));
    }
    return out;
  }

  /** A table of how often each command ran and how often the oracle accepted it. */
  String coverage() {
    StringBuilder sb = new StringBuilder();
    tally.forEach((name, t) -> sb.append(String.format("%-18s %7d runs %6.1f%% ok%n", name, t.runs,
        t.runs == 0 ? 0.0 : 100.0 * t.ok / t.runs)));
    return sb.toString();
  }

  // ------------------------------------------------------------------ failure

  private void fail(String why) {
    StringBuilder sb = new StringBuilder();
    long at = history.isEmpty() ? index : history.peekLast().index();
    sb.append("MISMATCH (seed ").append(seed).append(", command #").append(at).append("): ").append(why)
        .append('\n');
    sb.append("reproduce: -Ddiff.seed=").append(seed).append(" -Ddiff.commands=").append(at + 1).append('\n');
    sb.append("last ").append(history.size()).append(" commands (#index argv => redis | restis):\n");
    for (Step st : history) {
      boolean same = Objects.equals(st.oracle, st.subject);
      sb.append(same ? "   #" : "!! #").append(st.index).append(' ').append(render(st.argv)).append("\n        redis:  ")
          .append(renderReply(st.oracle)).append("\n        restis: ").append(renderReply(st.subject)).append('\n');
    }
    throw new AssertionError(sb.toString());
  }

  static String render(List<String> argv) {
    StringBuilder sb = new StringBuilder();
    for (String a : argv) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      boolean plain = !a.isEmpty() && a.chars().allMatch(c -> c > ' ' && c < 127 && c != '"' && c != '\\');
      sb.append(plain ? a : '"' + a.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
    }
    return sb.toString();
  }

  static String renderReply(Object r) {
    if (r instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append(renderReply(l.get(i)));
        if (sb.length() > 400) {
          sb.append(", ... (").append(l.size()).append(" items)");
          break;
        }
      }
      return sb.append(']').toString();
    }
    return ReplyChecker.render(r);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
