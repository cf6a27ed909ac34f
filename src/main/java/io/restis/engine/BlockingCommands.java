package io.restis.engine;

import static io.restis.engine.CommandFlag.BLOCKING;
import static io.restis.engine.CommandFlag.DENYOOM;
import static io.restis.engine.CommandFlag.FAST;
import static io.restis.engine.CommandFlag.WRITE;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The blocking pops, as Redis 7.0's t_list.c and t_zset.c: BLPOP, BRPOP, BRPOPLPUSH, BLMOVE,
 * BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP. Each first does what its non-blocking form would do on the
 * first key that holds data; when none does, it asks the engine to park the caller on its keys
 * ({@link CommandContext#block}) until a write makes one of them ready or the timeout passes (nil
 * array). Inside MULTI/EXEC the block request is ignored and the command answers as its
 * non-blocking form on empty keys: a nil array, or a nil bulk for BLMOVE and BRPOPLPUSH.
 *
 * <p>When the engine serves a parked call it runs the same handler again with
 * {@link CommandContext#servingKey} set, and the handler then only looks at that key, as Redis 7.0
 * serves a blocked client from the key that was signalled.
 *
 * <p>Propagation is the deterministic non-blocking form, whether the call was served at once or
 * after waiting (checked against redis-server 7.0.15's AOF): BLPOP/BRPOP -> {@code LPOP key} /
 * {@code RPOP key}; BLMPOP -> {@code LPOP key n} with the count popped; BZPOPMIN/MAX ->
 * {@code ZPOPMIN key}; BZMPOP -> {@code ZPOPMIN key n}; BLMOVE -> {@code LMOVE}; BRPOPLPUSH ->
 * {@code RPOPLPUSH}.
 */
final class BlockingCommands {

  static final String TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
  static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
  static final String TIMEOUT_OUT_OF_RANGE = "ERR timeout is out of range";

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private BlockingCommands() {}

  static List<CommandSpec> specs() {
    Set<AclCategory> list = EnumSet.of(AclCategory.LIST);
    Set<AclCategory> zset = EnumSet.of(AclCategory.SORTEDSET);
    Set<CommandFlag> wb = EnumSet.of(WRITE, BLOCKING);
    Set<CommandFlag> wdb = EnumSet.of(WRITE, DENYOOM, BLOCKING);
    Set<CommandFlag> wfb = EnumSet.of(WRITE, FAST, BLOCKING);
    return List.of(
        CommandSpec.of("blpop", -3, wb, 1, -2, 1, list, ctx -> bpop(ctx, true)),
        CommandSpec.of("brpop", -3, wb, 1, -2, 1, list, ctx -> bpop(ctx, false)),
        CommandSpec.of("brpoplpush", 4, wdb, 1, 2, 1, list, BlockingCommands::brpoplpush),
        CommandSpec.of("blmove", 6, wdb, 1, 2, 1, list, BlockingCommands::blmove),
        CommandSpec.withKeys("blmpop", -5, wb, ZSetCommands.numkeysKeys(2, false), list,
            BlockingCommands::blmpop),
        CommandSpec.of("bzpopmin", -3, wfb, 1, -2, 1, zset, ctx -> bzpop(ctx, false)),
        CommandSpec.of("bzpopmax", -3, wfb, 1, -2, 1, zset, ctx -> bzpop(ctx, true)),
        CommandSpec.withKeys("bzmpop", -5, wb, ZSetCommands.numkeysKeys(2, false), zset,
            BlockingCommands::bzmpop));
  }

  /**
   * Redis's getTimeoutFromObjectOrReply in seconds: a long double, times 1000, truncated to a long
   * (where the C conversion overflows to LLONG_MIN, which then reads as negative), 0 for forever,
   * else made absolute from the command's time.
   *
   * @return the deadline in unix ms, 0 for none
   */
  static long deadline(CommandContext ctx, int index) {
    BigDecimal seconds = LongDouble.parse(ctx.arg(index));
    if (seconds == null) {
      throw new CommandException(TIMEOUT_NOT_FLOAT);
    }
    long ms;
    if (seconds == LongDouble.INFINITE) {
      ms = Long.MIN_VALUE;
    } else {
      BigInteger t = seconds.multiply(THOUSAND).setScale(0, RoundingMode.DOWN).toBigIntegerExact();
      ms = t.compareTo(LONG_MIN) < 0 || t.compareTo(LONG_MAX) > 0 ? Long.MIN_VALUE : t.longValue();
    }
    if (ms < 0) {
      throw new CommandException(TIMEOUT_NEGATIVE);
    }
    if (ms == 0) {
      return 0;
    }
    if (ms > Long.MAX_VALUE - ctx.now()) {
      throw new CommandException(TIMEOUT_OUT_OF_RANGE);
    }
    return ms + ctx.now();
  }

  /** Whether the handler may look at this key now (all of them, unless serving a ready one). */
  private static boolean eligible(CommandContext ctx, Bytes key) {
    return ctx.servingKey() == null || ctx.servingKey().equals(key);
  }

  private static List<Bytes> keys(CommandContext ctx, int from, int to) {
    List<Bytes> keys = new ArrayList<>(to - from);
    for (int j = from; j < to; j++) {
      keys.add(ctx.key(j));
    }
    return keys;
  }

  // BLPOP key [key ...] timeout   /   BRPOP key [key ...] timeout
  private static Reply bpop(CommandContext ctx, boolean left) {
    long deadline = deadline(ctx, ctx.argc() - 1);
    Keyspace ks = ctx.keyspace();
    for (int j = 1; j < ctx.argc() - 1; j++) {
      Bytes key = ctx.key(j);
      if (!eligible(ctx, key)) {
        continue;
      }
      ListValue list = ks.write(key, ListValue.class);
      if (list == null) {
        continue;
      }
      byte[] e = left ? list.popLeft() : list.popRight();
      ListCommands.afterRemoval(ctx, key, list, left ? "lpop" : "rpop");
      ctx.dirty();
      ctx.propagate(left ? "LPOP" : "RPOP", key);
      return Reply.array(List.of(Reply.bulk(key), Reply.bulk(e)));
    }
    return ctx.block(keys(ctx, 1, ctx.argc() - 1), ListValue.class, deadline, Reply.NIL_ARRAY);
  }

  // BRPOPLPUSH source destination timeout
  private static Reply brpoplpush(CommandContext ctx) {
    long deadline = deadline(ctx, 3);
    return moveOrBlock(ctx, false, true, deadline, "RPOPLPUSH", ctx.arg(1), ctx.arg(2));
  }

  // BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
  private static Reply blmove(CommandContext ctx) {
    boolean fromLeft = side(ctx, 3);
    boolean toLeft = side(ctx, 4);
    long deadline = deadline(ctx, 5);
    return moveOrBlock(ctx, fromLeft, toLeft, deadline, "LMOVE", ctx.arg(1), ctx.arg(2), ctx.arg(3), ctx.arg(4));
  }

  private static Reply moveOrBlock(CommandContext ctx, boolean fromLeft, boolean toLeft, long deadline,
      Object... form) {
    Bytes src = ctx.key(1);
    // The source's type is checked first: WRONGTYPE rather than blocking on a string.
    if (ctx.keyspace().write(src, ListValue.class) == null) {
      return ctx.block(List.of(src), ListValue.class, deadline, Reply.NIL);
    }
    Reply r = ListCommands.move(ctx, fromLeft, toLeft);
    ctx.propagate(form);
    return r;
  }

  // BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
  private static Reply blmpop(CommandContext ctx) {
    long numkeys = positive(ctx, 2, ListCommands.NUMKEYS_POSITIVE);
    if (numkeys >= ctx.argc() - 3) { // the LEFT|RIGHT word would be past the end
      throw Errors.syntax();
    }
    int whereIdx = (int) (numkeys + 3);
    boolean left = side(ctx, whereIdx);
    long count = count(ctx, whereIdx + 1, ListCommands.COUNT_POSITIVE);
    long deadline = deadline(ctx, 1);
    Keyspace ks = ctx.keyspace();
    for (int j = 3; j < whereIdx; j++) {
      Bytes key = ctx.key(j);
      if (!eligible(ctx, key)) {
        continue;
      }
      ListValue list = ks.write(key, ListValue.class);
      if (list == null) {
        continue;
      }
      List<byte[]> popped = left ? list.popLeft(count) : list.popRight(count);
      ListCommands.afterRemoval(ctx, key, list, left ? "lpop" : "rpop");
      ctx.dirty(popped.size());
      ctx.propagate(left ? "LPOP" : "RPOP", key, popped.size());
      return Reply.array(List.of(Reply.bulk(key), Reply.bulks(popped)));
    }
    return ctx.block(keys(ctx, 3, whereIdx), ListValue.class, deadline, Reply.NIL_ARRAY);
  }

  // BZPOPMIN key [key ...] timeout   /   BZPOPMAX key [key ...] timeout
  private static Reply bzpop(CommandContext ctx, boolean max) {
    long deadline = deadline(ctx, ctx.argc() - 1);
    Keyspace ks = ctx.keyspace();
    for (int j = 1; j < ctx.argc() - 1; j++) {
      Bytes key = ctx.key(j);
      if (!eligible(ctx, key)) {
        continue;
      }
      ZSetValue zset = ks.write(key, ZSetValue.class);
      if (zset == null) {
        continue;
      }
      ZSetValue.Element e = zset.pop(1, max).get(0);
      ZSetCommands.afterRemoval(ctx, key, zset, max ? "zpopmax" : "zpopmin");
      ctx.dirty();
      ctx.propagate(max ? "ZPOPMAX" : "ZPOPMIN", key);
      return Reply.array(List.of(Reply.bulk(key), Reply.bulk(e.member()), Reply.dbl(e.score())));
    }
    return ctx.block(keys(ctx, 1, ctx.argc() - 1), ZSetValue.class, deadline, Reply.NIL_ARRAY);
  }

  // BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
  private static Reply bzmpop(CommandContext ctx) {
    long numkeys = positive(ctx, 2, "ERR numkeys should be greater than 0");
    if (numkeys >= ctx.argc() - 3) {
      throw Errors.syntax();
    }
    int whereIdx = (int) (numkeys + 3);
    boolean max;
    if (ctx.is(whereIdx, "MIN")) {
      max = false;
    } else if (ctx.is(whereIdx, "MAX")) {
      max = true;
    } else {
      throw Errors.syntax();
    }
    long count = count(ctx, whereIdx + 1, "ERR count should be greater than 0");
    long deadline = deadline(ctx, 1);
    Keyspace ks = ctx.keyspace();
    for (int j = 3; j < whereIdx; j++) {
      Bytes key = ctx.key(j);
      if (!eligible(ctx, key)) {
        continue;
      }
      ZSetValue zset = ks.write(key, ZSetValue.class);
      if (zset == null) {
        continue;
      }
      List<ZSetValue.Element> popped = zset.pop(count, max);
      ZSetCommands.afterRemoval(ctx, key, zset, max ? "zpopmax" : "zpopmin");
      ctx.dirty(popped.size());
      ctx.propagate(max ? "ZPOPMAX" : "ZPOPMIN", key, popped.size());
      List<Reply> pairs = new ArrayList<>(popped.size());
      for (ZSetValue.Element e : popped) {
        pairs.add(Reply.array(List.of(Reply.bulk(e.member()), Reply.dbl(e.score()))));
      }
      return Reply.array(List.of(Reply.bulk(key), Reply.array(pairs)));
    }
    return ctx.block(keys(ctx, 3, whereIdx), ZSetValue.class, deadline, Reply.NIL_ARRAY);
  }

  /** The optional {@code COUNT n} after the direction word: 1 when absent. */
  private static long count(CommandContext ctx, int from, String error) {
    long count = -1;
    for (int j = from; j < ctx.argc(); j++) {
      boolean more = j < ctx.argc() - 1;
      if (count == -1 && ctx.is(j, "COUNT") && more) {
        count = positive(ctx, ++j, error);
      } else {
        throw Errors.syntax();
      }
    }
    return count == -1 ? 1 : count;
  }

  private static long positive(CommandContext ctx, int i, String error) {
    Long v = Numbers.tryParseLong(ctx.arg(i));
    if (v == null || v < 1) {
      throw new CommandException(error);
    }
    return v;
  }

  private static boolean side(CommandContext ctx, int i) {
    if (ctx.is(i, "LEFT")) {
      return true;
    }
    if (ctx.is(i, "RIGHT")) {
      return false;
    }
    throw Errors.syntax();
  }
}
