package io.restis.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.engine.CommandTable;
import io.restis.engine.Engine;
import io.restis.engine.EngineClock;
import io.restis.engine.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The digest the convergence tests compare: equal for the same data however it was built (keys,
 * set members and hash fields added in another order), and different for any difference a
 * follower could get wrong (a value, the order of a list, a member, a field, a score, an expiry,
 * the type). Without this, equal digests would prove nothing.
 */
class KeyspaceDigestTest {

  /** Far in the future, absolute: the same deadline on every engine whenever it runs. */
  static final String DEADLINE = "4102444800000";

  private static final CommandTable TABLE = CommandTable.standard();

  private static Engine engine(List<String[]> commands) {
    Engine e = new Engine(TABLE, EngineClock.SYSTEM, new SplittableRandom(1));
    for (String[] c : commands) {
      byte[][] argv = new byte[c.length][];
      for (int i = 0; i < c.length; i++) {
        argv[i] = c[i].getBytes(StandardCharsets.UTF_8);
      }
      assertThat(e.execute(argv)).as(String.join(" ", c)).isNotInstanceOf(Reply.Error.class);
    }
    return e;
  }

  private static List<String[]> dataset() {
    List<String[]> c = new ArrayList<>();
    c.add(new String[] {"SET", "s", "value"});
    c.add(new String[] {"SET", "t", "timed", "PXAT", DEADLINE});
    c.add(new String[] {"RPUSH", "l", "a", "b", "c"});
    c.add(new String[] {"SADD", "set", "x", "y", "z"});
    c.add(new String[] {"HSET", "h", "f1", "1", "f2", "2"});
    c.add(new String[] {"ZADD", "z", "1.5", "m1", "2", "m2"});
    return c;
  }

  private static KeyspaceDigest.Result digest(List<String[]> commands) {
    return KeyspaceDigest.of(engine(commands));
  }

  /** The dataset with one command replaced. */
  private static List<String[]> with(int index, String... command) {
    List<String[]> c = dataset();
    c.set(index, command);
    return c;
  }

  @Test
  void theSameDataBuiltInAnotherOrderHasTheSameDigest() {
    KeyspaceDigest.Result a = digest(dataset());
    List<String[]> reordered = new ArrayList<>();
    reordered.add(new String[] {"ZADD", "z", "2", "m2"});
    reordered.add(new String[] {"HSET", "h", "f2", "2"});
    reordered.add(new String[] {"SADD", "set", "z", "y"});
    reordered.add(new String[] {"RPUSH", "l", "a", "b", "c"});
    reordered.add(new String[] {"SET", "t", "timed", "PXAT", DEADLINE});
    reordered.add(new String[] {"SADD", "set", "x"});
    reordered.add(new String[] {"HSET", "h", "f1", "1"});
    reordered.add(new String[] {"ZADD", "z", "1.5", "m1"});
    reordered.add(new String[] {"SET", "s", "value"});
    KeyspaceDigest.Result b = digest(reordered);
    assertThat(a.keys()).isEqualTo(6);
    assertThat(b.keys()).isEqualTo(6);
    assertThat(b.sha256()).isEqualTo(a.sha256()).matches("[0-9a-f]{64}");
  }

  @Test
  void everyDifferenceChangesTheDigest() {
    String base = digest(dataset()).sha256();
    List<List<String[]>> variants = List.of(
        with(0, "SET", "s", "valuE"),
        with(0, "SET", "s2", "value"),
        with(0, "RPUSH", "s", "value"),
        with(1, "SET", "t", "timed", "PXAT", "4102444800001"),
        with(1, "SET", "t", "timed"),
        with(2, "RPUSH", "l", "a", "c", "b"),
        with(2, "RPUSH", "l", "a", "b", "c", "c"),
        with(3, "SADD", "set", "x", "y", "w"),
        with(3, "SADD", "set", "x", "y"),
        with(4, "HSET", "h", "f1", "1", "f2", "3"),
        with(4, "HSET", "h", "f1", "1", "f3", "2"),
        with(5, "ZADD", "z", "1.5", "m1", "2.0000000000000004", "m2"),
        with(5, "ZADD", "z", "1.5", "m1", "2", "m3"));
    List<String> seen = new ArrayList<>(List.of(base));
    for (List<String[]> v : variants) {
      String d = digest(v).sha256();
      assertThat(seen).as("a variant's digest").doesNotContain(d);
      seen.add(d);
    }
  }

  @Test
  void itNamesTheOffsetItWasTakenAt() {
    Engine e = engine(dataset());
    KeyspaceDigest.Result r = KeyspaceDigest.of(e);
    assertThat(r.offset()).isEqualTo(e.offset()).isEqualTo(6); // one per write
    assertThat(KeyspaceDigest.of(engine(List.of())).keys()).isZero();
  }
}
