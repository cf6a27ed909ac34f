package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The executor's own contract, on a tiny table of test commands so it holds whatever the
 * command families do: lookup and arity errors, admission, atomic transactions, propagation with
 * offsets, lazy expiry propagated as DEL, READONLY on followers.
 */
class EngineTest {

  private static final Set<AclCategory> NONE = EnumSet.noneOf(AclCategory.class);

  /** tset key value [ttlms]: sets a string, optionally with a relative TTL propagated as absolute. */
  private static Reply tset(CommandContext ctx) {
    long ttl = ctx.argc() == 4 ? ctx.longArg(3) : -1;
    ctx.keyspace().set(ctx.key(1), new StringValue(ctx.arg(2)), false);
    if (ttl >= 0) {
      ctx.keyspace().setExpire(ctx.key(1), ctx.now() + ttl);
      ctx.propagate("TSET", ctx.key(1), ctx.arg(2));
      ctx.propagate("PEXPIREAT", ctx.key(1), Long.toString(ctx.now() + ttl));
    }
    ctx.dirty();
    return Reply.OK;
  }

  /** tget key */
  private static Reply tget(CommandContext ctx) {
    StringValue v = ctx.keyspace().read(ctx.key(1), StringValue.class);
    return v == null ? Reply.NIL : Reply.bulk(v.bytes());
  }

  private static CommandTable table() {
    return new CommandTable(List.of(
        CommandSpec.of("tset", -3, EnumSet.of(CommandFlag.WRITE), 1, 1, 1, NONE, EngineTest::tset),
        CommandSpec.of("tget", 2, EnumSet.of(CommandFlag.READONLY), 1, 1, 1, NONE, EngineTest::tget),
        CommandSpec.of("tfail", 2, EnumSet.of(CommandFlag.WRITE), 1, 1, 1, NONE, ctx -> {
          throw new CommandException("ERR tfail");
        })));
  }

  private final EngineHarness h = new EngineHarness(table());

  @Test
  void unknownCommandQuotesTheFirstArgumentsAsRedisDoes() {
    assertThat(h.err("nosuch", "a", "b\nc"))
        .isEqualTo("ERR unknown command 'nosuch', with args beginning with: 'a' 'b c' ");
    assertThat(h.err("nosuch")).isEqualTo("ERR unknown command 'nosuch', with args beginning with: ");
    h.checkInvariants();
  }

  @Test
  void arityIsCheckedBeforeTheHandlerAndNamesTheCommandInLowerCase() {
    assertThat(h.err("TGET")).isEqualTo("ERR wrong number of arguments for 'tget' command");
    assertThat(h.err("tget", "a", "b")).isEqualTo("ERR wrong number of arguments for 'tget' command");
    assertThat(h.err("tset", "a")).isEqualTo("ERR wrong number of arguments for 'tset' command");
    h.checkInvariants();
  }

  @Test
  void namesAreCaseInsensitive() {
    assertThat(h.str("TsEt", "k", "v")).isEqualTo("OK");
    assertThat(h.str("TGET", "k")).isEqualTo("v");
    h.checkInvariants();
  }

  @Test
  void writesPropagateOnceWithIncreasingOffsetsAndReadsDoNot() {
    h.call("tset", "a", "1");
    h.call("tget", "a");
    h.call("tset", "b", "2");
    assertThat(h.propagated).containsExactly("tset a 1", "tset b 2");
    assertThat(h.offsets).containsExactly(1L, 2L);
    assertThat(h.engine.offset()).isEqualTo(2);
    h.checkInvariants();
  }

  @Test
  void aFailedCommandPropagatesNothing() {
    assertThat(h.err("tfail", "x")).isEqualTo("ERR tfail");
    assertThat(h.propagated).isEmpty();
    h.checkInvariants();
  }

  @Test
  void relativeTtlIsPropagatedAsTheAbsoluteFormTheHandlerNamed() {
    h.call("tset", "k", "v", "1000");
    assertThat(h.propagated)
        .containsExactly("TSET k v", "PEXPIREAT k " + (EngineHarness.START + 1000));
    h.checkInvariants();
  }

  @Test
  void anExpiredKeyIsInvisibleAndItsLazyDeletionIsPropagatedAsDel() {
    h.call("tset", "k", "v", "100");
    h.drainPropagated();
    h.clock.advance(100);
    assertThat(h.call("tget", "k")).isEqualTo("v"); // expired only when now > expireAt
    h.clock.advance(1);
    assertThat(h.call("tget", "k")).isNull();
    assertThat(h.call("tget", "k")).isNull();
    assertThat(h.drainPropagated()).containsExactly("DEL k");
    h.checkInvariants();
  }

  @Test
  void activeExpiryReclaimsKeysNobodyTouches() {
    for (int i = 0; i < 200; i++) {
      h.call("tset", "k" + i, "v", "10");
    }
    h.call("tset", "keep", "v");
    h.drainPropagated();
    h.clock.advance(11);
    int reclaimed = 0;
    for (int round = 0; round < 50 && reclaimed < 200; round++) {
      reclaimed += h.engine.activeExpireCycle(1_000_000_000L);
    }
    assertThat(reclaimed).isEqualTo(200);
    assertThat(h.engine.read(Keyspace::size)).isEqualTo(1);
    assertThat(h.drainPropagated()).hasSize(200).allMatch(s -> s.startsWith("DEL k"));
    h.checkInvariants();
  }

