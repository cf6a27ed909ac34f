package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hash commands against the engine. Every expected reply and error text was first asked of a
 * real redis-server 7.0.15; WRONGTYPE cases use a set key as the value of the wrong type.
 */
class HashCommandsTest {

  static final String WRONGTYPE = Errors.WRONGTYPE;

  final EngineHarness h = new EngineHarness();

  @AfterEach
  void invariants() {
    h.checkInvariants();
  }

  boolean exists(String key) {
    return h.engine.read(ks -> ks.exists(Bytes.of(key)));
  }

  Map<Object, Object> hgetall(String key) {
    List<Object> flat = h.list("HGETALL", key);
    Map<Object, Object> m = new HashMap<>();
    for (int i = 0; i < flat.size(); i += 2) {
      m.put(flat.get(i), flat.get(i + 1));
    }
    return m;
  }

  // ---- HSET / HMSET / HSETNX

  @Test
  void hsetSetsSeveralPairsAndCountsNewFields() {
    assertThat(h.num("HSET", "h", "a", "1", "b", "2")).isEqualTo(2);
    assertThat(h.num("HSET", "h", "a", "1")).isZero();
    assertThat(h.num("HSET", "h", "a", "3", "c", "4", "c", "5")).isEqualTo(1);
    assertThat(h.list("HGETALL", "h")).containsExactly("a", "3", "b", "2", "c", "5");
    // Every HSET is a write in Redis, even one that rewrote the same value.
    assertThat(h.drainPropagated()).containsExactly("HSET h a 1 b 2", "HSET h a 1", "HSET h a 3 c 4 c 5");
  }

  @Test
  void hsetWithAnOddNumberOfArguments() {
    assertThat(h.err("HSET", "h", "a")).isEqualTo("ERR wrong number of arguments for 'hset' command");
    assertThat(h.err("HSET", "h", "a", "1", "b")).isEqualTo("ERR wrong number of arguments for 'hset' command");
    assertThat(h.err("HSET", "h")).isEqualTo("ERR wrong number of arguments for 'hset' command");
    assertThat(h.err("HMSET", "h", "a", "1", "b")).isEqualTo("ERR wrong number of arguments for 'hmset' command");
    assertThat(h.err("HMSET", "h", "a")).isEqualTo("ERR wrong number of arguments for 'hmset' command");
    assertThat(exists("h")).isFalse();
    // The argument count is checked before the key's type.
    h.num("SADD", "s", "x");
    assertThat(h.err("HSET", "s", "a", "1", "b")).isEqualTo("ERR wrong number of arguments for 'hset' command");
    assertThat(h.err("HSET", "s", "a", "1")).isEqualTo(WRONGTYPE);
    assertThat(h.err("HMSET", "s", "a", "1")).isEqualTo(WRONGTYPE);
  }

  @Test
  void hmsetAnswersOk() {
    assertThat(h.str("HMSET", "h", "a", "1", "b", "2")).isEqualTo("OK");
    assertThat(h.str("HMSET", "h", "a", "5", "d", "6")).isEqualTo("OK");
    assertThat(h.list("HGETALL", "h")).containsExactly("a", "5", "b", "2", "d", "6");
    assertThat(h.drainPropagated()).containsExactly("HMSET h a 1 b 2", "HMSET h a 5 d 6");
  }

  @Test
  void hsetnxSetsOnlyNewFields() {
    assertThat(h.num("HSETNX", "h", "a", "1")).isOne();
    assertThat(h.num("HSETNX", "h", "a", "2")).isZero();
    assertThat(h.num("HSETNX", "h", "b", "3")).isOne();
    assertThat(h.list("HGETALL", "h")).containsExactly("a", "1", "b", "3");
    assertThat(h.drainPropagated()).containsExactly("HSETNX h a 1", "HSETNX h b 3");
    h.num("SADD", "s", "x");
    assertThat(h.err("HSETNX", "s", "a", "1")).isEqualTo(WRONGTYPE);
  }

  @Test
  void smallHashRepliesInInsertionOrderAsAListpack() {
    h.num("HSET", "h", "c", "3", "a", "1", "b", "2");
    h.num("HSET", "h", "a", "9");
    h.num("HDEL", "h", "c");
    h.num("HSET", "h", "c", "4");
    assertThat(h.list("HGETALL", "h")).containsExactly("a", "9", "b", "2", "c", "4");
    assertThat(h.list("HKEYS", "h")).containsExactly("a", "b", "c");
    assertThat(h.list("HVALS", "h")).containsExactly("9", "2", "4");
  }

