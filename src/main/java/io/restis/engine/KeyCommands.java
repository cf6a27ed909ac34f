package io.restis.engine;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The generic keyspace commands, as Redis's db.c and expire.c: existence, type, deletion,
 * renaming, copying, TTLs, and the three ways to enumerate keys (KEYS, SCAN, RANDOMKEY).
 *
 * <p>Expiry is the delicate part. A relative TTL is turned into an absolute unix-ms deadline once,
 * at the command's fixed time, and that absolute form is what propagates ({@code PEXPIREAT}), so a
 * follower or a replayed log reaches the same deadline whenever it applies the write. A deadline
 * already in the past deletes the key on the spot and propagates {@code DEL}, as Redis does,
 * rather than leaving an expired key for each follower to reclaim on its own schedule.
 */
final class KeyCommands {

  private static final Set<CommandFlag> WRITE = EnumSet.of(CommandFlag.WRITE);
  private static final Set<CommandFlag> WRITE_FAST = EnumSet.of(CommandFlag.WRITE, CommandFlag.FAST);
  private static final Set<CommandFlag> WRITE_DENYOOM = EnumSet.of(CommandFlag.WRITE, CommandFlag.DENYOOM);
  private static final Set<CommandFlag> READ = EnumSet.of(CommandFlag.READONLY);
  private static final Set<CommandFlag> READ_FAST = EnumSet.of(CommandFlag.READONLY, CommandFlag.FAST);
  private static final Set<AclCategory> KEYSPACE = EnumSet.of(AclCategory.KEYSPACE);
  private static final Set<AclCategory> KEYSPACE_DANGEROUS =
      EnumSet.of(AclCategory.KEYSPACE, AclCategory.DANGEROUS);

  static final String SAME_OBJECT = "ERR source and destination objects are the same";
  static final String DB_OUT_OF_RANGE = "ERR DB index is out of range";
  static final String INT_OUT_OF_RANGE =
      "ERR value is out of range, value must between -2147483648 and 2147483647";
  static final String NX_INCOMPATIBLE =
      "ERR NX and XX, GT or LT options at the same time are not compatible";
  static final String GT_LT_INCOMPATIBLE = "ERR GT and LT options at the same time are not compatible";

  private static final int EXPIRE_NX = 1;
  private static final int EXPIRE_XX = 2;
  private static final int EXPIRE_GT = 4;
  private static final int EXPIRE_LT = 8;

  private KeyCommands() {}

  static List<CommandSpec> specs() {
    return List.of(
        CommandSpec.of("del", -2, WRITE, 1, -1, 1, KEYSPACE, KeyCommands::del),
        CommandSpec.of("unlink", -2, WRITE_FAST, 1, -1, 1, KEYSPACE, KeyCommands::del),
        CommandSpec.of("exists", -2, READ_FAST, 1, -1, 1, KEYSPACE, KeyCommands::exists),
        CommandSpec.of("type", 2, READ_FAST, 1, 1, 1, KEYSPACE, KeyCommands::type),
        CommandSpec.of("rename", 3, WRITE, 1, 2, 1, KEYSPACE, ctx -> rename(ctx, false)),
        CommandSpec.of("renamenx", 3, WRITE_FAST, 1, 2, 1, KEYSPACE, ctx -> rename(ctx, true)),
        CommandSpec.of("copy", -3, WRITE_DENYOOM, 1, 2, 1, KEYSPACE, KeyCommands::copy),
        CommandSpec.of("expire", -3, WRITE_FAST, 1, 1, 1, KEYSPACE, ctx -> expire(ctx, true, true)),
        CommandSpec.of("pexpire", -3, WRITE_FAST, 1, 1, 1, KEYSPACE, ctx -> expire(ctx, true, false)),
        CommandSpec.of("expireat", -3, WRITE_FAST, 1, 1, 1, KEYSPACE, ctx -> expire(ctx, false, true)),
        CommandSpec.of("pexpireat", -3, WRITE_FAST, 1, 1, 1, KEYSPACE, ctx -> expire(ctx, false, false)),
        CommandSpec.of("ttl", 2, READ_FAST, 1, 1, 1, KEYSPACE, ctx -> ttl(ctx, false, false)),
        CommandSpec.of("pttl", 2, READ_FAST, 1, 1, 1, KEYSPACE, ctx -> ttl(ctx, true, false)),
        CommandSpec.of("expiretime", 2, READ_FAST, 1, 1, 1, KEYSPACE, ctx -> ttl(ctx, false, true)),
        CommandSpec.of("pexpiretime", 2, READ_FAST, 1, 1, 1, KEYSPACE, ctx -> ttl(ctx, true, true)),
        CommandSpec.of("persist", 2, WRITE_FAST, 1, 1, 1, KEYSPACE, KeyCommands::persist),
        CommandSpec.of("keys", 2, READ, 0, 0, 0, KEYSPACE_DANGEROUS, KeyCommands::keys),
        CommandSpec.of("scan", -2, READ, 0, 0, 0, KEYSPACE, KeyCommands::scan),
        CommandSpec.of("randomkey", 1, READ, 0, 0, 0, KEYSPACE, KeyCommands::randomKey),
        CommandSpec.of("dbsize", 1, READ_FAST, 0, 0, 0, KEYSPACE, KeyCommands::dbSize));
  }