  @Test
  void aTransactionRunsAllAndWrapsItsWritesInMultiExec() {
    Reply r = h.engine.transaction(Caller.INTERNAL, List.of(argv("tset", "a", "1"),
        argv("tfail", "x"), argv("tset", "b", "2"), argv("tget", "a")));
    assertThat(EngineHarness.plain(r)).asString()
        .isEqualTo("[OK, ERR tfail, OK, 1]");
    assertThat(h.propagated).containsExactly("MULTI", "tset a 1", "tset b 2", "EXEC");
    assertThat(h.offsets).containsExactly(1L, 2L, 3L, 4L);
    h.checkInvariants();
  }

  @Test
  void aTransactionWithAnUnknownOrMisusedCommandRunsNothing() {
    Reply r = h.engine.transaction(Caller.INTERNAL, List.of(argv("tset", "a", "1"), argv("tget")));
    assertThat(r).isEqualTo(Reply.error(Errors.EXECABORT));
    r = h.engine.transaction(Caller.INTERNAL, List.of(argv("tset", "a", "1"), argv("bogus")));
    assertThat(r).isEqualTo(Reply.error(Errors.EXECABORT));
    assertThat(h.call("tget", "a")).isNull();
    assertThat(h.propagated).isEmpty();
    h.checkInvariants();
  }

  @Test
  void aFollowerRefusesClientWritesButAcceptsTheLeaderLink() {
    h.engine.setReadOnly(true);
    assertThat(h.err("tset", "a", "1")).isEqualTo(Errors.READONLY);
    Caller leader = new Caller() {
      @Override
      public boolean isLeaderLink() {
        return true;
      }
    };
    assertThat(h.engine.execute(leader, argv("tset", "a", "1"))).isEqualTo(Reply.OK);
    assertThat(h.call("tget", "a")).isEqualTo("1");
    h.checkInvariants();
  }

  @Test
  void aFollowerHidesExpiredKeysWithoutDeletingThem() {
    h.call("tset", "k", "v", "5");
    h.engine.setReadOnly(true);
    h.drainPropagated();
    h.clock.advance(10);
    assertThat(h.call("tget", "k")).isNull();
    assertThat(h.engine.activeExpireCycle(1_000_000)).isZero();
    assertThat(h.engine.read(Keyspace::size)).isEqualTo(1);
    assertThat(h.propagated).isEmpty();
    h.checkInvariants();
  }

  @Test
  void theCallerMayDenyACommand() {
    Caller denying = new Caller() {
      @Override
      public String deny(CommandSpec spec, byte[][] argv) {
        return spec.isWrite() ? "NOPERM this user has no permissions to run the '" + spec.name() + "' command" : null;
      }
    };
    assertThat(h.engine.execute(denying, argv("tset", "a", "1")))
        .isEqualTo(Reply.error("NOPERM this user has no permissions to run the 'tset' command"));
    assertThat(h.engine.execute(denying, argv("tget", "a"))).isEqualTo(Reply.NIL);
    assertThat(h.engine.commandStats().get("tset")[2]).isEqualTo(1); // rejected
    h.checkInvariants();
  }

  @Test
  void versionsChangeOnEveryWriteAndNeverRepeat() {
    h.call("tset", "k", "1");
    long v1 = h.engine.read(ks -> ks.lookupRead(Bytes.of("k")).version());
    h.call("tset", "k", "2");
    long v2 = h.engine.read(ks -> ks.lookupRead(Bytes.of("k")).version());
    assertThat(v2).isGreaterThan(v1);
    h.checkInvariants();
  }

  @Test
  void executeOnKeyChecksTheVersionAndRunsItsCommandsAtomically() {
    Bytes k = Bytes.of("k");
    Engine.KeyedResult missing = h.engine.executeOnKey(Caller.INTERNAL, k, v -> v == 0,
        List.of(argv("tset", "k", "1"), argv("tget", "k")));
    assertThat(missing.preconditionFailed()).isFalse();
    assertThat(missing.replies()).containsExactly(Reply.OK, Reply.bulk("1"));
    long version = missing.version();
    assertThat(version).isPositive();

    Engine.KeyedResult stale = h.engine.executeOnKey(Caller.INTERNAL, k, v -> v == version + 1,
        List.<byte[][]>of(argv("tset", "k", "2")));
    assertThat(stale.preconditionFailed()).isTrue();
    assertThat(stale.version()).isEqualTo(version);
    assertThat(h.call("tget", "k")).isEqualTo("1");

    Engine.KeyedResult fresh = h.engine.executeOnKey(Caller.INTERNAL, k, v -> v == version,
        List.of(argv("tset", "k", "2"), argv("tset", "other", "x")));
    assertThat(fresh.version()).isGreaterThan(version);
    assertThat(h.propagated).containsExactly("tset k 1", "MULTI", "tset k 2", "tset other x", "EXEC");

    Engine.KeyedResult refused = h.engine.executeOnKey(Caller.INTERNAL, k, null, List.<byte[][]>of(argv("tget")));
    assertThat(refused.reply()).isEqualTo(Reply.error("ERR wrong number of arguments for 'tget' command"));
    h.checkInvariants();
  }

  private static byte[][] argv(String... a) {
    byte[][] out = new byte[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }
}
