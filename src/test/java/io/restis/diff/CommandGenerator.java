package io.restis.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Seeded random commands over every command of issue 2, aimed at a key space small enough that
 * types collide: ten keys, short vocabularies of members, fields and values that mix integers,
 * floats, negatives, "inf", the empty string and text. A share of the commands is damaged on
 * purpose (arguments dropped, replaced or added) so that arity, syntax and number errors are
 * compared too.
 *
 * <h2>Time</h2>
 * Both servers run on the wall clock, a few milliseconds apart, so nothing may expire during a run
 * and no comparison may hinge on which side's clock ticked: relative TTLs are long (at least a
 * million seconds) and each is drawn only once per run, absolute times sit half-way between the
 * relative ones, and past absolute times are used only where Redis deletes the key at once
 * (EXPIREAT, PEXPIREAT, GETEX). So GT/LT comparisons between two expiries never see a difference
 * smaller than minutes, and DBSIZE never counts a logically expired key that Redis keeps until its
 * active cycle (SET with a past EXAT/PXAT would do that, so it is not generated).
 *
 * <h2>Hazards the damage must not create</h2>
 * The junk arguments contain no small positive integer (it could become a TTL of a second), no
 * TTL keyword (EX, PX, EXAT, PXAT could turn a number into a TTL), no STORE (an ALPHA sort by a
 * pattern with ties stores an order that depends on each server's hash order), and no count that
 * makes SRANDMEMBER-like commands produce quintillions of elements.
 */
final class CommandGenerator {

  static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");

  private static final String[] NUMERIC = {"1", "2", "3", "-1", "0", "10", "1.5", "-2.5", "inf", "-inf", "1e3",
      "0x10", " 1", "6", "7", "-0", "100"};
  private static final String[] TEXT = {"a", "b", "c", "foo", "bar", "", "k1", "k2", "k3", "x y", "A", "nan",
      "1a", "é"};
  private static final String[] LONG = {"x".repeat(65), "long member ".repeat(6) + "1", "y".repeat(64)};
  private static final String[] FIELDS = {"f1", "f2", "f3", "1", "a", ""};
  private static final String[] SCORES = {"0", "1", "2", "3", "-1", "1.5", "-2.5", "inf", "-inf", "+inf", "1e3", "10",
      "0.1", "-0", "1e17", "123456789012345678", "4611686018427387904", "-4611686018427387905", "0.1", "1",
      "2"};
  private static final String[] SCORE_BOUNDS = {"-inf", "+inf", "inf", "0", "1", "(1", "2", "(2.5", "-1", "(-inf",
      "1.5", "(0", "10", "3", "abc", "(", "((1"};
  private static final String[] LEX_BOUNDS = {"-", "+", "[a", "(a", "[b", "(c", "[", "(", "[1", "(k1", "[foo", "a",
      "[z", "(-", "[-"};
  private static final String[] GLOBS = {"*", "k*", "k?", "k[1-3]", "*1*", "[^k]*", "h*", "\\k*", "k[", "?", "",
      "f*", "*a*", "[a-c]", "1*"};
  private static final String[] SORT_PATTERNS = {"k*", "k*->f1", "k*->1", "*", "*->f1", "w_*", "k*->", "nosort", "k1",
      "#"};
  private static final String[] INCREMENTS = {"1", "-1", "5", "0", "100", "-100", "9223372036854775807",
      "-9223372036854775808", "3"};
  private static final String[] FLOAT_INCREMENTS = {"1", "-1", "0.1", "1.5", "-2.5", "1e3", "inf", "0", "3.0e-2",
      "10.50", "5.0e3", "-0.0001"};
  /** Damage for arguments: never a small positive integer, a TTL keyword, STORE or -LONG_MAX. */
  private static final String[] JUNK = {"abc", "", "-1", "0", "1.5", "-2.5", "9223372036854775807",
      "9223372036854775808", "-9223372036854775808", "inf", "-inf", "nan", "1e3", "+1", "WITHSCORES", "LIMIT",
      "COUNT", "REV", "BYSCORE", "BYLEX", "ALPHA", "DESC", "NX", "XX", "GT", "LT", "CH", "INCR", "MATCH", "BEFORE",
      "LEFT", "RANK", "WITHVALUES", "AGGREGATE", "-", "+", "(1", "[a", " ", "0x10", "-0"};

  private final SplittableRandom rnd;
  private final double damageRate;
  private final Set<Integer> usedTtlSlots = new HashSet<>();
  private final List<Entry> table = new ArrayList<>();
  private double totalWeight;
  private long nowMillis = System.currentTimeMillis();

  private record Entry(String name, double weight, List<String> homeKeys, Supplier<List<String>> gen) {}

  /**
   * Each type has two home keys that its commands pick most of the time, so that values
   * grow and commands mostly succeed, while the other keys still bring WRONGTYPE collisions.
   */
  private static final List<String> ANY = KEYS;
  private List<String> homeKeys = ANY;
  private List<String> registering = ANY;

  CommandGenerator(long seed, double damageRate) {
    this.rnd = new SplittableRandom(seed);
    this.damageRate = damageRate;
    register();
  }

  /** The clock the absolute times are computed from; the runner sets it before each batch. */
  void setNow(long millis) {
    this.nowMillis = millis;
  }

  /** Every command name the generator produces, for the coverage check. */
  List<String> names() {
    List<String> out = new ArrayList<>();
    for (Entry e : table) {
      out.add(e.name);
    }
    return out;
  }

  List<String> next() {
    double x = rnd.nextDouble() * totalWeight;
    Entry pick = table.get(table.size() - 1);
    for (Entry e : table) {
      x -= e.weight;
      if (x < 0) {
        pick = e;
        break;
      }
    }
    homeKeys = pick.homeKeys;
    List<String> argv = new ArrayList<>(pick.gen.get());
    if (rnd.nextDouble() < damageRate && argv.size() > 1) {
      damage(argv);
      if (!safe(argv)) {
        argv = new ArrayList<>(pick.gen.get());
      }
    }
    argv.set(0, nameCase(argv.get(0)));
    return argv;
  }

  // ---------------------------------------------------------------- damage

  private void damage(List<String> argv) {
    int n = argv.size();
    int kind = rnd.nextInt(10);
    if (kind < 3) {
      int drop = 1 + rnd.nextInt(n - 1);
      while (drop-- > 0 && argv.size() > 1) {
        argv.remove(argv.size() - 1);
      }
    } else if (kind < 5) {
      argv.add(junk());
    } else if (kind < 9) {
      argv.set(1 + rnd.nextInt(n - 1), junk());
    } else {
      argv.add(1 + rnd.nextInt(n), junk());
    }
  }

  /** Rejects damaged SORTs that would store an order Redis leaves to its hash tables. */
  static boolean safe(List<String> argv) {
    String name = argv.get(0).toUpperCase(Locale.ROOT);
    if (!name.equals("SORT")) {
      return true;
    }
    SortArgs s = SortArgs.parse(argv);
    return !(s.store && s.alpha && s.sortBy != null && !s.dontSort);
  }

  private String junk() {
    return JUNK[rnd.nextInt(JUNK.length)];
  }

  private String nameCase(String name) {
    int c = rnd.nextInt(10);
    if (c < 6) {
      return name;
    }
    if (c < 9) {
      return name.toLowerCase(Locale.ROOT);
    }
    StringBuilder sb = new StringBuilder(name.length());
    for (char ch : name.toCharArray()) {
      sb.append(rnd.nextBoolean() ? Character.toLowerCase(ch) : ch);
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- vocabularies

  private <T> T pick(T[] a) {
    return a[rnd.nextInt(a.length)];
  }

  private boolean chance(double p) {
    return rnd.nextDouble() < p;
  }

  String key() {
    List<String> from = homeKeys != ANY && chance(0.85) ? homeKeys : KEYS;
    return from.get(rnd.nextInt(from.size()));
  }

  private List<String> keys(int min, int max) {
    int n = min + rnd.nextInt(max - min + 1);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(key());
    }
    return out;
  }

  /** A member for a collection under the key: even keys lean numeric so numeric SORT succeeds. */
  private String member(String key) {
    if (chance(0.015)) {
      return pick(LONG); // longer than Redis's 64-byte limit for its small encodings
    }
    boolean numericKey = isNumericKey(key);
    if (numericKey ? chance(0.85) : chance(0.35)) {
      return pick(NUMERIC);
    }
    return pick(TEXT);
  }

  private static boolean isNumericKey(String key) {
    return key.length() == 2 && (key.charAt(1) - '0') % 2 == 0;
  }

  /**
   * Members for a multi-member command; now and then a bulk of 60 to 200 drawn from a few hundred
   * names (integers for the numeric keys), so that collections outgrow Redis's small encodings
   * (128 sorted-set entries, 512 intset or hash entries) and the commands meet the large ones.
   */
  private List<String> members(String key, int min, int max) {
    if (chance(0.01)) {
      int n = 60 + rnd.nextInt(141);
      List<String> out = new ArrayList<>(n);
      boolean numeric = isNumericKey(key);
      for (int i = 0; i < n; i++) {
        out.add(numeric ? Integer.toString(rnd.nextInt(700) - 50) : "m" + rnd.nextInt(400));
      }
      return out;
    }
    int n = min + rnd.nextInt(max - min + 1);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(member(key));
    }
    return out;
  }

  private String value() {
    int c = rnd.nextInt(10);
    if (c < 4) {
      return pick(NUMERIC);
    }
    if (c < 8) {
      return pick(TEXT);
    }
    String[] extra = {"hello", "123", "-7", "3.0e2", "9223372036854775807", "-9223372036854775808", "007",
        "12345678901234567890", "5.5", " 2", "2 "};
    return pick(extra);
  }

  private String field() {
    return pick(FIELDS);
  }

  private String index() {
    int c = rnd.nextInt(20);
    if (c == 0) {
      return pick(new String[] {"100", "-100", "9223372036854775807", "-9223372036854775808"});
    }
    return Integer.toString(rnd.nextInt(13) - 6);
  }

  private String count() {
    int c = rnd.nextInt(12);
    if (c == 0) {
      return "0";
    }
    if (c == 1) {
      return Integer.toString(-1 - rnd.nextInt(3));
    }
    if (c == 2) {
      return "100";
    }
    return Integer.toString(1 + rnd.nextInt(5));
  }

  private String positiveCount() {
    return Integer.toString(1 + rnd.nextInt(chance(0.1) ? 100 : 6));
  }

  private String glob() {
    return pick(GLOBS);
  }

  // ---------------------------------------------------------------- time

  /** A fresh slot: relative TTLs and absolute times never repeat within a run. */
  private int ttlSlot() {
    while (true) {
      int slot = rnd.nextInt(100_000);
      if (usedTtlSlots.add(slot)) {
        return slot;
      }
    }
  }

  private String relSeconds() {
    return Long.toString(1_000_000L + 1000L * ttlSlot());
  }

  private String relMillis() {
    return Long.toString((1_000_000L + 1000L * ttlSlot()) * 1000L);
  }

  private String absSeconds() {
    return Long.toString(nowMillis / 1000 + 1_000_000L + 1000L * ttlSlot() + 500);
  }

  private String absMillis() {
    return Long.toString((nowMillis / 1000 + 1_000_000L + 1000L * ttlSlot() + 500) * 1000L + rnd.nextInt(1000));
  }

  /** A time in the past: Redis deletes at once for EXPIREAT, PEXPIREAT, GETEX, EXPIRE with <= 0. */
  private String pastSeconds() {
    return pick(new String[] {"0", "-5", "1", "100", Long.toString(nowMillis / 1000 - 1000)});
  }

  /** A relative TTL that deletes at once. */
  private String notPositive() {
    return pick(new String[] {"0", "-5", "-1000000"});
  }

  private String pastMillis() {
    return pick(new String[] {"0", "-5", "1", "100000", Long.toString(nowMillis - 100_000)});
  }

  private void expireFlags(List<String> argv) {
    int c = rnd.nextInt(10);
    if (c < 5) {
      return;
    }
    String[] flags = {"NX", "XX", "GT", "LT"};
    argv.add(pick(flags));
    if (c == 9) {
      argv.add(pick(flags));
    }
  }

  // ---------------------------------------------------------------- the commands

  private void add(String name, double weight, Supplier<List<String>> gen) {
    table.add(new Entry(name, weight, registering, gen));
    totalWeight += weight;
  }

  private static List<String> list(String... a) {
    return new ArrayList<>(Arrays.asList(a));
  }

  private List<String> cmd(String name, List<String> args) {
    List<String> out = new ArrayList<>(args.size() + 1);
    out.add(name);
    out.addAll(args);
    return out;
  }

  /**
   * The families to generate: all by default; {@code -Ddiff.families=keys,strings,lists} narrows
   * a run while hunting a bug in one of them.
   */
  static final List<String> FAMILIES = List.of(
      System.getProperty("diff.families", "keys,strings,lists,sets,hashes,zsets,sort").split(","));

  private void register() {
    if (FAMILIES.contains("keys")) {
      registering = ANY;
      registerKeys();
    }
    if (FAMILIES.contains("strings")) {
      registering = List.of("k0", "k1");
      registerStrings();
    }
    if (FAMILIES.contains("lists")) {
      registering = List.of("k2", "k3");
      registerLists();
    }
    if (FAMILIES.contains("sets")) {
      registering = List.of("k4", "k5");
      registerSets();
    }
    if (FAMILIES.contains("hashes")) {
      registering = List.of("k6", "k7");
      registerHashes();
    }
    if (FAMILIES.contains("zsets")) {
      registering = List.of("k8", "k9");
      registerZSets();
    }
    if (FAMILIES.contains("sort")) {
      registering = List.of("k2", "k3", "k4", "k5", "k8", "k9");
      registerSort();
    }
  }

  private void registerKeys() {
    add("DEL", 1, () -> cmd("DEL", keys(1, 3)));
    add("UNLINK", 0.5, () -> cmd("UNLINK", keys(1, 3)));
    add("EXISTS", 1, () -> cmd("EXISTS", keys(1, 4)));
    add("TYPE", 1, () -> list("TYPE", key()));
    add("RENAME", 1, () -> list("RENAME", key(), key()));
    add("RENAMENX", 1, () -> list("RENAMENX", key(), key()));
    add("COPY", 1, () -> {
      List<String> a = list("COPY", key(), key());
      if (chance(0.4)) {
        a.add("REPLACE");
      }
      return a;
    });
    add("EXPIRE", 1, () -> {
      List<String> a = list("EXPIRE", key(), chance(0.15) ? notPositive() : relSeconds());
      expireFlags(a);
      return a;
    });
    add("PEXPIRE", 1, () -> {
      List<String> a = list("PEXPIRE", key(), chance(0.15) ? notPositive() : relMillis());
      expireFlags(a);
      return a;
    });
    add("EXPIREAT", 1, () -> {
      List<String> a = list("EXPIREAT", key(), chance(0.2) ? pastSeconds() : absSeconds());
      expireFlags(a);
      return a;
    });
    add("PEXPIREAT", 1, () -> {
      List<String> a = list("PEXPIREAT", key(), chance(0.2) ? pastMillis() : absMillis());
      expireFlags(a);
      return a;
    });
    add("TTL", 1, () -> list("TTL", key()));
    add("PTTL", 1, () -> list("PTTL", key()));
    add("EXPIRETIME", 1, () -> list("EXPIRETIME", key()));
    add("PEXPIRETIME", 1, () -> list("PEXPIRETIME", key()));
    add("PERSIST", 1, () -> list("PERSIST", key()));
    add("KEYS", 1, () -> list("KEYS", glob()));
    add("SCAN", 1, () -> {
      List<String> a = list("SCAN", "0");
      scanOptions(a, true);
      return a;
    });
    add("RANDOMKEY", 0.5, () -> list("RANDOMKEY"));
    add("DBSIZE", 0.5, () -> list("DBSIZE"));
    add("FLUSHDB", 0.03, () -> chance(0.5) ? list("FLUSHDB") : list("FLUSHDB", pick(new String[] {"ASYNC", "SYNC"})));
    add("FLUSHALL", 0.03,
        () -> chance(0.5) ? list("FLUSHALL") : list("FLUSHALL", pick(new String[] {"ASYNC", "SYNC"})));
    add("PING", 0.3, () -> chance(0.5) ? list("PING") : list("PING", value()));
    add("ECHO", 0.3, () -> list("ECHO", value()));
    add("TIME", 0.2, () -> list("TIME"));
  }

  private void scanOptions(List<String> a, boolean withType) {
    int n = rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      int c = rnd.nextInt(withType ? 3 : 2);
      if (c == 0) {
        a.add("MATCH");
        a.add(glob());
      } else if (c == 1) {
        a.add("COUNT");
        a.add(chance(0.1) ? "0" : positiveCount());
      } else {
        a.add("TYPE");
        a.add(pick(new String[] {"string", "list", "set", "zset", "hash", "stream", "nothing"}));
      }
    }
  }

  private void registerStrings() {
    add("GET", 2, () -> list("GET", key()));
    add("SET", 4, () -> {
      List<String> a = list("SET", key(), value());
      List<String> opts = new ArrayList<>();
      if (chance(0.2)) {
        opts.add(chance(0.5) ? "NX" : "XX");
      }
      if (chance(0.2)) {
        opts.add("GET");
      }
      if (chance(0.3)) {
        switch (rnd.nextInt(5)) {
          case 0 -> {
            opts.add("EX");
            opts.add(relSeconds());
          }
          case 1 -> {
            opts.add("PX");
            opts.add(relMillis());
          }
          case 2 -> {
            opts.add("EXAT");
            opts.add(absSeconds());
          }
          case 3 -> {
            opts.add("PXAT");
            opts.add(absMillis());
          }
          default -> opts.add("KEEPTTL");
        }
      }
      if (chance(0.05)) {
        opts.add(pick(new String[] {"NX", "XX", "KEEPTTL", "GET", "EX"}));
      }
      shuffleKeepingPairs(opts);
      a.addAll(opts);
      return a;
    });
    add("SETNX", 1, () -> list("SETNX", key(), value()));
    add("SETEX", 1, () -> list("SETEX", key(), chance(0.1) ? pick(new String[] {"0", "-1", "abc"}) : relSeconds(),
        value()));
    add("PSETEX", 1, () -> list("PSETEX", key(), chance(0.1) ? pick(new String[] {"0", "-1", "abc"}) : relMillis(),
        value()));
    add("GETSET", 1, () -> list("GETSET", key(), value()));
    add("GETDEL", 1, () -> list("GETDEL", key()));
    add("GETEX", 1, () -> {
      List<String> a = list("GETEX", key());
      switch (rnd.nextInt(8)) {
        case 0 -> {
          a.add("EX");
          a.add(relSeconds());
        }
        case 1 -> {
          a.add("PX");
          a.add(relMillis());
        }
        case 2 -> {
          a.add("EXAT");
          a.add(chance(0.3) ? pastSeconds() : absSeconds());
        }
        case 3 -> {
          a.add("PXAT");
          a.add(chance(0.3) ? pastMillis() : absMillis());
        }
        case 4 -> a.add("PERSIST");
        case 5 -> {
          a.add("PERSIST");
          a.add("EX");
          a.add(relSeconds());
        }
        default -> {
        }
      }
      return a;
    });
    add("MGET", 1, () -> cmd("MGET", keys(1, 4)));
    add("MSET", 1.5, () -> {
      List<String> a = list("MSET");
      int n = 1 + rnd.nextInt(3);
      for (int i = 0; i < n; i++) {
        a.add(key());
        a.add(value());
      }
      return a;
    });
    add("MSETNX", 1, () -> {
      List<String> a = list("MSETNX");
      int n = 1 + rnd.nextInt(3);
      for (int i = 0; i < n; i++) {
        a.add(key());
        a.add(value());
      }
      return a;
    });
    add("APPEND", 1, () -> list("APPEND", key(), value()));
    add("STRLEN", 1, () -> list("STRLEN", key()));
    add("GETRANGE", 1, () -> list("GETRANGE", key(), index(), index()));
    add("SETRANGE", 1, () -> list("SETRANGE", key(), chance(0.1) ? "-1" : Integer.toString(rnd.nextInt(12)),
        value()));
    add("INCR", 1, () -> list("INCR", key()));
    add("DECR", 1, () -> list("DECR", key()));
    add("INCRBY", 1, () -> list("INCRBY", key(), pick(INCREMENTS)));
    add("DECRBY", 1, () -> list("DECRBY", key(), pick(INCREMENTS)));
    add("INCRBYFLOAT", 1, () -> list("INCRBYFLOAT", key(), pick(FLOAT_INCREMENTS)));
  }

  /** Shuffles option groups, keeping a keyword and its value together. */
  private void shuffleKeepingPairs(List<String> opts) {
    List<List<String>> groups = new ArrayList<>();
    for (int i = 0; i < opts.size(); i++) {
      String o = opts.get(i);
      boolean takesValue = (o.equals("EX") || o.equals("PX") || o.equals("EXAT") || o.equals("PXAT"))
          && i + 1 < opts.size() && Character.isDigit(opts.get(i + 1).charAt(0));
      if (takesValue) {
        groups.add(List.of(o, opts.get(++i)));
      } else {
        groups.add(List.of(o));
      }
    }
    for (int i = groups.size() - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      List<String> t = groups.get(i);
      groups.set(i, groups.get(j));
      groups.set(j, t);
    }
    opts.clear();
    for (List<String> g : groups) {
      opts.addAll(g);
    }
  }

  private String side() {
    return pick(new String[] {"LEFT", "RIGHT"});
  }

  private void registerLists() {
    add("LPUSH", 3, () -> {
      String k = key();
      return cmd("LPUSH", prepend(k, members(k, 1, 4)));
    });
    add("RPUSH", 3, () -> {
      String k = key();
      return cmd("RPUSH", prepend(k, members(k, 1, 4)));
    });
    add("LPUSHX", 1, () -> {
      String k = key();
      return cmd("LPUSHX", prepend(k, members(k, 1, 3)));
    });
    add("RPUSHX", 1, () -> {
      String k = key();
      return cmd("RPUSHX", prepend(k, members(k, 1, 3)));
    });
    add("LPOP", 1, () -> chance(0.5) ? list("LPOP", key()) : list("LPOP", key(), count()));
    add("RPOP", 1, () -> chance(0.5) ? list("RPOP", key()) : list("RPOP", key(), count()));
    add("LLEN", 1, () -> list("LLEN", key()));
    add("LRANGE", 1.5, () -> list("LRANGE", key(), index(), index()));
    add("LINDEX", 1, () -> list("LINDEX", key(), index()));
    add("LSET", 1, () -> {
      String k = key();
      return list("LSET", k, index(), member(k));
    });
    add("LINSERT", 1, () -> {
      String k = key();
      return list("LINSERT", k, pick(new String[] {"BEFORE", "AFTER"}), member(k), member(k));
    });
    add("LREM", 1, () -> {
      String k = key();
      return list("LREM", k, index(), member(k));
    });
    add("LTRIM", 0.7, () -> list("LTRIM", key(), index(), index()));
    add("LPOS", 1, () -> {
      String k = key();
      List<String> a = list("LPOS", k, member(k));
      int n = rnd.nextInt(4);
      for (int i = 0; i < n; i++) {
        switch (rnd.nextInt(3)) {
          case 0 -> {
            a.add("RANK");
            a.add(chance(0.1) ? "0" : Integer.toString(rnd.nextInt(7) - 3));
          }
          case 1 -> {
            a.add("COUNT");
            a.add(Integer.toString(rnd.nextInt(4)));
          }
          default -> {
            a.add("MAXLEN");
            a.add(Integer.toString(rnd.nextInt(5)));
          }
        }
      }
      return a;
    });
    add("LMOVE", 1, () -> list("LMOVE", key(), key(), side(), side()));
    add("RPOPLPUSH", 1, () -> list("RPOPLPUSH", key(), key()));
    add("LMPOP", 1, () -> {
      List<String> ks = keys(1, 3);
      List<String> a = list("LMPOP", Integer.toString(ks.size()));
      a.addAll(ks);
      a.add(side());
      if (chance(0.5)) {
        a.add("COUNT");
        a.add(chance(0.1) ? "0" : positiveCount());
      }
      return a;
    });
  }

  private static List<String> prepend(String first, List<String> rest) {
    List<String> out = new ArrayList<>(rest.size() + 1);
    out.add(first);
    out.addAll(rest);
    return out;
  }

  private void registerSets() {
    add("SADD", 4, () -> {
      String k = key();
      return cmd("SADD", prepend(k, members(k, 1, 4)));
    });
    add("SREM", 1, () -> {
      String k = key();
      return cmd("SREM", prepend(k, members(k, 1, 3)));
    });
    add("SMEMBERS", 1, () -> list("SMEMBERS", key()));
    add("SISMEMBER", 1, () -> {
      String k = key();
      return list("SISMEMBER", k, member(k));
    });
    add("SMISMEMBER", 1, () -> {
      String k = key();
      return cmd("SMISMEMBER", prepend(k, members(k, 1, 3)));
    });
    add("SCARD", 1, () -> list("SCARD", key()));
    add("SPOP", 1, () -> chance(0.5) ? list("SPOP", key()) : list("SPOP", key(), count()));
    add("SRANDMEMBER", 1, () -> chance(0.4) ? list("SRANDMEMBER", key()) : list("SRANDMEMBER", key(), count()));
    add("SMOVE", 1, () -> {
      String k = key();
      return list("SMOVE", k, key(), member(k));
    });
    add("SINTER", 1, () -> cmd("SINTER", keys(1, 3)));
    add("SINTERCARD", 1, () -> {
      List<String> ks = keys(1, 3);
      List<String> a = list("SINTERCARD", Integer.toString(ks.size()));
      a.addAll(ks);
      if (chance(0.4)) {
        a.add("LIMIT");
        a.add(Integer.toString(rnd.nextInt(4)));
      }
      return a;
    });
    add("SUNION", 1, () -> cmd("SUNION", keys(1, 3)));
    add("SDIFF", 1, () -> cmd("SDIFF", keys(1, 3)));
    add("SINTERSTORE", 1, () -> cmd("SINTERSTORE", prepend(key(), keys(1, 3))));
    add("SUNIONSTORE", 1, () -> cmd("SUNIONSTORE", prepend(key(), keys(1, 3))));
    add("SDIFFSTORE", 1, () -> cmd("SDIFFSTORE", prepend(key(), keys(1, 3))));
    add("SSCAN", 1, () -> {
      List<String> a = list("SSCAN", key(), "0");
      scanOptions(a, false);
      return a;
    });
  }

  private void registerHashes() {
    add("HSET", 4, () -> {
      List<String> a = list("HSET", key());
      boolean bulk = chance(0.01); // enough fields, over time, to outgrow Redis's 512-entry listpack
      int n = bulk ? 60 + rnd.nextInt(141) : 1 + rnd.nextInt(3);
      for (int i = 0; i < n; i++) {
        a.add(bulk ? "f" + rnd.nextInt(700) : field());
        a.add(chance(0.01) ? pick(LONG) : value());
      }
      return a;
    });
    add("HSETNX", 1, () -> list("HSETNX", key(), field(), value()));
    add("HGET", 1, () -> list("HGET", key(), field()));
    add("HMGET", 1, () -> {
      List<String> a = list("HMGET", key());
      int n = 1 + rnd.nextInt(3);
      for (int i = 0; i < n; i++) {
        a.add(field());
      }
      return a;
    });
    add("HMSET", 1, () -> {
      List<String> a = list("HMSET", key());
      int n = 1 + rnd.nextInt(3);
      for (int i = 0; i < n; i++) {
        a.add(field());
        a.add(value());
      }
      return a;
    });
    add("HDEL", 1, () -> {
      List<String> a = list("HDEL", key());
      int n = 1 + rnd.nextInt(3);
      for (int i = 0; i < n; i++) {
        a.add(field());
      }
      return a;
    });
    add("HLEN", 1, () -> list("HLEN", key()));
    add("HSTRLEN", 1, () -> list("HSTRLEN", key(), field()));
    add("HEXISTS", 1, () -> list("HEXISTS", key(), field()));
    add("HKEYS", 1, () -> list("HKEYS", key()));
    add("HVALS", 1, () -> list("HVALS", key()));
    add("HGETALL", 1, () -> list("HGETALL", key()));
    add("HINCRBY", 1, () -> list("HINCRBY", key(), field(), pick(INCREMENTS)));
    add("HINCRBYFLOAT", 1, () -> list("HINCRBYFLOAT", key(), field(), pick(FLOAT_INCREMENTS)));
    add("HRANDFIELD", 1, () -> {
      List<String> a = list("HRANDFIELD", key());
      if (chance(0.6)) {
        a.add(count());
        if (chance(0.5)) {
          a.add("WITHVALUES");
        }
      }
      return a;
    });
    add("HSCAN", 1, () -> {
      List<String> a = list("HSCAN", key(), "0");
      scanOptions(a, false);
      return a;
    });
  }

  private String score() {
    return pick(SCORES);
  }

  private String scoreBound() {
    return pick(SCORE_BOUNDS);
  }

  private String lexBound() {
    return pick(LEX_BOUNDS);
  }

  private void limit(List<String> a) {
    a.add("LIMIT");
    a.add(Integer.toString(rnd.nextInt(5) - 1));
    a.add(Integer.toString(rnd.nextInt(6) - 1));
  }

  private void registerZSets() {
    add("ZADD", 5, () -> {
      String k = key();
      List<String> a = list("ZADD", k);
      if (chance(0.3)) {
        a.add(pick(new String[] {"NX", "XX"}));
      }
      if (chance(0.3)) {
        a.add(pick(new String[] {"GT", "LT"}));
      }
      if (chance(0.3)) {
        a.add("CH");
      }
      boolean incr = chance(0.15);
      if (incr) {
        a.add("INCR");
      }
      // k9 is mostly a lexicographic set: all scores 0, where the BYLEX commands are defined
      boolean lex = k.equals("k9") && chance(0.9);
      List<String> ms = incr && chance(0.8) ? List.of(member(k)) : members(k, 1, 3);
      for (String m : ms) {
        a.add(lex ? "0" : score());
        a.add(m);
      }
      return a;
    });
    add("ZINCRBY", 1, () -> {
      String k = key();
      return list("ZINCRBY", k, pick(FLOAT_INCREMENTS), member(k));
    });
    add("ZREM", 1, () -> {
      String k = key();
      return cmd("ZREM", prepend(k, members(k, 1, 3)));
    });
    add("ZCARD", 1, () -> list("ZCARD", key()));
    add("ZSCORE", 1, () -> {
      String k = key();
      return list("ZSCORE", k, member(k));
    });
    add("ZMSCORE", 1, () -> {
      String k = key();
      return cmd("ZMSCORE", prepend(k, members(k, 1, 3)));
    });
    add("ZRANK", 1, () -> {
      String k = key();
      return list("ZRANK", k, member(k));
    });
    add("ZREVRANK", 1, () -> {
      String k = key();
      return list("ZREVRANK", k, member(k));
    });
    add("ZCOUNT", 1, () -> list("ZCOUNT", key(), scoreBound(), scoreBound()));
    add("ZLEXCOUNT", 1, () -> list("ZLEXCOUNT", key(), lexBound(), lexBound()));
    add("ZRANGE", 2, () -> zrangeLike("ZRANGE", true));
    add("ZRANGESTORE", 1, () -> zrangeLike("ZRANGESTORE", false));
    add("ZRANGEBYSCORE", 1, () -> byScore("ZRANGEBYSCORE"));
    add("ZREVRANGEBYSCORE", 1, () -> byScore("ZREVRANGEBYSCORE"));
    add("ZRANGEBYLEX", 1, () -> byLex("ZRANGEBYLEX"));
    add("ZREVRANGEBYLEX", 1, () -> byLex("ZREVRANGEBYLEX"));
    add("ZREVRANGE", 1, () -> {
      List<String> a = list("ZREVRANGE", key(), index(), index());
      if (chance(0.5)) {
        a.add("WITHSCORES");
      }
      return a;
    });
    add("ZPOPMIN", 1, () -> chance(0.5) ? list("ZPOPMIN", key()) : list("ZPOPMIN", key(), count()));
    add("ZPOPMAX", 1, () -> chance(0.5) ? list("ZPOPMAX", key()) : list("ZPOPMAX", key(), count()));
    add("ZMPOP", 1, () -> {
      List<String> ks = keys(1, 3);
      List<String> a = list("ZMPOP", Integer.toString(ks.size()));
      a.addAll(ks);
      a.add(pick(new String[] {"MIN", "MAX"}));
      if (chance(0.5)) {
        a.add("COUNT");
        a.add(chance(0.1) ? "0" : positiveCount());
      }
      return a;
    });
    add("ZREMRANGEBYRANK", 0.7, () -> list("ZREMRANGEBYRANK", key(), index(), index()));
    add("ZREMRANGEBYSCORE", 0.7, () -> list("ZREMRANGEBYSCORE", key(), scoreBound(), scoreBound()));
    add("ZREMRANGEBYLEX", 0.7, () -> list("ZREMRANGEBYLEX", key(), lexBound(), lexBound()));
    for (String op : new String[] {"ZUNION", "ZINTER", "ZDIFF"}) {
      add(op, 1, () -> setOp(op, false));
    }
    for (String op : new String[] {"ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"}) {
      add(op, 1, () -> setOp(op, true));
    }
    add("ZRANDMEMBER", 1, () -> {
      List<String> a = list("ZRANDMEMBER", key());
      if (chance(0.6)) {
        a.add(count());
        if (chance(0.5)) {
          a.add("WITHSCORES");
        }
      }
      return a;
    });
    add("ZSCAN", 1, () -> {
      List<String> a = list("ZSCAN", key(), "0");
      scanOptions(a, false);
      return a;
    });
  }

  private List<String> zrangeLike(String name, boolean withScores) {
    List<String> a = list(name);
    if (name.equals("ZRANGESTORE")) {
      a.add(key());
    }
    a.add(key());
    int mode = rnd.nextInt(3);
    if (mode == 0) {
      a.add(index());
      a.add(index());
    } else if (mode == 1) {
      a.add(scoreBound());
      a.add(scoreBound());
      a.add("BYSCORE");
    } else {
      a.add(lexBound());
      a.add(lexBound());
      a.add("BYLEX");
    }
    if (chance(0.3)) {
      a.add("REV");
    }
    if (chance(0.3)) {
      limit(a);
    }
    if (withScores && chance(0.4)) {
      a.add("WITHSCORES");
    }
    return a;
  }

  private List<String> byScore(String name) {
    List<String> a = list(name, key(), scoreBound(), scoreBound());
    if (chance(0.4)) {
      a.add("WITHSCORES");
    }
    if (chance(0.3)) {
      limit(a);
    }
    return a;
  }

  private List<String> byLex(String name) {
    List<String> a = list(name, key(), lexBound(), lexBound());
    if (chance(0.3)) {
      limit(a);
    }
    return a;
  }

  private List<String> setOp(String name, boolean store) {
    List<String> a = list(name);
    if (store) {
      a.add(key());
    }
    List<String> ks = keys(1, 3);
    a.add(Integer.toString(ks.size()));
    a.addAll(ks);
    boolean diff = name.startsWith("ZDIFF");
    if (!diff && chance(0.4)) {
      a.add("WEIGHTS");
      for (int i = 0; i < ks.size(); i++) {
        a.add(pick(new String[] {"1", "2", "0", "-1", "0.5", "inf", "-inf"}));
      }
    }
    if (!diff && chance(0.4)) {
      a.add("AGGREGATE");
      a.add(pick(new String[] {"SUM", "MIN", "MAX"}));
    }
    if (!store && chance(0.5)) {
      a.add("WITHSCORES");
    }
    return a;
  }

  private void registerSort() {
    add("SORT", 3, () -> sort("SORT", true));
    add("SORT_RO", 1.5, () -> sort("SORT_RO", false));
  }

  private List<String> sort(String name, boolean canStore) {
    List<String> opts = new ArrayList<>();
    List<List<String>> groups = new ArrayList<>();
    if (chance(0.5)) {
      groups.add(List.of("BY", pick(SORT_PATTERNS)));
      if (chance(0.05)) {
        groups.add(List.of("BY", pick(SORT_PATTERNS)));
      }
    }
    if (chance(0.3)) {
      groups.add(List.of("LIMIT", Integer.toString(rnd.nextInt(5) - 1), Integer.toString(rnd.nextInt(6) - 1)));
    }
    int gets = chance(0.4) ? 1 + rnd.nextInt(3) : 0;
    for (int i = 0; i < gets; i++) {
      groups.add(List.of("GET", pick(SORT_PATTERNS)));
    }
    if (chance(0.3)) {
      groups.add(List.of(chance(0.5) ? "ASC" : "DESC"));
    }
    if (chance(0.5)) {
      groups.add(List.of("ALPHA"));
    }
    if (canStore && chance(0.25)) {
      groups.add(List.of("STORE", key()));
    }
    // Redis takes the options in any order: shuffle all but keep GETs in their relative order.
    for (int i = groups.size() - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      if (!groups.get(i).get(0).equals("GET") || !groups.get(j).get(0).equals("GET")) {
        List<String> t = groups.get(i);
        groups.set(i, groups.get(j));
        groups.set(j, t);
      }
    }
    for (List<String> g : groups) {
      opts.addAll(g);
    }
    List<String> a = list(name, key());
    a.addAll(opts);
    if (!safe(a)) {
      a.removeIf(s -> s.equals("ALPHA"));
    }
    return a;
  }
}
