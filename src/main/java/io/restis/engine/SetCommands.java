package io.restis.engine;

import static io.restis.engine.AclCategory.SET;
import static io.restis.engine.CommandFlag.DENYOOM;
import static io.restis.engine.CommandFlag.FAST;
import static io.restis.engine.CommandFlag.READONLY;
import static io.restis.engine.CommandFlag.WRITE;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * The set commands, as Redis 7.0's t_set.c: each handler validates every argument, then looks the
 * keys up and type-checks them, then changes the set through {@link SetValue}'s API.
 *
 * <p>Propagation: SPOP is random, so it propagates what it did (SREM of the popped members, or DEL
 * when it emptied the set); SRANDMEMBER reads; everything else is deterministic and propagates as
 * sent when it changed something.
 */
final class SetCommands {

  static final String COUNT_NOT_POSITIVE = "ERR value is out of range, must be positive";
  static final String COUNT_RANGE =
      "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
  static final String NUMKEYS_NOT_POSITIVE = "ERR numkeys should be greater than 0";
  static final String TOO_MANY_KEYS = "ERR Number of keys can't be greater than number of args";
  static final String LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
  /**
   * The most elements a random pick with repetition may answer. Redis 7.0 has no bound and will
   * try to stream any count until memory runs out; a reply here is built whole before it is sent,
   * so a bound keeps one call from exhausting the heap.
   */
  static final int MAX_RANDOM_REPLY = 1 << 24;
  static final String RANDOM_REPLY_TOO_LARGE = "ERR value is out of range";

  private SetCommands() {}

  static List<CommandSpec> specs() {
    return List.of(
        CommandSpec.of("sadd", -3, EnumSet.of(WRITE, DENYOOM, FAST), 1, 1, 1, EnumSet.of(SET), SetCommands::sadd),
        CommandSpec.of("srem", -3, EnumSet.of(WRITE, FAST), 1, 1, 1, EnumSet.of(SET), SetCommands::srem),
        CommandSpec.of("smembers", 2, EnumSet.of(READONLY), 1, 1, 1, EnumSet.of(SET), SetCommands::smembers),
        CommandSpec.of("sismember", 3, EnumSet.of(READONLY, FAST), 1, 1, 1, EnumSet.of(SET),
            SetCommands::sismember),
        CommandSpec.of("smismember", -3, EnumSet.of(READONLY, FAST), 1, 1, 1, EnumSet.of(SET),
            SetCommands::smismember),
        CommandSpec.of("scard", 2, EnumSet.of(READONLY, FAST), 1, 1, 1, EnumSet.of(SET), SetCommands::scard),
        CommandSpec.of("spop", -2, EnumSet.of(WRITE, FAST), 1, 1, 1, EnumSet.of(SET), SetCommands::spop),
        CommandSpec.of("srandmember", -2, EnumSet.of(READONLY), 1, 1, 1, EnumSet.of(SET),
            SetCommands::srandmember),
        CommandSpec.of("smove", 4, EnumSet.of(WRITE, FAST), 1, 2, 1, EnumSet.of(SET), SetCommands::smove),
        CommandSpec.of("sinter", -2, EnumSet.of(READONLY), 1, -1, 1, EnumSet.of(SET), SetCommands::sinter),
        CommandSpec.withKeys("sintercard", -3, EnumSet.of(READONLY), SetCommands::sintercardKeys,
            EnumSet.of(SET), SetCommands::sintercard),
        CommandSpec.of("sinterstore", -3, EnumSet.of(WRITE, DENYOOM), 1, -1, 1, EnumSet.of(SET),
            SetCommands::sinterstore),
        CommandSpec.of("sunion", -2, EnumSet.of(READONLY), 1, -1, 1, EnumSet.of(SET), SetCommands::sunion),
        CommandSpec.of("sunionstore", -3, EnumSet.of(WRITE, DENYOOM), 1, -1, 1, EnumSet.of(SET),
            SetCommands::sunionstore),
        CommandSpec.of("sdiff", -2, EnumSet.of(READONLY), 1, -1, 1, EnumSet.of(SET), SetCommands::sdiff),
        CommandSpec.of("sdiffstore", -3, EnumSet.of(WRITE, DENYOOM), 1, -1, 1, EnumSet.of(SET),
            SetCommands::sdiffstore),
        CommandSpec.of("sscan", -3, EnumSet.of(READONLY), 1, 1, 1, EnumSet.of(SET), SetCommands::sscan));
  }

  /** The set in the entry; null when absent; WRONGTYPE for another type. */
  private static SetValue asSet(Entry e) {
    if (e == null) {
      return null;
    }
    if (e.value() instanceof SetValue s) {
      return s;
    }
    throw Errors.wrongType();
  }

