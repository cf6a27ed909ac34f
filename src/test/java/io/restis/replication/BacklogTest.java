package io.restis.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The replication backlog: bounds, retention for lagging followers, batches, groups, waiting. */
class BacklogTest {

  static byte[][] cmd(String... parts) {
    byte[][] a = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      a[i] = parts[i].getBytes(StandardCharsets.UTF_8);
    }
    return a;
  }

  static List<Long> offsets(List<Backlog.Write> ws) {
    return ws.stream().map(Backlog.Write::offset).toList();
  }

  @Test
  void holdsTheRecentStreamWithinItsSize() throws Exception {
    Backlog b = new Backlog(1000, 1000);
    b.reset(10);
    assertThat(b.covers(10)).isTrue(); // exactly at the end: nothing to send
    assertThat(b.covers(9)).isFalse();
    assertThat(b.covers(11)).isFalse(); // ahead of the stream
    for (long o = 11; o <= 100; o++) {
      b.onWrite(o, cmd("SET", "key", "value-" + o)); // about 60 bytes each
    }
    assertThat(b.last()).isEqualTo(100);
    assertThat(b.bytes()).isLessThanOrEqualTo(1000);
    long first = b.first();
    assertThat(first).isGreaterThan(11);
    assertThat(b.covers(first - 1)).isTrue();
    assertThat(b.covers(first - 2)).isFalse();
    assertThat(b.after(first - 2, 10, Long.MAX_VALUE, 0)).isNull();
    assertThat(offsets(b.after(first - 1, 3, Long.MAX_VALUE, 0))).containsExactly(first, first + 1, first + 2);
    assertThat(offsets(b.after(98, 10, Long.MAX_VALUE, 0))).containsExactly(99L, 100L);
    assertThat(b.after(100, 10, Long.MAX_VALUE, 0)).isEmpty();
  }

  @Test
  void keepsWhatAConnectedFollowerStillNeedsUpToTheHardLimit() {
    Backlog b = new Backlog(500, 3000);
    b.reset(0);
    b.setRetainFrom(5); // a follower acknowledged offset 5
    for (long o = 1; o <= 40; o++) {
      b.onWrite(o, cmd("SET", "key", "value-" + o));
    }
    assertThat(b.first()).isEqualTo(6); // over the size, but 6.. is still needed
    assertThat(b.covers(5)).isTrue();
    for (long o = 41; o <= 100; o++) {
      b.onWrite(o, cmd("SET", "key", "value-" + o));
    }
    assertThat(b.bytes()).isLessThanOrEqualTo(3000); // past the hard limit the follower loses
    assertThat(b.covers(5)).isFalse();
    b.setRetainFrom(Long.MAX_VALUE);
    assertThat(b.bytes()).isLessThanOrEqualTo(500);
  }

  @Test
  void neverSplitsATransactionAndLeavesAnUnfinishedOneForLater() throws Exception {
    Backlog b = new Backlog(1 << 20, 1 << 20);
    b.reset(0);
    b.onWrite(1, cmd("SET", "a", "1"));
    b.onWrite(2, cmd("MULTI"));
    b.onWrite(3, cmd("INCR", "n"));
    b.onWrite(4, cmd("INCR", "m"));
    // The EXEC has not arrived: only what comes before the group.
    assertThat(offsets(b.after(0, 10, Long.MAX_VALUE, 0))).containsExactly(1L);
    assertThat(b.after(1, 10, Long.MAX_VALUE, 0)).isEmpty();
    b.onWrite(5, cmd("EXEC"));
    // A batch of 2 grows to finish the group it started.
    assertThat(offsets(b.after(0, 2, Long.MAX_VALUE, 0))).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(offsets(b.after(1, 1, Long.MAX_VALUE, 0))).containsExactly(2L, 3L, 4L, 5L);
  }

  @Test
  void boundsABatchInBytes() throws Exception {
    Backlog b = new Backlog(1 << 20, 1 << 20);
    b.reset(0);
    for (long o = 1; o <= 10; o++) {
      b.onWrite(o, cmd("SET", "k", "x".repeat(100)));
    }
    assertThat(b.after(0, 1000, 250, 0)).hasSize(2);
    assertThat(b.after(0, 1000, 1, 0)).hasSize(1); // at least one write
  }

  @Test
  void aWaitingReaderWakesOnTheNextWrite() throws Exception {
    Backlog b = new Backlog(1 << 20, 1 << 20);
    b.reset(7);
    CompletableFuture<List<Backlog.Write>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return b.after(7, 10, Long.MAX_VALUE, 10_000);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(50);
    assertThat(waiting).isNotDone();
    b.onWrite(8, cmd("DEL", "k"));
    assertThat(offsets(waiting.get(5, TimeUnit.SECONDS))).containsExactly(8L);
  }

  @Test
  void aJumpInTheStreamStartsANewHistory() {
    Backlog b = new Backlog(1 << 20, 1 << 20);
    b.reset(0);
    b.onWrite(1, cmd("SET", "a", "1"));
    b.onWrite(2, cmd("SET", "a", "2"));
    b.onWrite(501, cmd("SET", "b", "1")); // a full sync swapped in data at offset 500
    assertThat(b.first()).isEqualTo(501);
    assertThat(b.covers(500)).isTrue();
    assertThat(b.covers(2)).isFalse();
    assertThat(b.madeAt(500)).isPositive();
    assertThat(b.madeAt(501)).isEqualTo(-1);
  }

  @Test
  void idsContinueTheOldHistoryUpToThePromotion() {
    ReplicationIds ids = new ReplicationIds();
    String old = ids.id();
    assertThat(ReplicationIds.isValid(old)).isTrue();
    assertThat(ids.sameHistory(old, 1_000_000)).isTrue();
    ids.shift(100);
    assertThat(ids.id()).isNotEqualTo(old);
    assertThat(ids.id2()).isEqualTo(old);
    assertThat(ids.sameHistory(old, 100)).isTrue();
    assertThat(ids.sameHistory(old, 101)).isFalse(); // it took writes the promoted node never saw
    assertThat(ids.sameHistory(ids.id(), 500)).isTrue();
    assertThat(ids.sameHistory(ReplicationIds.random(), 5)).isFalse();
    ids.follow(old);
    assertThat(ids.id2()).isEqualTo(ReplicationIds.NONE);
    assertThat(ids.sameHistory(ReplicationIds.NONE, 0)).isFalse();
  }
}