  @Test
  void aLongValueMakesAHashTableWithTheSameContents() {
    String longValue = "x".repeat(65);
    h.num("HSET", "h", "a", "1", "b", "2");
    h.num("HSET", "h", "c", longValue);
    assertThat(hgetall("h")).containsOnly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", longValue));
    assertThat(h.num("HSTRLEN", "h", "c")).isEqualTo(65);
  }

  long version(String key) {
    return h.engine.read(ks -> ks.lookupWrite(Bytes.of(key)).version());
  }

  @Test
  void inPlaceChangesBumpTheKeyVersionAndNoOpsDoNot() {
    h.num("HSET", "h", "a", "1", "n", "5");
    long v = version("h");
    h.num("HSETNX", "h", "a", "2");
    h.num("HDEL", "h", "zz");
    h.err("HINCRBY", "h", "a", "x");
    assertThat(version("h")).isEqualTo(v);
    for (String[] cmd : new String[][] {
        {"HSET", "h", "b", "2"}, {"HSETNX", "h", "c", "3"}, {"HDEL", "h", "c"}, {"HINCRBY", "h", "n", "1"},
        {"HINCRBYFLOAT", "h", "n", "0.5"}, {"HMSET", "h", "a", "7"}}) {
      h.call(cmd);
      assertThat(version("h")).as(String.join(" ", cmd)).isGreaterThan(v);
      v = version("h");
    }
  }

  // ---- reads

  @Test
  void readsOfMissingKeysAndFields() {
    assertThat(h.call("HGET", "missing", "a")).isNull();
    assertThat(h.list("HMGET", "missing", "a", "b")).containsExactly(null, null);
    assertThat(h.num("HLEN", "missing")).isZero();
    assertThat(h.num("HSTRLEN", "missing", "a")).isZero();
    assertThat(h.num("HEXISTS", "missing", "a")).isZero();
    assertThat(h.list("HKEYS", "missing")).isEmpty();
    assertThat(h.list("HVALS", "missing")).isEmpty();
    assertThat(h.list("HGETALL", "missing")).isEmpty();
    h.num("HSET", "h", "a", "5", "b", "");
    assertThat(h.str("HGET", "h", "a")).isEqualTo("5");
    assertThat(h.call("HGET", "h", "zz")).isNull();
    assertThat(h.list("HMGET", "h", "a", "zz", "b")).containsExactly("5", null, "");
    assertThat(h.num("HLEN", "h")).isEqualTo(2);
    assertThat(h.num("HSTRLEN", "h", "a")).isEqualTo(1);
    assertThat(h.num("HSTRLEN", "h", "b")).isZero();
    assertThat(h.num("HSTRLEN", "h", "zz")).isZero();
    assertThat(h.num("HEXISTS", "h", "b")).isOne();
    assertThat(h.num("HEXISTS", "h", "zz")).isZero();
    assertThat(h.drainPropagated()).containsExactly("HSET h a 5 b ");
  }

  @Test
  void everyCommandAgainstWrongType() {
    h.num("SADD", "s", "x");
    h.drainPropagated();
    for (String[] cmd : new String[][] {
        {"HGET", "s", "a"}, {"HMGET", "s", "a"}, {"HDEL", "s", "a"}, {"HLEN", "s"}, {"HSTRLEN", "s", "a"},
        {"HEXISTS", "s", "a"}, {"HKEYS", "s"}, {"HVALS", "s"}, {"HGETALL", "s"}, {"HINCRBY", "s", "a", "1"},
        {"HINCRBYFLOAT", "s", "a", "1"}, {"HRANDFIELD", "s"}, {"HRANDFIELD", "s", "0"},
        {"HSCAN", "s", "0"}, {"HSET", "s", "a", "1"}}) {
      assertThat(h.err(cmd)).as(String.join(" ", cmd)).isEqualTo(WRONGTYPE);
    }
    assertThat(h.drainPropagated()).isEmpty();
  }

  // ---- HDEL

