package io.restis.engine;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Shared pieces of the sorted-set tests. The harness runs the sorted-set commands plus four tiny
 * test-only commands (SET, EXISTS, TYPE, PEXPIRE) so the tests need no other command family: a
 * string key for WRONGTYPE checks, key existence after a set empties, and a TTL to watch.
 */
final class ZSetTestSupport {

  private ZSetTestSupport() {}

  static EngineHarness harness() {
    List<CommandSpec> specs = new ArrayList<>(ZSetCommands.specs());
    specs.add(CommandSpec.of("set", 3, EnumSet.of(CommandFlag.WRITE), 1, 1, 1,
        EnumSet.of(AclCategory.STRING), ctx -> {
          ctx.keyspace().set(ctx.key(1), new StringValue(ctx.arg(2)), false);
          ctx.dirty();
          return Reply.OK;
        }));
    specs.add(CommandSpec.of("exists", -2, EnumSet.of(CommandFlag.READONLY), 1, -1, 1,
        EnumSet.of(AclCategory.KEYSPACE), ctx -> {
          long n = 0;
          for (int i = 1; i < ctx.argc(); i++) {
            n += ctx.keyspace().exists(ctx.key(i)) ? 1 : 0;
          }
          return Reply.integer(n);
        }));
    specs.add(CommandSpec.of("type", 2, EnumSet.of(CommandFlag.READONLY), 1, 1, 1,
        EnumSet.of(AclCategory.KEYSPACE), ctx -> {
          Entry e = ctx.keyspace().lookupRead(ctx.key(1));
          return new Reply.Status(e == null ? "none" : e.value().type().redisName());
        }));
    specs.add(CommandSpec.of("pexpire", 3, EnumSet.of(CommandFlag.WRITE), 1, 1, 1,
        EnumSet.of(AclCategory.KEYSPACE), ctx -> {
          if (!ctx.keyspace().exists(ctx.key(1))) {
            return Reply.ZERO;
          }
          ctx.keyspace().setExpire(ctx.key(1), ctx.now() + ctx.longArg(2));
          ctx.dirty();
          return Reply.ONE;
        }));
    return new EngineHarness(new CommandTable(specs));
  }

  /** Structural check of every sorted set in the keyspace, then the harness invariants. */
  static void checkAll(EngineHarness h) {
    h.engine.read(ks -> {
      for (Dict.Node<Bytes, Entry> n : ks.entries()) {
        if (n.value().value() instanceof ZSetValue z) {
          z.verify();
        }
      }
      return null;
    });
    h.checkInvariants();
  }

  /** The key's entry version (the ETag basis), or -1 when absent. */
  static long version(EngineHarness h, String key) {
    return h.engine.read(ks -> {
      Entry e = ks.lookupWrite(Bytes.of(key));
      return e == null ? -1L : e.version();
    });
  }

  /** Whether the key has a TTL. */
  static boolean hasTtl(EngineHarness h, String key) {
    return h.engine.read(ks -> {
      Entry e = ks.lookupWrite(Bytes.of(key));
      return e != null && e.hasExpiry();
    });
  }

  /** The encoding Redis would report for a sorted-set key. */
  static String encoding(EngineHarness h, String key) {
    return h.engine.read(ks -> ks.read(Bytes.of(key), ZSetValue.class).encoding());
  }
}
