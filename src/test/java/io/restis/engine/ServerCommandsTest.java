package io.restis.engine;

import static io.restis.engine.KeyTestSupport.set;
import static io.restis.engine.KeyTestSupport.setWithExpiry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PING, ECHO, TIME, FLUSHDB, FLUSHALL, checked against redis-server 7.0.15. */
class ServerCommandsTest {

  private final EngineHarness h = KeyTestSupport.harness();

  @AfterEach
  void invariants() {
    h.checkInvariants();
  }

  @Test
  void specsMatchRedisCommandInfo() {
    assertSpec("ping", -1, "[FAST]", "[FAST, CONNECTION]");
    assertSpec("echo", 2, "[FAST, LOADING, STALE]", "[FAST, CONNECTION]");
    assertSpec("time", 1, "[FAST, LOADING, STALE]", "[FAST]");
    assertSpec("flushdb", -1, "[WRITE]", "[KEYSPACE, WRITE, SLOW, DANGEROUS]");
    assertSpec("flushall", -1, "[WRITE]", "[KEYSPACE, WRITE, SLOW, DANGEROUS]");
  }

  private void assertSpec(String name, int arity, String flags, String acl) {
    CommandSpec s = h.engine.table().lookup(name);
    assertThat(s).as(name).isNotNull();
    assertThat(s.arity()).as(name + " arity").isEqualTo(arity);
    assertThat(s.flags().toString()).as(name + " flags").isEqualTo(flags);
    assertThat(new int[] {s.firstKey(), s.lastKey(), s.keyStep()}).as(name + " keys").containsExactly(0, 0, 0);
    assertThat(s.aclCategories().toString()).as(name + " acl").isEqualTo(acl);
  }

  @Test
  void ping() {
    assertThat(h.exec("PING")).isEqualTo(Reply.PONG);
    assertThat(h.exec("ping", "hello")).isEqualTo(Reply.bulk("hello"));
    assertThat(h.str("PING", "")).isEmpty();
    assertThat(h.err("PING", "a", "b")).isEqualTo("ERR wrong number of arguments for 'ping' command");
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void echo() {
    assertThat(h.exec("ECHO", "hello world")).isEqualTo(Reply.bulk("hello world"));
    assertThat(h.str("ECHO", "")).isEmpty();
    assertThat(h.err("ECHO")).isEqualTo("ERR wrong number of arguments for 'echo' command");
    assertThat(h.err("ECHO", "a", "b")).isEqualTo("ERR wrong number of arguments for 'echo' command");
  }

  @Test
  void timeIsSecondsAndMicroseconds() {
    // The harness clock starts on a whole second.
    assertThat(h.list("TIME")).isEqualTo(List.of("1700000000", "0"));
    h.clock.advance(1234);
    assertThat(h.list("TIME")).isEqualTo(List.of("1700000001", "234000"));
    Reply raw = h.exec("TIME");
    assertThat(((Reply.Multi) raw).items()).allMatch(r -> r instanceof Reply.Bulk);
    assertThat(h.err("TIME", "x")).isEqualTo("ERR wrong number of arguments for 'time' command");
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void flushdbRemovesEveryKey() {
    set(h, "a", "1", "b", "2");
    setWithExpiry(h, "c", "3", EngineHarness.START + 10_000);
    assertThat(h.str("FLUSHDB")).isEqualTo("OK");
    assertThat(h.num("DBSIZE")).isZero();
    assertThat(h.list("KEYS", "*")).isEmpty();
    assertThat(h.engine.read(Keyspace::expiresSize)).isZero();
    assertThat(h.drainPropagated()).containsExactly("FLUSHDB");
  }

  @Test
  void flushallRemovesEveryKey() {
    set(h, "a", "1", "b", "2");
    assertThat(h.str("FLUSHALL")).isEqualTo("OK");
    assertThat(h.num("DBSIZE")).isZero();
    assertThat(h.drainPropagated()).containsExactly("FLUSHALL");
  }

  @Test
  void flushModes() {
    for (String cmd : List.of("FLUSHDB", "FLUSHALL")) {
      for (String mode : List.of("ASYNC", "sync", "Async")) {
        set(h, "a", "1");
        assertThat(h.str(cmd, mode)).isEqualTo("OK");
        assertThat(h.num("DBSIZE")).isZero();
        // Propagated as sent.
        assertThat(h.drainPropagated()).containsExactly(cmd + " " + mode);
      }
    }
  }

  @Test
  void flushSyntaxErrorsChangeNothing() {
    set(h, "a", "1");
    assertThat(h.err("FLUSHDB", "foo")).isEqualTo("ERR syntax error");
    assertThat(h.err("FLUSHDB", "ASYNC", "SYNC")).isEqualTo("ERR syntax error");
    assertThat(h.err("FLUSHALL", "foo")).isEqualTo("ERR syntax error");
    assertThat(h.err("FLUSHALL", "SYNC", "SYNC")).isEqualTo("ERR syntax error");
    assertThat(h.num("DBSIZE")).isEqualTo(1);
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void flushOfAnEmptyDbStillPropagates() {
    // Redis forces the flushes into the replication stream even when nothing was removed, so a
    // follower that diverged still ends up empty.
    h.str("FLUSHDB");
    h.str("FLUSHALL");
    assertThat(h.drainPropagated()).containsExactly("FLUSHDB", "FLUSHALL");
  }

  @Test
  void flushCountsRemovedKeysAsChanges() {
    set(h, "a", "1", "b", "2", "c", "3");
    long before = h.engine.dirty();
    h.str("FLUSHALL");
    // Redis: one change per key plus one for the flush itself.
    assertThat(h.engine.dirty() - before).isEqualTo(4);
    set(h, "a", "1", "b", "2");
    before = h.engine.dirty();
    h.str("FLUSHDB");
    assertThat(h.engine.dirty() - before).isEqualTo(2);
  }

  @Test
  void flushIsRefusedOnAFollower() {
    set(h, "a", "1");
    h.engine.setReadOnly(true);
    assertThat(h.err("FLUSHALL")).isEqualTo(Errors.READONLY);
    assertThat(h.str("PING")).isEqualTo("PONG");
    h.engine.setReadOnly(false);
    assertThat(h.num("DBSIZE")).isEqualTo(1);
  }
}
