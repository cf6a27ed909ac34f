package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pub/sub registry: receiver counts, patterns, PUBSUB introspection, slow subscribers. */
class PubSubTest {

  private final EngineHarness h = new EngineHarness();

  private static List<Bytes> names(String... n) {
    return java.util.Arrays.stream(n).map(Bytes::of).toList();
  }

  private static List<String> texts(Subscription s) {
    return s.drain(100).stream()
        .map(m -> (m.pattern() == null ? "message " : "pmessage " + m.pattern() + " ") + m.channel() + " "
            + new String(m.payload(), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void publishCountsChannelAndPatternReceivers() {
    Subscription both = new Subscription(10, () -> {});
    Subscription other = new Subscription(10, () -> {});
    assertThat(h.engine.subscribe(both, names("news", "news"))).containsExactly(1, 1);
    assertThat(h.engine.psubscribe(both, names("n*", "x?"))).containsExactly(2, 3);
    h.engine.psubscribe(other, names("n*"));
    assertThat(h.num("publish", "news", "hello")).isEqualTo(3);
    assertThat(h.num("publish", "nope", "hi")).isEqualTo(2);
    assertThat(h.num("publish", "zzz", "hi")).isZero();
    assertThat(texts(both)).containsExactly("message news hello", "pmessage n* news hello", "pmessage n* nope hi");
    assertThat(texts(other)).containsExactly("pmessage n* news hello", "pmessage n* nope hi");
    assertThat(h.list("pubsub", "channels")).containsExactly("news");
    assertThat(h.list("pubsub", "channels", "x*")).isEmpty();
    assertThat(h.list("pubsub", "numsub", "news", "n*")).containsExactly("news", 1L, "n*", 0L);
    assertThat(h.num("pubsub", "numpat")).isEqualTo(2);
    h.engine.unsubscribe(both, "bye");
    assertThat(both.isClosed()).isTrue();
    assertThat(h.num("pubsub", "numpat")).isEqualTo(1);
    assertThat(h.list("pubsub", "channels")).isEmpty();
    assertThat(h.drainPropagated()).isEmpty(); // pub/sub is not data
    h.checkInvariants();
  }

  @Test
  void errorsAreRedis() {
    assertThat(h.err("pubsub", "foo")).isEqualTo("ERR unknown subcommand 'foo'. Try PUBSUB HELP.");
    assertThat(h.err("pubsub", "channels", "a", "b"))
        .isEqualTo("ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP.");
    assertThat(h.err("pubsub", "numpat", "x")).isEqualTo("ERR wrong number of arguments for 'pubsub|numpat' command");
    assertThat(h.err("publish", "x")).isEqualTo("ERR wrong number of arguments for 'publish' command");
    h.checkInvariants();
  }

  @Test
  void aSlowSubscriberIsClosedAndDropped() {
    AtomicInteger wakeUps = new AtomicInteger();
    Subscription slow = new Subscription(2, wakeUps::incrementAndGet);
    h.engine.subscribe(slow, names("c"));
    h.num("publish", "c", "1");
    h.num("publish", "c", "2");
    assertThat(wakeUps).hasValue(1); // only the first message found the mailbox empty
    assertThat(h.num("publish", "c", "3")).isEqualTo(1); // counted, then the subscriber is dropped
    assertThat(slow.isClosed()).isTrue();
    assertThat(slow.closedReason()).contains("slow subscriber");
    assertThat(wakeUps).hasValue(2);
    assertThat(h.num("publish", "c", "4")).isZero();
    assertThat(texts(slow)).containsExactly("message c 1", "message c 2");
    h.checkInvariants();
  }

  @Test
  void wakeUpsRunAfterTheLockIsReleased() throws Exception {
    CompletableFuture<Object> seen = new CompletableFuture<>();
    Subscription s = new Subscription(10, () -> {
      // Another thread can run a command now: the publisher does not hold the lock any more.
      seen.complete(CompletableFuture.supplyAsync(() -> h.call("ping")).orTimeout(2, TimeUnit.SECONDS).join());
    });
    h.engine.subscribe(s, names("c"));
    h.num("publish", "c", "x");
    assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("PONG");
    h.checkInvariants();
  }

  @Test
  void keyspaceEventsFollowTheClasses() {
    Subscription s = new Subscription(100, () -> {});
    h.engine.psubscribe(s, names("__key*__:*"));
    h.call("set", "k", "v");
    assertThat(texts(s)).isEmpty(); // off by default
    h.engine.setKeyspaceEvents("E$");
    assertThat(h.engine.keyspaceEvents()).isEqualTo("$E");
    h.call("set", "k", "v");
    h.call("rpush", "l", "x");
    assertThat(texts(s)).containsExactly("pmessage __key*__:* __keyevent@0__:set k");
    h.engine.setKeyspaceEvents("KA");
    assertThat(h.engine.keyspaceEvents()).isEqualTo("AK");
    h.call("rpush", "l", "x");
    assertThat(texts(s)).containsExactly("pmessage __key*__:* __keyspace@0__:l rpush");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.engine.setKeyspaceEvents("Q"))
        .isInstanceOf(IllegalArgumentException.class);
    h.checkInvariants();
  }
}
