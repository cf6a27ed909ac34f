package io.restis.engine;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The string commands, as Redis 7.0's t_string.c answers them: same replies, same error texts,
 * same order of checks (which decides the error a client sees when two things are wrong).
 *
 * <p>Strings are immutable {@link StringValue}s, so every write stores a new value: in place
 * writes (APPEND, SETRANGE, INCR) keep the key's TTL by replacing the value with {@code keepTtl},
 * as Redis's dbOverwrite does, while SET, GETSET and MSET drop it, as setKey does.
 *
 * <p>Propagation logs results, not requests, whenever the request alone would not reproduce the
 * result on a follower or after a replay: relative TTLs become absolute ({@code SET .. PXAT},
 * {@code PEXPIREAT}), INCRBYFLOAT becomes the SET of its final text (float arithmetic and its
 * printing must not be redone elsewhere), GETSET/GETDEL/GETEX become the plain write they did.
 */
final class StringCommands {

  /** Redis's default proto-max-bulk-len: the largest string a client may build. */
  static final long MAX_STRING_LENGTH = 512L * 1024 * 1024;

  static final String TOO_BIG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
  static final String OFFSET_OUT_OF_RANGE = "ERR offset is out of range";
  static final String DECREMENT_OVERFLOW = "ERR decrement would overflow";

  private static final Set<AclCategory> STRING = EnumSet.of(AclCategory.STRING);
  private static final Set<CommandFlag> READ_FAST = EnumSet.of(CommandFlag.READONLY, CommandFlag.FAST);
  private static final Set<CommandFlag> READ = EnumSet.of(CommandFlag.READONLY);
  private static final Set<CommandFlag> WRITE = EnumSet.of(CommandFlag.WRITE, CommandFlag.DENYOOM);
  private static final Set<CommandFlag> WRITE_FAST =
      EnumSet.of(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST);
  /** Writes that only shrink or re-time data: no DENYOOM (GETDEL, GETEX). */
  private static final Set<CommandFlag> WRITE_FAST_NO_OOM = EnumSet.of(CommandFlag.WRITE, CommandFlag.FAST);

  private StringCommands() {}

  static List<CommandSpec> specs() {
    return List.of(
        CommandSpec.of("get", 2, READ_FAST, 1, 1, 1, STRING, StringCommands::get),
        CommandSpec.of("set", -3, WRITE, 1, 1, 1, STRING, StringCommands::set),
        CommandSpec.of("setnx", 3, WRITE_FAST, 1, 1, 1, STRING, StringCommands::setnx),
        CommandSpec.of("setex", 4, WRITE, 1, 1, 1, STRING, ctx -> setex(ctx, SetOptions.EX)),
        CommandSpec.of("psetex", 4, WRITE, 1, 1, 1, STRING, ctx -> setex(ctx, SetOptions.PX)),
        CommandSpec.of("getset", 3, WRITE_FAST, 1, 1, 1, STRING, StringCommands::getset),
        CommandSpec.of("getdel", 2, WRITE_FAST_NO_OOM, 1, 1, 1, STRING, StringCommands::getdel),
        CommandSpec.of("getex", -2, WRITE_FAST_NO_OOM, 1, 1, 1, STRING, StringCommands::getex),
        CommandSpec.of("mget", -2, READ_FAST, 1, -1, 1, STRING, StringCommands::mget),
        CommandSpec.of("mset", -3, WRITE, 1, -1, 2, STRING, StringCommands::mset),
        CommandSpec.of("msetnx", -3, WRITE, 1, -1, 2, STRING, StringCommands::msetnx),
        CommandSpec.of("append", 3, WRITE_FAST, 1, 1, 1, STRING, StringCommands::append),
        CommandSpec.of("strlen", 2, READ_FAST, 1, 1, 1, STRING, StringCommands::strlen),
        CommandSpec.of("getrange", 4, READ, 1, 1, 1, STRING, StringCommands::getrange),
        CommandSpec.of("setrange", 4, WRITE, 1, 1, 1, STRING, StringCommands::setrange),
        CommandSpec.of("incr", 2, WRITE_FAST, 1, 1, 1, STRING, ctx -> incrDecr(ctx, 1)),
        CommandSpec.of("decr", 2, WRITE_FAST, 1, 1, 1, STRING, ctx -> incrDecr(ctx, -1)),
        CommandSpec.of("incrby", 3, WRITE_FAST, 1, 1, 1, STRING, ctx -> incrDecr(ctx, ctx.longArg(2))),
        CommandSpec.of("decrby", 3, WRITE_FAST, 1, 1, 1, STRING, StringCommands::decrby),
        CommandSpec.of("incrbyfloat", 3, WRITE_FAST, 1, 1, 1, STRING, StringCommands::incrbyfloat));
  }

