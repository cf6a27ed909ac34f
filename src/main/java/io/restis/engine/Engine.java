package io.restis.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The executor: the one path every command takes, whoever sends it (a controller, the command
 * endpoint, log replay, the replication stream). It is Redis's {@code call()}:
 *
 * <ol>
 *   <li>look the name up in the {@link CommandTable} and check the arity;
 *   <li>ask the {@link Caller} whether it may run it (ACLs) and refuse writes on a follower;
 *   <li>take the lock, fix the command's time, run the handler;
 *   <li>propagate what changed, in deterministic form, to every {@link WriteListener} with the next
 *       offsets; count the call.
 * </ol>
 *
 * <p>See {@link Keyspace} for the concurrency model: one lock, held for exactly one command (or one
 * transaction), never for I/O.
 */
public final class Engine {

  private static final byte[] DEL = bytes("DEL");
  private static final byte[] MULTI = bytes("MULTI");
  private static final byte[] EXEC = bytes("EXEC");

  /** Per-command counters, as INFO commandstats reports them. */
  public static final class CommandStats {
    @GuardedBy("Engine.lock") long calls;
    @GuardedBy("Engine.lock") long micros;
    @GuardedBy("Engine.lock") long rejected;
    @GuardedBy("Engine.lock") long failed;

    public long calls() {
      return calls;
    }

    public long micros() {
      return micros;
    }

    public long rejected() {
      return rejected;
    }

