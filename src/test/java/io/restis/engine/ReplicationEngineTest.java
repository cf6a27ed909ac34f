package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's part in replication: applying the leader's stream verbatim, swapping in a loaded
 * keyspace, and the WAIT, ROLE and REPLICAOF commands and the NOREPLICAS refusal over a recording
 * {@link Replication}.
 */
class ReplicationEngineTest {

  static final Caller LEADER = new Caller() {
    @Override
    public boolean isLeaderLink() {
      return true;
    }
  };

  final EngineHarness h = new EngineHarness();

  static byte[][] argv(String... parts) {
    byte[][] a = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      a[i] = parts[i].getBytes(StandardCharsets.UTF_8);
    }
    return a;
  }

  static List<byte[][]> stream(byte[][]... commands) {
    return java.util.Arrays.asList(commands);
  }

  @Test
  void appliesTheStreamAndPropagatesItVerbatimWithTheLeadersOffsets() {
    h.engine.setReadOnly(true);
    List<Reply> r = h.engine.applyReplicated(LEADER, 0, stream(argv("SET", "k", "v", "PXAT", "1900000000000")));
    assertThat(r).containsExactly(Reply.OK);
    assertThat(h.drainPropagated()).containsExactly("SET k v PXAT 1900000000000");
    assertThat(h.offsets).containsExactly(1L);
    assertThat(h.str("GET", "k")).isEqualTo("v");
    assertThat(h.err("SET", "x", "1")).isEqualTo(Errors.READONLY);

    // A transaction: applied atomically, propagated with its markers at consecutive offsets.
    r = h.engine.applyReplicated(LEADER, 1, stream(argv("MULTI"), argv("INCR", "n"), argv("LPUSH", "l", "a"),
        argv("EXEC")));
    assertThat(r).containsExactly(Reply.integer(1), Reply.integer(1));
    assertThat(h.drainPropagated()).containsExactly("MULTI", "INCR n", "LPUSH l a", "EXEC");
    assertThat(h.engine.offset()).isEqualTo(5);
    h.checkInvariants();
  }

  @Test
  void aChunkOfWritesAndGroupsAppliesUnderOneHoldInOrder() {
    h.engine.setReadOnly(true);
    List<Reply> r = h.engine.applyReplicated(LEADER, 0, stream(argv("SET", "a", "1"), argv("MULTI"),
        argv("INCR", "a"), argv("RPUSH", "l", "x"), argv("EXEC"), argv("APPEND", "a", "z")));
    assertThat(r).containsExactly(Reply.OK, Reply.integer(2), Reply.integer(1), Reply.integer(2));
    assertThat(h.drainPropagated()).containsExactly("SET a 1", "MULTI", "INCR a", "RPUSH l x", "EXEC", "APPEND a z");
    assertThat(h.offsets).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(h.str("GET", "a")).isEqualTo("2z");
    h.checkInvariants();
  }

  @Test
  void theLeadersDeleteRemovesAKeyTheFollowerOnlyHid() {
    h.engine.setReadOnly(true);
    h.engine.applyReplicated(LEADER, 0, stream(argv("SET", "k", "v", "PXAT", Long.toString(EngineHarness.START + 10))));
    h.clock.advance(100);
    assertThat(h.call("GET", "k")).isNull(); // hidden, not deleted: the leader's DEL will come
    assertThat(h.engine.<Integer>read(Keyspace::size)).isEqualTo(1);
    h.drainPropagated();
    h.engine.applyReplicated(LEADER, 1, stream(argv("DEL", "k")));
    assertThat(h.drainPropagated()).containsExactly("DEL k");
    assertThat(h.engine.offset()).isEqualTo(2);
    assertThat(h.engine.<Integer>read(Keyspace::size)).isZero();
    h.checkInvariants();
  }

  @Test
  void aDeadlineThatReachesTheFollowerLateIsSetNotActedOn() {
    h.engine.setReadOnly(true);
    h.engine.applyReplicated(LEADER, 0, stream(argv("SET", "k", "v")));
    // The leader set it while it was in the future; here it is already past.
    h.engine.applyReplicated(LEADER, 1, stream(argv("PEXPIREAT", "k", Long.toString(EngineHarness.START - 5))));
    assertThat(h.engine.<Integer>read(Keyspace::size)).isEqualTo(1);
    assertThat(h.call("GET", "k")).isNull(); // hidden from clients
    h.engine.applyReplicated(LEADER, 2, stream(argv("DEL", "k")));
    assertThat(h.engine.<Integer>read(Keyspace::size)).isZero();
    assertThat(h.drainPropagated()).containsExactly("SET k v", "PEXPIREAT k " + (EngineHarness.START - 5), "DEL k");
    h.checkInvariants();
  }

  @Test
  void commandRowsMatchRedis() {
    // COMMAND INFO of redis-server 7.0: wait 3 [noscript] @slow @connection; role 1 [noscript loading
    // stale fast] @admin @fast @dangerous; replicaof/slaveof 3 [admin noscript stale] @admin @slow
    // @dangerous.
    CommandSpec wait = h.engine.table().lookup("wait");
    assertThat(wait.arity()).isEqualTo(3);
    assertThat(wait.isWrite()).isFalse();
    assertThat(wait.aclCategories()).contains(AclCategory.SLOW, AclCategory.CONNECTION);
    CommandSpec role = h.engine.table().lookup("role");
    assertThat(role.arity()).isEqualTo(1);
    assertThat(role.flags()).contains(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST);
    assertThat(role.aclCategories()).contains(AclCategory.ADMIN, AclCategory.FAST, AclCategory.DANGEROUS);
    for (String name : new String[] {"replicaof", "slaveof"}) {
      CommandSpec r = h.engine.table().lookup(name);
      assertThat(r.arity()).isEqualTo(3);
      assertThat(r.flags()).contains(CommandFlag.ADMIN, CommandFlag.STALE);
      assertThat(r.aclCategories()).contains(AclCategory.ADMIN, AclCategory.SLOW, AclCategory.DANGEROUS);
    }
    h.checkInvariants();
  }

  @Test
  void refusesAStreamThatDoesNotContinueItsOffsetOrComesFromAClient() {
    h.exec("SET", "a", "1");
    assertThatThrownBy(() -> h.engine.applyReplicated(LEADER, 5, stream(argv("SET", "b", "2"))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> h.engine.applyReplicated(Caller.INTERNAL, 1, stream(argv("SET", "b", "2"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(h.call("GET", "b")).isNull();
    assertThat(h.engine.offset()).isEqualTo(1);
    h.checkInvariants();
  }

  @Test
  void swapsInALoadedKeyspaceAtItsOffsetKeepingVersionsFresh() {
    h.exec("SET", "old", "1");
    h.exec("SET", "old2", "1");
    long versionBefore = h.engine.read(ks -> ks.lookupRead(Bytes.of("old2")).version());
    Keyspace loaded = h.engine.newKeyspace();
    loaded.load(Bytes.of("new"), new StringValue("x".getBytes(StandardCharsets.UTF_8)), Entry.NO_EXPIRY);
    loaded.load(Bytes.of("ttl"), new StringValue("y".getBytes(StandardCharsets.UTF_8)), EngineHarness.START + 60_000);
    h.drainPropagated();
    h.engine.swapKeyspace(loaded, 42);
    assertThat(h.drainPropagated()).isEmpty();
    assertThat(h.engine.offset()).isEqualTo(42);
    assertThat(h.call("GET", "old")).isNull();
    assertThat(h.str("GET", "new")).isEqualTo("x");
    assertThat(h.num("PTTL", "ttl")).isEqualTo(60_000);
    assertThat(h.engine.<Long>read(ks -> ks.lookupRead(Bytes.of("new")).version())).isGreaterThan(versionBefore);
    h.exec("SET", "after", "1");
    assertThat(h.offsets.get(h.offsets.size() - 1)).isEqualTo(43);
    h.checkInvariants();
  }

  @Test
  void versionsAreRenumberedWhenTheOldKeyspaceChangedWhileTheNewOneLoaded() {
    Keyspace loaded = h.engine.newKeyspace();
    loaded.load(Bytes.of("k"), new StringValue("new".getBytes(StandardCharsets.UTF_8)), Entry.NO_EXPIRY);
    h.exec("SET", "k", "old"); // takes the version the loaded entry also has
    long oldVersion = h.engine.read(ks -> ks.lookupRead(Bytes.of("k")).version());
    h.engine.swapKeyspace(loaded, 7);
    assertThat(h.engine.<Long>read(ks -> ks.lookupRead(Bytes.of("k")).version())).isGreaterThan(oldVersion);
    h.checkInvariants();
  }

  @Test
  void aSnapshotInProgressKeepsWalkingTheOldDataset() {
    h.exec("SET", "old", "1");
    List<String> hooked = new ArrayList<>();
    h.engine.read(ks -> {
      ks.beginSnapshot((k, e) -> hooked.add(k.toString()));
      return null;
    });
    Keyspace loaded = h.engine.newKeyspace();
    loaded.load(Bytes.of("new"), new StringValue("x".getBytes(StandardCharsets.UTF_8)), Entry.NO_EXPIRY);
    h.engine.swapKeyspace(loaded, 10);
    h.engine.setReadOnly(false);
    h.exec("APPEND", "new", "y"); // an entry that is not part of the snapshot: no hook
    assertThat(hooked).isEmpty();
    List<String> walked = new ArrayList<>();
    h.engine.read(ks -> {
      long cursor = 0;
      do {
        cursor = ks.snapshotScan(cursor, (k, e) -> walked.add(new String(k.bytes(), StandardCharsets.UTF_8)));
      } while (cursor != 0);
      ks.endSnapshot();
      return null;
    });
    assertThat(walked).containsExactly("old");
    h.checkInvariants();
  }

  /** A replication layer that records what the commands asked of it. */
  static final class Recording implements Replication {
    boolean follower;
    String refusal;
    final List<String> calls = new ArrayList<>();

    @Override
    public String writeRefusal() {
      return refusal;
    }

    @Override
    public boolean isFollower() {
      return follower;
    }

    @Override
    public long awaitAcknowledged(long offset, long replicas, long timeoutMillis, boolean block) {
      calls.add("await " + offset + " " + replicas + " " + timeoutMillis + " " + block);
      return 2;
    }

    @Override
    public Reply role() {
      calls.add("role");
      return Reply.array(List.of(Reply.bulk("master"), Reply.integer(0), Reply.EMPTY_ARRAY));
    }

    @Override
    public String replicaOf(String host, int port) {
      calls.add("replicaof " + host + " " + port);
      if (host.equals("bad")) {
        throw new CommandException("ERR no such leader");
      }
      return "OK";
    }

    @Override
    public String promote() {
      calls.add("promote");
      return "OK";
    }
  }

  @Test
  void waitAsksForTheOffsetOfEveryWriteSoFarAndAnswersAfterTheLock() {
    Recording r = new Recording();
    h.engine.setReplication(r);
    h.exec("SET", "a", "1");
    h.exec("SET", "b", "1");
    assertThat(h.num("WAIT", "1", "100")).isEqualTo(2);
    assertThat(r.calls).containsExactly("await 2 1 100 true");
    // Inside a transaction it never blocks, as in Redis; the transaction's own writes are not
    // propagated before EXEC ends, so it names the offset before them (Redis's client woff too).
    Reply tx = h.engine.transaction(Caller.INTERNAL, stream(argv("SET", "c", "1"), argv("WAIT", "3", "0")));
    assertThat(EngineHarness.plain(tx)).isEqualTo(List.of("OK", 2L));
    assertThat(r.calls).last().isEqualTo("await 2 3 0 false");
    h.checkInvariants();
  }

  @Test
  void waitArgumentsAndFollowersAreRefusedWithRedisTexts() {
    Recording r = new Recording();
    h.engine.setReplication(r);
    assertThat(h.err("WAIT", "a", "0")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("WAIT", "1", "-1")).isEqualTo("ERR timeout is negative");
    assertThat(h.err("WAIT", "1", "1.5")).isEqualTo("ERR timeout is not an integer or out of range");
    assertThat(h.err("WAIT", "1")).isEqualTo("ERR wrong number of arguments for 'wait' command");
    r.follower = true;
    assertThat(h.err("WAIT", "a", "0")).startsWith("ERR WAIT cannot be used with replica instances.");
    assertThat(r.calls).isEmpty();
    h.checkInvariants();
  }

  @Test
  void roleAndReplicaofDelegate() {
    Recording r = new Recording();
    h.engine.setReplication(r);
    assertThat(h.list("ROLE")).containsExactly("master", 0L, List.of());
    assertThat(h.str("REPLICAOF", "127.0.0.1", "6380")).isEqualTo("OK");
    assertThat(h.str("SLAVEOF", "no", "one")).isEqualTo("OK");
    assertThat(h.err("REPLICAOF", "bad", "1")).isEqualTo("ERR no such leader");
    assertThat(h.err("REPLICAOF", "127.0.0.1", "99999")).isEqualTo("ERR Invalid master port");
    assertThat(h.err("REPLICAOF", "no", "two")).isEqualTo("ERR Invalid master port");
    assertThat(r.calls).containsExactly("role", "replicaof 127.0.0.1 6380", "promote", "replicaof bad 1");
    h.checkInvariants();
  }

  @Test
  void withoutAReplicationLayerWaitAnswersZeroAndRoleSaysMaster() {
    h.exec("SET", "a", "1");
    assertThat(h.num("WAIT", "1", "0")).isZero();
    assertThat(h.list("ROLE")).containsExactly("master", 1L, List.of());
    assertThat(h.err("REPLICAOF", "no", "one")).isEqualTo("ERR Replication is not configured");
    h.checkInvariants();
  }

  @Test
  void clientWritesAreRefusedWhileTheLayerSaysSoButNotTheLeaderLinkOrReads() {
    Recording r = new Recording();
    h.engine.setReplication(r);
    h.exec("SET", "a", "1");
    r.refusal = "NOREPLICAS Not enough good replicas to write.";
    assertThat(h.err("SET", "a", "2")).isEqualTo(r.refusal);
    assertThat(h.str("GET", "a")).isEqualTo("1");
    assertThat(EngineHarness.plain(h.engine.transaction(Caller.INTERNAL, stream(argv("SET", "a", "3")))))
        .hasToString(Errors.EXECABORT);
    h.engine.applyReplicated(LEADER, 1, stream(argv("SET", "a", "4")));
    assertThat(h.str("GET", "a")).isEqualTo("4");
    h.checkInvariants();
  }
}
