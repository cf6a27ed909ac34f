package io.restis.engine;

import static io.restis.engine.AclCategory.HASH;
import static io.restis.engine.CommandFlag.DENYOOM;
import static io.restis.engine.CommandFlag.FAST;
import static io.restis.engine.CommandFlag.READONLY;
import static io.restis.engine.CommandFlag.WRITE;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The hash commands, as Redis 7.0's t_hash.c: each handler validates every argument, then looks
 * the key up and type-checks it, then changes the hash through {@link HashValue}'s API.
 *
 * <p>Propagation: HINCRBYFLOAT propagates its result as {@code HSET key field value}, so replicas
 * and the log never redo float arithmetic; HRANDFIELD reads; the rest is deterministic and
 * propagates as sent when it changed something.
 */
final class HashCommands {

  static final String HASH_NOT_INTEGER = "ERR hash value is not an integer";
  static final String HASH_NOT_FLOAT = "ERR hash value is not a float";
  static final String INCR_NAN_OR_INF = "ERR value is NaN or Infinity";
  static final String WITHVALUES_RANGE = "ERR value is out of range";

  private HashCommands() {}

  static List<CommandSpec> specs() {
    return List.of(
        CommandSpec.of("hset", -4, EnumSet.of(WRITE, DENYOOM, FAST), 1, 1, 1, EnumSet.of(HASH), HashCommands::hset),
        CommandSpec.of("hsetnx", 4, EnumSet.of(WRITE, DENYOOM, FAST), 1, 1, 1, EnumSet.of(HASH),
            HashCommands::hsetnx),
        CommandSpec.of("hget", 3, EnumSet.of(READONLY, FAST), 1, 1, 1, EnumSet.of(HASH), HashCommands::hget),
        CommandSpec.of("hmget", -3, EnumSet.of(READONLY, FAST), 1, 1, 1, EnumSet.of(HASH), HashCommands::hmget),
        CommandSpec.of("hmset", -4, EnumSet.of(WRITE, DENYOOM, FAST), 1, 1, 1, EnumSet.of(HASH),
            HashCommands::hmset),
        CommandSpec.of("hdel", -3, EnumSet.of(WRITE, FAST), 1, 1, 1, EnumSet.of(HASH), HashCommands::hdel),
        CommandSpec.of("hlen", 2, EnumSet.of(READONLY, FAST), 1, 1, 1, EnumSet.of(HASH), HashCommands::hlen),
        CommandSpec.of("hstrlen", 3, EnumSet.of(READONLY, FAST), 1, 1, 1, EnumSet.of(HASH),
            HashCommands::hstrlen),
        CommandSpec.of("hexists", 3, EnumSet.of(READONLY, FAST), 1, 1, 1, EnumSet.of(HASH),
            HashCommands::hexists),
        CommandSpec.of("hkeys", 2, EnumSet.of(READONLY), 1, 1, 1, EnumSet.of(HASH), HashCommands::hkeys),
        CommandSpec.of("hvals", 2, EnumSet.of(READONLY), 1, 1, 1, EnumSet.of(HASH), HashCommands::hvals),
        CommandSpec.of("hgetall", 2, EnumSet.of(READONLY), 1, 1, 1, EnumSet.of(HASH), HashCommands::hgetall),
        CommandSpec.of("hincrby", 4, EnumSet.of(WRITE, DENYOOM, FAST), 1, 1, 1, EnumSet.of(HASH),
            HashCommands::hincrby),
        CommandSpec.of("hincrbyfloat", 4, EnumSet.of(WRITE, DENYOOM, FAST), 1, 1, 1, EnumSet.of(HASH),
            HashCommands::hincrbyfloat),
        CommandSpec.of("hrandfield", -2, EnumSet.of(READONLY), 1, 1, 1, EnumSet.of(HASH),
            HashCommands::hrandfield),
        CommandSpec.of("hscan", -3, EnumSet.of(READONLY), 1, 1, 1, EnumSet.of(HASH), HashCommands::hscan));
  }

  /** Sets the pairs from argv[2..]; creates the key when missing. Returns how many fields are new. */
  private static int setPairs(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    HashValue hash = ks.write(key, HashValue.class);
    boolean created = hash == null;
    if (created) {
      hash = new HashValue();
    }
    int added = 0;
    for (int i = 2; i < ctx.argc(); i += 2) {
      if (hash.put(ctx.key(i), ctx.arg(i + 1))) {
        added++;
      }
    }
    if (created) {
      ks.add(key, hash);
    } else {
      ks.modified(key);
    }
    ctx.notify(KeyspaceEvents.HASH, "hset", key);
    // Redis counts every pair as a change, even one that rewrote the same value.
    ctx.dirty((ctx.argc() - 2) / 2);
    return added;
  }

