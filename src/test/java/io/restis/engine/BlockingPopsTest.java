package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Blocking pops in the engine: immediate serves, parking, FIFO serving, timeouts, propagation. */
class BlockingPopsTest {

  private final EngineHarness h = new EngineHarness();

  private CompletableFuture<Reply> async(String... args) {
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return h.engine.executeAsync(Caller.INTERNAL, argv);
  }

  private static Object value(CompletableFuture<Reply> f) {
    assertThat(f).isDone();
    return EngineHarness.plain(f.join());
  }

  @Test
  void servedAtOnceWhenDataIsThere() {
    h.call("rpush", "a", "1", "2");
    h.call("zadd", "z", "1", "m", "2", "n");
    h.drainPropagated();
    assertThat(h.list("blpop", "x", "a", "0")).containsExactly("a", "1");
    assertThat(h.list("brpop", "a", "0")).containsExactly("a", "2");
    assertThat(h.call("exists", "a")).isEqualTo(0L);
    assertThat(h.list("bzpopmax", "z", "0")).containsExactly("z", "n", "2");
    assertThat(h.drainPropagated()).containsExactly("LPOP a", "RPOP a", "ZPOPMAX z");
    h.checkInvariants();
  }

  @Test
  void aPushWakesTheWaiterAndPropagatesThePop() {
    CompletableFuture<Reply> f = async("blpop", "q", "0");
    assertThat(f).isNotDone();
    assertThat(h.engine.blockedCount()).isEqualTo(1);
    assertThat(h.num("rpush", "q", "x", "y")).isEqualTo(2);
    assertThat(value(f)).isEqualTo(List.of("q", "x"));
    assertThat(h.engine.blockedCount()).isZero();
    assertThat(h.list("lrange", "q", "0", "-1")).containsExactly("y");
    assertThat(h.drainPropagated()).containsExactly("rpush q x y", "LPOP q");
    h.checkInvariants();
  }

  @Test
  void firstComeFirstServedAcrossCallers() {
    CompletableFuture<Reply> first = async("brpop", "q", "0");
    CompletableFuture<Reply> second = async("blpop", "other", "q", "0");
    CompletableFuture<Reply> third = async("blpop", "q", "0");
    h.call("rpush", "q", "1", "2");
    assertThat(value(first)).isEqualTo(List.of("q", "2"));
    assertThat(value(second)).isEqualTo(List.of("q", "1"));
    assertThat(third).isNotDone();
    h.call("lpush", "q", "3");
    assertThat(value(third)).isEqualTo(List.of("q", "3"));
    h.checkInvariants();
  }

  @Test
  void timeoutsAnswerNilAndErrorsAreRedis() {
    CompletableFuture<Reply> f = async("blpop", "q", "1.5");
    CompletableFuture<Reply> forever = async("bzpopmin", "z", "0");
    h.clock.advance(1500);
    h.engine.timeoutBlocked();
    assertThat(f).isNotDone(); // Redis times out strictly after the deadline
    h.clock.advance(1);
    assertThat(h.engine.timeoutBlocked()).isZero();
    assertThat(f.join()).isEqualTo(Reply.NIL_ARRAY);
    assertThat(forever).isNotDone();
    assertThat(h.err("blpop", "q", "-1")).isEqualTo("ERR timeout is negative");
    assertThat(h.err("blpop", "q", "abc")).isEqualTo("ERR timeout is not a float or out of range");
    assertThat(h.err("blpop", "q", "inf")).isEqualTo("ERR timeout is negative");
    assertThat(h.err("blpop", "q", "1e16")).isEqualTo("ERR timeout is negative");
    assertThat(h.err("blmpop", "0", "0", "q", "left")).isEqualTo("ERR numkeys should be greater than 0");
    assertThat(h.err("blmove", "a", "b", "up", "left", "0")).isEqualTo("ERR syntax error");
    h.call("set", "s", "x");
    assertThat(h.err("blpop", "s", "0")).startsWith("WRONGTYPE");
    forever.cancel(false);
    assertThat(h.engine.blockedCount()).isZero();
    h.checkInvariants();
  }

