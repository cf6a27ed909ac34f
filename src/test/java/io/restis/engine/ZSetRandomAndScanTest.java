package io.restis.engine;

import static io.restis.engine.ZSetTestSupport.checkAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ZRANDMEMBER and ZSCAN, with shapes and errors recorded from redis-server 7.0.15. */
class ZSetRandomAndScanTest {

  private final EngineHarness h = ZSetTestSupport.harness();

  @BeforeEach
  void fill() {
    h.str("SET", "str", "x");
    h.num("ZADD", "k", "3", "c", "1", "a", "2", "b", "4", "d", "5", "e");
    h.drainPropagated();
  }

  private static Map<String, String> scores() {
    return Map.of("a", "1", "b", "2", "c", "3", "d", "4", "e", "5");
  }

  @Test
  void zrandmemberWithoutCount() {
    assertThat(h.call("ZRANDMEMBER", "nokey")).isNull();
    assertThat(h.err("ZRANDMEMBER", "str")).isEqualTo(Errors.WRONGTYPE);
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      seen.add(h.str("ZRANDMEMBER", "k"));
    }
    assertThat(seen).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    assertThat(h.drainPropagated()).isEmpty();
    checkAll(h);
  }

  @Test
  void zrandmemberArgumentErrors() {
    assertThat(h.err("ZRANDMEMBER", "str", "1")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.err("ZRANDMEMBER", "str", "abc")).isEqualTo("ERR value is not an integer or out of range");
    assertThat(h.err("ZRANDMEMBER", "nokey", "abc")).isEqualTo("ERR value is not an integer or out of range");
    assertThat(h.err("ZRANDMEMBER", "k", "-9223372036854775808"))
        .isEqualTo("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    assertThat(h.err("ZRANDMEMBER", "k", "1", "withscores", "foo")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZRANDMEMBER", "k", "1", "foo")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZRANDMEMBER", "k", "9223372036854775807", "WITHSCORES")).isEqualTo("ERR value is out of range");
    assertThat(h.err("ZRANDMEMBER", "k", "4611686018427387904", "WITHSCORES")).isEqualTo("ERR value is out of range");
    // Redis 7.0.15 crashes on this one; Restis refuses a reply no list can hold.
    assertThat(h.err("ZRANDMEMBER", "k", "-4611686018427387903", "WITHSCORES")).isEqualTo("ERR value is out of range");
    checkAll(h);
  }

  @Test
  void zrandmemberCounts() {
    assertThat(h.list("ZRANDMEMBER", "k", "0")).isEmpty();
    assertThat(h.list("ZRANDMEMBER", "k", "0", "WITHSCORES")).isEmpty();
    assertThat(h.list("ZRANDMEMBER", "nokey", "5")).isEmpty();
    assertThat(h.list("ZRANDMEMBER", "nokey", "-1", "withscores")).isEmpty();
    // Asking for the whole set or more: every member, highest score first (as 7.0.15 answers).
    assertThat(h.list("ZRANDMEMBER", "k", "10", "WITHSCORES"))
        .containsExactly("e", "5", "d", "4", "c", "3", "b", "2", "a", "1");
    assertThat(h.list("ZRANDMEMBER", "k", "5")).containsExactly("e", "d", "c", "b", "a");
    for (int count = 1; count < 5; count++) {
      List<Object> picks = h.list("ZRANDMEMBER", "k", String.valueOf(count), "WITHSCORES");
      assertThat(picks).hasSize(count * 2);
      Set<Object> members = new HashSet<>();
      for (int i = 0; i < picks.size(); i += 2) {
        assertThat(scores()).containsEntry((String) picks.get(i), (String) picks.get(i + 1));
        members.add(picks.get(i));
      }
      assertThat(members).as("distinct picks").hasSize(count);
    }
    // A negative count repeats: ten picks from five members.
    List<Object> repeated = h.list("ZRANDMEMBER", "k", "-10", "WITHSCORES");
    assertThat(repeated).hasSize(20);
    for (int i = 0; i < repeated.size(); i += 2) {
      assertThat(scores()).containsEntry((String) repeated.get(i), (String) repeated.get(i + 1));
    }
    Map<Object, Integer> histogram = new HashMap<>();
    for (Object m : h.list("ZRANDMEMBER", "k", "-5000")) {
      histogram.merge(m, 1, Integer::sum);
    }
    assertThat(histogram).containsOnlyKeys("a", "b", "c", "d", "e");
    assertThat(histogram.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
    assertThat(h.drainPropagated()).isEmpty();
    checkAll(h);
  }

  @Test
  void zrandmemberOnALargeSetUsesBothDistinctStrategies() {
    for (int i = 0; i < 300; i++) {
      h.num("ZADD", "big", String.valueOf(i), "m" + i);
    }
    for (int count : new int[] {5, 99, 100, 101, 250, 299}) {
      List<Object> picks = h.list("ZRANDMEMBER", "big", String.valueOf(count));
      assertThat(new HashSet<>(picks)).as("count %d", count).hasSize(count);
      assertThat(picks).allSatisfy(m -> assertThat((String) m).startsWith("m"));
    }
    assertThat(h.list("ZRANDMEMBER", "big", "300")).hasSize(300).first().isEqualTo("m299");
    checkAll(h);
  }

  @Test
  void zscanOfASmallSetReturnsItWholeInOrder() {
    assertThat(h.call("ZSCAN", "k", "0")).isEqualTo(List.of("0", List.of("a", "1", "b", "2", "c", "3", "d", "4", "e", "5")));
    assertThat(h.call("ZSCAN", "k", "0", "COUNT", "1")).isEqualTo(
        List.of("0", List.of("a", "1", "b", "2", "c", "3", "d", "4", "e", "5")));
    assertThat(h.call("ZSCAN", "k", "0", "MATCH", "[bd]")).isEqualTo(List.of("0", List.of("b", "2", "d", "4")));
    // A small set ignores the cursor, as a listpack does.
    assertThat(h.call("ZSCAN", "k", "18446744073709551615")).isEqualTo(
        List.of("0", List.of("a", "1", "b", "2", "c", "3", "d", "4", "e", "5")));
    checkAll(h);
  }

  @Test
  void zscanWritesSmallSetScoresAsTheListpackStoresThem() {
    h.num("ZADD", "s", "4503599627370496", "a", "4611686018427387904", "c", "4611686018427388928", "d",
        "-4611686018427387904", "g", "-4611686018427388928", "h", "1e19", "i", "0.5", "j", "-0", "k",
        "inf", "m", "-inf", "n", "1e17", "p", "0.1", "q");
    assertThat(h.call("ZSCAN", "s", "0")).isEqualTo(List.of("0", List.of(
        "n", "-inf",
        "h", "-4.6116860184273889e+18",
        "g", "-4611686018427387904",
        "k", "0",
        "q", "0.10000000000000001",
        "j", "0.5",
        "a", "4503599627370496",
        "p", "100000000000000000",
        "c", "4611686018427387904",
        "d", "4.6116860184273889e+18",
        "i", "1e+19",
        "m", "inf")));
    // ZRANGE formats the same scores with %.17g.
    assertThat(h.list("ZRANGE", "s", "6", "8", "WITHSCORES"))
        .containsExactly("a", "4503599627370496", "p", "1e+17", "c", "4.6116860184273879e+18");
    checkAll(h);
  }

  @Test
  void zscanOfALargeSetWalksTheCursor() {
    for (int i = 0; i < 1000; i++) {
      h.num("ZADD", "big", String.valueOf(i), "m" + i);
    }
    h.num("ZADD", "big", "1e17", "huge");
    Map<String, String> seen = new HashMap<>();
    String cursor = "0";
    int calls = 0;
    do {
      List<Object> reply = h.list("ZSCAN", "big", cursor, "COUNT", "20");
      cursor = (String) reply.get(0);
      @SuppressWarnings("unchecked")
      List<Object> items = (List<Object>) reply.get(1);
      if (!cursor.equals("0")) {
        assertThat(items.size() / 2).as("about COUNT elements per call").isGreaterThanOrEqualTo(20);
      }
      for (int i = 0; i < items.size(); i += 2) {
        seen.put((String) items.get(i), (String) items.get(i + 1));
      }
      calls++;
    } while (!cursor.equals("0"));
    assertThat(seen).hasSize(1001);
    assertThat(seen).containsEntry("m7", "7").containsEntry("huge", "1e+17");
    assertThat(calls).isGreaterThan(10);
    // MATCH filters after the walk.
    List<String> matched = new ArrayList<>();
    cursor = "0";
    do {
      List<Object> reply = h.list("ZSCAN", "big", cursor, "MATCH", "m99*");
      cursor = (String) reply.get(0);
      @SuppressWarnings("unchecked")
      List<Object> items = (List<Object>) reply.get(1);
      for (int i = 0; i < items.size(); i += 2) {
        matched.add((String) items.get(i));
      }
    } while (!cursor.equals("0"));
    assertThat(matched).containsExactlyInAnyOrder(
        "m99", "m990", "m991", "m992", "m993", "m994", "m995", "m996", "m997", "m998", "m999");
    checkAll(h);
  }

  @Test
  void zscanErrorsInRedisOrder() {
    assertThat(h.err("ZSCAN", "k", "abc")).isEqualTo("ERR invalid cursor");
    assertThat(h.err("ZSCAN", "nokey", "abc")).isEqualTo("ERR invalid cursor");
    assertThat(h.err("ZSCAN", "str", "abc")).isEqualTo("ERR invalid cursor");
    assertThat(h.err("ZSCAN", "k", "18446744073709551616")).isEqualTo("ERR invalid cursor");
    // Options are only read once the key is found.
    assertThat(h.call("ZSCAN", "nokey", "0", "COUNT", "0")).isEqualTo(List.of("0", List.of()));
    assertThat(h.err("ZSCAN", "str", "0", "COUNT", "0")).isEqualTo(Errors.WRONGTYPE);
    assertThat(h.err("ZSCAN", "k", "0", "COUNT", "0")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZSCAN", "k", "0", "MATCH")).isEqualTo("ERR syntax error");
    assertThat(h.err("ZSCAN", "k", "0", "TYPE", "zset")).isEqualTo("ERR syntax error");
    checkAll(h);
  }
}