    public long failed() {
      return failed;
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final CommandTable table;
  private final EngineClock clock;

  @GuardedBy("lock")
  private final Keyspace keyspace;

  private final List<WriteListener> listeners = new CopyOnWriteArrayList<>();

  @GuardedBy("lock")
  private final Map<String, CommandStats> stats = new LinkedHashMap<>();

  /** Writes of the command (or transaction) running now, waiting to be propagated. */
  @GuardedBy("lock")
  private final List<byte[][]> pending = new ArrayList<>();

  @GuardedBy("lock")
  private long offset;

  @GuardedBy("lock")
  private long dirty;

  private volatile boolean readOnly;

  public Engine(CommandTable table, EngineClock clock, RandomGenerator random) {
    this.table = table;
    this.clock = clock;
    this.keyspace = new Keyspace(random);
    this.keyspace.setExpiryListener(key -> pending.add(new byte[][] {DEL, key.bytes()}));
    for (CommandSpec s : table.all()) {
      stats.put(s.name(), new CommandStats());
    }
  }

  /** The standard command table on the system clock. */
  public static Engine standard() {
    return new Engine(CommandTable.standard(), EngineClock.SYSTEM, new java.util.SplittableRandom());
  }

  public CommandTable table() {
    return table;
  }

  public EngineClock clock() {
    return clock;
  }

  public void addWriteListener(WriteListener l) {
    listeners.add(l);
  }

  public void removeWriteListener(WriteListener l) {
    listeners.remove(l);
  }

  /** Follower mode: client writes get READONLY and expired keys are hidden, not deleted. */
  public void setReadOnly(boolean readOnly) {
    lock.lock();
    try {
      this.readOnly = readOnly;
      keyspace.setHideExpiredOnly(readOnly);
    } finally {
      lock.unlock();
    }
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  /** Runs one command as a trusted internal caller. */
  public Reply execute(byte[]... argv) {
    return execute(Caller.INTERNAL, argv);
  }

  /** Runs one command: atomic, propagated, counted. */
  public Reply execute(Caller caller, byte[]... argv) {
    CommandSpec spec = argv.length == 0 ? null : table.lookup(argv[0]);
    Reply refusal = admit(caller, spec, argv);
    if (refusal != null) {
      return refusal;
    }
    lock.lock();
    try {
      Reply r = call(spec, argv, false);
      flush(false);
      return r;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs commands one after another (a pipeline): each is atomic on its own and answered on its
   * own; a failing one does not stop the rest.
   */
  public List<Reply> pipeline(Caller caller, List<byte[][]> commands) {
    List<Reply> out = new ArrayList<>(commands.size());
    for (byte[][] argv : commands) {
      out.add(execute(caller, argv));
    }
    return out;
  }

  /**
   * Runs commands as MULTI/EXEC: all admitted first (any unknown, misnamed or forbidden command
   * discards the whole transaction with EXECABORT, as Redis does at queue time), then all run under
   * one hold of the lock. Errors of individual commands at run time do not stop the others. The
   * writes propagate wrapped in MULTI/EXEC when there is more than one.
   *
   * @return an array of replies, or an EXECABORT error
   */
  public Reply transaction(Caller caller, List<byte[][]> commands) {
    CommandSpec[] specs = new CommandSpec[commands.size()];
    for (int i = 0; i < specs.length; i++) {
      byte[][] argv = commands.get(i);
      specs[i] = argv.length == 0 ? null : table.lookup(argv[0]);
      if (admit(caller, specs[i], argv) != null) {
        return Reply.error(Errors.EXECABORT);
      }
    }
    lock.lock();
    try {
      List<Reply> out = new ArrayList<>(specs.length);
      for (int i = 0; i < specs.length; i++) {
        out.add(call(specs[i], commands.get(i), true));
      }
      flush(true);
      return Reply.array(out);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The outcome of {@link #executeOnKey}: the replies (one per command), the key's version after
   * the call (0 when the key does not exist), and whether the precondition refused the call.
   */
  public record KeyedResult(List<Reply> replies, long version, boolean preconditionFailed) {

    /** The single reply of a one-command call. */
    public Reply reply() {
      return replies.get(0);
    }
  }

  /**
   * Runs commands about one key atomically, guarded by a precondition on the key's version: the
   * HTTP form of WATCH (If-Match / If-None-Match) and of multi-step resource operations such as
   * "push, then trim to maxlen". Under one hold of the lock: read the version (0 when absent), test
   * the precondition (null accepts anything), run the commands like a transaction, read the version
   * again. A refused command (unknown, arity, permission, READONLY) answers its own error as the
   * only reply and nothing runs.
   */
  public KeyedResult executeOnKey(Caller caller, Bytes key, java.util.function.LongPredicate precondition,
      List<byte[][]> commands) {
    CommandSpec[] specs = new CommandSpec[commands.size()];
    for (int i = 0; i < specs.length; i++) {
      byte[][] argv = commands.get(i);
      specs[i] = argv.length == 0 ? null : table.lookup(argv[0]);
      Reply refusal = admit(caller, specs[i], argv);
      if (refusal != null) {
        return new KeyedResult(List.of(refusal), 0, false);
      }
    }
    lock.lock();
    try {
      keyspace.now = clock.millis();
      long before = versionOf(key);
      if (precondition != null && !precondition.test(before)) {
        flush(false);
        return new KeyedResult(List.of(), before, true);
      }
      List<Reply> out = new ArrayList<>(specs.length);
      for (int i = 0; i < specs.length; i++) {
        out.add(call(specs[i], commands.get(i), true));
      }
      keyspace.now = clock.millis();
      long after = versionOf(key);
      flush(true);
      return new KeyedResult(out, after, false);
    } finally {
      lock.unlock();
    }
  }

  @GuardedBy("lock")
  private long versionOf(Bytes key) {
    Entry e = keyspace.lookupWrite(key);
    return e == null ? 0 : e.version;
  }

  /** The checks before the lock: existence, arity, permission, read-only. Null when admitted. */
  private Reply admit(Caller caller, CommandSpec spec, byte[][] argv) {
    if (spec == null) {
      return Reply.error(unknownCommand(argv));
    }
    if (!spec.arityAccepts(argv.length)) {
      countRejected(spec);
      return Reply.error(Errors.wrongArity(spec.name()).getMessage());
    }
    String denied = caller.deny(spec, argv);
    if (denied != null) {
      countRejected(spec);
      return Reply.error(denied);
    }
    if (readOnly && spec.isWrite() && !caller.isLeaderLink()) {
      countRejected(spec);
      return Reply.error(Errors.READONLY);
    }
    return null;
  }

  private void countRejected(CommandSpec spec) {
    lock.lock();
    try {
      stats.get(spec.name()).rejected++;
    } finally {
      lock.unlock();
    }
  }

  @GuardedBy("lock")
  private Reply call(CommandSpec spec, byte[][] argv, boolean inTransaction) {
    long start = System.nanoTime();
    keyspace.now = clock.millis();
    CommandContext ctx = new CommandContext(this, keyspace, spec, argv, inTransaction);
    Reply reply;
    try {
      reply = spec.handler().execute(ctx);
    } catch (CommandException e) {
      reply = Reply.error(e.getMessage());
    }
    CommandStats s = stats.get(spec.name());
    s.calls++;
    s.micros += (System.nanoTime() - start) / 1000;
    if (reply instanceof Reply.Error) {
      s.failed++;
    }
    long changes = ctx.dirtyCount();
    if (changes > 0) {
      dirty += changes;
      List<byte[][]> forms = ctx.forms();
      if (forms == null) {
        pending.add(argv);
      } else {
        pending.addAll(forms);
      }
    }
    return reply;
  }

  /** Hands the pending writes to the listeners with their offsets. */
  @GuardedBy("lock")
  private void flush(boolean wrap) {
    if (pending.isEmpty()) {
      return;
    }
    boolean multi = wrap && pending.size() > 1;
    if (multi) {
      emit(new byte[][] {MULTI});
    }
    for (byte[][] argv : pending) {
      emit(argv);
    }
    if (multi) {
      emit(new byte[][] {EXEC});
    }
    pending.clear();
  }

  @GuardedBy("lock")
  private void emit(byte[][] argv) {
    long o = ++offset;
    for (WriteListener l : listeners) {
      l.onWrite(o, argv);
    }
  }

  /**
   * One run of the active expiry cycle, as Redis's: sample 20 keys with a TTL, delete the expired
   * ones, and repeat while more than 10% of a sample was expired and the time budget lasts. The
   * lock is taken per sample so that commands interleave with a long reclaim.
   *
   * @return how many keys were reclaimed
   */
  public int activeExpireCycle(long budgetNanos) {
    long deadline = System.nanoTime() + budgetNanos;
    int total = 0;
    while (true) {
      int[] r;
      lock.lock();
      try {
        if (readOnly) {
          return total; // followers wait for the leader's DEL
        }
        keyspace.now = clock.millis();
        r = keyspace.expireSample(20);
        flush(false);
      } finally {
        lock.unlock();
      }
      total += r[0];
      if (r[1] == 0 || r[0] * 10 <= r[1] || System.nanoTime() > deadline) {
        return total;
      }
    }
  }

  /**
   * Runs a function over the keyspace under the lock with the clock fixed, for readers outside the
   * command path (resources that need a consistent view, snapshots, digests, tests). It must not do
   * I/O and must not change the keyspace.
   */
  public <T> T read(Function<Keyspace, T> fn) {
    lock.lock();
    try {
      keyspace.now = clock.millis();
      T t = fn.apply(keyspace);
      flush(false); // lookups may have reclaimed expired keys
      return t;
    } finally {
      lock.unlock();
    }
  }

  /** The offset of the last propagated write. */
  public long offset() {
    lock.lock();
    try {
      return offset;
    } finally {
      lock.unlock();
    }
  }

  /** Changes since start, as Redis's dirty counter (the save points count these). */
  public long dirty() {
    lock.lock();
    try {
      return dirty;
    } finally {
      lock.unlock();
    }
  }

  /** A copy of the per-command counters, names in table order. */
  public Map<String, long[]> commandStats() {
    lock.lock();
    try {
      Map<String, long[]> out = new LinkedHashMap<>();
      stats.forEach((k, v) -> out.put(k, new long[] {v.calls, v.micros, v.rejected, v.failed}));
      return Collections.unmodifiableMap(out);
    } finally {
      lock.unlock();
    }
  }

  /** Redis 7.0's unknown-command text, with the first arguments quoted and newlines blanked. */
  static String unknownCommand(byte[][] argv) {
    if (argv.length == 0) {
      return "ERR unknown command '', with args beginning with: ";
    }
    StringBuilder args = new StringBuilder();
    for (int i = 1; i < argv.length && args.length() < 128; i++) {
      String a = new String(argv[i], StandardCharsets.UTF_8);
      int room = 128 - args.length();
      args.append('\'').append(a, 0, Math.min(a.length(), room)).append("' ");
    }
    String name = new String(argv[0], StandardCharsets.UTF_8);
    if (name.length() > 128) {
      name = name.substring(0, 128);
    }
    String msg = "ERR unknown command '" + name + "', with args beginning with: " + args;
    return msg.replace('\r', ' ').replace('\n', ' ');
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