  // DEL key [key ...]   and   UNLINK key [key ...]
  private static Reply del(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    long deleted = 0;
    for (int i = 1; i < ctx.argc(); i++) {
      if (ks.delete(ctx.key(i))) {
        deleted++;
        ctx.notify(KeyspaceEvents.GENERIC, "del", ctx.key(i));
      }
    }
    // Propagated as sent: deleting what is already gone is harmless on a follower.
    ctx.dirty(deleted);
    return Reply.integer(deleted);
  }

  // EXISTS key [key ...]
  private static Reply exists(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    long count = 0;
    for (int i = 1; i < ctx.argc(); i++) {
      // A key named twice counts twice, as in Redis.
      if (ks.lookupRead(ctx.key(i)) != null) {
        count++;
      }
    }
    return Reply.integer(count);
  }

  // TYPE key
  private static Reply type(CommandContext ctx) {
    Entry e = ctx.keyspace().lookupRead(ctx.key(1));
    return new Reply.Status(e == null ? "none" : e.value().type().redisName());
  }

  // RENAME key newkey   and   RENAMENX key newkey
  private static Reply rename(CommandContext ctx, boolean nx) {
    Keyspace ks = ctx.keyspace();
    Bytes src = ctx.key(1);
    Bytes dst = ctx.key(2);
    Entry e = ks.lookupWrite(src);
    if (e == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    if (src.equals(dst)) {
      // Nothing moves, so nothing is dirty; the missing-key error above still applies.
      return nx ? Reply.ZERO : Reply.OK;
    }
    if (ks.exists(dst)) {
      if (nx) {
        return Reply.ZERO;
      }
      ks.delete(dst);
    }
    Value value = e.value();
    long expireAt = e.expireAt();
    ks.delete(src);
    // The value object moves as is (no copy): only its key changes, its TTL goes with it.
    ks.add(dst, value);
    if (expireAt != Entry.NO_EXPIRY) {
      ks.setExpire(dst, expireAt);
    }
    ctx.notify(KeyspaceEvents.GENERIC, "rename_from", src);
    ctx.notify(KeyspaceEvents.GENERIC, "rename_to", dst);
    ctx.dirty();
    return nx ? Reply.ONE : Reply.OK;
  }

  // COPY source destination [DB destination-db] [REPLACE]
  private static Reply copy(CommandContext ctx) {
    boolean replace = false;
    for (int i = 3; i < ctx.argc(); i++) {
      boolean hasValue = i + 1 < ctx.argc();
      if (ctx.is(i, "REPLACE")) {
        replace = true;
      } else if (ctx.is(i, "DB") && hasValue) {
        long db = ctx.longArg(i + 1);
        if (db < Integer.MIN_VALUE || db > Integer.MAX_VALUE) {
          throw new CommandException(INT_OUT_OF_RANGE);
        }
        // Restis has one database: index 0 is the only one in range.
        if (db != 0) {
          throw new CommandException(DB_OUT_OF_RANGE);
        }
        i++;
      } else {
        throw Errors.syntax();
      }
    }
    Bytes src = ctx.key(1);
    Bytes dst = ctx.key(2);
    if (src.equals(dst)) {
      throw new CommandException(SAME_OBJECT);
    }
    Keyspace ks = ctx.keyspace();
    Entry e = ks.lookupRead(src);
    if (e == null) {
      return Reply.ZERO;
    }
    if (ks.lookupWrite(dst) != null) {
      if (!replace) {
        return Reply.ZERO;
      }
      ks.delete(dst);
    }
    ks.add(dst, e.value().copy());
    if (e.hasExpiry()) {
      ks.setExpire(dst, e.expireAt());
    }
    ctx.notify(KeyspaceEvents.GENERIC, "copy_to", dst);
    ctx.dirty();
    return Reply.ONE;
  }

  // EXPIRE key seconds [NX|XX|GT|LT]   (and PEXPIRE, EXPIREAT, PEXPIREAT)
  private static Reply expire(CommandContext ctx, boolean relative, boolean seconds) {
    int flags = parseExpireFlags(ctx, 3);
    long when = ctx.longArg(2);
    // Negative times are allowed (they delete the key), but overflow must not wrap into the future.
    if (seconds) {
      if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
        throw invalidExpireTime(ctx);
      }
      when *= 1000;
    }
    long base = relative ? ctx.now() : 0;
    if (when > Long.MAX_VALUE - base) {
      throw invalidExpireTime(ctx);
    }
    when += base;

    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    Entry e = ks.lookupWrite(key);
    if (e == null) {
      return Reply.ZERO;
    }
    if (flags != 0) {
      long current = e.expireAt();
      if ((flags & EXPIRE_NX) != 0 && current != Entry.NO_EXPIRY) {
        return Reply.ZERO;
      }
      if ((flags & EXPIRE_XX) != 0 && current == Entry.NO_EXPIRY) {
        return Reply.ZERO;
      }
      // No TTL counts as an infinite one: GT can never beat it, LT always does.
      if ((flags & EXPIRE_GT) != 0 && (current == Entry.NO_EXPIRY || when <= current)) {
        return Reply.ZERO;
      }
      if ((flags & EXPIRE_LT) != 0 && current != Entry.NO_EXPIRY && when >= current) {
        return Reply.ZERO;
      }
    }
    if (when <= ctx.now()) {
      // Already past: delete now and log the outcome, so followers never hold an expired key.
      ks.delete(key);
      ctx.notify(KeyspaceEvents.GENERIC, "del", key);
      ctx.dirty();
      ctx.propagate("DEL", key);
      return Reply.ONE;
    }
    ks.setExpire(key, when);
    ctx.notify(KeyspaceEvents.GENERIC, "expire", key);
    ctx.dirty();
    // The outcome is decided, so the options are dropped: a follower just sets the deadline.
    ctx.propagate("PEXPIREAT", key, Long.toString(when));
    return Reply.ONE;
  }

