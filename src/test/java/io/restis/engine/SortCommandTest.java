package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SORT and SORT_RO on lists, sets, sorted sets and hash fields: options, LIMIT arithmetic, BY and GET patterns, ties,
 * STORE and its propagation, errors and their order. Every expected reply was first asked of
 * redis-server 7.0.15 (under the C locale).
 */
class SortCommandTest {

  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void invariants() {
    h.checkInvariants();
  }

  private List<Object> l(Object... items) {
    return Arrays.asList(items);
  }

  // ---- the command table rows, as COMMAND INFO answers on redis 7.0.15 ----

  @Test
  void specsMatchCommandInfo() {
    CommandSpec sort = h.engine.table().lookup("sort");
    assertThat(sort.arity()).isEqualTo(-2);
    assertThat(sort.flags().toString()).isEqualTo("[WRITE, DENYOOM]");
    assertThat(sort.firstKey()).isEqualTo(1);
    assertThat(sort.lastKey()).isEqualTo(1);
    assertThat(sort.keyStep()).isEqualTo(1);
    assertThat(sort.aclCategories().toString()).isEqualTo("[WRITE, SET, SORTEDSET, LIST, SLOW, DANGEROUS]");
    CommandSpec ro = h.engine.table().lookup("sort_ro");
    assertThat(ro.arity()).isEqualTo(-2);
    assertThat(ro.flags().toString()).isEqualTo("[READONLY]");
    assertThat(ro.aclCategories().toString()).isEqualTo("[READ, SET, SORTEDSET, LIST, SLOW, DANGEROUS]");
    assertThat(ro.keyIndexes(argv("SORT_RO", "k", "STORE", "d"))).containsExactly(1);
  }

  @Test
  void keysIncludeTheLastStoreDestination() {
    CommandSpec sort = h.engine.table().lookup("sort");
    assertThat(sort.keyIndexes(argv("SORT", "k"))).containsExactly(1);
    assertThat(sort.keyIndexes(argv("SORT", "k", "STORE", "d"))).containsExactly(1, 3);
    assertThat(sort.keyIndexes(argv("SORT", "k", "STORE", "d", "ALPHA", "STORE", "e"))).containsExactly(1, 6);
    // the arguments of LIMIT, GET and BY are skipped, so a pattern named "store" is no keyword
    assertThat(sort.keyIndexes(argv("SORT", "k", "BY", "store", "GET", "store", "LIMIT", "store", "x")))
        .containsExactly(1);
    assertThat(sort.keyIndexes(argv("SORT", "k", "STORE"))).containsExactly(1);
    assertThat(sort.keyIndexes(argv("sort", "k", "store", "d"))).containsExactly(1, 3);
  }

