package io.restis.bench;

import io.restis.engine.Engine;
import io.restis.engine.Reply;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * The commands the benchmarks send, byte for byte as {@code redis-benchmark} 7.0 sends them for
 * {@code -t get,set,lpush,lpop,zadd} without {@code -r} (seen with MONITOR): one key
 * {@code key:__rand_int__} (the placeholder is only replaced under {@code -r}), a 3-byte value,
 * {@code mylist}, and {@code ZADD myzset 0 element:__rand_int__}, which after its first call
 * re-adds the same member with the same score. ZRANGE has no redis-benchmark test; its workload
 * here (the first 10 of 1000 members) is run on Redis as a custom command by engine.sh.
 *
 * <p>The argument arrays are built once and reused: the engine never mutates argv, and stored
 * values are immutable, so sharing them across calls and threads is safe and keeps the
 * benchmark's own allocation out of the figures.
 */
final class Workload {

  static final String VALUE = "VXK";
  static final String STRING_KEY = "key:__rand_int__";
  static final String LIST_KEY = "mylist";
  static final String ZADD_KEY = "myzset";
  static final String ZADD_MEMBER = "element:__rand_int__";
  static final String ZRANGE_KEY = "zrange:1000";
  static final int ZRANGE_SIZE = 1000;
  static final int ZRANGE_COUNT = 10;

  private Workload() {}

  static byte[][] argv(String... parts) {
    byte[][] a = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      a[i] = parts[i].getBytes(StandardCharsets.UTF_8);
    }
    return a;
  }

  /** The ZRANGE benchmark's sorted set: members {@code member:0000..0999} with scores 0..999. */
  static String[] zrangeFill() {
    String[] a = new String[2 + 2 * ZRANGE_SIZE];
    a[0] = "ZADD";
    a[1] = ZRANGE_KEY;
    for (int i = 0; i < ZRANGE_SIZE; i++) {
      a[2 + 2 * i] = Integer.toString(i);
      a[3 + 2 * i] = String.format("member:%04d", i);
    }
    return a;
  }

  /**
   * Runs a command once and fails the trial unless its reply is the expected one, so a benchmark
   * never silently measures an error path (an unknown command, WRONGTYPE, a miss).
   */
  static Reply expect(Engine engine, byte[][] argv, String what, Predicate<Reply> ok) {
    Reply r = engine.execute(argv);
    if (!ok.test(r)) {
      throw new IllegalStateException(
          new String(argv[0], StandardCharsets.UTF_8) + ": expected " + what + ", got " + r);
    }
    return r;
  }

  static boolean isOk(Reply r) {
    return r instanceof Reply.Status s && s.text().equals("OK");
  }

  static boolean isInt(Reply r, long v) {
    return r instanceof Reply.Int i && i.value() == v;
  }

  static boolean isBulk(Reply r, String v) {
    return r instanceof Reply.Bulk b
        && b.value() != null
        && v.equals(new String(b.value(), StandardCharsets.UTF_8));
  }

  /**
   * Fails unless every call of the command succeeded: the engine's own counters (INFO
   * commandstats) must show calls and no failed or rejected ones.
   */
  static void checkNoFailures(Engine engine, String command) {
    long[] s = engine.commandStats().get(command.toLowerCase(java.util.Locale.ROOT));
    if (s == null || s[0] == 0 || s[2] != 0 || s[3] != 0) {
      throw new IllegalStateException(
          command
              + ": calls/rejected/failed = "
              + (s == null ? "unknown command" : s[0] + "/" + s[2] + "/" + s[3]));
    }
  }
}
