package io.restis.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sorted-set commands, as Redis 7.0's t_zset.c: every argument is parsed and checked before
 * the key is looked up (so a failing command changes nothing, and errors come in Redis's order),
 * then the {@link ZSetValue} API does the work. A set emptied by a command loses its key.
 *
 * <p>Propagation: everything is deterministic and goes out as sent, except ZMPOP, which becomes
 * ZPOPMIN/ZPOPMAX of the key it popped with the count it popped. Commands that change nothing
 * propagate nothing.
 */
final class ZSetCommands {

  private static final String NAN_SCORE = "ERR resulting score is not a number (NaN)";
  private static final String XX_AND_NX = "ERR XX and NX options at the same time are not compatible";
  private static final String GT_LT_NX =
      "ERR GT, LT, and/or NX options at the same time are not compatible";
  private static final String INCR_PAIR = "ERR INCR option supports a single increment-element pair";
  private static final String NOT_FLOAT_RANGE = "ERR min or max is not a float";
  private static final String NOT_LEX_RANGE = "ERR min or max not valid string range item";
  private static final String LIMIT_NEEDS_BY =
      "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
  private static final String WITHSCORES_BYLEX =
      "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
  private static final String WEIGHT_NOT_FLOAT = "ERR weight value is not a float";
  private static final String NUMKEYS_POSITIVE = "ERR numkeys should be greater than 0";
  private static final String COUNT_POSITIVE = "ERR count should be greater than 0";
  private static final String LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
  private static final String OUT_OF_RANGE = "ERR value is out of range";
  private static final String COUNT_OUT_OF_RANGE =
      "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";

  /** The most elements one ZRANDMEMBER reply may hold (a Java list's bound). */
  private static final long MAX_REPLY_ELEMENTS = Integer.MAX_VALUE - 8;

  /** (score, member) order with the primitive score comparison, as the skiplist orders. */
  private static final Comparator<ZSetValue.Element> ORDER = (a, b) ->
      a.score() < b.score() ? -1 : a.score() > b.score() ? 1 : a.member().compareTo(b.member());

  private ZSetCommands() {}

  static List<CommandSpec> specs() {
    Set<AclCategory> z = EnumSet.of(AclCategory.SORTEDSET);
    Set<CommandFlag> w = EnumSet.of(CommandFlag.WRITE);
    Set<CommandFlag> wf = EnumSet.of(CommandFlag.WRITE, CommandFlag.FAST);
    Set<CommandFlag> wd = EnumSet.of(CommandFlag.WRITE, CommandFlag.DENYOOM);
    Set<CommandFlag> wdf = EnumSet.of(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST);
    Set<CommandFlag> r = EnumSet.of(CommandFlag.READONLY);
    Set<CommandFlag> rf = EnumSet.of(CommandFlag.READONLY, CommandFlag.FAST);
    // Redis 7 marks these two with the nondeterministic_output tip.
    Set<CommandFlag> rr = EnumSet.of(CommandFlag.READONLY, CommandFlag.RANDOM);
    return List.of(
        CommandSpec.of("zadd", -4, wdf, 1, 1, 1, z, ZSetCommands::zadd),
        CommandSpec.of("zincrby", 4, wdf, 1, 1, 1, z, ZSetCommands::zincrby),
        CommandSpec.of("zrem", -3, wf, 1, 1, 1, z, ZSetCommands::zrem),
        CommandSpec.of("zcard", 2, rf, 1, 1, 1, z, ZSetCommands::zcard),
        CommandSpec.of("zscore", 3, rf, 1, 1, 1, z, ZSetCommands::zscore),
        CommandSpec.of("zmscore", -3, rf, 1, 1, 1, z, ZSetCommands::zmscore),
        CommandSpec.of("zrank", 3, rf, 1, 1, 1, z, ctx -> zrank(ctx, false)),
        CommandSpec.of("zrevrank", 3, rf, 1, 1, 1, z, ctx -> zrank(ctx, true)),
        CommandSpec.of("zcount", 4, rf, 1, 1, 1, z, ZSetCommands::zcount),
        CommandSpec.of("zlexcount", 4, rf, 1, 1, 1, z, ZSetCommands::zlexcount),
        CommandSpec.of("zrange", -4, r, 1, 1, 1, z,
            ctx -> zrange(ctx, 1, false, By.AUTO, Direction.AUTO)),
        CommandSpec.of("zrangestore", -5, wd, 1, 2, 1, z,
            ctx -> zrange(ctx, 2, true, By.AUTO, Direction.AUTO)),
        CommandSpec.of("zrangebyscore", -4, r, 1, 1, 1, z,
            ctx -> zrange(ctx, 1, false, By.SCORE, Direction.FORWARD)),
        CommandSpec.of("zrevrangebyscore", -4, r, 1, 1, 1, z,
            ctx -> zrange(ctx, 1, false, By.SCORE, Direction.REVERSE)),
        CommandSpec.of("zrangebylex", -4, r, 1, 1, 1, z,
            ctx -> zrange(ctx, 1, false, By.LEX, Direction.FORWARD)),
        CommandSpec.of("zrevrangebylex", -4, r, 1, 1, 1, z,
            ctx -> zrange(ctx, 1, false, By.LEX, Direction.REVERSE)),
        CommandSpec.of("zrevrange", -4, r, 1, 1, 1, z,
            ctx -> zrange(ctx, 1, false, By.RANK, Direction.REVERSE)),
        CommandSpec.of("zpopmin", -2, wf, 1, 1, 1, z, ctx -> zpop(ctx, false)),
        CommandSpec.of("zpopmax", -2, wf, 1, 1, 1, z, ctx -> zpop(ctx, true)),
        CommandSpec.withKeys("zmpop", -4, w, numkeysKeys(1, false), z, ZSetCommands::zmpop),
        CommandSpec.of("zremrangebyrank", 4, w, 1, 1, 1, z, ZSetCommands::zremrangebyrank),
        CommandSpec.of("zremrangebyscore", 4, w, 1, 1, 1, z, ZSetCommands::zremrangebyscore),
        CommandSpec.of("zremrangebylex", 4, w, 1, 1, 1, z, ZSetCommands::zremrangebylex),
        CommandSpec.withKeys("zunion", -3, r, numkeysKeys(1, false), z,
            ctx -> setOperation(ctx, null, 1, Op.UNION, false)),
        CommandSpec.withKeys("zinter", -3, r, numkeysKeys(1, false), z,
            ctx -> setOperation(ctx, null, 1, Op.INTER, false)),
        CommandSpec.withKeys("zdiff", -3, r, numkeysKeys(1, false), z,
            ctx -> setOperation(ctx, null, 1, Op.DIFF, false)),
        CommandSpec.withKeys("zintercard", -3, r, numkeysKeys(1, false), z,
            ctx -> setOperation(ctx, null, 1, Op.INTER, true)),
        // The STORE forms report first/last/step 1 1 1 (the destination) and find the rest.
        new CommandSpec("zunionstore", -4, wd, 1, 1, 1, z, numkeysKeys(2, true),
            ctx -> setOperation(ctx, ctx.key(1), 2, Op.UNION, false)),
        new CommandSpec("zinterstore", -4, wd, 1, 1, 1, z, numkeysKeys(2, true),
            ctx -> setOperation(ctx, ctx.key(1), 2, Op.INTER, false)),
        new CommandSpec("zdiffstore", -4, wd, 1, 1, 1, z, numkeysKeys(2, true),
            ctx -> setOperation(ctx, ctx.key(1), 2, Op.DIFF, false)),
        CommandSpec.of("zrandmember", -2, rr, 1, 1, 1, z, ZSetCommands::zrandmember),
        CommandSpec.of("zscan", -3, rr, 1, 1, 1, z, ZSetCommands::zscan));
  }

  /**
   * Keys of a numkeys command: the count at {@code numkeysIndex}, the keys right after it, and
   * the destination at 1 first when {@code withDestination}. Malformed counts give fewer keys.
   */
  static KeyFinder numkeysKeys(int numkeysIndex, boolean withDestination) {
    return argv -> {
      int dst = withDestination && argv.length > 1 ? 1 : 0;
      Long n = argv.length > numkeysIndex ? Numbers.tryParseLong(argv[numkeysIndex]) : null;
      int available = Math.max(0, argv.length - numkeysIndex - 1);
      int k = n == null || n < 1 ? 0 : (int) Math.min(n, available);
      int[] out = new int[dst + k];
      if (dst == 1) {
        out[0] = 1;
      }
      for (int i = 0; i < k; i++) {
        out[dst + i] = numkeysIndex + 1 + i;
      }
      return out;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Shared pieces

  private static ZSetValue readZ(CommandContext ctx, Bytes key) {
    return ctx.keyspace().read(key, ZSetValue.class);
  }

  private static ZSetValue writeZ(CommandContext ctx, Bytes key) {
    return ctx.keyspace().write(key, ZSetValue.class);
  }

  /**
   * After removing from an existing set: the command's event, then drop the key when empty (and
   * say so), else record the change.
   */
  static void afterRemoval(CommandContext ctx, Bytes key, ZSetValue z, String event) {
    ctx.notify(KeyspaceEvents.ZSET, event, key);
    if (!ctx.keyspace().deleteIfEmpty(key, z)) {
      ctx.keyspace().modified(key);
    } else {
      ctx.notify(KeyspaceEvents.GENERIC, "del", key);
    }
  }

  /** Members, each followed by its score when asked, in one flat array (RESP2). */
  private static Reply flat(List<ZSetValue.Element> elements, boolean withScores) {
    List<Reply> out = new ArrayList<>(elements.size() * (withScores ? 2 : 1));
    for (ZSetValue.Element e : elements) {
      out.add(Reply.bulk(e.member()));
      if (withScores) {
        out.add(Reply.dbl(e.score()));
      }
    }
    return Reply.array(out);
  }

  /** getRangeLongFromObjectOrReply(1, LONG_MAX) with a custom message for both failures. */
  private static long positiveArg(CommandContext ctx, int i, String message) {
    Long v = Numbers.tryParseLong(ctx.arg(i));
    if (v == null || v < 1) {
      throw new CommandException(message);
    }
    return v;
  }

  /**
   * Turns Redis's start/stop (negative from the end) into 0 <= start <= end < size, or null when
   * the range is empty.
   */
  private static long[] clampRanks(long start, long end, long size) {
    if (start < 0) {
      start = size + start;
    }
    if (end < 0) {
      end = size + end;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > end || start >= size) {
      return null;
    }
    if (end >= size) {
      end = size - 1;
    }
    return new long[] {start, end};
  }

  /** Writes a STORE command's result: sets the destination, or deletes it when the result is empty. */
  private static Reply store(CommandContext ctx, Bytes dst, ZSetValue result) {
    if (result.size() > 0) {
      ctx.keyspace().set(dst, result, false);
      // zrangestore, zunionstore, zinterstore, zdiffstore
      ctx.notify(KeyspaceEvents.ZSET, ctx.spec().name(), dst);
      ctx.dirty();
      return Reply.integer(result.size());
    }
    if (ctx.keyspace().delete(dst)) {
      ctx.notify(KeyspaceEvents.GENERIC, "del", dst);
      ctx.dirty();
    }
    return Reply.ZERO;
  }

  // ---------------------------------------------------------------------------------------------
  // ZADD, ZINCRBY, ZREM

  // ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
  private static Reply zadd(CommandContext ctx) {
    return zaddGeneric(ctx, 0);
  }

  // ZINCRBY key increment member
  private static Reply zincrby(CommandContext ctx) {
    return zaddGeneric(ctx, ZSetValue.INCR);
  }

  private static Reply zaddGeneric(CommandContext ctx, int flags) {
    boolean ch = false;
    int scoreIdx = 2;
    // ZINCRBY goes through the same option loop in Redis, hence "ZINCRBY k nx m" is a syntax error.
    for (; scoreIdx < ctx.argc(); scoreIdx++) {
      if (ctx.is(scoreIdx, "NX")) {
        flags |= ZSetValue.NX;
      } else if (ctx.is(scoreIdx, "XX")) {
        flags |= ZSetValue.XX;
      } else if (ctx.is(scoreIdx, "CH")) {
        ch = true;
      } else if (ctx.is(scoreIdx, "INCR")) {
        flags |= ZSetValue.INCR;
      } else if (ctx.is(scoreIdx, "GT")) {
        flags |= ZSetValue.GT;
      } else if (ctx.is(scoreIdx, "LT")) {
        flags |= ZSetValue.LT;
      } else {
        break;
      }
    }
    int elements = ctx.argc() - scoreIdx;
    if (elements % 2 != 0 || elements == 0) {
      throw Errors.syntax();
    }
    elements /= 2;
    boolean nx = (flags & ZSetValue.NX) != 0;
    boolean xx = (flags & ZSetValue.XX) != 0;
    boolean gt = (flags & ZSetValue.GT) != 0;
    boolean lt = (flags & ZSetValue.LT) != 0;
    boolean incr = (flags & ZSetValue.INCR) != 0;
    if (nx && xx) {
      throw new CommandException(XX_AND_NX);
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
      throw new CommandException(GT_LT_NX);
    }
    if (incr && elements > 1) {
      throw new CommandException(INCR_PAIR);
    }
    double[] scores = new double[elements];
    for (int j = 0; j < elements; j++) {
      scores[j] = ctx.doubleArg(scoreIdx + j * 2);
    }

    Bytes key = ctx.key(1);
    ZSetValue zset = writeZ(ctx, key);
    boolean created = false;
    if (zset == null) {
      if (xx) {
        return incr ? Reply.NIL : Reply.ZERO; // no key and XX: nothing to do
      }
      zset = new ZSetValue();
      created = true;
    }
    long added = 0;
    long updated = 0;
    ZSetValue.AddResult last = null;
    for (int j = 0; j < elements; j++) {
      last = zset.add(ctx.key(scoreIdx + j * 2 + 1), scores[j], flags);
      switch (last.outcome()) {
        case NAN:
          // Only INCR can get here, with a single pair, so nothing has changed yet.
          throw new CommandException(NAN_SCORE);
        case ADDED:
          added++;
          break;
        case UPDATED:
          updated++;
          break;
        default:
          break;
      }
    }
    if (created) {
      if (zset.size() > 0) {
        ctx.keyspace().add(key, zset);
      }
    } else if (added + updated > 0) {
      ctx.keyspace().modified(key);
    }
    if (added + updated > 0) {
      ctx.notify(KeyspaceEvents.ZSET, incr ? "zincr" : "zadd", key);
    }
    ctx.dirty(added + updated);
    if (incr) {
      return last.processed() ? Reply.dbl(last.score()) : Reply.NIL;
    }
    return Reply.integer(ch ? added + updated : added);
  }

  // ZREM key member [member ...]
  private static Reply zrem(CommandContext ctx) {
    Bytes key = ctx.key(1);
    ZSetValue zset = writeZ(ctx, key);
    if (zset == null) {
      return Reply.ZERO;
    }
    long deleted = 0;
    for (int i = 2; i < ctx.argc(); i++) {
      if (zset.remove(ctx.key(i))) {
        deleted++;
        if (zset.size() == 0) {
          break;
        }
      }
    }
    if (deleted > 0) {
      afterRemoval(ctx, key, zset, "zrem");
      ctx.dirty(deleted);
    }
    return Reply.integer(deleted);
  }

  // ---------------------------------------------------------------------------------------------
  // Point reads

  // ZCARD key
  private static Reply zcard(CommandContext ctx) {
    ZSetValue zset = readZ(ctx, ctx.key(1));
    return Reply.integer(zset == null ? 0 : zset.size());
  }

  // ZSCORE key member
  private static Reply zscore(CommandContext ctx) {
    ZSetValue zset = readZ(ctx, ctx.key(1));
    Double s = zset == null ? null : zset.score(ctx.key(2));
    return s == null ? Reply.NIL : Reply.dbl(s);
  }

  // ZMSCORE key member [member ...]
  private static Reply zmscore(CommandContext ctx) {
    ZSetValue zset = readZ(ctx, ctx.key(1));
    List<Reply> out = new ArrayList<>(ctx.argc() - 2);
    for (int i = 2; i < ctx.argc(); i++) {
      Double s = zset == null ? null : zset.score(ctx.key(i));
      out.add(s == null ? Reply.NIL : Reply.dbl(s));
    }
    return Reply.array(out);
  }

  // ZRANK key member / ZREVRANK key member
  private static Reply zrank(CommandContext ctx, boolean reverse) {
    ZSetValue zset = readZ(ctx, ctx.key(1));
    if (zset == null) {
      return Reply.NIL;
    }
    long rank = zset.rank(ctx.key(2), reverse);
    return rank < 0 ? Reply.NIL : Reply.integer(rank);
  }

  // ZCOUNT key min max
  private static Reply zcount(CommandContext ctx) {
    ZSetScoreRange range = ZSetScoreRange.parse(ctx.arg(2), ctx.arg(3));
    if (range == null) {
      throw new CommandException(NOT_FLOAT_RANGE);
    }
    ZSetValue zset = readZ(ctx, ctx.key(1));
    return Reply.integer(zset == null ? 0 : zset.count(range));
  }

  // ZLEXCOUNT key min max
  private static Reply zlexcount(CommandContext ctx) {
    ZSetLexRange range = ZSetLexRange.parse(ctx.arg(2), ctx.arg(3));
    if (range == null) {
      throw new CommandException(NOT_LEX_RANGE);
    }
    ZSetValue zset = readZ(ctx, ctx.key(1));
    return Reply.integer(zset == null ? 0 : zset.lexCount(range));
  }

  // ---------------------------------------------------------------------------------------------
  // ZRANGE and its older forms

  private enum By { AUTO, RANK, SCORE, LEX }

  private enum Direction { AUTO, FORWARD, REVERSE }

  // ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
  // ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
  // ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
  // ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
  // ZRANGEBYLEX key min max [LIMIT offset count]
  // ZREVRANGEBYLEX key max min [LIMIT offset count]
  // ZREVRANGE key start stop [WITHSCORES]
  private static Reply zrange(CommandContext ctx, int srcIdx, boolean store, By by, Direction dir) {
    int minIdx = srcIdx + 1;
    int maxIdx = srcIdx + 2;
    boolean withScores = false;
    long offset = 0;
    long limit = -1;
    for (int j = srcIdx + 3; j < ctx.argc(); j++) {
      int left = ctx.argc() - j - 1;
      if (!store && ctx.is(j, "WITHSCORES")) {
        withScores = true;
      } else if (ctx.is(j, "LIMIT") && left >= 2) {
        offset = ctx.longArg(j + 1);
        limit = ctx.longArg(j + 2);
        j += 2;
      } else if (dir == Direction.AUTO && ctx.is(j, "REV")) {
        dir = Direction.REVERSE;
      } else if (by == By.AUTO && ctx.is(j, "BYLEX")) {
        by = By.LEX;
      } else if (by == By.AUTO && ctx.is(j, "BYSCORE")) {
        by = By.SCORE;
      } else {
        throw Errors.syntax();
      }
    }
    if (dir == Direction.AUTO) {
      dir = Direction.FORWARD;
    }
    if (by == By.AUTO) {
      by = By.RANK;
    }
    // As Redis, "LIMIT 0 -1" (the default values) passes with a rank range.
    if (limit != -1 && by == By.RANK) {
      throw new CommandException(LIMIT_NEEDS_BY);
    }
    if (withScores && by == By.LEX) {
      throw new CommandException(WITHSCORES_BYLEX);
    }
    boolean reverse = dir == Direction.REVERSE;
    if (reverse && by != By.RANK) {
      // Score and lex ranges are given as max, min when reversed.
      int t = minIdx;
      minIdx = maxIdx;
      maxIdx = t;
    }
    long start = 0;
    long end = 0;
    ZSetScoreRange scoreRange = null;
    ZSetLexRange lexRange = null;
    switch (by) {
      case SCORE:
        scoreRange = ZSetScoreRange.parse(ctx.arg(minIdx), ctx.arg(maxIdx));
        if (scoreRange == null) {
          throw new CommandException(NOT_FLOAT_RANGE);
        }
        break;
      case LEX:
        lexRange = ZSetLexRange.parse(ctx.arg(minIdx), ctx.arg(maxIdx));
        if (lexRange == null) {
          throw new CommandException(NOT_LEX_RANGE);
        }
        break;
      default:
        start = ctx.longArg(minIdx);
        end = ctx.longArg(maxIdx);
        break;
    }

    ZSetValue zset = readZ(ctx, ctx.key(srcIdx));
    List<ZSetValue.Element> result;
    long sizeHint = -1; // ZRANGESTORE's destination is created small unless a rank range is long
    if (zset == null) {
      result = List.of();
    } else if (by == By.SCORE) {
      result = zset.rangeByScore(scoreRange, reverse, offset, limit);
    } else if (by == By.LEX) {
      result = zset.rangeByLex(lexRange, reverse, offset, limit);
    } else {
      long[] ranks = clampRanks(start, end, zset.size());
      result = ranks == null ? List.of() : zset.rangeByRank(ranks[0], ranks[1], reverse);
      sizeHint = result.size();
    }
    if (!store) {
      return flat(result, withScores);
    }
    ZSetValue out = ZSetValue.sized(sizeHint);
    for (ZSetValue.Element e : result) {
      out.put(e.member(), e.score());
    }
    return store(ctx, ctx.key(1), out);
  }

  // ---------------------------------------------------------------------------------------------
  // Removal by range

  // ZREMRANGEBYRANK key start stop
  private static Reply zremrangebyrank(CommandContext ctx) {
    long start = ctx.longArg(2);
    long end = ctx.longArg(3);
    Bytes key = ctx.key(1);
    ZSetValue zset = writeZ(ctx, key);
    if (zset == null) {
      return Reply.ZERO;
    }
    long[] ranks = clampRanks(start, end, zset.size());
    if (ranks == null) {
      return Reply.ZERO;
    }
    return removed(ctx, key, zset, zset.removeRangeByRank(ranks[0], ranks[1]));
  }

  // ZREMRANGEBYSCORE key min max
  private static Reply zremrangebyscore(CommandContext ctx) {
    ZSetScoreRange range = ZSetScoreRange.parse(ctx.arg(2), ctx.arg(3));
    if (range == null) {
      throw new CommandException(NOT_FLOAT_RANGE);
    }
    Bytes key = ctx.key(1);
    ZSetValue zset = writeZ(ctx, key);
    if (zset == null) {
      return Reply.ZERO;
    }
    return removed(ctx, key, zset, zset.removeRangeByScore(range));
  }

  // ZREMRANGEBYLEX key min max
  private static Reply zremrangebylex(CommandContext ctx) {
    ZSetLexRange range = ZSetLexRange.parse(ctx.arg(2), ctx.arg(3));
    if (range == null) {
      throw new CommandException(NOT_LEX_RANGE);
    }
    Bytes key = ctx.key(1);
    ZSetValue zset = writeZ(ctx, key);
    if (zset == null) {
      return Reply.ZERO;
    }
    return removed(ctx, key, zset, zset.removeRangeByLex(range));
  }

  private static Reply removed(CommandContext ctx, Bytes key, ZSetValue zset, long deleted) {
    if (deleted > 0) {
      afterRemoval(ctx, key, zset, ctx.spec().name()); // zremrangebyrank, -byscore, -bylex
      ctx.dirty(deleted);
    }
    return Reply.integer(deleted);
  }

  // ---------------------------------------------------------------------------------------------
  // Pops

  // ZPOPMIN key [count] / ZPOPMAX key [count]
  private static Reply zpop(CommandContext ctx, boolean max) {
    if (ctx.argc() > 3) {
      throw Errors.syntax();
    }
    long count = -1; // no count: one element, still as a flat array
    if (ctx.argc() == 3) {
      // Redis's getPositiveLongFromObjectOrReply: one message for a negative and a non-number
      Long parsed = Numbers.tryParseLong(ctx.arg(2));
      if (parsed == null || parsed < 0) {
        throw new CommandException(Errors.OUT_OF_RANGE_POSITIVE);
      }
      count = parsed;
    }
    Bytes key = ctx.key(1);
    ZSetValue zset = writeZ(ctx, key);
    if (zset == null || count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    List<ZSetValue.Element> popped = zset.pop(count == -1 ? 1 : count, max);
    afterRemoval(ctx, key, zset, max ? "zpopmax" : "zpopmin");
    ctx.dirty(popped.size());
    return flat(popped, true);
  }

  // ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
  private static Reply zmpop(CommandContext ctx) {
    long numkeys = positiveArg(ctx, 1, NUMKEYS_POSITIVE);
    if (numkeys > ctx.argc() - 3) {
      throw Errors.syntax(); // no room for the keys and MIN|MAX
    }
    int whereIdx = (int) (2 + numkeys);
    boolean max;
    if (ctx.is(whereIdx, "MIN")) {
      max = false;
    } else if (ctx.is(whereIdx, "MAX")) {
      max = true;
    } else {
      throw Errors.syntax();
    }
    long count = -1;
    for (int j = whereIdx + 1; j < ctx.argc(); j++) {
      boolean more = j < ctx.argc() - 1;
      if (count == -1 && ctx.is(j, "COUNT") && more) {
        j++;
        count = positiveArg(ctx, j, COUNT_POSITIVE);
      } else {
        throw Errors.syntax();
      }
    }
    if (count == -1) {
      count = 1;
    }
    for (int i = 0; i < numkeys; i++) {
      Bytes key = ctx.key(2 + i);
      ZSetValue zset = writeZ(ctx, key);
      if (zset == null) {
        continue;
      }
      List<ZSetValue.Element> popped = zset.pop(count, max);
      afterRemoval(ctx, key, zset, max ? "zpopmax" : "zpopmin");
      ctx.dirty(popped.size());
      ctx.propagate(max ? "ZPOPMAX" : "ZPOPMIN", key, popped.size());
      List<Reply> pairs = new ArrayList<>(popped.size());
      for (ZSetValue.Element e : popped) {
        pairs.add(Reply.array(List.of(Reply.bulk(e.member()), Reply.dbl(e.score()))));
      }
      return Reply.array(List.of(Reply.bulk(key), Reply.array(pairs)));
    }
    return Reply.NIL_ARRAY;
  }

  // ---------------------------------------------------------------------------------------------
  // ZUNION, ZINTER, ZDIFF, their STORE forms, ZINTERCARD

  private enum Op { UNION, INTER, DIFF }

  private enum Aggregate { SUM, MIN, MAX }

  /** One input: a sorted set, a plain set (every member scores 1) or a missing key. */
  private static final class Source {
    final Value value;
    double weight = 1;
    private Set<Bytes> setMembers; // a plain set's members, gathered on first lookup

    Source(Value value) {
      this.value = value;
    }

    long size() {
      return value == null ? 0 : value.size();
    }

    Double score(Bytes member) {
      if (value instanceof ZSetValue z) {
        return z.score(member);
      }
      if (value instanceof SetValue s) {
        if (setMembers == null) {
          setMembers = new HashSet<>();
          for (Bytes m : s.members()) {
            setMembers.add(m);
          }
        }
        return setMembers.contains(member) ? 1.0 : null;
      }
      return null;
    }

    Iterable<ZSetValue.Element> elements() {
      if (value instanceof ZSetValue z) {
        return z.elements();
      }
      if (value instanceof SetValue s) {
        List<ZSetValue.Element> out = new ArrayList<>();
        for (Bytes m : s.members()) {
          out.add(new ZSetValue.Element(m, 1.0));
        }
        return out;
      }
      return List.of();
    }
  }

  private static double aggregate(double target, double value, Aggregate how) {
    switch (how) {
      case SUM:
        double sum = target + value;
        return Double.isNaN(sum) ? 0.0 : sum; // inf + -inf counts as 0, as in Redis
      case MIN:
        return value < target ? value : target;
      default:
        return value > target ? value : target;
    }
  }

  // ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
  // ZINTER numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
  // ZDIFF numkeys key [key ...] [WITHSCORES]
  // ZUNIONSTORE / ZINTERSTORE destination numkeys key [key ...] [WEIGHTS ...] [AGGREGATE ...]
  // ZDIFFSTORE destination numkeys key [key ...]
  // ZINTERCARD numkeys key [key ...] [LIMIT limit]
  private static Reply setOperation(CommandContext ctx, Bytes dst, int numkeysIdx, Op op,
      boolean cardinalityOnly) {
    long setnum = ctx.longArg(numkeysIdx);
    if (setnum < 1) {
      throw new CommandException(
          "ERR at least 1 input key is needed for '" + ctx.spec().name() + "' command");
    }
    if (setnum > ctx.argc() - (numkeysIdx + 1)) {
      throw Errors.syntax();
    }
    int n = (int) setnum;
    // As Redis, the inputs' types are checked before the options are parsed.
    Source[] src = new Source[n];
    int j = numkeysIdx + 1;
    for (int i = 0; i < n; i++, j++) {
      Bytes key = ctx.key(j);
      // Read lookups even for the STORE forms, as Redis 7.0 (they count misses and fire keymiss).
      Entry e = ctx.keyspace().lookupRead(key);
      Value v = e == null ? null : e.value();
      if (v != null && !(v instanceof ZSetValue) && !(v instanceof SetValue)) {
        throw Errors.wrongType();
      }
      src[i] = new Source(v);
    }
    Aggregate how = Aggregate.SUM;
    boolean withScores = false;
    long limit = 0;
    while (j < ctx.argc()) {
      int remaining = ctx.argc() - j;
      if (op != Op.DIFF && !cardinalityOnly && remaining >= n + 1 && ctx.is(j, "WEIGHTS")) {
        j++;
        for (int i = 0; i < n; i++, j++) {
          Double w = Numbers.tryParseDouble(ctx.arg(j));
          if (w == null) {
            throw new CommandException(WEIGHT_NOT_FLOAT);
          }
          src[i].weight = w;
        }
      } else if (op != Op.DIFF && !cardinalityOnly && remaining >= 2 && ctx.is(j, "AGGREGATE")) {
        j++;
        if (ctx.is(j, "SUM")) {
          how = Aggregate.SUM;
        } else if (ctx.is(j, "MIN")) {
          how = Aggregate.MIN;
        } else if (ctx.is(j, "MAX")) {
          how = Aggregate.MAX;
        } else {
          throw Errors.syntax();
        }
        j++;
      } else if (dst == null && !cardinalityOnly && ctx.is(j, "WITHSCORES")) {
        j++;
        withScores = true;
      } else if (cardinalityOnly && remaining >= 2 && ctx.is(j, "LIMIT")) {
        j++;
        Long l = Numbers.tryParseLong(ctx.arg(j));
        if (l == null || l < 0) {
          throw new CommandException(LIMIT_NEGATIVE);
        }
        limit = l;
        j++;
      } else {
        throw Errors.syntax();
      }
    }

    List<Source> inputs = new ArrayList<>(Arrays.asList(src));
    if (op != Op.DIFF) {
      // Smallest first, as Redis: it bounds the intersection's work and fixes the order in which
      // scores are summed. The sort is stable, so equal sizes keep the command's order.
      inputs.sort(Comparator.comparingLong(Source::size));
    }
    if (cardinalityOnly) {
      return Reply.integer(intersectionCardinality(inputs, limit));
    }
    List<ZSetValue.Element> result;
    switch (op) {
      case INTER:
        result = intersection(inputs, how);
        break;
      case UNION:
        result = union(inputs, how);
        break;
      default:
        result = difference(inputs);
        break;
    }
    if (dst != null) {
      ZSetValue out = ZSetValue.large(result.size());
      for (ZSetValue.Element e : result) {
        out.put(e.member(), e.score());
      }
      out.compactIfSmall();
      return store(ctx, dst, out);
    }
    result.sort(ORDER);
    return flat(result, withScores);
  }

  private static List<ZSetValue.Element> intersection(List<Source> inputs, Aggregate how) {
    List<ZSetValue.Element> out = new ArrayList<>();
    Source first = inputs.get(0);
    if (first.size() == 0) {
      return out; // inputs are by size, so an empty or missing input empties the result
    }
    next:
    for (ZSetValue.Element e : first.elements()) {
      double score = first.weight * e.score();
      if (Double.isNaN(score)) {
        score = 0;
      }
      for (int k = 1; k < inputs.size(); k++) {
        Source s = inputs.get(k);
        Double v = s.score(e.member());
        if (v == null) {
          continue next;
        }
        score = aggregate(score, v * s.weight, how);
      }
      out.add(new ZSetValue.Element(e.member(), score));
    }
    return out;
  }

  private static long intersectionCardinality(List<Source> inputs, long limit) {
    Source first = inputs.get(0);
    long cardinality = 0;
    if (first.size() == 0) {
      return 0;
    }
    next:
    for (ZSetValue.Element e : first.elements()) {
      for (int k = 1; k < inputs.size(); k++) {
        if (inputs.get(k).score(e.member()) == null) {
          continue next;
        }
      }
      cardinality++;
      if (limit > 0 && cardinality >= limit) {
        break;
      }
    }
    return cardinality;
  }

  private static List<ZSetValue.Element> union(List<Source> inputs, Aggregate how) {
    Map<Bytes, double[]> acc = new HashMap<>();
    for (Source s : inputs) {
      if (s.size() == 0) {
        continue;
      }
      for (ZSetValue.Element e : s.elements()) {
        double score = s.weight * e.score();
        if (Double.isNaN(score)) {
          score = 0;
        }
        double[] cell = acc.get(e.member());
        if (cell == null) {
          acc.put(e.member(), new double[] {score});
        } else {
          cell[0] = aggregate(cell[0], score, how);
        }
      }
    }
    List<ZSetValue.Element> out = new ArrayList<>(acc.size());
    for (Map.Entry<Bytes, double[]> en : acc.entrySet()) {
      out.add(new ZSetValue.Element(en.getKey(), en.getValue()[0]));
    }
    return out;
  }

  private static List<ZSetValue.Element> difference(List<Source> inputs) {
    List<ZSetValue.Element> out = new ArrayList<>();
    Source first = inputs.get(0);
    next:
    for (ZSetValue.Element e : first.elements()) {
      for (int k = 1; k < inputs.size(); k++) {
        if (inputs.get(k).score(e.member()) != null) {
          continue next;
        }
      }
      out.add(e);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Random picks and scanning

  // ZRANDMEMBER key [count [WITHSCORES]]
  private static Reply zrandmember(CommandContext ctx) {
    if (ctx.argc() >= 3) {
      long l = ctx.longArg(2);
      if (l == Long.MIN_VALUE) {
        throw new CommandException(COUNT_OUT_OF_RANGE);
      }
      if (ctx.argc() > 4 || (ctx.argc() == 4 && !ctx.is(3, "WITHSCORES"))) {
        throw Errors.syntax();
      }
      boolean withScores = ctx.argc() == 4;
      if (withScores && (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2)) {
        throw new CommandException(OUT_OF_RANGE);
      }
      return zrandmemberWithCount(ctx, l, withScores);
    }
    ZSetValue zset = readZ(ctx, ctx.key(1));
    if (zset == null) {
      return Reply.NIL;
    }
    return Reply.bulk(zset.random(ctx.keyspace().random()).member());
  }

  private static Reply zrandmemberWithCount(CommandContext ctx, long l, boolean withScores) {
    boolean distinct = l >= 0;
    long count = Math.abs(l);
    ZSetValue zset = readZ(ctx, ctx.key(1));
    if (zset == null || count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    List<ZSetValue.Element> picks;
    if (!distinct || count == 1) {
      // Redis would try to build any reply, however large; a Java list has a bound.
      if (count * (withScores ? 2 : 1) > MAX_REPLY_ELEMENTS) {
        throw new CommandException(OUT_OF_RANGE);
      }
      picks = zset.randomWithRepetition((int) count, ctx.keyspace().random());
    } else if (count >= zset.size()) {
      // The whole set; Redis 7.0 answers it from the highest score down.
      picks = zset.rangeByRank(0, zset.size() - 1, true);
    } else {
      picks = zset.randomDistinct((int) count, ctx.keyspace().random());
    }
    return flat(picks, withScores);
  }

  // ZSCAN key cursor [MATCH pattern] [COUNT count]
  private static Reply zscan(CommandContext ctx) {
    // The cursor is checked before the key, the options only once the key is found (Redis order).
    long cursor = ScanArgs.parseCursor(ctx.arg(2));
    ZSetValue zset = readZ(ctx, ctx.key(1));
    if (zset == null) {
      return Reply.array(List.of(Reply.bulk("0"), Reply.EMPTY_ARRAY));
    }
    ScanArgs args = ScanArgs.parse(ctx, 2, false);
    ZSetValue.ScanPage page = zset.scan(cursor, args.count(), args::matches);
    return Reply.array(List.of(Reply.bulk(ScanArgs.formatCursor(page.cursor())), Reply.bulks(page.items())));
  }
}