  @Test
  void insideMultiExecTheyDoNotBlock() {
    Reply r = h.engine.transaction(Caller.INTERNAL, List.of(
        new byte[][] {b("blpop"), b("q"), b("0")},
        new byte[][] {b("blmove"), b("q"), b("d"), b("left"), b("left"), b("0")},
        new byte[][] {b("bzmpop"), b("0"), b("1"), b("z"), b("min")}));
    assertThat(EngineHarness.plain(r)).isEqualTo(java.util.Arrays.asList(null, null, null));
    assertThat(h.engine.blockedCount()).isZero();
    h.checkInvariants();
  }

  @Test
  void blmoveChainsAndBlmpopBzmpopPropagateCounts() {
    CompletableFuture<Reply> move = async("blmove", "src", "mid", "left", "right", "0");
    CompletableFuture<Reply> fromMid = async("blmpop", "0", "1", "mid", "right", "count", "5");
    h.call("rpush", "src", "a");
    assertThat(value(move)).isEqualTo("a");
    assertThat(value(fromMid)).isEqualTo(List.of("mid", List.of("a")));
    assertThat(h.drainPropagated()).containsExactly("rpush src a", "LMOVE src mid left right", "RPOP mid 1");
    CompletableFuture<Reply> z = async("bzmpop", "0", "2", "z1", "z2", "max", "count", "2");
    h.call("zadd", "z2", "1", "a", "2", "b", "3", "c");
    assertThat(value(z)).isEqualTo(List.of("z2", List.of(List.of("c", "3"), List.of("b", "2"))));
    assertThat(h.drainPropagated()).containsExactly("zadd z2 1 a 2 b 3 c", "ZPOPMAX z2 2");
    h.checkInvariants();
  }

  @Test
  void aKeyOfAnotherTypeLeavesTheWaiterWaiting() {
    CompletableFuture<Reply> f = async("bzpopmin", "k", "0");
    h.call("rpush", "k", "x");
    assertThat(f).isNotDone();
    h.call("del", "k");
    h.call("zadd", "k", "5", "m");
    assertThat(value(f)).isEqualTo(List.of("k", "m", "5"));
    h.checkInvariants();
  }

  @Test
  void aPushInsideATransactionServesAfterIt() {
    CompletableFuture<Reply> f = async("blpop", "q", "0");
    Reply r = h.engine.transaction(Caller.INTERNAL, List.of(
        new byte[][] {b("rpush"), b("q"), b("1")},
        new byte[][] {b("lpop"), b("q")}));
    assertThat(EngineHarness.plain(r)).isEqualTo(List.of(1L, "1"));
    assertThat(f).isNotDone(); // the list was empty again when the transaction ended
    h.call("rpush", "q", "2");
    assertThat(value(f)).isEqualTo(List.of("q", "2"));
    h.checkInvariants();
  }

  @Test
  void aPipelineWaitsBehindItsBlockedCommand() {
    CompletableFuture<List<Reply>> p = h.engine.pipelineAsync(Caller.INTERNAL, List.of(
        new byte[][] {b("set"), b("before"), b("1")},
        new byte[][] {b("blpop"), b("q"), b("0")},
        new byte[][] {b("set"), b("after"), b("1")}));
    assertThat(p).isNotDone();
    assertThat(h.call("exists", "after")).isEqualTo(0L);
    h.call("rpush", "q", "v");
    assertThat(p).isDone();
    assertThat(p.join().stream().map(EngineHarness::plain).toList())
        .isEqualTo(List.of("OK", List.of("q", "v"), "OK"));
    assertThat(h.call("exists", "after")).isEqualTo(1L);
    h.checkInvariants();
  }

  @Test
  void aServedPopIsDurableBeforeItsReplyAndPipelinesWaitOnce() {
    List<Long> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
    h.engine.setDurabilityBarrier(waits::add);
    CompletableFuture<Reply> f = async("blpop", "q", "0");
    f.thenRun(() -> assertThat(waits).as("barrier waited before the reply").isNotEmpty());
    h.call("rpush", "q", "x"); // offset 1; the served LPOP is offset 2
    assertThat(value(f)).isEqualTo(List.of("q", "x"));
    assertThat(waits).contains(2L);
    waits.clear();
    h.engine.pipelineAsync(Caller.INTERNAL, List.of(
        new byte[][] {b("set"), b("a"), b("1")},
        new byte[][] {b("set"), b("b"), b("1")},
        new byte[][] {b("get"), b("a")})).join();
    assertThat(waits).containsExactly(4L); // one wait, for the highest offset
    h.engine.setDurabilityBarrier(null);
    h.checkInvariants();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
