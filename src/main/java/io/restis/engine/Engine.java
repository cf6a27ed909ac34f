package io.restis.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
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
 *
 * <p>Durability: when a {@linkplain #setDurabilityBarrier durability barrier} is set, every call
 * that propagated writes waits on it after releasing the lock, with the highest offset it
 * propagated, before its reply is returned. The append-only log's {@code always} policy uses it to
 * acknowledge a write only once it is fsynced, for every caller alike.
 *
 * <p>Real time: the engine also holds the pub/sub registry ({@link PubSub}, fed by PUBLISH and by
 * keyspace notifications, {@link KeyspaceEvents}) and the callers parked by blocking commands
 * ({@link Blocking}). Both only record under the lock; what reaches outside code (waking a
 * subscriber's writer, completing a parked caller's future) runs after the lock is released, on the
 * thread that released it.
 */
public final class Engine {

  private static final byte[] DEL = bytes("DEL");
  private static final byte[] MULTI = bytes("MULTI");
  private static final byte[] EXEC = bytes("EXEC");
  static final String LOADING = "LOADING Redis is loading the dataset in memory";

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

  /** While the leader's stream is applied on a follower: nothing counts as expired. */
  @GuardedBy("lock")
  private boolean applyingStream;

  /** While the dataset loads: clients are refused and nothing counts as expired. */
  private volatile boolean loading;

  private volatile LongConsumer durabilityBarrier;

  private volatile Persistence persistence;

  private volatile Replication replication;

  /** INFO's sections and the providers that fill them. */
  private final Info info;

  /** A reply the command running now asked to compute after the lock is released. */
  @GuardedBy("lock")
  private Supplier<Reply> deferred;

  @GuardedBy("lock")
  private final PubSub pubsub = new PubSub();

  @GuardedBy("lock")
  private final KeyspaceEvents events = new KeyspaceEvents(pubsub);

  @GuardedBy("lock")
  private final Blocking blocking = new Blocking();

  /** The blocking request of the call that just ran, if it found nothing and may block. */
  @GuardedBy("lock")
  private CommandContext.BlockRequest parked;

  /** Callers served by the current flush, with their replies, to complete after the lock. */
  @GuardedBy("lock")
  private final List<Blocking.Waiter> served = new ArrayList<>();

  @GuardedBy("lock")
  private final List<Reply> servedReplies = new ArrayList<>();

  /** Work for outside code, run once the outermost hold of the lock is released. */
  @GuardedBy("lock")
  private final List<Runnable> afterUnlock = new ArrayList<>();

  /** Parked callers, readable without the lock (the timeout scheduler polls it). */
  private volatile int blockedCount;

  public Engine(CommandTable table, EngineClock clock, RandomGenerator random) {
    this.table = table;
    this.clock = clock;
    this.keyspace = new Keyspace(random);
    this.keyspace.setExpiryListener(key -> {
      pending.add(new byte[][] {DEL, key.bytes()});
      events.notify(KeyspaceEvents.EXPIRED, "expired", key);
    });
    this.keyspace.setKeyListener(new Keyspace.KeyListener() {
      @Override
      public void added(Bytes key, Value value) {
        blocking.signal(key, value);
        events.notify(KeyspaceEvents.NEW, "new", key);
      }

      @Override
      public void missed(Bytes key) {
        events.notify(KeyspaceEvents.KEY_MISS, "keymiss", key);
      }
    });
    for (CommandSpec s : table.all()) {
      stats.put(s.name(), new CommandStats());
    }
    this.info = new Info(this);
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

  /**
   * Loading mode, as Redis's {@code server.loading}: while on, commands from anyone but the
   * leader link (log replay uses one) are refused with LOADING unless flagged as allowed, nothing
   * is propagated to the write listeners, and the command time reads as 0 so that nothing counts
   * as expired and no absolute time in a replayed write counts as past (logged writes carry
   * absolute times; the state replayed must be the state that was logged, expiry resumes when
   * loading ends).
   */
  public void setLoading(boolean loading) {
    lock.lock();
    try {
      this.loading = loading;
    } finally {
      lock.unlock();
    }
  }

  public boolean isLoading() {
    return loading;
  }

  /**
   * Sets the offset of the last propagated write, after loading a dataset that is consistent at
   * that offset, so that new writes continue its numbering.
   */
  public void restoreOffset(long offset) {
    lock.lock();
    try {
      this.offset = offset;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Installs the wait every call that propagated writes performs after releasing the lock, with
   * the highest offset it propagated; null removes it. When it throws, the writes it waited for
   * are answered with the exception's message as an error (MISCONF ...) instead of their replies:
   * applied in memory, but not acknowledged.
   */
  public void setDurabilityBarrier(LongConsumer awaitDurable) {
    this.durabilityBarrier = awaitDurable;
  }

  /** The persistence layer the SAVE, BGSAVE and LASTSAVE commands use; null when there is none. */
  public void setPersistence(Persistence persistence) {
    this.persistence = persistence;
  }

  public Persistence persistence() {
    return persistence;
  }

  /** The replication layer WAIT, ROLE and REPLICAOF use; null when there is none. */
  public void setReplication(Replication replication) {
    this.replication = replication;
  }

  public Replication replication() {
    return replication;
  }

  /** INFO's sections: the layers around the engine register their {@link InfoProvider}s here. */
  public Info info() {
    return info;
  }

  /** Runs one command as a trusted internal caller. */
  public Reply execute(byte[]... argv) {
    return execute(Caller.INTERNAL, argv);
  }

  /**
   * Runs one command: atomic, propagated, counted. A blocking command that has to wait blocks the
   * calling thread until it is served or times out (as a Redis client waits); callers that must
   * not hold a thread use {@link #executeAsync}.
   */
  public Reply execute(Caller caller, byte[]... argv) {
    long[] upTo = {0};
    Reply r = run(caller, argv, upTo);
    Reply failed = awaitDurable(upTo[0]);
    return failed != null ? failed : r;
  }

  /** One command without the durability wait; {@code upTo[0]} gets the offset it propagated to. */
  private Reply run(Caller caller, byte[][] argv, long[] upTo) {
    CommandSpec spec = argv.length == 0 ? null : table.lookup(argv[0]);
    if (spec != null && spec.is(CommandFlag.BLOCKING)) {
      return await(executeAsync(caller, argv)); // waits for its own durability
    }
    Reply refusal = admit(caller, spec, argv);
    if (refusal != null) {
      return refusal;
    }
    Reply r;
    Supplier<Reply> later;
    lock.lock();
    try {
      long before = offset;
      r = call(spec, argv, false);
      flush(false);
      if (offset > before) {
        upTo[0] = Math.max(upTo[0], offset);
      }
      later = deferred;
      deferred = null;
    } finally {
      unlock();
    }
    return later == null ? r : later.get();
  }

  /**
   * Runs one command without ever holding the calling thread: the future is complete on return
   * unless the command is a blocking one that found nothing, in which case the caller is parked
   * and the future completes when a write serves it (on the writer's thread, after the lock is
   * released and the served pop is durable) or when its timeout passes ({@link #timeoutBlocked})
   * with a nil array. Cancelling the future (the client went away) removes the parked caller.
   */
  public CompletableFuture<Reply> executeAsync(Caller caller, byte[]... argv) {
    CommandSpec spec = argv.length == 0 ? null : table.lookup(argv[0]);
    if (spec == null || !spec.is(CommandFlag.BLOCKING)) {
      return CompletableFuture.completedFuture(execute(caller, argv));
    }
    Reply refusal = admit(caller, spec, argv);
    if (refusal != null) {
      return CompletableFuture.completedFuture(refusal);
    }
    Blocking.Waiter waiter = null;
    Reply r;
    long upTo = 0;
    lock.lock();
    try {
      long before = offset;
      r = call(spec, argv, false);
      CommandContext.BlockRequest b = parked;
      parked = null;
      if (b != null) {
        waiter = blocking.park(spec, argv, b.keys(), b.type(), b.deadline());
        blockedCount = blocking.count();
      }
      flush(false);
      if (offset > before) {
        upTo = offset;
      }
    } finally {
      unlock();
    }
    if (waiter == null) {
      Reply failed = awaitDurable(upTo);
      return CompletableFuture.completedFuture(failed != null ? failed : r);
    }
    Blocking.Waiter w = waiter;
    w.future.whenComplete((x, t) -> {
      if (t instanceof CancellationException) {
        unblock(w);
      }
    });
    return w.future;
  }

  /** Waits for a blocking call on the calling thread; an interrupt gives the wait up. */
  private static Reply await(CompletableFuture<Reply> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(false);
      Thread.currentThread().interrupt();
      return Reply.NIL_ARRAY;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private void unblock(Blocking.Waiter w) {
    lock.lock();
    try {
      blocking.remove(w);
      blockedCount = blocking.count();
    } finally {
      unlock();
    }
  }

  /** Waits on the durability barrier; null when durable, else the error to answer. */
  private Reply awaitDurable(long upTo) {
    LongConsumer barrier = durabilityBarrier;
    if (barrier != null && upTo > 0) {
      try {
        barrier.accept(upTo);
      } catch (RuntimeException e) {
        return Reply.error(e.getMessage() != null ? e.getMessage() : "ERR " + e);
      }
    }
    return null;
  }

  /**
   * Runs commands one after another (a pipeline): each is atomic on its own and answered on its
   * own; a failing one does not stop the rest. The replies wait once, at the end, for the
   * durability of all the pipeline's writes. A blocking command that waits holds up the commands
   * after it in this thread, as it holds up a Redis client's pipeline.
   */
  public List<Reply> pipeline(Caller caller, List<byte[][]> commands) {
    List<Reply> out = new ArrayList<>(commands.size());
    boolean[] wrote = new boolean[commands.size()];
    long[] upTo = {0};
    for (int i = 0; i < commands.size(); i++) {
      long before = upTo[0];
      out.add(run(caller, commands.get(i), upTo));
      wrote[i] = upTo[0] != before;
    }
    Reply failed = awaitDurable(upTo[0]);
    if (failed != null) {
      for (int i = 0; i < wrote.length; i++) {
        if (wrote[i]) {
          out.set(i, failed);
        }
      }
    }
    return out;
  }

  /**
   * The pipeline without holding a thread: commands run in order; when a blocking command has to
   * wait, the rest run after it is served (on the thread that serves it) and the future completes
   * with every reply. As in {@link #pipeline}, the durability wait happens once, at the end, for
   * all the pipeline's writes (a parked pop awaits its own before it completes).
   */
  public CompletableFuture<List<Reply>> pipelineAsync(Caller caller, List<byte[][]> commands) {
    return continuePipeline(caller, commands, 0, new ArrayList<>(commands.size()), new long[] {0},
        new boolean[commands.size()]);
  }

  private CompletableFuture<List<Reply>> continuePipeline(Caller caller, List<byte[][]> commands, int from,
      List<Reply> out, long[] upTo, boolean[] wrote) {
    for (int i = from; i < commands.size(); i++) {
      byte[][] argv = commands.get(i);
      CommandSpec spec = argv.length == 0 ? null : table.lookup(argv[0]);
      if (spec != null && spec.is(CommandFlag.BLOCKING)) {
        CompletableFuture<Reply> f = executeAsync(caller, argv);
        if (!f.isDone()) {
          int next = i + 1;
          return f.thenCompose(r -> {
            out.add(r);
            return continuePipeline(caller, commands, next, out, upTo, wrote);
          });
        }
        out.add(f.join());
        continue;
      }
      long before = upTo[0];
      out.add(run(caller, argv, upTo));
      wrote[i] = upTo[0] != before;
    }
    Reply failed = awaitDurable(upTo[0]);
    if (failed != null) {
      for (int i = 0; i < wrote.length; i++) {
        if (wrote[i]) {
          out.set(i, failed);
        }
      }
    }
    return CompletableFuture.completedFuture(out);
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
    List<Reply> out = new ArrayList<>(specs.length);
    List<Supplier<Reply>> later = null;
    long upTo = 0;
    lock.lock();
    try {
      long before = offset;
      for (int i = 0; i < specs.length; i++) {
        out.add(call(specs[i], commands.get(i), true));
        if (deferred != null) {
          if (later == null) {
            later = new ArrayList<>(java.util.Collections.nCopies(specs.length, null));
          }
          later.set(i, deferred);
          deferred = null;
        }
      }
      flush(true);
      if (offset > before) {
        upTo = offset;
      }
    } finally {
      unlock();
    }
    if (later != null) {
      for (int i = 0; i < later.size(); i++) {
        if (later.get(i) != null) {
          out.set(i, later.get(i).get());
        }
      }
    }
    Reply failed = awaitDurable(upTo);
    return failed != null ? failed : Reply.array(out);
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
    KeyedResult result;
    long upTo = 0;
    lock.lock();
    try {
      keyspace.now = commandTime();
      long before = versionOf(key);
      if (precondition != null && !precondition.test(before)) {
        flush(false);
        return new KeyedResult(List.of(), before, true);
      }
      long offsetBefore = offset;
      List<Reply> out = new ArrayList<>(specs.length);
      for (int i = 0; i < specs.length; i++) {
        out.add(call(specs[i], commands.get(i), true));
      }
      deferred = null; // no command that defers its reply belongs in a keyed call
      keyspace.now = commandTime();
      long after = versionOf(key);
      flush(true);
      if (offset > offsetBefore) {
        upTo = offset;
      }
      result = new KeyedResult(out, after, false);
    } finally {
      unlock();
    }
    Reply failed = awaitDurable(upTo);
    if (failed != null) {
      return new KeyedResult(java.util.Collections.nCopies(result.replies().size(), failed), result.version(), false);
    }
    return result;
  }

  /**
   * A follower's application of a piece of its leader's stream: whole writes and whole MULTI ...
   * EXEC groups. The commands run through the command table under one hold of the lock (so a
   * group is applied as one transaction), as the leader link (past READONLY and LOADING); what
   * they would propagate is
   * dropped and the stream itself is propagated instead, verbatim, numbered from {@code after}+1,
   * so that the follower's offset, log and backlog are the leader's. They run with the command
   * time at 0, as Redis runs its master client's commands (and as loading does): no key counts as
   * expired and no absolute time as past, so the stream sees the data the leader's commands saw.
   * The follower keeps expired keys until the leader's DEL, which must then find them, and a
   * PEXPIREAT that reaches it late sets the deadline instead of deleting on its own.
   *
   * @param after the leader offset before the first write given; it must be this engine's offset
   * @return the replies of the commands (without MULTI and EXEC)
   * @throws IllegalStateException when {@code after} is not this engine's offset (nothing ran)
   */
  public List<Reply> applyReplicated(Caller leaderLink, long after, List<byte[][]> stream) {
    if (!leaderLink.isLeaderLink()) {
      throw new IllegalArgumentException("only the leader link applies the leader's stream");
    }
    List<Reply> out = new ArrayList<>(stream.size());
    boolean inTransaction = false;
    long upTo;
    lock.lock();
    try {
      if (offset != after) {
        throw new IllegalStateException("the stream continues offset " + after + " but this engine is at " + offset);
      }
      applyingStream = true;
      try {
        for (byte[][] argv : stream) {
          if (isMarker(argv, MULTI) || isMarker(argv, EXEC)) {
            inTransaction = isMarker(argv, MULTI);
            continue;
          }
          CommandSpec spec = argv.length == 0 ? null : table.lookup(argv[0]);
          Reply refusal = admit(leaderLink, spec, argv);
          out.add(refusal != null ? refusal : call(spec, argv, inTransaction));
        }
      } finally {
        applyingStream = false;
      }
      deferred = null;
      pending.clear();
      for (byte[][] argv : stream) {
        emit(argv);
      }
      upTo = offset;
    } finally {
      lock.unlock();
    }
    Reply failed = awaitDurable(upTo);
    if (failed != null) {
      return java.util.Collections.nCopies(out.size(), failed);
    }
    return out;
  }

  private static boolean isMarker(byte[][] argv, byte[] marker) {
    return argv.length == 1 && java.util.Arrays.equals(argv[0], marker);
  }

  /**
   * A new, empty keyspace beside the engine's, to load a dataset into without the lock (it is
   * confined to the loading thread until {@link #swapKeyspace} hands it over).
   */
  public Keyspace newKeyspace() {
    lock.lock();
    try {
      return keyspace.detached();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Replaces the whole dataset with one loaded into a {@link #newKeyspace}, atomically, and sets
   * the offset it is consistent at (a follower's full sync). Nothing is propagated: the leader's
   * stream continues from {@code offset}. A snapshot in progress keeps walking the old dataset.
   */
  public void swapKeyspace(Keyspace loaded, long offset) {
    lock.lock();
    try {
      keyspace.adopt(loaded);
      this.offset = offset;
      pending.clear();
    } finally {
      lock.unlock();
    }
  }

  @GuardedBy("lock")
  private long versionOf(Bytes key) {
    Entry e = keyspace.find(key);
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
    if (loading && !caller.isLeaderLink() && !spec.flags().contains(CommandFlag.LOADING)) {
      countRejected(spec);
      return Reply.error(LOADING);
    }
    Persistence p = persistence;
    if (p != null && spec.isWrite() && !caller.isLeaderLink()) {
      String refusal = p.writeRefusal();
      if (refusal != null) {
        countRejected(spec);
        return Reply.error(refusal);
      }
    }
    Replication r = replication;
    if (r != null && spec.isWrite() && !caller.isLeaderLink()) {
      String refusal = r.writeRefusal();
      if (refusal != null) {
        countRejected(spec);
        return Reply.error(refusal);
      }
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
    return call(spec, argv, inTransaction, null);
  }

  /** Runs a handler; {@code servingKey} is set when re-running a parked call for a ready key. */
  @GuardedBy("lock")
  private Reply call(CommandSpec spec, byte[][] argv, boolean inTransaction, Bytes servingKey) {
    long start = System.nanoTime();
    keyspace.now = commandTime();
    CommandContext ctx = new CommandContext(this, keyspace, spec, argv, inTransaction);
    ctx.serving(servingKey);
    Reply reply;
    try {
      reply = spec.handler().execute(ctx);
    } catch (CommandException e) {
      reply = Reply.error(e.getMessage());
    }
    parked = reply instanceof Reply.Error ? null : ctx.blockRequest();
    CommandStats s = stats.get(spec.name());
    if (servingKey == null) {
      s.calls++; // a parked call counts once, when it arrives
    }
    s.micros += (System.nanoTime() - start) / 1000;
    if (reply instanceof Reply.Error) {
      s.failed++;
    }
    deferred = ctx.deferred();
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

  /**
   * Hands the pending writes to the listeners with their offsets, then serves the callers parked
   * on keys that the writes made ready (their pops propagate after the writes that fed them).
   */
  @GuardedBy("lock")
  private void flush(boolean wrap) {
    emitPending(wrap);
    if (blocking.hasReady()) {
      serveReady();
      emitPending(false);
      // A served caller gets its reply once its pop is as durable as any other write.
      long at = offset;
      for (int i = 0; i < served.size(); i++) {
        Blocking.Waiter w = served.get(i);
        Reply r = servedReplies.get(i);
        afterUnlock.add(() -> {
          Reply failed = awaitDurable(at);
          w.future.complete(failed != null ? failed : r);
        });
      }
      served.clear();
      servedReplies.clear();
    }
  }

  /**
   * Redis's handleClientsBlockedOnKeys: for each ready key in order, its waiters in arrival order
   * re-run their command restricted to that key while the key holds a value of their type. A
   * served call may make other keys ready (BLMOVE pushes), hence the loop.
   */
  @GuardedBy("lock")
  private void serveReady() {
    while (blocking.hasReady()) {
      for (Bytes key : blocking.takeReady()) {
        for (Blocking.Waiter w : blocking.waitersOn(key)) {
          if (w.done) {
            continue;
          }
          keyspace.now = commandTime();
          Entry e = keyspace.lookupWrite(key);
          if (e == null) {
            break;
          }
          if (!w.type.isInstance(e.value())) {
            continue; // Redis 7.0 leaves callers of another type waiting
          }
          Reply r = call(w.spec, w.argv, false, key);
          if (parked != null) {
            parked = null;
            continue; // nothing for it after all
          }
          blocking.remove(w);
          served.add(w);
          servedReplies.add(r);
        }
      }
    }
    blockedCount = blocking.count();
  }

  @GuardedBy("lock")
  private void emitPending(boolean wrap) {
    if (pending.isEmpty()) {
      return;
    }
    if (loading) {
      // What is being loaded was logged already: replaying it must not log it again (Redis does
      // not propagate while loading either). The offset is restored when loading ends.
      pending.clear();
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
        if (readOnly || loading) {
          return total; // followers wait for the leader's DEL; loading replays what was logged
        }
        keyspace.now = commandTime();
        r = keyspace.expireSample(20);
        flush(false);
      } finally {
        unlock();
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
      keyspace.now = commandTime();
      T t = fn.apply(keyspace);
      flush(false); // lookups may have reclaimed expired keys
      return t;
    } finally {
      unlock();
    }
  }

  /**
   * Answers nil to the parked callers whose timeout has passed.
   *
   * @return the earliest deadline still pending (unix ms), or 0 when no parked caller has one
   */
  public long timeoutBlocked() {
    if (blockedCount == 0) {
      return 0;
    }
    lock.lock();
    try {
      for (Blocking.Waiter w : blocking.expired(clock.millis())) {
        afterUnlock.add(() -> w.future.complete(Reply.NIL_ARRAY));
      }
      blockedCount = blocking.count();
      return blocking.nextDeadline();
    } finally {
      unlock();
    }
  }

  /** How many callers are parked by blocking commands. */
  public int blockedCount() {
    return blockedCount;
  }

  /**
   * Subscribes to channels (SUBSCRIBE); returns the subscription's channel-and-pattern count after
   * each, as Redis's replies carry it.
   */
  public int[] subscribe(Subscription s, List<Bytes> channels) {
    lock.lock();
    try {
      return pubsub.subscribe(s, channels);
    } finally {
      unlock();
    }
  }

  /** Subscribes to patterns (PSUBSCRIBE); the counts as for {@link #subscribe}. */
  public int[] psubscribe(Subscription s, List<Bytes> patterns) {
    lock.lock();
    try {
      return pubsub.psubscribe(s, patterns);
    } finally {
      unlock();
    }
  }

  /** Ends a subscription: every channel and pattern is dropped and it is closed. */
  public void unsubscribe(Subscription s, String reason) {
    lock.lock();
    try {
      pubsub.unsubscribeAll(s, reason);
    } finally {
      unlock();
    }
  }

  /** The notify-keyspace-events classes, as CONFIG GET shows them. */
  public String keyspaceEvents() {
    lock.lock();
    try {
      return KeyspaceEvents.format(events.flags());
    } finally {
      unlock();
    }
  }

  /**
   * Sets the notify-keyspace-events classes (Redis's letters, "" for none).
   *
   * @throws IllegalArgumentException for a letter Redis does not know
   */
  public void setKeyspaceEvents(String classes) {
    int flags = KeyspaceEvents.parse(classes);
    if (flags < 0) {
      throw new IllegalArgumentException("invalid notify-keyspace-events classes: " + classes);
    }
    lock.lock();
    try {
      events.setFlags(flags);
    } finally {
      unlock();
    }
  }

  @GuardedBy("lock")
  PubSub pubsub() {
    return pubsub;
  }

  @GuardedBy("lock")
  KeyspaceEvents events() {
    return events;
  }

  /**
   * Releases the lock, then, if this was the outermost hold, runs what commands left for outside
   * code: completions of parked callers and wake-ups of subscribers. A failing action must not
   * take the others (or the caller's reply) with it, hence the catch.
   */
  private void unlock() {
    List<Runnable> actions = null;
    List<Subscription> wake = List.of();
    if (lock.getHoldCount() == 1) {
      if (!afterUnlock.isEmpty()) {
        actions = new ArrayList<>(afterUnlock);
        afterUnlock.clear();
      }
      wake = pubsub.takeWakeUps();
    }
    lock.unlock();
    if (actions != null) {
      for (Runnable r : actions) {
        runQuietly(r);
      }
    }
    for (Subscription s : wake) {
      runQuietly(s.wakeUp());
    }
  }

  private static void runQuietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      System.getLogger(Engine.class.getName()).log(System.Logger.Level.WARNING, "after-unlock action failed", e);
    }
  }

  /**
   * Runs a function under the lock to insert data being loaded ({@link Keyspace#load}): a snapshot
   * read at start, or by a follower. Nothing it does is propagated.
   */
  public void load(java.util.function.Consumer<Keyspace> fn) {
    lock.lock();
    try {
      keyspace.now = commandTime();
      fn.accept(keyspace);
      pending.clear();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The time commands see: the clock, or 0 while loading (see {@link #setLoading}) and while the
   * leader's stream is applied (see {@link #applyReplicated}).
   */
  @GuardedBy("lock")
  private long commandTime() {
    return loading || applyingStream ? 0 : clock.millis();
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