  @Test
  void hdelCountsAndDeletesTheEmptiedKey() {
    assertThat(h.num("HDEL", "missing", "a")).isZero();
    h.num("HSET", "h", "a", "1", "b", "2", "c", "3");
    h.drainPropagated();
    assertThat(h.num("HDEL", "h", "zz")).isZero();
    assertThat(h.drainPropagated()).isEmpty();
    assertThat(h.num("HDEL", "h", "a", "a", "zz")).isOne();
    assertThat(h.num("HDEL", "h", "b", "c", "d")).isEqualTo(2);
    assertThat(exists("h")).isFalse();
    assertThat(h.drainPropagated()).containsExactly("HDEL h a a zz", "HDEL h b c d");
  }

  // ---- HINCRBY

  @Test
  void hincrbyAddsAndCreates() {
    assertThat(h.num("HINCRBY", "h", "n", "5")).isEqualTo(5);
    assertThat(h.num("HINCRBY", "h", "n", "-7")).isEqualTo(-2);
    assertThat(h.num("HINCRBY", "h", "n", "0")).isEqualTo(-2);
    assertThat(h.str("HGET", "h", "n")).isEqualTo("-2");
    assertThat(h.drainPropagated()).containsExactly("HINCRBY h n 5", "HINCRBY h n -7", "HINCRBY h n 0");
  }