  // SADD key member [member ...]
  static Reply sadd(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    SetValue set = ks.write(key, SetValue.class);
    boolean created = set == null;
    if (created) {
      set = new SetValue();
    }
    int added = 0;
    for (int i = 2; i < ctx.argc(); i++) {
      if (set.add(ctx.key(i))) {
        added++;
      }
    }
    if (created) {
      ks.add(key, set);
    } else if (added > 0) {
      ks.modified(key);
    }
    if (added > 0) {
      ctx.notify(KeyspaceEvents.SET, "sadd", key);
    }
    ctx.dirty(added);
    return Reply.integer(added);
  }

  // SREM key member [member ...]
  static Reply srem(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    SetValue set = ks.write(key, SetValue.class);
    if (set == null) {
      return Reply.ZERO;
    }
    int removed = 0;
    for (int i = 2; i < ctx.argc() && !set.isEmpty(); i++) {
      if (set.remove(ctx.key(i))) {
        removed++;
      }
    }
    if (removed > 0) {
      ctx.notify(KeyspaceEvents.SET, "srem", key);
      if (!ks.deleteIfEmpty(key, set)) {
        ks.modified(key);
      } else {
        ctx.notify(KeyspaceEvents.GENERIC, "del", key);
      }
      ctx.dirty(removed);
    }
    return Reply.integer(removed);
  }

  // SMEMBERS key
  static Reply smembers(CommandContext ctx) {
    SetValue set = ctx.keyspace().read(ctx.key(1), SetValue.class);
    return set == null ? Reply.EMPTY_ARRAY : Reply.bulks(set.members());
  }

  // SISMEMBER key member
  static Reply sismember(CommandContext ctx) {
    SetValue set = ctx.keyspace().read(ctx.key(1), SetValue.class);
    return Reply.bool(set != null && set.contains(ctx.key(2)));
  }

  // SMISMEMBER key member [member ...]
  static Reply smismember(CommandContext ctx) {
    SetValue set = ctx.keyspace().read(ctx.key(1), SetValue.class);
    List<Reply> out = new ArrayList<>(ctx.argc() - 2);
    for (int i = 2; i < ctx.argc(); i++) {
      out.add(Reply.bool(set != null && set.contains(ctx.key(i))));
    }
    return Reply.array(out);
  }

  // SCARD key
  static Reply scard(CommandContext ctx) {
    SetValue set = ctx.keyspace().read(ctx.key(1), SetValue.class);
    return Reply.integer(set == null ? 0 : set.size());
  }

  // SPOP key [count]
  static Reply spop(CommandContext ctx) {
    if (ctx.argc() > 3) {
      throw Errors.syntax();
    }
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    if (ctx.argc() == 3) {
      // Redis reads the count with getPositiveLongFromObjectOrReply: any non-integer gets the same
      // "must be positive" text as a negative number.
      Long parsed = Numbers.tryParseLong(ctx.arg(2));
      if (parsed == null || parsed < 0) {
        throw new CommandException(COUNT_NOT_POSITIVE);
      }
      long count = parsed;
      SetValue set = ks.write(key, SetValue.class);
      if (set == null || count == 0) {
        return Reply.EMPTY_ARRAY;
      }
      List<Bytes> popped = set.pop((int) Math.min(count, set.size()), ks.random());
      propagatePop(ctx, key, set, popped);
      return Reply.bulks(popped);
    }
    SetValue set = ks.write(key, SetValue.class);
    if (set == null) {
      return Reply.NIL;
    }
    Bytes member = set.random(ks.random());
    set.remove(member);
    propagatePop(ctx, key, set, List.of(member));
    return Reply.bulk(member);
  }

  /** Deletes an emptied set and propagates the pop as its outcome: DEL, or SREM of the members. */
  private static void propagatePop(CommandContext ctx, Bytes key, SetValue set, List<Bytes> popped) {
    Keyspace ks = ctx.keyspace();
    ctx.notify(KeyspaceEvents.SET, "spop", key);
    if (ks.deleteIfEmpty(key, set)) {
      ctx.notify(KeyspaceEvents.GENERIC, "del", key);
      ctx.propagate("DEL", key);
    } else {
      ks.modified(key);
      Object[] form = new Object[popped.size() + 2];
      form[0] = "SREM";
      form[1] = key;
      for (int i = 0; i < popped.size(); i++) {
        form[i + 2] = popped.get(i);
      }
      ctx.propagate(form);
    }
    ctx.dirty(popped.size());
  }