  /**
   * The options of SET and GETEX, parsed as Redis parses them: one pass, each keyword accepted only
   * when it does not conflict with one seen before (a repeated EX is allowed, the last wins), any
   * other word a syntax error. The expire number itself is checked later, so that a syntax error
   * anywhere wins over a bad number.
   */
  private static final class SetOptions {
    static final int NX = 1;
    static final int XX = 1 << 1;
    static final int GET = 1 << 2;
    static final int KEEPTTL = 1 << 3;
    static final int PERSIST = 1 << 4;
    static final int EX = 1 << 5;
    static final int PX = 1 << 6;
    static final int EXAT = 1 << 7;
    static final int PXAT = 1 << 8;
    static final int ANY_EXPIRE = EX | PX | EXAT | PXAT;

    int flags;
    /** The argv index of the expire number, -1 when none was given. */
    int expireIndex = -1;

    boolean has(int bits) {
      return (flags & bits) != 0;
    }

    static SetOptions parse(CommandContext ctx, int from, boolean forSet) {
      SetOptions o = new SetOptions();
      for (int j = from; j < ctx.argc(); j++) {
        boolean hasNext = j + 1 < ctx.argc();
        if (forSet && ctx.is(j, "NX") && !o.has(XX)) {
          o.flags |= NX;
        } else if (forSet && ctx.is(j, "XX") && !o.has(NX)) {
          o.flags |= XX;
        } else if (forSet && ctx.is(j, "GET")) {
          o.flags |= GET;
        } else if (forSet && ctx.is(j, "KEEPTTL") && !o.has(PERSIST | ANY_EXPIRE)) {
          o.flags |= KEEPTTL;
        } else if (!forSet && ctx.is(j, "PERSIST") && !o.has(KEEPTTL | ANY_EXPIRE)) {
          o.flags |= PERSIST;
        } else if (ctx.is(j, "EX") && hasNext && !o.has(KEEPTTL | PERSIST | (ANY_EXPIRE & ~EX))) {
          o.flags |= EX;
          o.expireIndex = ++j;
        } else if (ctx.is(j, "PX") && hasNext && !o.has(KEEPTTL | PERSIST | (ANY_EXPIRE & ~PX))) {
          o.flags |= PX;
          o.expireIndex = ++j;
        } else if (ctx.is(j, "EXAT") && hasNext && !o.has(KEEPTTL | PERSIST | (ANY_EXPIRE & ~EXAT))) {
          o.flags |= EXAT;
          o.expireIndex = ++j;
        } else if (ctx.is(j, "PXAT") && hasNext && !o.has(KEEPTTL | PERSIST | (ANY_EXPIRE & ~PXAT))) {
          o.flags |= PXAT;
          o.expireIndex = ++j;
        } else {
          throw Errors.syntax();
        }
      }
      return o;
    }
  }

  /**
   * The absolute expiry in unix ms for an expire argument of the given unit (EX, PX, EXAT or
   * PXAT), or Redis's invalid-expire error: not positive, or too large once made milliseconds and
   * absolute.
   */
  private static long expireMillis(CommandContext ctx, int index, int unit) {
    long v = ctx.longArg(index);
    boolean seconds = unit == SetOptions.EX || unit == SetOptions.EXAT;
    if (v <= 0 || (seconds && v > Long.MAX_VALUE / 1000)) {
      throw invalidExpire(ctx);
    }
    if (seconds) {
      v *= 1000;
    }
    if (unit == SetOptions.EX || unit == SetOptions.PX) {
      if (v > Long.MAX_VALUE - ctx.now()) {
        throw invalidExpire(ctx); // Redis's sum wraps negative here and fails the same check
      }
      v += ctx.now();
    }
    return v;
  }

  private static CommandException invalidExpire(CommandContext ctx) {
    return new CommandException("ERR invalid expire time in '" + ctx.spec().name() + "' command");
  }

