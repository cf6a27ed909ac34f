package io.restis.engine;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Test support for the key, server and expiry tests. The string commands land in another branch,
 * so these tests create their string keys with a test-only command, {@code __testset key value
 * [pxat-ms]}, added to the standard table: they then depend only on the commands under test, before
 * and after the merge.
 */
final class KeyTestSupport {

  static final String SET = "__testset";

  private KeyTestSupport() {}

  /** A harness on the standard table plus {@link #SET}. */
  static EngineHarness harness() {
    List<CommandSpec> specs = new ArrayList<>(CommandTable.standard().all());
    specs.add(CommandSpec.of(SET, -3, EnumSet.of(CommandFlag.WRITE), 1, 1, 1,
        EnumSet.of(AclCategory.STRING), ctx -> {
          Bytes key = ctx.key(1);
          ctx.keyspace().set(key, new StringValue(ctx.arg(2)), false);
          if (ctx.argc() > 3) {
            ctx.keyspace().setExpire(key, ctx.longArg(3));
          }
          ctx.dirty();
          return Reply.OK;
        }));
    return new EngineHarness(new CommandTable(specs));
  }

  /** Sets string keys and forgets what their creation propagated. */
  static void set(EngineHarness h, String... keyValuePairs) {
    for (int i = 0; i < keyValuePairs.length; i += 2) {
      h.str(SET, keyValuePairs[i], keyValuePairs[i + 1]);
    }
    h.drainPropagated();
  }

  /** Sets a string key expiring at the absolute unix-ms time, and forgets the propagation. */
  static void setWithExpiry(EngineHarness h, String key, String value, long atMillis) {
    h.str(SET, key, value, Long.toString(atMillis));
    h.drainPropagated();
  }

  /** True when the standard table has the command (the type commands merge from other branches). */
  static boolean has(EngineHarness h, String command) {
    return h.engine.table().lookup(command) != null;
  }
}