  // SRANDMEMBER key [count]
  static Reply srandmember(CommandContext ctx) {
    if (ctx.argc() > 3) {
      throw Errors.syntax();
    }
    Keyspace ks = ctx.keyspace();
    if (ctx.argc() == 2) {
      SetValue set = ks.read(ctx.key(1), SetValue.class);
      return set == null ? Reply.NIL : Reply.bulk(set.random(ks.random()));
    }
    long count = ctx.longArg(2);
    if (count == Long.MIN_VALUE) {
      throw new CommandException(COUNT_RANGE);
    }
    SetValue set = ks.read(ctx.key(1), SetValue.class);
    if (set == null || count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    if (count > 0) {
      return Reply.bulks(set.randomDistinct(count, ks.random()));
    }
    if (-count > MAX_RANDOM_REPLY) {
      throw new CommandException(RANDOM_REPLY_TOO_LARGE);
    }
    return Reply.bulks(set.randomWithRepetition((int) -count, ks.random()));
  }

  // SMOVE source destination member
  static Reply smove(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    Bytes srcKey = ctx.key(1);
    Bytes dstKey = ctx.key(2);
    Bytes member = ctx.key(3);
    Entry srcEntry = ks.lookupWrite(srcKey);
    Entry dstEntry = ks.lookupWrite(dstKey);
    // A missing source answers 0 before the destination's type is looked at.
    if (srcEntry == null) {
      return Reply.ZERO;
    }
    SetValue src = asSet(srcEntry);
    SetValue dst = asSet(dstEntry);
    if (src == dst) {
      return Reply.bool(src.contains(member));
    }
    if (!src.remove(member)) {
      return Reply.ZERO;
    }
    ctx.notify(KeyspaceEvents.SET, "srem", srcKey);
    if (!ks.deleteIfEmpty(srcKey, src)) {
      ks.modified(srcKey);
    } else {
      ctx.notify(KeyspaceEvents.GENERIC, "del", srcKey);
    }
    ctx.dirty();
    if (dst == null) {
      dst = new SetValue();
      dst.add(member);
      ks.add(dstKey, dst);
      ctx.notify(KeyspaceEvents.SET, "sadd", dstKey);
      ctx.dirty();
    } else if (dst.add(member)) {
      ks.modified(dstKey);
      ctx.notify(KeyspaceEvents.SET, "sadd", dstKey);
      ctx.dirty();
    }
    return Reply.ONE;
  }

  /**
   * The sets named by argv[from..to), every one type-checked before any is used (a missing key is
   * a null, the empty set); the store commands look their sources up as writes, as Redis does.
   */
  private static List<SetValue> lookupAll(CommandContext ctx, int from, int to, boolean forWrite) {
    Keyspace ks = ctx.keyspace();
    List<SetValue> sets = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      Bytes k = ctx.key(i);
      sets.add(asSet(forWrite ? ks.lookupWrite(k) : ks.lookupRead(k)));
    }
    return sets;
  }