  private static int unitOf(SetOptions o) {
    return o.flags & SetOptions.ANY_EXPIRE;
  }

  // GET key
  private static Reply get(CommandContext ctx) {
    StringValue v = ctx.keyspace().read(ctx.key(1), StringValue.class);
    return v == null ? Reply.NIL : Reply.bulk(v.bytes());
  }

  // SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
  private static Reply set(CommandContext ctx) {
    SetOptions o = SetOptions.parse(ctx, 3, true);
    long expireAt = o.expireIndex < 0 ? Entry.NO_EXPIRY : expireMillis(ctx, o.expireIndex, unitOf(o));
    return setGeneric(ctx, o.flags, expireAt, Reply.OK, Reply.NIL);
  }

  // SETNX key value
  private static Reply setnx(CommandContext ctx) {
    return setGeneric(ctx, SetOptions.NX, Entry.NO_EXPIRY, Reply.ONE, Reply.ZERO);
  }

  // SETEX key seconds value / PSETEX key milliseconds value
  private static Reply setex(CommandContext ctx, int unit) {
    long expireAt = expireMillis(ctx, 2, unit);
    Bytes key = ctx.key(1);
    byte[] value = ctx.arg(3);
    ctx.keyspace().set(key, new StringValue(value), false);
    ctx.keyspace().setExpire(key, expireAt);
    ctx.notify(KeyspaceEvents.STRING, "set", key);
    ctx.notify(KeyspaceEvents.GENERIC, "expire", key);
    ctx.dirty();
    ctx.propagate("SET", key, value, "PXAT", expireAt);
    return Reply.OK;
  }

  /**
   * The body SET and SETNX share (Redis's setGenericCommand), with the options already validated:
   * the GET check first (so GET on a list fails even under NX), then the NX/XX condition, then the
   * write. An expiry in the past is stored as given; the key then expires on its next lookup and
   * that deletion propagates, as in Redis 7.0.
   */
  private static Reply setGeneric(CommandContext ctx, int flags, long expireAt, Reply ok, Reply aborted) {
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    byte[] value = ctx.arg(2);
    boolean get = (flags & SetOptions.GET) != 0;
    Reply old = null;
    if (get) {
      StringValue current = ks.read(key, StringValue.class);
      old = current == null ? Reply.NIL : Reply.bulk(current.bytes());
    }
    boolean found = ks.exists(key);
    if (((flags & SetOptions.NX) != 0 && found) || ((flags & SetOptions.XX) != 0 && !found)) {
      return get ? old : aborted;
    }
    ks.set(key, new StringValue(value), (flags & SetOptions.KEEPTTL) != 0);
    ctx.dirty();
    ctx.notify(KeyspaceEvents.STRING, "set", key);
    if (expireAt != Entry.NO_EXPIRY) {
      ks.setExpire(key, expireAt);
      ctx.notify(KeyspaceEvents.GENERIC, "expire", key);
      ctx.propagate("SET", key, value, "PXAT", expireAt);
    } else if (get) {
      ctx.propagate(withoutGet(ctx));
    }
    return get ? old : ok;
  }

  /** The SET argv without its GET words: GET only shapes the reply, the write is the same. */
  private static byte[][] withoutGet(CommandContext ctx) {
    List<byte[]> out = new ArrayList<>(ctx.argc());
    for (int j = 0; j < ctx.argc(); j++) {
      if (j < 3 || !ctx.is(j, "GET")) {
        out.add(ctx.arg(j));
      }
    }
    return out.toArray(new byte[0][]);
  }

  // GETSET key value
  private static Reply getset(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    StringValue old = ks.read(key, StringValue.class);
    byte[] value = ctx.arg(2);
    ks.set(key, new StringValue(value), false);
    ctx.notify(KeyspaceEvents.STRING, "set", key);
    ctx.dirty();
    ctx.propagate("SET", key, value);
    return old == null ? Reply.NIL : Reply.bulk(old.bytes());
  }

  // GETDEL key
  private static Reply getdel(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    StringValue old = ks.read(key, StringValue.class);
    if (old == null) {
      return Reply.NIL;
    }
    ks.delete(key);
    ctx.notify(KeyspaceEvents.GENERIC, "del", key);
    ctx.dirty();
    ctx.propagate("DEL", key);
    return Reply.bulk(old.bytes());
  }

  // GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]
  private static Reply getex(CommandContext ctx) {
    SetOptions o = SetOptions.parse(ctx, 2, false);
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    // Redis looks the key up before it reads the expire number: a missing key answers nil and a
    // list answers WRONGTYPE even when the number is bad.
    StringValue v = ks.read(key, StringValue.class);
    if (v == null) {
      return Reply.NIL;
    }
    long expireAt = o.expireIndex < 0 ? Entry.NO_EXPIRY : expireMillis(ctx, o.expireIndex, unitOf(o));
    Reply reply = Reply.bulk(v.bytes());
    if (o.has(SetOptions.EXAT | SetOptions.PXAT) && expireAt <= ctx.now()) {
      ks.delete(key); // an absolute time already past: the key is gone now, not on next lookup
      ctx.notify(KeyspaceEvents.GENERIC, "del", key);
      ctx.dirty();
      ctx.propagate("DEL", key);
    } else if (expireAt != Entry.NO_EXPIRY) {
      ks.setExpire(key, expireAt);
      ctx.notify(KeyspaceEvents.GENERIC, "expire", key);
      ctx.dirty();
      ctx.propagate("PEXPIREAT", key, expireAt);
    } else if (o.has(SetOptions.PERSIST) && ks.persist(key)) {
      ctx.notify(KeyspaceEvents.GENERIC, "persist", key);
      ctx.dirty();
      ctx.propagate("PERSIST", key);
    }
    return reply;
  }

  // MGET key [key ...]
  private static Reply mget(CommandContext ctx) {
    List<Reply> out = new ArrayList<>(ctx.argc() - 1);
    for (int j = 1; j < ctx.argc(); j++) {
      Entry e = ctx.keyspace().lookupRead(ctx.key(j));
      // Not an error: a key of another type reads as nil, as in Redis.
      out.add(e != null && e.value() instanceof StringValue s ? Reply.bulk(s.bytes()) : Reply.NIL);
    }
    return Reply.array(out);
  }

  // MSET key value [key value ...]
  private static Reply mset(CommandContext ctx) {
    checkPairs(ctx);
    for (int j = 1; j < ctx.argc(); j += 2) {
      ctx.keyspace().set(ctx.key(j), new StringValue(ctx.arg(j + 1)), false);
      ctx.notify(KeyspaceEvents.STRING, "set", ctx.key(j));
    }
    ctx.dirty((ctx.argc() - 1) / 2);
    return Reply.OK;
  }

  // MSETNX key value [key value ...]
  private static Reply msetnx(CommandContext ctx) {
    checkPairs(ctx);
    // All or nothing: look at every key before writing any.
    for (int j = 1; j < ctx.argc(); j += 2) {
      if (ctx.keyspace().exists(ctx.key(j))) {
        return Reply.ZERO;
      }
    }
    for (int j = 1; j < ctx.argc(); j += 2) {
      ctx.keyspace().set(ctx.key(j), new StringValue(ctx.arg(j + 1)), false);
      ctx.notify(KeyspaceEvents.STRING, "set", ctx.key(j));
    }
    ctx.dirty((ctx.argc() - 1) / 2);
    return Reply.ONE;
  }

  /** The arity check the table cannot express: keys and values must pair up. */
  private static void checkPairs(CommandContext ctx) {
    if (ctx.argc() % 2 == 0) {
      throw Errors.wrongArity(ctx.spec().name());
    }
  }

  // APPEND key value
  private static Reply append(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    byte[] suffix = ctx.arg(2);
    StringValue v = ks.write(key, StringValue.class);
    long total;
    if (v == null) {
      ks.add(key, new StringValue(suffix));
      total = suffix.length;
    } else {
      checkLength(v.length(), suffix.length);
      StringValue appended = v.append(suffix);
      ks.set(key, appended, true);
      total = appended.length();
    }
    ctx.notify(KeyspaceEvents.STRING, "append", key);
    ctx.dirty(); // even an empty append counts, as in Redis
    return Reply.integer(total);
  }

  /** Redis's checkStringLength: the result of offset + length bytes must fit the bulk limit. */
  private static void checkLength(long offset, long length) {
    if (offset > MAX_STRING_LENGTH - length) {
      throw new CommandException(TOO_BIG);
    }
  }