  private static byte[][] argv(String... a) {
    byte[][] out = new byte[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }

  // ---- numeric and ALPHA order ----

  @Test
  void numericOrderReadsScoresAsStrtodAndBreaksTiesByBytes() {
    h.num("RPUSH", "z", "0", "-0", "1e0", "1", " 1", "0x1");
    assertThat(h.list("SORT", "z")).isEqualTo(l("-0", "0", " 1", "0x1", "1", "1e0"));
    assertThat(h.list("SORT", "z", "DESC")).isEqualTo(l("1e0", "1", "0x1", " 1", "0", "-0"));
    assertThat(h.list("SORT", "z", "ASC")).isEqualTo(h.list("SORT", "z"));
  }

  @Test
  void numericSortRefusesWhatStrtodDoesNotTakeWhole() {
    String err = "ERR One or more scores can't be converted into double";
    // accepted: C's strtod reads all of these, "" as 0
    for (String ok : List.of("", " 1", "0x10", "inf", "-inf", "infinity", "+5", "0x1p-1074",
        "2.2250738585072014e-308", ".5", "5.", "1E3", "-0x.8p1")) {
      h.num("DEL", "n");
      h.num("RPUSH", "n", ok, "2");
      assertThat(h.call("SORT", "n")).as("[%s]", ok).isInstanceOf(List.class);
    }
    // refused: trailing text, NaN, ERANGE (overflow, and underflow that loses precision)
    for (String bad : List.of("1 ", "nan", "1e400", "1e-310", "4.9e-324", "1e-400", "-1e-310",
        "2.2250738585072011e-308", "  ", "0x", "1e", ".", "a", "-", "0x1p-1075")) {
      h.num("DEL", "n");
      h.num("RPUSH", "n", bad, "2");
      assertThat(h.err("SORT", "n")).as("[%s]", bad).isEqualTo(err);
    }
  }

  @Test
  void strtodValues() {
    assertThat(SortCommand.strtod(b(""))).isEqualTo(0.0);
    assertThat(SortCommand.strtod(b(" \t1.5"))).isEqualTo(1.5);
    assertThat(SortCommand.strtod(b("0x10"))).isEqualTo(16.0);
    assertThat(SortCommand.strtod(b("-0x1.8p1"))).isEqualTo(-3.0);
    assertThat(SortCommand.strtod(b("INF"))).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(SortCommand.strtod(b("-Infinity"))).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(SortCommand.strtod(b("0e-999999999999"))).isEqualTo(0.0); // exact zero: no ERANGE
    assertThat(SortCommand.strtod(b("1e-999999999999"))).isNull();
    assertThat(SortCommand.strtod(b("1e999999999999"))).isNull();
    assertThat(SortCommand.strtod(b("1\u0000garbage"))).isEqualTo(1.0); // a C string ends at NUL
    assertThat(SortCommand.strtod(b("infinit"))).isNull();
    assertThat(SortCommand.strtod(b("nan(1)"))).isNull();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void alphaIsByteOrder() {
    h.num("RPUSH", "a", "b", "B", "a", "", "aa", "é");
    assertThat(h.list("SORT", "a", "ALPHA")).isEqualTo(l("", "B", "a", "aa", "b", "é"));
    assertThat(h.list("SORT", "a", "ALPHA", "DESC")).isEqualTo(l("é", "b", "aa", "a", "B", ""));
    assertThat(h.err("SORT", "a")).isEqualTo("ERR One or more scores can't be converted into double");
  }

  // ---- LIMIT ----

  @Test
  void limitClampsLikeRedis() {
    h.num("RPUSH", "l", "3", "1", "2");
    assertThat(h.list("SORT", "l", "LIMIT", "-5", "2")).isEqualTo(l("1", "2"));
    assertThat(h.list("SORT", "l", "LIMIT", "1", "-5")).isEqualTo(l("2", "3"));
    assertThat(h.list("SORT", "l", "LIMIT", "5", "1")).isEqualTo(l());
    assertThat(h.list("SORT", "l", "LIMIT", "0", "0")).isEqualTo(l());
    assertThat(h.list("SORT", "l", "LIMIT", "1", "1", "DESC")).isEqualTo(l("2"));
    assertThat(h.list("SORT", "l", "LIMIT", "2", "9223372036854775807")).isEqualTo(l("3"));
    assertThat(h.list("SORT", "l", "LIMIT", "-9223372036854775808", "1")).isEqualTo(l("1"));
    assertThat(h.list("SORT", "l", "LIMIT", "0", "1", "LIMIT", "1", "1")).isEqualTo(l("2"));
    assertThat(h.list("SORT", "missing", "LIMIT", "0", "5")).isEqualTo(l());
  }

  // ---- BY and GET ----

  @Test
  void byStringWeightsAndTies() {
    h.num("RPUSH", "t", "c", "a", "b");
    h.str("MSET", "wa", "2", "wb", "2", "wc", "1");
    assertThat(h.list("SORT", "t", "BY", "w*")).isEqualTo(l("c", "a", "b"));
    assertThat(h.list("SORT", "t", "BY", "w*", "DESC")).isEqualTo(l("b", "a", "c"));
    // ALPHA by weights: ties keep the list's order, in DESC too (glibc's qsort is stable)
    assertThat(h.list("SORT", "t", "BY", "w*", "ALPHA")).isEqualTo(l("c", "a", "b"));
    assertThat(h.list("SORT", "t", "BY", "w*", "ALPHA", "DESC")).isEqualTo(l("a", "b", "c"));
    h.str("SET", "wb", "x");
    assertThat(h.err("SORT", "t", "BY", "w*")).isEqualTo("ERR One or more scores can't be converted into double");
    assertThat(h.err("SORT", "t", "BY", "w*", "GET", "nosuch"))
        .isEqualTo("ERR One or more scores can't be converted into double");
    assertThat(h.list("SORT", "t", "BY", "w*", "ALPHA", "GET", "#", "GET", "w*"))
        .isEqualTo(l("c", "1", "a", "2", "b", "x"));
  }

  @Test
  void missingWeightsAreZeroOrSmallestAndKeepTheirOrder() {
    h.num("RPUSH", "m", "e3", "e1", "e2", "e4");
    assertThat(h.list("SORT", "m", "BY", "nokey_*", "ALPHA")).isEqualTo(l("e3", "e1", "e2", "e4"));
    assertThat(h.list("SORT", "m", "BY", "nokey_*", "ALPHA", "DESC")).isEqualTo(l("e3", "e1", "e2", "e4"));
    // numeric: all weights 0, so the elements decide
    assertThat(h.list("SORT", "m", "BY", "nokey_*")).isEqualTo(l("e1", "e2", "e3", "e4"));
    h.str("MSET", "w_e1", "b", "w_e2", "a", "w_e4", "a");
    assertThat(h.list("SORT", "m", "BY", "w_*", "ALPHA")).isEqualTo(l("e3", "e2", "e4", "e1"));
  }

  @Test
  void byAndGetHashFields() {
    h.num("RPUSH", "l", "3", "1", "2");
    h.num("RPUSH", "w1", "not", "a", "string"); // wrong type: GET w* answers nil
    h.str("SET", "w2", "b");
    h.str("SET", "w3", "a");
    assertThat(h.list("SORT", "l", "GET", "w*", "GET", "#", "GET", "nosort", "GET", "w*->f"))
        .isEqualTo(l(null, "1", null, null, "b", "2", null, null, "a", "3", null, null));
  }

  @Test
  void patternsSubstituteOnlyTheFirstStar() {
    h.num("RPUSH", "l", "x");
    h.str("SET", "a-x-*", "first");
    h.str("SET", "x->", "arrow-without-field");
    h.str("SET", "->x", "arrow-before-star");
    assertThat(h.list("SORT", "l", "ALPHA", "GET", "a-*-*")).isEqualTo(l("first"));
    assertThat(h.list("SORT", "l", "ALPHA", "GET", "*->")).isEqualTo(l("arrow-without-field"));
    assertThat(h.list("SORT", "l", "ALPHA", "GET", "->*")).isEqualTo(l("arrow-before-star"));
    assertThat(h.list("SORT", "l", "ALPHA", "GET", "#", "GET", "##")).isEqualTo(l("x", null));
  }

  @Test
  void nosortKeepsTheListOrderAndDescReversesIt() {
    h.num("RPUSH", "l", "c", "a", "b", "a", "10", "2", "1.5", "");
    assertThat(h.list("SORT", "l", "BY", "nosort")).isEqualTo(l("c", "a", "b", "a", "10", "2", "1.5", ""));
    assertThat(h.list("SORT", "l", "BY", "nosort", "DESC")).isEqualTo(l("", "1.5", "2", "10", "a", "b", "a", "c"));
    assertThat(h.list("SORT", "l", "BY", "nosort", "LIMIT", "1", "2")).isEqualTo(l("a", "b"));
    assertThat(h.list("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2")).isEqualTo(l("1.5", "2"));
    // once a BY without '*' was seen, nothing is sorted, even by a later real pattern
    h.num("RPUSH", "n", "3", "1", "2");
    assertThat(h.list("SORT", "n", "BY", "nosort", "BY", "w_*")).isEqualTo(l("3", "1", "2"));
  }

  // ---- sets and hash fields ----

  @Test
  void setsSortLikeListsAndNosortFollowsTheSetsOwnOrder() {
    h.num("SADD", "s", "3", "1", "2", "b", "a");
    assertThat(h.list("SORT", "s", "ALPHA")).isEqualTo(l("1", "2", "3", "a", "b"));
    assertThat(h.err("SORT", "s")).isEqualTo("ERR One or more scores can't be converted into double");
    assertThat(h.list("SORT", "s", "BY", "nosort")).containsExactlyInAnyOrder("1", "2", "3", "a", "b");
    assertThat(h.list("SORT", "s", "BY", "nosort", "LIMIT", "0", "2")).hasSize(2);
    // a set of integers is an intset in Redis, which iterates in ascending order
    h.num("SADD", "i", "10", "2", "33", "1");
    assertThat(h.list("SORT", "i", "BY", "nosort")).isEqualTo(l("1", "2", "10", "33"));
    assertThat(h.list("SORT_RO", "i", "DESC")).isEqualTo(l("33", "10", "2", "1"));
  }

  @Test
  void storingASetWithNosortSortsItAlpha() {
    h.num("SADD", "s", "3", "1", "2", "b", "a");
    assertThat(h.num("SORT", "s", "BY", "nosort", "STORE", "d")).isEqualTo(5);
    assertThat(h.list("LRANGE", "d", "0", "-1")).isEqualTo(l("1", "2", "3", "a", "b"));
    assertThat(h.num("SORT", "s", "BY", "nosort", "ALPHA", "DESC", "STORE", "d")).isEqualTo(5);
    assertThat(h.list("LRANGE", "d", "0", "-1")).isEqualTo(l("b", "a", "3", "2", "1"));
    assertThat(h.num("SORT", "s", "BY", "nosort", "DESC", "LIMIT", "1", "2", "STORE", "d")).isEqualTo(2);
    assertThat(h.list("LRANGE", "d", "0", "-1")).isEqualTo(l("a", "3"));
    // the forced ALPHA also drops a BY pattern given before the constant one
    assertThat(h.num("SORT", "s", "BY", "w_*", "BY", "nosort", "STORE", "d")).isEqualTo(5);
    assertThat(h.list("LRANGE", "d", "0", "-1")).isEqualTo(l("1", "2", "3", "a", "b"));
  }

  @Test
  void byAndGetHashFieldsOfASet() {
    h.num("SADD", "u", "u1", "u2", "u3", "u4");
    h.num("HSET", "h_u1", "f", "30", "g", "x");
    h.num("HSET", "h_u2", "f", "10", "g", "a");
    h.num("HSET", "h_u3", "g", "y");
    h.str("SET", "h_u4", "f"); // not a hash: no field, weight 0
    assertThat(h.list("SORT", "u", "BY", "h_*->f")).isEqualTo(l("u3", "u4", "u2", "u1"));
    assertThat(h.list("SORT", "u", "BY", "h_*->f", "DESC", "GET", "#", "GET", "h_*->g"))
        .isEqualTo(l("u1", "x", "u2", "a", "u4", null, "u3", "y"));
    assertThat(h.err("HSET", "h_u4", "g", "b")).startsWith("WRONGTYPE");
    assertThat(h.list("SORT", "u", "BY", "h_*->g", "ALPHA", "LIMIT", "1", "3", "GET", "h_*->f"))
        .isEqualTo(l("10", "30", null));
  }

  // ---- sorted sets ----

  @Test
  void sortedSetsSortByMemberAndNosortFollowsTheScores() {
    h.num("ZADD", "z", "3", "c", "1", "a", "2", "b", "2", "a2", "0", "10");
    assertThat(h.list("SORT", "z", "BY", "nosort")).isEqualTo(l("10", "a", "a2", "b", "c"));
    assertThat(h.list("SORT", "z", "BY", "nosort", "DESC")).isEqualTo(l("c", "b", "a2", "a", "10"));
    assertThat(h.list("SORT", "z", "BY", "nosort", "LIMIT", "1", "2")).isEqualTo(l("a", "a2"));
    assertThat(h.list("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "1", "2")).isEqualTo(l("b", "a2"));
    assertThat(h.list("SORT", "z", "ALPHA", "DESC", "LIMIT", "0", "3")).isEqualTo(l("c", "b", "a2"));
    assertThat(h.list("SORT", "z", "BY", "w*")).isEqualTo(l("10", "a", "a2", "b", "c"));
    assertThat(h.err("SORT", "z")).isEqualTo("ERR One or more scores can't be converted into double");
    assertThat(h.num("SORT", "z", "BY", "nosort", "STORE", "d")).isEqualTo(5);
    assertThat(h.list("LRANGE", "d", "0", "-1")).isEqualTo(l("10", "a", "a2", "b", "c"));
    h.num("ZADD", "n", "5", "1", "3", "2", "4", "-0");
    assertThat(h.list("SORT", "n")).isEqualTo(l("-0", "1", "2"));
    assertThat(h.list("SORT", "n", "DESC")).isEqualTo(l("2", "1", "-0"));
    assertThat(h.list("SORT", "n", "BY", "nosort", "GET", "#")).isEqualTo(l("2", "-0", "1"));
  }

  @Test
  void sortConvertsASortedSetToTheLargeEncodingForGood() {
    // A listpack cannot hold a -0 score; the skiplist SORT converts to can, so ZSCORE shows it.
    h.num("ZADD", "small", "1", "a");
    h.num("ZADD", "small", "-0", "x");
    assertThat(h.str("ZSCORE", "small", "x")).isEqualTo("0");
    h.num("ZADD", "m", "1", "a");
    assertThat(h.err("SORT_RO", "m")).isEqualTo("ERR One or more scores can't be converted into double");
    h.num("ZADD", "m", "-0", "x");
    assertThat(h.str("ZSCORE", "m", "x")).isEqualTo("-0");
    assertThat(h.list("ZSCAN", "m", "0")).isEqualTo(l("0", l("a", "1", "x", "-0")));
    String encoding = h.engine.read(ks -> ((ZSetValue) ks.lookupWrite(Bytes.of("m")).value()).encoding());
    assertThat(encoding).isEqualTo("skiplist");
  }

  // ---- STORE ----

  @Test
  void storeWritesAListAndLogsItsResult() {
    h.num("RPUSH", "l", "3", "1", "2");
    h.str("MSET", "w1", "c", "w3", "a");
    h.drainPropagated();
    assertThat(h.num("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "5", "GET", "w*", "STORE", "dst"))
        .isEqualTo(2);
    assertThat(h.list("LRANGE", "dst", "0", "-1")).isEqualTo(l("c", "a"));
    assertThat(h.drainPropagated()).containsExactly("DEL dst", "RPUSH dst c a");
    // the destination is replaced, TTL included, whatever its type
    assertThat(h.num("EXPIRE", "dst", "100")).isEqualTo(1);
    assertThat(h.num("SORT", "l", "STORE", "dst")).isEqualTo(3);
    assertThat(h.num("TTL", "dst")).isEqualTo(-1);
    h.str("SET", "s", "string");
    assertThat(h.num("SORT", "l", "DESC", "STORE", "s")).isEqualTo(3);
    assertThat(h.list("LRANGE", "s", "0", "-1")).isEqualTo(l("3", "2", "1"));
    // GET of a missing value stores an empty string: a list cannot hold nil
    assertThat(h.num("SORT", "l", "GET", "nokey*", "GET", "#", "STORE", "dst")).isEqualTo(6);
    assertThat(h.list("LRANGE", "dst", "0", "-1")).isEqualTo(l("", "1", "", "2", "", "3"));
    h.drainPropagated();
    // an empty result deletes the destination
    assertThat(h.num("SORT", "l", "LIMIT", "0", "0", "STORE", "dst")).isEqualTo(0);
    assertThat(h.num("EXISTS", "dst")).isEqualTo(0);
    assertThat(h.drainPropagated()).containsExactly("DEL dst");
    // and changes (and logs) nothing when there was none
    assertThat(h.num("SORT", "nokey", "STORE", "dst")).isEqualTo(0);
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void storeOnItselfAndReadOnlyNeverPropagate() {
    h.num("RPUSH", "l", "b", "a");
    h.drainPropagated();
    assertThat(h.list("SORT", "l", "ALPHA")).isEqualTo(l("a", "b"));
    assertThat(h.list("SORT_RO", "l", "ALPHA", "DESC")).isEqualTo(l("b", "a"));
    assertThat(h.drainPropagated()).isEmpty();
    assertThat(h.num("SORT", "l", "ALPHA", "STORE", "l")).isEqualTo(2);
    assertThat(h.list("LRANGE", "l", "0", "-1")).isEqualTo(l("a", "b"));
  }

  // ---- errors, in Redis's order ----

  @Test
  void errors() {
    h.num("RPUSH", "l", "3", "1", "2");
    h.str("SET", "x", "1");
    assertThat(h.err("SORT", "l", "LIMIT", "abc", "1")).isEqualTo("ERR value is not an integer or out of range");
    assertThat(h.err("SORT", "l", "LIMIT", "1")).isEqualTo("ERR syntax error");
    assertThat(h.err("SORT", "l", "STORE")).isEqualTo("ERR syntax error");
    assertThat(h.err("SORT", "l", "BY")).isEqualTo("ERR syntax error");
    assertThat(h.err("SORT", "l", "GET")).isEqualTo("ERR syntax error");
    assertThat(h.err("SORT", "l", "FOO")).isEqualTo("ERR syntax error");
    assertThat(h.err("SORT_RO", "l", "STORE", "d")).isEqualTo("ERR syntax error");
    assertThat(h.err("SORT", "x")).isEqualTo("WRONGTYPE Operation against a key holding the wrong kind of value");
    // options are read before the key is looked up
    assertThat(h.err("SORT", "x", "LIMIT", "a", "b")).isEqualTo("ERR value is not an integer or out of range");
    assertThat(h.err("SORT", "x", "BAD")).isEqualTo("ERR syntax error");
    // the first bad option wins
    assertThat(h.err("SORT", "l", "BAD", "LIMIT", "a", "b")).isEqualTo("ERR syntax error");
    assertThat(h.err("SORT", "l", "LIMIT", "a", "b", "BAD")).isEqualTo("ERR value is not an integer or out of range");
    assertThat(h.err("SORT")).isEqualTo("ERR wrong number of arguments for 'sort' command");
    assertThat(h.err("SORT_RO")).isEqualTo("ERR wrong number of arguments for 'sort_ro' command");
    assertThat(h.list("SORT", "nokey")).isEqualTo(l());
    // a failed conversion stores nothing
    h.num("RPUSH", "bad", "a");
    assertThat(h.err("SORT", "bad", "STORE", "dst")).isEqualTo("ERR One or more scores can't be converted into double");
    assertThat(h.num("EXISTS", "dst")).isEqualTo(0);
  }
}