  /** Redis 7's parseExtendedExpireArgumentsOrReply: unknown words first, then incompatible pairs. */
  private static int parseExpireFlags(CommandContext ctx, int from) {
    int flags = 0;
    for (int i = from; i < ctx.argc(); i++) {
      if (ctx.is(i, "NX")) {
        flags |= EXPIRE_NX;
      } else if (ctx.is(i, "XX")) {
        flags |= EXPIRE_XX;
      } else if (ctx.is(i, "GT")) {
        flags |= EXPIRE_GT;
      } else if (ctx.is(i, "LT")) {
        flags |= EXPIRE_LT;
      } else {
        throw new CommandException("ERR Unsupported option " + ctx.str(i));
      }
    }
    if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
      throw new CommandException(NX_INCOMPATIBLE);
    }
    if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0) {
      throw new CommandException(GT_LT_INCOMPATIBLE);
    }
    return flags;
  }

  private static CommandException invalidExpireTime(CommandContext ctx) {
    return new CommandException("ERR invalid expire time in '" + ctx.spec().name() + "' command");
  }

  // TTL key   (and PTTL, EXPIRETIME, PEXPIRETIME)
  private static Reply ttl(CommandContext ctx, boolean millis, boolean absolute) {
    Entry e = ctx.keyspace().lookupRead(ctx.key(1));
    if (e == null) {
      return Reply.integer(-2);
    }
    if (!e.hasExpiry()) {
      return Reply.integer(-1);
    }
    long t = absolute ? e.expireAt() : e.expireAt() - ctx.now();
    if (t < 0) {
      t = 0;
    }
    if (millis) {
      return Reply.integer(t);
    }
    // Rounded to the nearest second as Redis's (ttl+500)/1000, without overflowing near Long.MAX.
    return Reply.integer(t / 1000 + (t % 1000 + 500) / 1000);
  }

  // PERSIST key
  private static Reply persist(CommandContext ctx) {
    if (!ctx.keyspace().persist(ctx.key(1))) {
      return Reply.ZERO;
    }
    ctx.notify(KeyspaceEvents.GENERIC, "persist", ctx.key(1));
    ctx.dirty();
    return Reply.ONE;
  }

  // KEYS pattern
  private static Reply keys(CommandContext ctx) {
    byte[] pattern = ctx.arg(1);
    boolean all = pattern.length == 1 && pattern[0] == '*';
    List<Reply> out = new ArrayList<>();
    // Expired keys are skipped, not reclaimed: KEYS only reads, as in Redis.
    for (Bytes key : ctx.keyspace().keys()) {
      if (all || Glob.matches(pattern, key.bytes())) {
        out.add(Reply.bulk(key));
      }
    }
    return Reply.array(out);
  }

  // SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
  private static Reply scan(CommandContext ctx) {
    ScanArgs args = ScanArgs.parse(ctx, 1, true);
    Keyspace ks = ctx.keyspace();
    List<Bytes> found = new ArrayList<>();
    long cursor = args.cursor();
    // Redis's loop: whole buckets until about COUNT keys, with a cap on bucket visits so that a
    // sparse table costs a short reply rather than a long stall.
    long maxIterations = args.count() * 10;
    do {
      cursor = ks.scan(cursor, (k, e) -> found.add(k));
    } while (cursor != 0 && maxIterations-- != 0 && found.size() < args.count());

    List<Reply> keys = new ArrayList<>(found.size());
    for (Bytes k : found) {
      if (!args.matches(k.bytes())) {
        continue;
      }
      if (args.type() != null) {
        // Looked up as Redis does (a read, so it counts as a hit); any unknown name matches nothing.
        Entry e = ks.lookupRead(k);
        if (e == null || !asciiEqualsIgnoreCase(args.type(), e.value().type().redisName())) {
          continue;
        }
      }
      keys.add(Reply.bulk(k));
    }
    return Reply.array(List.of(Reply.bulk(ScanArgs.formatCursor(cursor)), Reply.array(keys)));
  }

  /** strcasecmp: only ASCII letters fold, unlike String.equalsIgnoreCase. */
  private static boolean asciiEqualsIgnoreCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x >= 'A' && x <= 'Z') {
        x += 32;
      }
      if (y >= 'A' && y <= 'Z') {
        y += 32;
      }
      if (x != y) {
        return false;
      }
    }
    return true;
  }

  // RANDOMKEY
  private static Reply randomKey(CommandContext ctx) {
    return Reply.bulk(ctx.keyspace().randomKey());
  }

  // DBSIZE
  private static Reply dbSize(CommandContext ctx) {
    // As Redis: the table's size, which counts expired keys not reclaimed yet.
    return Reply.integer(ctx.keyspace().size());
  }
}
