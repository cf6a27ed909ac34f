package io.restis.engine;

import static io.restis.engine.AclCategory.LIST;
import static io.restis.engine.CommandFlag.DENYOOM;
import static io.restis.engine.CommandFlag.FAST;
import static io.restis.engine.CommandFlag.READONLY;
import static io.restis.engine.CommandFlag.WRITE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The list commands, as Redis 7.0's t_list.c: same argument order of validation, same replies,
 * same error texts. Handlers change lists only through {@link ListValue}'s API; a list emptied by
 * a command deletes its key, a list changed in place gets a new version.
 *
 * <p>Propagation: the commands are deterministic, so they propagate verbatim when they changed
 * something, except LMPOP, which names the key it popped from and the count it actually popped
 * ({@code LPOP key n} / {@code RPOP key n}) so a replica does not have to repeat the search.
 */
final class ListCommands {

  static final String RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, "
      + "2 from the second ... or use negative to start from the end of the list";
  static final String COUNT_NEGATIVE = "ERR COUNT can't be negative";
  static final String MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
  static final String NUMKEYS_POSITIVE = "ERR numkeys should be greater than 0";
  static final String COUNT_POSITIVE = "ERR count should be greater than 0";

  private static final Set<AclCategory> CATS = EnumSet.of(LIST);

  private ListCommands() {}

  static List<CommandSpec> specs() {
    Set<CommandFlag> writeGrowFast = EnumSet.of(WRITE, DENYOOM, FAST);
    Set<CommandFlag> writeGrow = EnumSet.of(WRITE, DENYOOM);
    Set<CommandFlag> writeFast = EnumSet.of(WRITE, FAST);
    Set<CommandFlag> write = EnumSet.of(WRITE);
    Set<CommandFlag> readFast = EnumSet.of(READONLY, FAST);
    Set<CommandFlag> read = EnumSet.of(READONLY);
    return List.of(
        CommandSpec.of("lpush", -3, writeGrowFast, 1, 1, 1, CATS, ctx -> push(ctx, true, false)),
        CommandSpec.of("rpush", -3, writeGrowFast, 1, 1, 1, CATS, ctx -> push(ctx, false, false)),
        CommandSpec.of("lpushx", -3, writeGrowFast, 1, 1, 1, CATS, ctx -> push(ctx, true, true)),
        CommandSpec.of("rpushx", -3, writeGrowFast, 1, 1, 1, CATS, ctx -> push(ctx, false, true)),
        CommandSpec.of("lpop", -2, writeFast, 1, 1, 1, CATS, ctx -> pop(ctx, true)),
        CommandSpec.of("rpop", -2, writeFast, 1, 1, 1, CATS, ctx -> pop(ctx, false)),
        CommandSpec.of("llen", 2, readFast, 1, 1, 1, CATS, ListCommands::llen),
        CommandSpec.of("lrange", 4, read, 1, 1, 1, CATS, ListCommands::lrange),
        CommandSpec.of("lindex", 3, read, 1, 1, 1, CATS, ListCommands::lindex),
        CommandSpec.of("lset", 4, writeGrow, 1, 1, 1, CATS, ListCommands::lset),
        CommandSpec.of("linsert", 5, writeGrow, 1, 1, 1, CATS, ListCommands::linsert),
        CommandSpec.of("lrem", 4, write, 1, 1, 1, CATS, ListCommands::lrem),
        CommandSpec.of("ltrim", 4, write, 1, 1, 1, CATS, ListCommands::ltrim),
        CommandSpec.of("lpos", -3, read, 1, 1, 1, CATS, ListCommands::lpos),
        CommandSpec.of("lmove", 5, writeGrow, 1, 2, 1, CATS, ListCommands::lmove),
        CommandSpec.of("rpoplpush", 3, writeGrow, 1, 2, 1, CATS, ListCommands::rpoplpush),
        CommandSpec.withKeys("lmpop", -4, write, ListCommands::lmpopKeys, CATS,
            ListCommands::lmpop));
  }