  /**
   * The intersection, walking the smallest set and probing the others, stopping after
   * {@code limit} members when limit is positive. Empty when any set is missing.
   */
  private static List<Bytes> intersect(List<SetValue> sets, long limit) {
    List<Bytes> out = new ArrayList<>();
    if (sets.contains(null)) {
      return out;
    }
    List<SetValue> bySize = new ArrayList<>(sets);
    bySize.sort(Comparator.comparingLong(SetValue::size));
    SetValue smallest = bySize.get(0);
    for (Bytes m : smallest.members()) {
      boolean inAll = true;
      for (int j = 1; j < bySize.size() && inAll; j++) {
        SetValue other = bySize.get(j);
        inAll = other == smallest || other.contains(m);
      }
      if (inAll) {
        out.add(m);
        if (limit > 0 && out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  /** The union or (first minus the rest) difference, as a new set in Redis's reply order. */
  private static SetValue unionOrDiff(List<SetValue> sets, boolean union) {
    SetValue result = new SetValue();
    if (union) {
      for (SetValue s : sets) {
        if (s != null) {
          for (Bytes m : s.members()) {
            result.add(m);
          }
        }
      }
      return result;
    }
    SetValue first = sets.get(0);
    if (first == null) {
      return result;
    }
    for (Bytes m : first.members()) {
      boolean elsewhere = false;
      for (int j = 1; j < sets.size() && !elsewhere; j++) {
        SetValue other = sets.get(j);
        elsewhere = other != null && (other == first || other.contains(m));
      }
      if (!elsewhere) {
        result.add(m);
      }
    }
    return result;
  }

  /**
   * Stores a computed set at the destination (replacing any value and its TTL, as SET does), or
   * deletes the destination when the result is empty. Reports a change only when there was one.
   */
  private static Reply store(CommandContext ctx, Bytes dstKey, SetValue result) {
    Keyspace ks = ctx.keyspace();
    if (result.isEmpty()) {
      if (ks.delete(dstKey)) {
        ctx.notify(KeyspaceEvents.GENERIC, "del", dstKey);
        ctx.dirty();
      }
      return Reply.ZERO;
    }
    ks.set(dstKey, result, false);
    ctx.notify(KeyspaceEvents.SET, ctx.spec().name(), dstKey); // sinterstore, sunionstore, sdiffstore
    ctx.dirty();
    return Reply.integer(result.size());
  }

  // SINTER key [key ...]
  static Reply sinter(CommandContext ctx) {
    return Reply.bulks(intersect(lookupAll(ctx, 1, ctx.argc(), false), 0));
  }

  // SINTERSTORE destination key [key ...]
  static Reply sinterstore(CommandContext ctx) {
    List<Bytes> members = intersect(lookupAll(ctx, 2, ctx.argc(), false), 0);
    return store(ctx, ctx.key(1), SetValue.of(members));
  }

  /** SINTERCARD's keys: numkeys of them after argv[1]; none when numkeys is not usable. */
  static int[] sintercardKeys(byte[][] argv) {
    if (argv.length < 2) {
      return new int[0];
    }
    Long numkeys = Numbers.tryParseLong(argv[1]);
    if (numkeys == null || numkeys < 1) {
      return new int[0];
    }
    int n = (int) Math.min(numkeys, argv.length - 2);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = 2 + i;
    }
    return out;
  }

  // SINTERCARD numkeys key [key ...] [LIMIT limit]
  static Reply sintercard(CommandContext ctx) {
    Long numkeys = Numbers.tryParseLong(ctx.arg(1));
    if (numkeys == null || numkeys < 1) {
      throw new CommandException(NUMKEYS_NOT_POSITIVE);
    }
    if (numkeys > ctx.argc() - 2) {
      throw new CommandException(TOO_MANY_KEYS);
    }
    int keysEnd = 2 + (int) (long) numkeys;
    long limit = 0;
    for (int i = keysEnd; i < ctx.argc(); i++) {
      if (ctx.is(i, "LIMIT") && i + 1 < ctx.argc()) {
        Long l = Numbers.tryParseLong(ctx.arg(++i));
        if (l == null || l < 0) {
          throw new CommandException(LIMIT_NEGATIVE);
        }
        limit = l;
      } else {
        throw Errors.syntax();
      }
    }
    return Reply.integer(intersect(lookupAll(ctx, 2, keysEnd, false), limit).size());
  }

  // SUNION key [key ...]
  static Reply sunion(CommandContext ctx) {
    return Reply.bulks(unionOrDiff(lookupAll(ctx, 1, ctx.argc(), false), true).members());
  }

  // SUNIONSTORE destination key [key ...]
  static Reply sunionstore(CommandContext ctx) {
    // Redis 7.0 looks the STORE forms' sources up as reads (they count misses and fire keymiss).
    return store(ctx, ctx.key(1), unionOrDiff(lookupAll(ctx, 2, ctx.argc(), false), true));
  }

  // SDIFF key [key ...]
  static Reply sdiff(CommandContext ctx) {
    return Reply.bulks(unionOrDiff(lookupAll(ctx, 1, ctx.argc(), false), false).members());
  }

  // SDIFFSTORE destination key [key ...]
  static Reply sdiffstore(CommandContext ctx) {
    return store(ctx, ctx.key(1), unionOrDiff(lookupAll(ctx, 2, ctx.argc(), false), false));
  }

  // SSCAN key cursor [MATCH pattern] [COUNT count]
  static Reply sscan(CommandContext ctx) {
    // As Redis: the cursor is checked first, then the key, and only then the options, so a
    // missing key answers an empty scan whatever options follow.
    ScanArgs.parseCursor(ctx.arg(2));
    SetValue set = ctx.keyspace().read(ctx.key(1), SetValue.class);
    if (set == null) {
      return scanReply(0, List.of());
    }
    ScanArgs args = ScanArgs.parse(ctx, 2, false);
    List<Bytes> found = new ArrayList<>();
    long next = set.scan(args.cursor(), args.count(), m -> {
      if (args.matches(m.bytes())) {
        found.add(m);
      }
    });
    return scanReply(next, found);
  }

  /** The two-element SCAN reply: the next cursor as a bulk string, then the elements. */
  static Reply scanReply(long cursor, List<?> elements) {
    return Reply.array(List.of(Reply.bulk(ScanArgs.formatCursor(cursor)), Reply.bulks(elements)));
  }
}
