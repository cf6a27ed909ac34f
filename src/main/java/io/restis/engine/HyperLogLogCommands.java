package io.restis.engine;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * PFADD, PFCOUNT and PFMERGE, as Redis 7.0's hyperloglog.c, over {@link HyperLogLog} strings.
 *
 * <p>As in Redis, PFCOUNT on one key stores the count it computed in the header when the cached
 * one was stale: it is flagged read-only but then counts as a change and propagates itself, so a
 * follower's string stays byte-identical. PFMERGE merges the destination itself too and always
 * counts as a change. Both PFADD and PFMERGE fire the {@code pfadd} keyspace event.
 */
final class HyperLogLogCommands {

  private HyperLogLogCommands() {}

  static List<CommandSpec> specs() {
    Set<AclCategory> hll = EnumSet.of(AclCategory.HYPERLOGLOG);
    return List.of(
        CommandSpec.of("pfadd", -2, EnumSet.of(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST), 1, 1, 1,
            hll, HyperLogLogCommands::pfadd),
        CommandSpec.of("pfcount", -2, EnumSet.of(CommandFlag.READONLY), 1, -1, 1, hll,
            HyperLogLogCommands::pfcount),
        CommandSpec.of("pfmerge", -2, EnumSet.of(CommandFlag.WRITE, CommandFlag.DENYOOM), 1, -1, 1, hll,
            HyperLogLogCommands::pfmerge));
  }

  /** The HLL bytes of an existing value, or the error Redis gives for anything else. */
  private static byte[] hllOf(Entry e) {
    if (!(e.value() instanceof StringValue s)) {
      throw Errors.wrongType();
    }
    byte[] b = s.bytes();
    if (!HyperLogLog.isValid(b)) {
      throw new CommandException(HyperLogLog.NOT_HLL);
    }
    return b;
  }

  /** The registers of a valid HLL string, or the corruption error. */
  private static byte[] registersOf(byte[] hll) {
    byte[] regs = HyperLogLog.registers(hll);
    if (regs == null) {
      throw new CommandException(HyperLogLog.CORRUPTED);
    }
    return regs;
  }

  // PFADD key [element [element ...]]
  private static Reply pfadd(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    Entry e = ks.lookupWrite(key);
    byte[] old = e == null ? null : hllOf(e);
    // Work on a private dense copy, made only if some register grows (or the key is new).
    byte[] hll = null;
    int updated = 0;
    if (old == null) {
      hll = HyperLogLog.create();
      updated++;
    } else if (old[4] != HyperLogLog.DENSE) {
      hll = HyperLogLog.dense(registersOf(old));
    }
    for (int j = 2; j < ctx.argc(); j++) {
      long pl = HyperLogLog.patLen(ctx.arg(j));
      int reg = (int) (pl >>> 8);
      int count = (int) (pl & 0xff);
      byte[] current = hll != null ? hll : old;
      if (HyperLogLog.denseGet(current, reg) < count) {
        if (hll == null) {
          hll = old.clone();
        }
        HyperLogLog.denseSet(hll, reg, count);
        updated++;
      }
    }
    if (updated == 0) {
      return Reply.ZERO;
    }
    HyperLogLog.invalidateCache(hll);
    if (e == null) {
      ks.add(key, new StringValue(hll));
    } else {
      ks.set(key, new StringValue(hll), true);
    }
    ctx.notify(KeyspaceEvents.STRING, "pfadd", key);
    ctx.dirty(updated);
    return Reply.ONE;
  }

  // PFCOUNT key [key ...]
  private static Reply pfcount(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    if (ctx.argc() > 2) {
      byte[] max = new byte[HyperLogLog.REGISTERS];
      for (int j = 1; j < ctx.argc(); j++) {
        Entry e = ks.lookupRead(ctx.key(j));
        if (e != null) {
          merge(max, registersOf(hllOf(e)));
        }
      }
      return Reply.integer(HyperLogLog.count(max));
    }
    Bytes key = ctx.key(1);
    Entry e = ks.lookupRead(key);
    if (e == null) {
      return Reply.ZERO;
    }
    byte[] hll = hllOf(e);
    if (HyperLogLog.cacheValid(hll)) {
      return Reply.integer(HyperLogLog.cachedCount(hll));
    }
    long card = HyperLogLog.count(registersOf(hll));
    byte[] cached = hll.clone();
    HyperLogLog.setCachedCount(cached, card);
    ks.set(key, new StringValue(cached), true);
    ctx.dirty();
    return Reply.integer(card);
  }

  // PFMERGE destkey [sourcekey [sourcekey ...]]
  private static Reply pfmerge(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    byte[] max = new byte[HyperLogLog.REGISTERS];
    for (int j = 1; j < ctx.argc(); j++) {
      Entry e = ks.lookupRead(ctx.key(j));
      if (e != null) {
        merge(max, registersOf(hllOf(e)));
      }
    }
    Bytes dst = ctx.key(1);
    byte[] hll = HyperLogLog.dense(max);
    if (ks.lookupWrite(dst) == null) {
      ks.add(dst, new StringValue(hll));
    } else {
      ks.set(dst, new StringValue(hll), true);
    }
    ctx.notify(KeyspaceEvents.STRING, "pfadd", dst);
    ctx.dirty();
    return Reply.OK;
  }

  private static void merge(byte[] max, byte[] regs) {
    for (int i = 0; i < max.length; i++) {
      if (regs[i] > max[i]) {
        max[i] = regs[i];
      }
    }
  }
}
