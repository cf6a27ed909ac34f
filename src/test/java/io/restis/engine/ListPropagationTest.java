package io.restis.engine;

import static io.restis.engine.ListCommandsTest.version;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What the list commands propagate, checked against the AOF redis-server 7.0.15 wrote for the same
 * commands: verbatim when something changed, nothing otherwise, LMPOP as LPOP/RPOP key count.
 * Also which commands give the key a new version (the ETag basis).
 */
class ListPropagationTest {

  private final EngineHarness h = ListCommandsTest.harness();

  @Test
  void pushesPropagateVerbatimUnlessNothingChanged() {
    h.num("rpush", "l", "a", "b");
    h.num("lpush", "l", "z");
    h.num("lpushx", "missing", "a");
    h.num("rpushx", "missing", "a");
    h.num("rpushx", "l", "f");
    h.num("lpushx", "l", "g", "h");
    assertThat(h.drainPropagated())
        .containsExactly("rpush l a b", "lpush l z", "rpushx l f", "lpushx l g h");
    h.checkInvariants();
  }

  @Test
  void popsPropagateVerbatimWhenTheyPopped() {
    h.num("rpush", "l", "a", "b", "c", "d", "e");
    h.drainPropagated();
    h.exec("lpop", "l", "0");
    h.exec("lpop", "missing", "2");
    h.exec("rpop", "missing");
    h.exec("lpop", "l", "-1");
    h.list("lpop", "l", "2");
    h.call("rpop", "l");
    h.list("rpop", "l", "100");
    assertThat(h.drainPropagated()).containsExactly("lpop l 2", "rpop l", "rpop l 100");
    h.checkInvariants();
  }

  @Test
  void inPlaceEditsPropagateOnlyWhenTheyChangedSomething() {
    h.num("rpush", "l", "a", "b", "c", "d", "e");
    h.drainPropagated();
    h.num("lrem", "l", "0", "zz");
    h.num("lrem", "missing", "0", "a");
    h.num("lrem", "l", "1", "c");
    h.str("ltrim", "l", "0", "-1");
    h.str("ltrim", "missing", "0", "0");
    h.str("ltrim", "l", "0", "1");
    h.str("lset", "l", "0", "a");
    h.err("lset", "l", "9", "a");
    h.num("linsert", "l", "before", "zz", "y");
    h.num("linsert", "missing", "before", "a", "y");
    h.num("linsert", "l", "before", "a", "y");
    assertThat(h.drainPropagated())
        .containsExactly("lrem l 1 c", "ltrim l 0 1", "lset l 0 a", "linsert l before a y");
    h.checkInvariants();
  }

  @Test
  void readsNeverPropagate() {
    h.num("rpush", "l", "a", "b");
    h.drainPropagated();
    h.num("llen", "l");
    h.list("lrange", "l", "0", "-1");
    h.call("lindex", "l", "0");
    h.num("lpos", "l", "b");
    assertThat(h.drainPropagated()).isEmpty();
    h.checkInvariants();
  }

  @Test
  void lmpopPropagatesTheCountActuallyPopped() {
    h.num("rpush", "m", "1", "2", "3");
    h.drainPropagated();
    h.list("lmpop", "2", "nokey", "m", "right", "count", "10");
    h.num("rpush", "m", "1", "2", "3");
    h.list("lmpop", "1", "m", "left");
    h.list("lmpop", "1", "m", "LEFT", "COUNT", "1");
    h.exec("lmpop", "1", "nokey", "left");
    h.exec("lmpop", "1", "m", "left", "count", "0");
    assertThat(h.drainPropagated()).containsExactly("RPOP m 3", "rpush m 1 2 3", "LPOP m 1", "LPOP m 1");
    h.checkInvariants();
  }

  @Test
  void movesPropagateVerbatim() {
    h.num("rpush", "m", "1", "2", "3");
    h.str("set", "s", "x");
    h.drainPropagated();
    h.call("rpoplpush", "m", "n");
    h.call("lmove", "m", "n", "left", "right");
    h.exec("lmove", "nokey", "n", "left", "right");
    h.call("lmove", "n", "n", "left", "left");
    h.err("lmove", "m", "s", "left", "left");
    h.err("lmove", "m", "n", "up", "left");
    assertThat(h.drainPropagated())
        .containsExactly("rpoplpush m n", "lmove m n left right", "lmove n n left left");
    h.checkInvariants();
  }

  @Test
  void inPlaceChangesGiveANewVersionNoOpsDoNot() {
    h.num("rpush", "l", "a", "b", "c", "d", "e", "f");
    long v = version(h, "l");

    // No-ops keep the version.
    h.num("lrem", "l", "0", "zz");
    h.str("ltrim", "l", "0", "-1");
    h.num("linsert", "l", "before", "zz", "y");
    h.exec("lpop", "l", "0");
    h.err("lset", "l", "99", "x");
    h.num("llen", "l");
    assertThat(version(h, "l")).isEqualTo(v);

    String[][] changes = {
        {"lpush", "l", "p"}, {"rpushx", "l", "q"}, {"lpop", "l"}, {"rpop", "l", "1"},
        {"lset", "l", "0", "A"}, {"linsert", "l", "after", "A", "B"}, {"lrem", "l", "1", "B"},
        {"ltrim", "l", "0", "-2"}, {"lmove", "l", "l", "left", "right"},
        {"lmpop", "1", "l", "right"},
    };
    for (String[] c : changes) {
      h.call(c);
      long now = version(h, "l");
      assertThat(now).as(String.join(" ", c)).isGreaterThan(v);
      v = now;
    }

    h.num("rpush", "dst", "z");
    long dv = version(h, "dst");
    h.call("rpoplpush", "l", "dst");
    assertThat(version(h, "dst")).isGreaterThan(dv);
    assertThat(version(h, "l")).isGreaterThan(v);
    h.checkInvariants();
  }
}