  @Test
  void hincrbyErrors() {
    h.num("HSET", "h", "s", "abc", "sp", " 1", "f", "1.5", "e", "", "p", "+1", "z", "007",
        "big", "9223372036854775807", "neg", "-9223372036854775808");
    h.num("SADD", "set", "x");
    h.drainPropagated();
    for (String f : List.of("s", "sp", "f", "e", "p", "z")) {
      assertThat(h.err("HINCRBY", "h", f, "1")).as(f).isEqualTo("ERR hash value is not an integer");
    }
    assertThat(h.err("HINCRBY", "h", "big", "1")).isEqualTo("ERR increment or decrement would overflow");
    assertThat(h.err("HINCRBY", "h", "neg", "-1")).isEqualTo("ERR increment or decrement would overflow");
    assertThat(h.num("HINCRBY", "h", "neg", "9223372036854775807")).isEqualTo(-1);
    assertThat(h.err("HINCRBY", "h", "n", "abc")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("HINCRBY", "h", "n", "1.5")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("HINCRBY", "h", "n", "9223372036854775808")).isEqualTo(Errors.NOT_INTEGER);
    // The increment is parsed before the key is looked at.
    assertThat(h.err("HINCRBY", "set", "n", "abc")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("HINCRBY", "h", "s", "abc")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("HINCRBY", "missing", "n", "abc")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(exists("missing")).isFalse();
    assertThat(h.str("HGET", "h", "big")).isEqualTo("9223372036854775807");
    assertThat(h.drainPropagated()).containsExactly("HINCRBY h neg 9223372036854775807");
  }

  // ---- HINCRBYFLOAT

  @Test
  void hincrbyfloatFormatsAsRedisLongDouble() {
    h.num("HSET", "h", "k", "10.5", "e2", "1e3", "i", "5");
    String[][] cases = {
      {"k", "0.1", "10.6"},
      {"a", "1.e5", "100000"},
      {"b", "-.5", "-0.5"},
      {"c", "+.5", "0.5"},
      {"d", "1e-5", "0.00001"},
      {"d", "1.5e-20", "0.00001"},
      {"f", "0.1", "0.1"},
      {"f", "0.2", "0.3"},
      {"g", "1e17", "100000000000000000"},
      {"g", "1", "100000000000000001"},
      {"k2", "3.0", "3"},
      {"k2", "-3", "0"},
      {"w", "5.0e3", "5000"},
      {"v", "3", "3"},
      {"v", "-3.0000000000000001", "-0.0000000000000001"},
      {"e2", "1", "1001"},
      {"i", "2.5", "7.5"},
      {"x", "10.5e2", "1050"},
      {"x", "-1050", "0"},
      {"m", "-0", "0"},
    };
    for (String[] c : cases) {
      assertThat(h.str("HINCRBYFLOAT", "h", c[0], c[1])).as("%s += %s", c[0], c[1]).isEqualTo(c[2]);
      assertThat(h.str("HGET", "h", c[0])).isEqualTo(c[2]);
    }
    assertThat(h.str("HINCRBYFLOAT", "h", "y", "1e308")).isEqualTo(
        "99999999999999999996685879655845645660560099847415567207797047994921734868838061872100126921888539320"
            + "446747225054013223152134749593960583597420814430196418767959100019603190778663109604507106667939153"
            + "395788938914560543563061268364901618630217086589253444881623791300855757318142424510452728255046343"
            + "928578048");
    // HINCRBY refuses what HINCRBYFLOAT wrote.
    assertThat(h.err("HINCRBY", "h", "i", "1")).isEqualTo("ERR hash value is not an integer");
  }

  @Test
  void hincrbyfloatPropagatesTheFinalValueAsHset() {
    h.num("HSET", "h", "k", "10.5");
    h.drainPropagated();
    h.str("HINCRBYFLOAT", "h", "k", "0.1");
    h.str("HINCRBYFLOAT", "new", "f", "2.0e1");
    h.str("HINCRBYFLOAT", "h", "k", "0");
    assertThat(h.drainPropagated()).containsExactly("HSET h k 10.6", "HSET new f 20", "HSET h k 10.6");
  }

  @Test
  void hincrbyfloatErrors() {
    h.num("HSET", "h", "s", "abc", "e", "", "sp", " 1", "inf", "inf", "f", "1");
    h.num("SADD", "set", "x");
    h.drainPropagated();
    assertThat(h.err("HINCRBYFLOAT", "h", "f", "abc")).isEqualTo(Errors.NOT_FLOAT);
    assertThat(h.err("HINCRBYFLOAT", "h", "f", "nan")).isEqualTo(Errors.NOT_FLOAT);
    assertThat(h.err("HINCRBYFLOAT", "h", "f", " 1")).isEqualTo(Errors.NOT_FLOAT);
    assertThat(h.err("HINCRBYFLOAT", "h", "f", "1 ")).isEqualTo(Errors.NOT_FLOAT);
    assertThat(h.err("HINCRBYFLOAT", "h", "f", "1e4933")).isEqualTo(Errors.NOT_FLOAT);
    assertThat(h.err("HINCRBYFLOAT", "h", "f", "inf")).isEqualTo("ERR value is NaN or Infinity");
    assertThat(h.err("HINCRBYFLOAT", "h", "f", "-inf")).isEqualTo("ERR value is NaN or Infinity");
    assertThat(h.err("HINCRBYFLOAT", "h", "f", "+inf")).isEqualTo("ERR value is NaN or Infinity");
    for (String f : List.of("s", "e", "sp")) {
      assertThat(h.err("HINCRBYFLOAT", "h", f, "1")).as(f).isEqualTo("ERR hash value is not a float");
    }
    assertThat(h.err("HINCRBYFLOAT", "h", "inf", "1")).isEqualTo("ERR increment would produce NaN or Infinity");
    // The increment is checked before the key is looked at, and nothing is created.
    assertThat(h.err("HINCRBYFLOAT", "set", "a", "inf")).isEqualTo("ERR value is NaN or Infinity");
    assertThat(h.err("HINCRBYFLOAT", "set", "a", "abc")).isEqualTo(Errors.NOT_FLOAT);
    assertThat(h.err("HINCRBYFLOAT", "missing", "a", "inf")).isEqualTo("ERR value is NaN or Infinity");
    assertThat(exists("missing")).isFalse();
    assertThat(h.str("HGET", "h", "f")).isEqualTo("1");
    assertThat(h.drainPropagated()).isEmpty();
  }

  // ---- HRANDFIELD

  @Test
  void hrandfieldErrorsAndEmptyCases() {
    h.num("HSET", "h", "a", "1", "b", "2", "c", "3");
    assertThat(h.call("HRANDFIELD", "missing")).isNull();
    assertThat(h.list("HRANDFIELD", "missing", "3")).isEmpty();
    assertThat(h.list("HRANDFIELD", "missing", "-3", "WITHVALUES")).isEmpty();
    assertThat(h.list("HRANDFIELD", "h", "0")).isEmpty();
    assertThat(h.list("HRANDFIELD", "h", "0", "withvalues")).isEmpty();
    assertThat(h.err("HRANDFIELD", "missing", "abc")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("HRANDFIELD", "h", "abc", "foo")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("HRANDFIELD", "missing", "3", "foo")).isEqualTo("ERR syntax error");
    assertThat(h.err("HRANDFIELD", "h", "1", "2")).isEqualTo("ERR syntax error");
    assertThat(h.err("HRANDFIELD", "missing", "5", "WITHVALUES", "b")).isEqualTo("ERR syntax error");
    assertThat(h.err("HRANDFIELD", "h", "-9223372036854775808")).isEqualTo(
        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    assertThat(h.err("HRANDFIELD", "h", "9223372036854775807", "WITHVALUES")).isEqualTo("ERR value is out of range");
    assertThat(h.err("HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES")).isEqualTo("ERR value is out of range");
    assertThat(h.err("HRANDFIELD", "h", "4611686018427387904", "WITHVALUES")).isEqualTo("ERR value is out of range");
    assertThat(h.err("HRANDFIELD", "missing", "9223372036854775807", "WITHVALUES"))
        .isEqualTo("ERR value is out of range");
    assertThat(h.list("HRANDFIELD", "h", "4611686018427387903", "WITHVALUES"))
        .containsExactly("a", "1", "b", "2", "c", "3");
  }

  @Test
  void hrandfieldPositiveCountGivesDistinctFields() {
    Map<String, String> all = new HashMap<>();
    List<String> cmd = new ArrayList<>(List.of("HSET", "h"));
    for (int i = 0; i < 30; i++) {
      all.put("f" + i, "v" + i);
      cmd.add("f" + i);
      cmd.add("v" + i);
    }
    h.num(cmd.toArray(new String[0]));
    h.drainPropagated();
    assertThat(h.str("HRANDFIELD", "h")).isIn(all.keySet().toArray());
    for (int count : new int[] {1, 5, 10, 11, 29}) {
      List<Object> got = h.list("HRANDFIELD", "h", Integer.toString(count));
      assertThat(got).as("count %d", count).hasSize(count).doesNotHaveDuplicates();
      assertThat(all.keySet()).containsAll(got.stream().map(String.class::cast).toList());
      List<Object> pairs = h.list("HRANDFIELD", "h", Integer.toString(count), "WITHVALUES");
      assertThat(pairs).hasSize(2 * count);
      Set<Object> fields = new HashSet<>();
      for (int i = 0; i < pairs.size(); i += 2) {
        assertThat(pairs.get(i + 1)).isEqualTo(all.get((String) pairs.get(i)));
        fields.add(pairs.get(i));
      }
      assertThat(fields).hasSize(count);
    }
    assertThat(h.list("HRANDFIELD", "h", "100")).hasSize(30);
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void hrandfieldWholeListpackHashComesInOrder() {
    h.num("HSET", "h", "c", "3", "a", "1", "b", "2");
    assertThat(h.list("HRANDFIELD", "h", "3")).containsExactly("c", "a", "b");
    assertThat(h.list("HRANDFIELD", "h", "5", "WITHVALUES")).containsExactly("c", "3", "a", "1", "b", "2");
  }

  @Test
  void hrandfieldNegativeCountWithValuesRepeatsPairs() {
    h.num("HSET", "h", "a", "1", "b", "2", "c", "3");
    h.drainPropagated();
    List<Object> got = h.list("HRANDFIELD", "h", "-50", "WITHVALUES");
    assertThat(got).hasSize(100);
    Set<Object> fields = new HashSet<>();
    for (int i = 0; i < got.size(); i += 2) {
      String f = (String) got.get(i);
      assertThat(f).isIn("a", "b", "c");
      assertThat(got.get(i + 1)).isEqualTo(h.str("HGET", "h", f));
      fields.add(f);
    }
    assertThat(fields).hasSizeLessThanOrEqualTo(3);
    assertThat(h.list("HRANDFIELD", "h", "-5")).hasSize(5);
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void hrandfieldRefusesANegativeCountTooLargeToBuild() {
    h.num("HSET", "h", "a", "1");
    assertThat(h.err("HRANDFIELD", "h", "-9223372036854775807")).isEqualTo("ERR value is out of range");
    assertThat(h.err("HRANDFIELD", "h", "-4611686018427387903", "WITHVALUES")).isEqualTo("ERR value is out of range");
  }

  // ---- HSCAN

  @Test
  void hscanArgumentOrder() {
    h.num("HSET", "h", "a", "1");
    h.num("SADD", "s", "x");
    assertThat(h.list("HSCAN", "missing", "0", "COUNT", "x")).containsExactly("0", List.of());
    assertThat(h.err("HSCAN", "missing", "x")).isEqualTo("ERR invalid cursor");
    assertThat(h.err("HSCAN", "s", "0", "COUNT", "x")).isEqualTo(WRONGTYPE);
    assertThat(h.err("HSCAN", "h", "0", "COUNT", "0")).isEqualTo("ERR syntax error");
    assertThat(h.err("HSCAN", "h", "0", "NOVALUES")).isEqualTo("ERR syntax error");
    assertThat(h.err("HSCAN", "h", "0", "COUNT", "x")).isEqualTo(Errors.NOT_INTEGER);
  }

  @Test
  void hscanOfAListpackReturnsItWhole() {
    h.num("HSET", "h", "c", "3", "a", "1", "b", "2");
    assertThat(h.list("HSCAN", "h", "0", "COUNT", "1")).containsExactly("0", List.of("c", "3", "a", "1", "b", "2"));
    assertThat(h.list("HSCAN", "h", "0", "MATCH", "[ab]")).containsExactly("0", List.of("a", "1", "b", "2"));
  }

  @Test
  void hscanFullIterationOfAHashTable() {
    List<String> cmd = new ArrayList<>(List.of("HSET", "h"));
    for (int i = 0; i < 1000; i++) {
      cmd.add("field:" + i);
      cmd.add("value:" + i);
    }
    h.num(cmd.toArray(new String[0]));
    Map<Object, Object> seen = new HashMap<>();
    String cursor = "0";
    int calls = 0;
    do {
      List<Object> r = h.list("HSCAN", "h", cursor, "COUNT", "9");
      cursor = (String) r.get(0);
      @SuppressWarnings("unchecked")
      List<Object> batch = (List<Object>) r.get(1);
      assertThat(batch.size() % 2).isZero();
      for (int i = 0; i < batch.size(); i += 2) {
        seen.put(batch.get(i), batch.get(i + 1));
      }
      calls++;
    } while (!cursor.equals("0"));
    assertThat(seen).hasSize(1000);
    seen.forEach((f, v) -> assertThat(v).isEqualTo(((String) f).replace("field", "value")));
    assertThat(calls).isGreaterThan(10);

    Set<Object> matched = new HashSet<>();
    cursor = "0";
    do {
      List<Object> r = h.list("HSCAN", "h", cursor, "MATCH", "field:1?", "COUNT", "50");
      cursor = (String) r.get(0);
      @SuppressWarnings("unchecked")
      List<Object> batch = (List<Object>) r.get(1);
      for (int i = 0; i < batch.size(); i += 2) {
        matched.add(batch.get(i));
      }
    } while (!cursor.equals("0"));
    assertThat(matched).hasSize(10).allMatch(f -> ((String) f).matches("field:1\\d"));
  }

  // ---- The command table rows

  @Test
  void tableRowsMatchRedisCommandInfo() {
    // name arity flags first last step categories, from COMMAND INFO on redis-server 7.0.15
    String[] rows = {
      "hset -4 write,denyoom,fast 1 1 1 write,hash,fast",
      "hsetnx 4 write,denyoom,fast 1 1 1 write,hash,fast",
      "hget 3 readonly,fast 1 1 1 read,hash,fast",
      "hmget -3 readonly,fast 1 1 1 read,hash,fast",
      "hmset -4 write,denyoom,fast 1 1 1 write,hash,fast",
      "hdel -3 write,fast 1 1 1 write,hash,fast",
      "hlen 2 readonly,fast 1 1 1 read,hash,fast",
      "hstrlen 3 readonly,fast 1 1 1 read,hash,fast",
      "hexists 3 readonly,fast 1 1 1 read,hash,fast",
      "hkeys 2 readonly 1 1 1 read,hash,slow",
      "hvals 2 readonly 1 1 1 read,hash,slow",
      "hgetall 2 readonly 1 1 1 read,hash,slow",
      "hincrby 4 write,denyoom,fast 1 1 1 write,hash,fast",
      "hincrbyfloat 4 write,denyoom,fast 1 1 1 write,hash,fast",
      "hrandfield -2 readonly 1 1 1 read,hash,slow",
      "hscan -3 readonly 1 1 1 read,hash,slow",
    };
    SetCommandsTest.assertRows(HashCommands.specs(), rows);
  }
}