  // HSET key field value [field value ...]
  static Reply hset(CommandContext ctx) {
    if (ctx.argc() % 2 == 1) {
      throw Errors.wrongArity("hset");
    }
    return Reply.integer(setPairs(ctx));
  }

  // HMSET key field value [field value ...]
  static Reply hmset(CommandContext ctx) {
    if (ctx.argc() % 2 == 1) {
      throw Errors.wrongArity("hmset");
    }
    setPairs(ctx);
    return Reply.OK;
  }

  // HSETNX key field value
  static Reply hsetnx(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    Bytes field = ctx.key(2);
    HashValue hash = ks.write(key, HashValue.class);
    if (hash != null && hash.contains(field)) {
      return Reply.ZERO;
    }
    if (hash == null) {
      hash = new HashValue();
      hash.put(field, ctx.arg(3));
      ks.add(key, hash);
    } else {
      hash.put(field, ctx.arg(3));
      ks.modified(key);
    }
    ctx.notify(KeyspaceEvents.HASH, "hset", key);
    ctx.dirty();
    return Reply.ONE;
  }

  // HGET key field
  static Reply hget(CommandContext ctx) {
    HashValue hash = ctx.keyspace().read(ctx.key(1), HashValue.class);
    return Reply.bulk(hash == null ? null : hash.get(ctx.key(2)));
  }

  // HMGET key field [field ...]
  static Reply hmget(CommandContext ctx) {
    HashValue hash = ctx.keyspace().read(ctx.key(1), HashValue.class);
    List<Reply> out = new ArrayList<>(ctx.argc() - 2);
    for (int i = 2; i < ctx.argc(); i++) {
      out.add(Reply.bulk(hash == null ? null : hash.get(ctx.key(i))));
    }
    return Reply.array(out);
  }

  // HDEL key field [field ...]
  static Reply hdel(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    HashValue hash = ks.write(key, HashValue.class);
    if (hash == null) {
      return Reply.ZERO;
    }
    int deleted = 0;
    for (int i = 2; i < ctx.argc() && !hash.isEmpty(); i++) {
      if (hash.remove(ctx.key(i))) {
        deleted++;
      }
    }
    if (deleted > 0) {
      ctx.notify(KeyspaceEvents.HASH, "hdel", key);
      if (!ks.deleteIfEmpty(key, hash)) {
        ks.modified(key);
      } else {
        ctx.notify(KeyspaceEvents.GENERIC, "del", key);
      }
      ctx.dirty(deleted);
    }
    return Reply.integer(deleted);
  }

  // HLEN key
  static Reply hlen(CommandContext ctx) {
    HashValue hash = ctx.keyspace().read(ctx.key(1), HashValue.class);
    return Reply.integer(hash == null ? 0 : hash.size());
  }

  // HSTRLEN key field
  static Reply hstrlen(CommandContext ctx) {
    HashValue hash = ctx.keyspace().read(ctx.key(1), HashValue.class);
    byte[] v = hash == null ? null : hash.get(ctx.key(2));
    return Reply.integer(v == null ? 0 : v.length);
  }

  // HEXISTS key field
  static Reply hexists(CommandContext ctx) {
    HashValue hash = ctx.keyspace().read(ctx.key(1), HashValue.class);
    return Reply.bool(hash != null && hash.contains(ctx.key(2)));
  }

  // HKEYS key
  static Reply hkeys(CommandContext ctx) {
    HashValue hash = ctx.keyspace().read(ctx.key(1), HashValue.class);
    return hash == null ? Reply.EMPTY_ARRAY : Reply.bulks(hash.fields());
  }

  // HVALS key
  static Reply hvals(CommandContext ctx) {
    HashValue hash = ctx.keyspace().read(ctx.key(1), HashValue.class);
    return hash == null ? Reply.EMPTY_ARRAY : Reply.bulks(hash.values());
  }

  // HGETALL key
  static Reply hgetall(CommandContext ctx) {
    HashValue hash = ctx.keyspace().read(ctx.key(1), HashValue.class);
    if (hash == null) {
      return Reply.EMPTY_ARRAY;
    }
    List<Reply> out = new ArrayList<>((int) hash.size() * 2);
    hash.forEach((f, v) -> {
      out.add(Reply.bulk(f));
      out.add(Reply.bulk(v));
    });
    return Reply.array(out);
  }