  // STRLEN key
  private static Reply strlen(CommandContext ctx) {
    StringValue v = ctx.keyspace().read(ctx.key(1), StringValue.class);
    return Reply.integer(v == null ? 0 : v.length());
  }

  // GETRANGE key start end
  private static Reply getrange(CommandContext ctx) {
    long start = ctx.longArg(2);
    long end = ctx.longArg(3);
    StringValue v = ctx.keyspace().read(ctx.key(1), StringValue.class);
    if (v == null) {
      return Reply.bulk(new byte[0]);
    }
    long len = v.length();
    // Redis's conversion, quirks included: two negative indexes in the wrong order are empty,
    // but an index before the start clamps to 0, so "-100 -50" on a short string is its first byte.
    if (start < 0 && end < 0 && start > end) {
      return Reply.bulk(new byte[0]);
    }
    if (start < 0) {
      start += len;
    }
    if (end < 0) {
      end += len;
    }
    start = Math.max(start, 0);
    end = Math.max(end, 0);
    end = Math.min(end, len - 1);
    if (start > end || len == 0) {
      return Reply.bulk(new byte[0]);
    }
    return Reply.bulk(v.range((int) start, (int) end + 1));
  }

  // SETRANGE key offset value
  private static Reply setrange(CommandContext ctx) {
    long offset = ctx.longArg(2);
    if (offset < 0) {
      throw new CommandException(OFFSET_OUT_OF_RANGE);
    }
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    byte[] part = ctx.arg(3);
    StringValue v = ks.write(key, StringValue.class);
    // Writing nothing changes nothing and creates nothing, whatever the offset.
    if (part.length == 0) {
      return Reply.integer(v == null ? 0 : v.length());
    }
    checkLength(offset, part.length);
    StringValue updated;
    if (v == null) {
      updated = new StringValue(new byte[0]).overwrite((int) offset, part);
      ks.add(key, updated);
    } else {
      updated = v.overwrite((int) offset, part);
      ks.set(key, updated, true);
    }
    ctx.notify(KeyspaceEvents.STRING, "setrange", key);
    ctx.dirty();
    return Reply.integer(updated.length());
  }

  // INCR key / DECR key / INCRBY key increment (the increment parsed by the caller, before the lookup)
  private static Reply incrDecr(CommandContext ctx, long incr) {
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    StringValue v = ks.write(key, StringValue.class);
    long old = 0;
    if (v != null) {
      Long parsed = v.asLong();
      if (parsed == null) {
        throw Errors.notInteger();
      }
      old = parsed;
    }
    if ((incr < 0 && old < 0 && incr < Long.MIN_VALUE - old)
        || (incr > 0 && old > 0 && incr > Long.MAX_VALUE - old)) {
      throw new CommandException(Errors.OVERFLOW);
    }
    long result = old + incr;
    StringValue updated = StringValue.of(result);
    if (v == null) {
      ks.add(key, updated);
    } else {
      ks.set(key, updated, true);
    }
    ctx.notify(KeyspaceEvents.STRING, "incrby", key);
    ctx.dirty();
    return Reply.integer(result);
  }

  // DECRBY key decrement
  private static Reply decrby(CommandContext ctx) {
    long decrement = ctx.longArg(2);
    if (decrement == Long.MIN_VALUE) {
      throw new CommandException(DECREMENT_OVERFLOW); // its negation does not exist
    }
    return incrDecr(ctx, -decrement);
  }

  // INCRBYFLOAT key increment
  private static Reply incrbyfloat(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    StringValue v = ks.write(key, StringValue.class);
    BigDecimal current = v == null ? BigDecimal.ZERO : LongDouble.parse(v.bytes());
    if (current == null) {
      throw Errors.notFloat();
    }
    BigDecimal incr = LongDouble.parse(ctx.arg(2));
    if (incr == null) {
      throw Errors.notFloat();
    }
    byte[] result = LongDouble.format(LongDouble.add(current, incr)).getBytes(StandardCharsets.US_ASCII);
    StringValue updated = new StringValue(result);
    if (v == null) {
      ks.add(key, updated);
    } else {
      ks.set(key, updated, true);
    }
    ctx.notify(KeyspaceEvents.STRING, "incrbyfloat", key);
    ctx.dirty();
    ctx.propagate("SET", key, result, "KEEPTTL");
    return Reply.bulk(result);
  }
}