  // LPUSH|RPUSH|LPUSHX|RPUSHX key element [element ...]
  private static Reply push(CommandContext ctx, boolean left, boolean onlyIfExists) {
    Bytes key = ctx.key(1);
    Keyspace ks = ctx.keyspace();
    ListValue list = ks.write(key, ListValue.class);
    boolean created = list == null;
    if (created) {
      if (onlyIfExists) {
        return Reply.ZERO;
      }
      list = new ListValue();
    }
    for (int j = 2; j < ctx.argc(); j++) {
      if (left) {
        list.pushLeft(ctx.arg(j));
      } else {
        list.pushRight(ctx.arg(j));
      }
    }
    if (created) {
      ks.add(key, list);
    } else {
      ks.modified(key);
    }
    ctx.notify(KeyspaceEvents.LIST, left ? "lpush" : "rpush", key);
    ctx.dirty(ctx.argc() - 2);
    return Reply.integer(list.size());
  }

  // LPOP|RPOP key [count]
  private static Reply pop(CommandContext ctx, boolean left) {
    if (ctx.argc() > 3) {
      throw Errors.wrongArity(ctx.spec().name());
    }
    boolean hasCount = ctx.argc() == 3;
    long count = hasCount ? nonNegative(ctx.arg(2), Errors.OUT_OF_RANGE_POSITIVE) : 1;
    Bytes key = ctx.key(1);
    Keyspace ks = ctx.keyspace();
    ListValue list = ks.write(key, ListValue.class);
    if (list == null) {
      return hasCount ? Reply.NIL_ARRAY : Reply.NIL;
    }
    if (!hasCount) {
      byte[] e = left ? list.popLeft() : list.popRight();
      afterRemoval(ctx, key, list, left ? "lpop" : "rpop");
      ctx.dirty();
      return Reply.bulk(e);
    }
    if (count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    List<byte[]> popped = left ? list.popLeft(count) : list.popRight(count);
    afterRemoval(ctx, key, list, left ? "lpop" : "rpop");
    ctx.dirty(popped.size());
    return Reply.bulks(popped);
  }

  // LLEN key
  private static Reply llen(CommandContext ctx) {
    ListValue list = ctx.keyspace().read(ctx.key(1), ListValue.class);
    return Reply.integer(list == null ? 0 : list.size());
  }

  // LRANGE key start stop
  private static Reply lrange(CommandContext ctx) {
    long start = ctx.longArg(2);
    long stop = ctx.longArg(3);
    ListValue list = ctx.keyspace().read(ctx.key(1), ListValue.class);
    if (list == null) {
      return Reply.EMPTY_ARRAY;
    }
    return Reply.bulks(list.range(start, stop));
  }

  // LINDEX key index
  private static Reply lindex(CommandContext ctx) {
    // Redis looks the key up before parsing the index: a missing key is nil whatever the index.
    ListValue list = ctx.keyspace().read(ctx.key(1), ListValue.class);
    if (list == null) {
      return Reply.NIL;
    }
    return Reply.bulk(list.get(ctx.longArg(2)));
  }

  // LSET key index element
  private static Reply lset(CommandContext ctx) {
    Bytes key = ctx.key(1);
    ListValue list = ctx.keyspace().write(key, ListValue.class);
    if (list == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    long index = ctx.longArg(2);
    if (!list.set(index, ctx.arg(3))) {
      throw new CommandException(Errors.INDEX_OUT_OF_RANGE);
    }
    ctx.keyspace().modified(key);
    ctx.notify(KeyspaceEvents.LIST, "lset", key);
    ctx.dirty();
    return Reply.OK;
  }

  // LINSERT key BEFORE|AFTER pivot element
  private static Reply linsert(CommandContext ctx) {
    boolean after;
    if (ctx.is(2, "AFTER")) {
      after = true;
    } else if (ctx.is(2, "BEFORE")) {
      after = false;
    } else {
      throw Errors.syntax();
    }
    Bytes key = ctx.key(1);
    ListValue list = ctx.keyspace().write(key, ListValue.class);
    if (list == null) {
      return Reply.ZERO;
    }
    long len = list.insert(ctx.arg(3), ctx.arg(4), after);
    if (len < 0) {
      return Reply.integer(-1);
    }
    ctx.keyspace().modified(key);
    ctx.notify(KeyspaceEvents.LIST, "linsert", key);
    ctx.dirty();
    return Reply.integer(len);
  }

  // LREM key count element
  private static Reply lrem(CommandContext ctx) {
    long count = ctx.longArg(2);
    Bytes key = ctx.key(1);
    Keyspace ks = ctx.keyspace();
    ListValue list = ks.write(key, ListValue.class);
    if (list == null) {
      return Reply.ZERO;
    }
    long removed = list.remove(count, ctx.arg(3));
    if (removed > 0) {
      afterRemoval(ctx, key, list, "lrem");
      ctx.dirty(removed);
    }
    return Reply.integer(removed);
  }

  // LTRIM key start stop
  private static Reply ltrim(CommandContext ctx) {
    long start = ctx.longArg(2);
    long stop = ctx.longArg(3);
    Bytes key = ctx.key(1);
    Keyspace ks = ctx.keyspace();
    ListValue list = ks.write(key, ListValue.class);
    if (list == null) {
      return Reply.OK;
    }
    long removed = list.trim(start, stop);
    // Redis notifies ltrim even when nothing was cut (but counts no change then).
    ctx.notify(KeyspaceEvents.LIST, "ltrim", key);
    if (removed > 0) {
      if (!ks.deleteIfEmpty(key, list)) {
        ks.modified(key);
      } else {
        ctx.notify(KeyspaceEvents.GENERIC, "del", key);
      }
      ctx.dirty(removed);
    }
    return Reply.OK;
  }

  // LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
  private static Reply lpos(CommandContext ctx) {
    long rank = 1;
    long count = -1; // -1: no COUNT option, answer a single index
    long maxlen = 0;
    for (int j = 3; j < ctx.argc(); j++) {
      boolean moreArgs = j < ctx.argc() - 1;
      if (ctx.is(j, "RANK") && moreArgs) {
        rank = ctx.longArg(++j);
        if (rank == 0) {
          throw new CommandException(RANK_ZERO);
        }
      } else if (ctx.is(j, "COUNT") && moreArgs) {
        count = nonNegative(ctx.arg(++j), COUNT_NEGATIVE);
      } else if (ctx.is(j, "MAXLEN") && moreArgs) {
        maxlen = nonNegative(ctx.arg(++j), MAXLEN_NEGATIVE);
      } else {
        throw Errors.syntax();
      }
    }
    boolean fromHead = true;
    if (rank < 0) {
      // Long.MIN_VALUE stays negative, as in Redis's C: every match qualifies, from the tail.
      rank = -rank;
      fromHead = false;
    }
    ListValue list = ctx.keyspace().read(ctx.key(1), ListValue.class);
    if (list == null) {
      return count != -1 ? Reply.EMPTY_ARRAY : Reply.NIL;
    }
    byte[] element = ctx.arg(2);
    long llen = list.size();
    Iterator<byte[]> it = fromHead ? list.iterator() : list.descendingIterator();
    List<Reply> found = count != -1 ? new ArrayList<>() : null;
    long index = 0;
    long matches = 0;
    long matchIndex = -1;
    while (it.hasNext() && (maxlen == 0 || index < maxlen)) {
      if (Arrays.equals(it.next(), element)) {
        matches++;
        matchIndex = fromHead ? index : llen - index - 1;
        if (matches >= rank) {
          if (found == null) {
            break;
          }
          found.add(Reply.integer(matchIndex));
          if (count != 0 && matches - rank + 1 >= count) {
            break;
          }
        }
      }
      index++;
      matchIndex = -1; // reached only when this element did not end the search
    }
    if (found != null) {
      return Reply.array(found);
    }
    return matchIndex != -1 ? Reply.integer(matchIndex) : Reply.NIL;
  }

  // LMOVE source destination LEFT|RIGHT LEFT|RIGHT
  private static Reply lmove(CommandContext ctx) {
    boolean fromLeft = side(ctx, 3);
    boolean toLeft = side(ctx, 4);
    return move(ctx, fromLeft, toLeft);
  }

  // RPOPLPUSH source destination
  private static Reply rpoplpush(CommandContext ctx) {
    return move(ctx, false, true);
  }

  static Reply move(CommandContext ctx, boolean fromLeft, boolean toLeft) {
    Bytes srcKey = ctx.key(1);
    Bytes dstKey = ctx.key(2);
    Keyspace ks = ctx.keyspace();
    ListValue src = ks.write(srcKey, ListValue.class);
    if (src == null) {
      return Reply.NIL;
    }
    // The destination's type is checked before anything moves, so WRONGTYPE changes nothing.
    ListValue dst = ks.write(dstKey, ListValue.class);
    byte[] e = fromLeft ? src.popLeft() : src.popRight();
    boolean created = dst == null;
    if (created) {
      dst = new ListValue();
    }
    if (toLeft) {
      dst.pushLeft(e);
    } else {
      dst.pushRight(e);
    }
    if (created) {
      ks.add(dstKey, dst);
    } else {
      ks.modified(dstKey);
    }
    ctx.notify(KeyspaceEvents.LIST, toLeft ? "lpush" : "rpush", dstKey);
    // Same key: the push refilled the list, so this only bumps the version again.
    afterRemoval(ctx, srcKey, src, fromLeft ? "lpop" : "rpop");
    ctx.dirty();
    return Reply.bulk(e);
  }

  // LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
  private static Reply lmpop(CommandContext ctx) {
    long numkeys = positive(ctx.arg(1), NUMKEYS_POSITIVE);
    int argc = ctx.argc();
    if (numkeys >= argc - 2) { // the LEFT|RIGHT word would be past the end
      throw Errors.syntax();
    }
    int whereIdx = (int) numkeys + 2;
    boolean left = side(ctx, whereIdx);
    long count = -1;
    for (int j = whereIdx + 1; j < argc; j++) {
      boolean moreArgs = j < argc - 1;
      if (count == -1 && ctx.is(j, "COUNT") && moreArgs) {
        count = positive(ctx.arg(++j), COUNT_POSITIVE);
      } else {
        throw Errors.syntax();
      }
    }
    if (count == -1) {
      count = 1;
    }
    Keyspace ks = ctx.keyspace();
    for (int j = 2; j < whereIdx; j++) {
      Bytes key = ctx.key(j);
      ListValue list = ks.write(key, ListValue.class);
      if (list == null) {
        continue;
      }
      List<byte[]> popped = left ? list.popLeft(count) : list.popRight(count);
      afterRemoval(ctx, key, list, left ? "lpop" : "rpop");
      ctx.dirty(popped.size());
      ctx.propagate(left ? "LPOP" : "RPOP", key, String.valueOf(popped.size()));
      return Reply.array(List.of(Reply.bulk(key), Reply.bulks(popped)));
    }
    return Reply.NIL_ARRAY;
  }

  /** LMPOP's keys: argv[2 .. 2+numkeys-1]; none when numkeys is malformed or runs past the end. */
  static int[] lmpopKeys(byte[][] argv) {
    if (argv.length < 2) {
      return new int[0];
    }
    Long n = Numbers.tryParseLong(argv[1]);
    if (n == null || n <= 0 || n > argv.length - 2) {
      return new int[0];
    }
    int[] keys = new int[n.intValue()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = 2 + i;
    }
    return keys;
  }

  // ---- helpers ----

  /** LEFT is true, RIGHT false, anything else the syntax error. */
  private static boolean side(CommandContext ctx, int i) {
    if (ctx.is(i, "LEFT")) {
      return true;
    }
    if (ctx.is(i, "RIGHT")) {
      return false;
    }
    throw Errors.syntax();
  }

  /** Redis's getPositiveLongFromObjectOrReply: a long >= 0, else the one error for both faults. */
  private static long nonNegative(byte[] arg, String error) {
    Long v = Numbers.tryParseLong(arg);
    if (v == null || v < 0) {
      throw new CommandException(error);
    }
    return v;
  }

  /** getRangeLongFromObjectOrReply(1, LONG_MAX): a long >= 1, else the given error. */
  private static long positive(byte[] arg, String error) {
    Long v = Numbers.tryParseLong(arg);
    if (v == null || v < 1) {
      throw new CommandException(error);
    }
    return v;
  }

  /**
   * After elements left a list: the command's event, then delete the key when it is empty (and
   * say so), else give it a new version.
   */
  static void afterRemoval(CommandContext ctx, Bytes key, ListValue list, String event) {
    ctx.notify(KeyspaceEvents.LIST, event, key);
    if (!ctx.keyspace().deleteIfEmpty(key, list)) {
      ctx.keyspace().modified(key);
    } else {
      ctx.notify(KeyspaceEvents.GENERIC, "del", key);
    }
  }
}