  // HINCRBY key field increment
  static Reply hincrby(CommandContext ctx) {
    long incr = ctx.longArg(3);
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    Bytes field = ctx.key(2);
    HashValue hash = ks.write(key, HashValue.class);
    long value = 0;
    byte[] current = hash == null ? null : hash.get(field);
    if (current != null) {
      Long parsed = Numbers.tryParseLong(current);
      if (parsed == null) {
        throw new CommandException(HASH_NOT_INTEGER);
      }
      value = parsed;
    }
    long result;
    try {
      result = Math.addExact(value, incr);
    } catch (ArithmeticException e) {
      throw new CommandException(Errors.OVERFLOW);
    }
    putValue(ctx, key, hash, field, Numbers.formatLongBytes(result));
    ctx.notify(KeyspaceEvents.HASH, "hincrby", key);
    ctx.dirty();
    return Reply.integer(result);
  }

  // HINCRBYFLOAT key field increment
  static Reply hincrbyfloat(CommandContext ctx) {
    BigDecimal incr = LongDouble.parse(ctx.arg(3));
    if (incr == null) {
      throw Errors.notFloat();
    }
    if (incr == LongDouble.INFINITE) {
      throw new CommandException(INCR_NAN_OR_INF);
    }
    Keyspace ks = ctx.keyspace();
    Bytes key = ctx.key(1);
    Bytes field = ctx.key(2);
    HashValue hash = ks.write(key, HashValue.class);
    BigDecimal value = BigDecimal.ZERO;
    byte[] current = hash == null ? null : hash.get(field);
    if (current != null) {
      value = LongDouble.parse(current);
      if (value == null) {
        throw new CommandException(HASH_NOT_FLOAT);
      }
    }
    byte[] result = LongDouble.format(LongDouble.add(value, incr)).getBytes(StandardCharsets.US_ASCII);
    putValue(ctx, key, hash, field, result);
    ctx.notify(KeyspaceEvents.HASH, "hincrbyfloat", key);
    ctx.dirty();
    ctx.propagate("HSET", key, field, result);
    return Reply.bulk(result);
  }

  /** Stores a computed field value, creating the hash when it was missing. */
  private static void putValue(CommandContext ctx, Bytes key, HashValue hash, Bytes field, byte[] value) {
    if (hash == null) {
      hash = new HashValue();
      hash.put(field, value);
      ctx.keyspace().add(key, hash);
    } else {
      hash.put(field, value);
      ctx.keyspace().modified(key);
    }
  }

  // HRANDFIELD key [count [WITHVALUES]]
  static Reply hrandfield(CommandContext ctx) {
    Keyspace ks = ctx.keyspace();
    if (ctx.argc() == 2) {
      HashValue hash = ks.read(ctx.key(1), HashValue.class);
      return hash == null ? Reply.NIL : Reply.bulk(hash.random(ks.random()).getKey());
    }
    long count = ctx.longArg(2);
    if (count == Long.MIN_VALUE) {
      throw new CommandException(SetCommands.COUNT_RANGE);
    }
    boolean withValues = false;
    if (ctx.argc() > 4 || (ctx.argc() == 4 && !ctx.is(3, "WITHVALUES"))) {
      throw Errors.syntax();
    } else if (ctx.argc() == 4) {
      withValues = true;
      // Redis refuses counts whose doubled reply length would overflow a long.
      if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
        throw new CommandException(WITHVALUES_RANGE);
      }
    }
    HashValue hash = ks.read(ctx.key(1), HashValue.class);
    if (hash == null || count == 0) {
      return Reply.EMPTY_ARRAY;
    }
    List<Map.Entry<Bytes, byte[]>> picks;
    if (count > 0) {
      picks = hash.randomDistinct(count, ks.random());
    } else {
      long n = -count;
      if (n * (withValues ? 2 : 1) > SetCommands.MAX_RANDOM_REPLY) {
        throw new CommandException(SetCommands.RANDOM_REPLY_TOO_LARGE);
      }
      picks = hash.randomWithRepetition((int) n, ks.random());
    }
    List<Reply> out = new ArrayList<>(picks.size() * (withValues ? 2 : 1));
    for (Map.Entry<Bytes, byte[]> p : picks) {
      out.add(Reply.bulk(p.getKey()));
      if (withValues) {
        out.add(Reply.bulk(p.getValue()));
      }
    }
    return Reply.array(out);
  }

  // HSCAN key cursor [MATCH pattern] [COUNT count]
  static Reply hscan(CommandContext ctx) {
    // As Redis: cursor first, then the key, then the options (a missing key ignores them).
    ScanArgs.parseCursor(ctx.arg(2));
    HashValue hash = ctx.keyspace().read(ctx.key(1), HashValue.class);
    if (hash == null) {
      return SetCommands.scanReply(0, List.of());
    }
    ScanArgs args = ScanArgs.parse(ctx, 2, false);
    List<Object> found = new ArrayList<>();
    long next = hash.scan(args.cursor(), args.count(), (f, v) -> {
      if (args.matches(f.bytes())) {
        found.add(f);
        found.add(v);
      }
    });
    return SetCommands.scanReply(next, found);
  }
}
