package io.restis.persistence;

import io.restis.engine.CommandException;
import io.restis.engine.Engine;
import io.restis.engine.Persistence;
import io.restis.persistence.format.Manifest;
import io.restis.persistence.format.Manifest.FileInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistence around one engine: loading at start, snapshots (SAVE, BGSAVE, save points), the
 * append-only log and its compaction, and the flush at shutdown. Plain Java: the Spring wiring
 * ({@link PersistenceConfiguration}) calls {@link #start}, {@link #tick} and {@link #shutdown}.
 *
 * <h2>One snapshot at a time</h2>
 * SAVE, BGSAVE and compaction all take a point-in-time snapshot through {@link Snapshotter}, and
 * the keyspace supports one at a time. {@link #job} says which is running; BGSAVE and BGREWRITEAOF
 * answer as Redis does when the other is running (refused, or scheduled to run after it). The
 * state is guarded by this object's monitor, which may be taken under the engine lock (BGSAVE is a
 * command) and so is never held while calling into the engine.
 *
 * <h2>Compaction (Redis 7's multi-part rewrite)</h2>
 * <ol>
 *   <li>create an empty incremental file and persist a manifest that lists it after the current
 *       ones (it is part of the dataset before any write lands in it);
 *   <li>begin a snapshot; at its instant, under the engine lock, the log switches to the new file
 *       (whose first line records the snapshot's offset);
 *   <li>write the snapshot as the new base (temp file, fsync, rename, directory fsync);
 *   <li>persist the manifest naming the new base and the new incremental file, with the old
 *       files as history;
 *   <li>delete the history files and persist the manifest without them.
 * </ol>
 * After a crash at any point the manifest on disk names a complete, consistent set of files.
 */
public final class PersistenceService implements Persistence {

  private static final Logger log = LoggerFactory.getLogger(PersistenceService.class);
  private static final long BGSAVE_RETRY_DELAY_MS = 5000;

  private enum Job {
    NONE, SAVE, BGSAVE, REWRITE
  }

  private final Engine engine;
  private final PersistenceProperties props;
  private final SavePoints savePoints;
  private final Path dir;
  private final Path dumpPath;
  private final AofDirectory aof;
  private final Snapshotter snapshotter;
  private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "restis-snapshot");
    t.setDaemon(true);
    return t;
  });

  // Guarded by this.
  private Job job = Job.NONE;
  private boolean bgsaveScheduled;
  private boolean rewriteScheduled;
  private boolean stopping;
  private long lastBgsaveTry;
  private int rewriteFailures;
  private long lastRewriteFailure;

  private volatile boolean ready;
  private volatile boolean loading;
  private volatile double loadPercent;
  private volatile double percentDone;
  private volatile long lastSaveMillis = System.currentTimeMillis();
  private volatile long dirtyAtLastSave;
  private volatile boolean lastBgsaveOk = true;
  private volatile PersistenceStatus.Run lastSave;
  private volatile PersistenceStatus.Run lastRewrite;
  private volatile AppendLog appendLog;
  /** Bytes of the base and of the incremental files before the current one. */
  private volatile long baseBytes;
  private volatile long olderIncrBytes;

  public PersistenceService(Engine engine, PersistenceProperties props) {
    this.engine = engine;
    this.props = props;
    this.savePoints = props.savePoints();
    this.dir = Path.of(props.dir());
    this.dumpPath = dir.resolve(props.dbfilename());
    this.aof = props.appendonly() ? new AofDirectory(dir.resolve(props.appenddirname()), props.appendfilename()) : null;
    this.snapshotter = new Snapshotter(engine);
    // Commands that arrive before the data is loaded get LOADING, as from Redis.
    engine.setLoading(true);
    engine.setPersistence(this);
  }

  public boolean isReady() {
    return ready;
  }

  // ---------------------------------------------------------------- start

  /** Loads the dataset and opens the log; on failure the server must not start. */
  public void start() throws IOException {
    loading = true;
    long t0 = System.nanoTime();
    Files.createDirectories(dir);
    removeTemporaryFiles(dir);
    long offset = 0;
    if (aof != null && aof.load()) {
      aof.removeTemporaryFiles();
      aof.deleteHistory();
      log.info("Loading the append-only directory {} ({} files)", aof.dir(), aof.manifest().live().size());
      AofLoader.Result r = new AofLoader(engine, aof, props.aofLoadTruncated(), this::loadProgress).load();
      offset = r.offset();
      log.info("DB loaded from the append-only directory: {} base keys, {} writes replayed ({} already in the base,"
          + " {} answered errors){}, offset {}, {} ms", r.baseKeys(), r.replayed(), r.skipped(), r.errors(),
          r.truncated() ? ", truncated tail dropped" : "", offset, (System.nanoTime() - t0) / 1_000_000);
    } else if (Files.exists(dumpPath)) {
      log.info("Loading the snapshot {}", dumpPath);
      long total = Math.max(1, Files.size(dumpPath));
      RdbLoader.Loaded l;
      try (InputStream in = Files.newInputStream(dumpPath)) {
        l = RdbLoader.load(engine, in, props.dbfilename(), true, bytes -> loadProgress(bytes, total));
      }
      offset = l.offset();
      log.info("DB loaded from disk: {} keys ({} already expired, not loaded), offset {}, {} ms", l.keys(),
          l.expiredSkipped(), offset, (System.nanoTime() - t0) / 1_000_000);
    }
    engine.restoreOffset(offset);
    dirtyAtLastSave = engine.dirty();
    lastSaveMillis = System.currentTimeMillis();
    loadPercent = 100;
    if (aof != null) {
      openLog(offset);
    }
    ready = true;
    loading = false;
    engine.setLoading(false);
    log.info("Ready: persistence {}", aof != null
        ? "with the append-only log (appendfsync " + props.appendfsync().name().toLowerCase() + ")"
        : "with snapshots only");
  }

  private void loadProgress(long done, long total) {
    double p = total <= 0 ? 100 : Math.min(100.0, done * 100.0 / total);
    if ((int) (p / 10) != (int) (loadPercent / 10)) {
      log.info("Loading: {}% ({} of {} bytes)", (int) p, done, total);
    }
    loadPercent = p;
  }

  /** Opens the last incremental file for appending, creating the directory's first files if needed. */
  private void openLog(long offset) throws IOException {
    Manifest m = aof.manifest();
    if (m == null) {
      // A fresh directory: the current dataset (perhaps loaded from the dump) becomes the base.
      String baseName = aof.baseName(1);
      long[] at = new long[1];
      baseBytes = aof.writeBase(baseName, out -> at[0] = snapshotter.write(out, Map.of("aof-base", "1"), null,
          null).offset());
      FileChannel ch = aof.createIncr(1, AofDirectory.header(at[0]));
      aof.persist(new Manifest(AofDirectory.base(baseName, 1), java.util.List.of(AofDirectory.incr(aof.incrName(1), 1)),
          java.util.List.of()));
      log.info("Created the append-only directory {} with base {}", aof.dir(), baseName);
      startLog(ch, ch.size(), offset);
      return;
    }
    if (m.lastIncr() == null) {
      long seq = m.maxIncrSeq() + 1;
      FileChannel ch = aof.createIncr(seq, AofDirectory.header(offset));
      aof.persist(m.withIncr(AofDirectory.incr(aof.incrName(seq), seq)));
      startLog(ch, ch.size(), offset);
    } else {
      FileChannel ch = aof.openForAppend(m.lastIncr().name());
      startLog(ch, ch.size(), offset);
    }
    m = aof.manifest();
    baseBytes = m.base() == null ? 0 : aof.size(m.base().name());
    long older = 0;
    for (FileInfo f : m.incrs()) {
      if (f != m.lastIncr()) {
        older += aof.size(f.name());
      }
    }
    olderIncrBytes = older;
  }

  private void startLog(FileChannel ch, long size, long offset) {
    AppendLog l = new AppendLog(ch, size, offset, props.appendfsync());
    appendLog = l;
    engine.addWriteListener(l);
    engine.setDurabilityBarrier(l::awaitDurable);
  }

  private static void removeTemporaryFiles(Path d) throws IOException {
    try (var files = Files.newDirectoryStream(d, "temp-*")) {
      for (Path p : files) {
        if (Files.isRegularFile(p)) {
          Files.deleteIfExists(p);
          log.info("Removed the leftover temporary file {}", p.getFileName());
        }
      }
    }
  }

  // ---------------------------------------------------------------- commands

  @Override
  public String save() {
    synchronized (this) {
      if (!ready || stopping) {
        return "ERR Persistence is not ready";
      }
      // A SAVE waits for a compaction to finish; a BGSAVE running is an error, as in Redis.
      while (job == Job.REWRITE || job == Job.SAVE) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return "ERR interrupted";
        }
      }
      if (job == Job.BGSAVE) {
        return "ERR Background save already in progress";
      }
      job = Job.SAVE;
    }
    try {
      return saveDump("save") ? null : "ERR " + lastSave.error();
    } finally {
      finishJob();
    }
  }

  @Override
  public String bgsave(boolean schedule, boolean inTransaction) {
    synchronized (this) {
      if (!ready || stopping) {
        throw new CommandException("ERR Persistence is not ready");
      }
      if (job == Job.BGSAVE) {
        throw new CommandException("ERR Background save already in progress");
      }
      if (job != Job.NONE || inTransaction) {
        if (schedule || inTransaction) {
          bgsaveScheduled = true;
          background.execute(this::runScheduled);
          return "Background saving scheduled";
        }
        throw new CommandException("ERR Another child process is active (AOF?): can't BGSAVE right now. "
            + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
      }
      job = Job.BGSAVE;
      background.execute(this::runBgsave);
      return "Background saving started";
    }
  }

  @Override
  public String bgrewriteaof() {
    if (aof == null) {
      throw new CommandException("ERR The append-only log is disabled (restis.persistence.appendonly)");
    }
    synchronized (this) {
      if (!ready || stopping) {
        throw new CommandException("ERR Persistence is not ready");
      }
      if (job == Job.REWRITE) {
        throw new CommandException("ERR Background append only file rewriting already in progress");
      }
      if (job != Job.NONE) {
        rewriteScheduled = true;
        return "Background append only file rewriting scheduled";
      }
      job = Job.REWRITE;
      background.execute(this::runRewrite);
      return "Background append only file rewriting started";
    }
  }

  @Override
  public long lastSave() {
    return lastSaveMillis / 1000;
  }

  @Override
  public String writeRefusal() {
    AppendLog l = appendLog;
    IOException failure = l == null ? null : l.failure();
    return failure == null ? null : "MISCONF Errors writing to the AOF file: " + AppendLog.describe(failure);
  }

  // ---------------------------------------------------------------- jobs

  private void runBgsave() {
    try {
      saveDump("bgsave");
    } finally {
      finishJob();
    }
  }

  private void runRewrite() {
    try {
      rewrite();
      synchronized (this) {
        rewriteFailures = 0;
      }
    } catch (IOException | RuntimeException e) {
      log.error("Background append only file rewriting failed: {}", e.toString());
      lastRewrite = new PersistenceStatus.Run("rewrite", "err", String.valueOf(e.getMessage()),
          System.currentTimeMillis(), 0, 0, 0, 0);
      synchronized (this) {
        rewriteFailures++;
        lastRewriteFailure = System.currentTimeMillis();
      }
    } finally {
      finishJob();
    }
  }

  /** Starts whatever was scheduled, once nothing runs. */
  private void runScheduled() {
    Runnable next = null;
    synchronized (this) {
      if (job != Job.NONE || stopping || !ready) {
        return;
      }
      if (rewriteScheduled) {
        rewriteScheduled = false;
        job = Job.REWRITE;
        next = this::runRewrite;
      } else if (bgsaveScheduled) {
        bgsaveScheduled = false;
        job = Job.BGSAVE;
        next = this::runBgsave;
      }
    }
    if (next != null) {
      next.run();
    }
  }

  private void finishJob() {
    synchronized (this) {
      job = Job.NONE;
      percentDone = 0;
      notifyAll();
      if ((bgsaveScheduled || rewriteScheduled) && !stopping) {
        background.execute(this::runScheduled);
      }
    }
  }

  /** Writes the dump file; true on success. The outcome is recorded for LASTSAVE and the status. */
  private boolean saveDump(String kind) {
    long started = System.currentTimeMillis();
    long[] dirtyAtStart = new long[1];
    Snapshotter.Result[] result = new Snapshotter.Result[1];
    try {
      long bytes = DurableFiles.writeAtomically(dumpPath, out -> result[0] = snapshotter.write(out,
          Map.of("aof-base", "0"), offset -> dirtyAtStart[0] = engine.dirty(), this::progress));
      Snapshotter.Result r = result[0];
      lastSave = new PersistenceStatus.Run(kind, "ok", null, r.startedAtMillis(), r.durationMillis(), bytes,
          r.keys(), r.offset());
      lastSaveMillis = System.currentTimeMillis();
      dirtyAtLastSave = dirtyAtStart[0];
      lastBgsaveOk = true;
      log.info("{}: DB saved on disk ({} keys, {} bytes, offset {}, {} ms)", kind.equals("save") ? "SAVE" : "BGSAVE",
          r.keys(), bytes, r.offset(), r.durationMillis());
      return true;
    } catch (IOException | RuntimeException e) {
      log.error("{} failed writing {}: {}", kind, dumpPath, e.toString());
      lastSave = new PersistenceStatus.Run(kind, "err", String.valueOf(e.getMessage()), started,
          System.currentTimeMillis() - started, 0, 0, 0);
      lastBgsaveOk = false;
      synchronized (this) {
        lastBgsaveTry = System.currentTimeMillis();
      }
      return false;
    }
  }

  private void progress(long done, long total) {
    percentDone = total <= 0 ? 100 : Math.min(100.0, done * 100.0 / total);
  }

  /** The compaction described in the class comment. Runs on the snapshot thread. */
  private void rewrite() throws IOException {
    Manifest m = aof.manifest();
    long incrSeq = m.maxIncrSeq() + 1;
    long baseSeq = m.baseSeq() + 1;
    String incrName = aof.incrName(incrSeq);
    String baseName = aof.baseName(baseSeq);
    log.info("Background append only file rewriting started: base {}, log {}", baseName, incrName);
    FileChannel ch = aof.createIncr(incrSeq, null);
    try {
      aof.persist(m.withIncr(AofDirectory.incr(incrName, incrSeq)));
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    AppendLog l = appendLog;
    boolean[] rotated = {false};
    Snapshotter.Result[] result = new Snapshotter.Result[1];
    long bytes;
    try {
      bytes = aof.writeBase(baseName, out -> result[0] = snapshotter.write(out, Map.of("aof-base", "1"),
          offset -> {
            l.rotate(ch, AofDirectory.header(offset));
            rotated[0] = true;
          }, this::progress));
    } catch (IOException | RuntimeException e) {
      if (!rotated[0]) {
        // The manifest already lists the new file last: the log must continue there.
        engine.read(ks -> {
          l.rotate(ch, AofDirectory.header(engine.offset()));
          return null;
        });
      }
      olderIncrBytes = sumOlderIncrs();
      throw e;
    }
    Manifest done = aof.manifest().rewritten(AofDirectory.base(baseName, baseSeq), incrSeq);
    aof.persist(done);
    aof.deleteHistory();
    Snapshotter.Result r = result[0];
    baseBytes = bytes;
    olderIncrBytes = 0;
    lastRewrite = new PersistenceStatus.Run("rewrite", "ok", null, r.startedAtMillis(), r.durationMillis(), bytes,
        r.keys(), r.offset());
    log.info("Background AOF rewrite finished successfully: base {} ({} keys, {} bytes, offset {}, {} ms)", baseName,
        r.keys(), bytes, r.offset(), r.durationMillis());
  }

  private long sumOlderIncrs() throws IOException {
    Manifest m = aof.manifest();
    long older = 0;
    for (FileInfo f : m.incrs()) {
      if (f != m.lastIncr()) {
        older += aof.size(f.name());
      }
    }
    return older;
  }

  // ---------------------------------------------------------------- timed work

  /**
   * Once a second: fsync the log ({@code everysec}), start a save when a save point is due, start
   * a compaction when the log outgrew the base.
   */
  public void tick() {
    if (!ready) {
      return;
    }
    AppendLog l = appendLog;
    if (l != null && l.policy() == AppendLog.Fsync.EVERYSEC) {
      l.fsyncInBackground();
    }
    long now = System.currentTimeMillis();
    // Read before taking the monitor: the engine lock is never requested while holding it.
    long changes = engine.dirty() - dirtyAtLastSave;
    synchronized (this) {
      if (job != Job.NONE || stopping) {
        return;
      }
      boolean retryOk = lastBgsaveOk || now - lastBgsaveTry > BGSAVE_RETRY_DELAY_MS;
      if (retryOk && savePoints.due(changes, now - lastSaveMillis)) {
        log.info("{} changes in {} seconds. Saving...", changes, (now - lastSaveMillis) / 1000);
        job = Job.BGSAVE;
        background.execute(this::runBgsave);
        return;
      }
      // After failed compactions the automatic ones back off, as Redis's: a minute, doubling, at
      // most an hour.
      long backoff = rewriteFailures == 0 ? 0 : Math.min(3_600_000L, 60_000L << Math.min(6, rewriteFailures - 1));
      if (l != null && now - lastRewriteFailure >= backoff && rewriteDue(l)) {
        log.info("Starting automatic rewriting of AOF on {}% growth", growthPercent(l));
        job = Job.REWRITE;
        background.execute(this::runRewrite);
      }
    }
  }

  private long incrBytes(AppendLog l) {
    return olderIncrBytes + l.currentFileSize();
  }

  private long growthPercent(AppendLog l) {
    return incrBytes(l) * 100 / Math.max(1, baseBytes);
  }

  private boolean rewriteDue(AppendLog l) {
    int pct = props.autoAofRewritePercentage();
    if (pct <= 0) {
      return false;
    }
    long total = baseBytes + incrBytes(l);
    return total >= props.autoAofRewriteMinSize().toBytes() && growthPercent(l) >= pct;
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * Graceful shutdown: waits for a running snapshot, writes the final dump when save points are
   * configured, then writes and fsyncs what the log holds. Never saves a dataset that did not
   * finish loading.
   */
  public void shutdown() {
    synchronized (this) {
      stopping = true;
      long deadline = System.currentTimeMillis() + 60_000;
      while (job != Job.NONE && System.currentTimeMillis() < deadline) {
        try {
          wait(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    background.shutdown();
    if (ready) {
      AppendLog l = appendLog;
      if (l != null) {
        try {
          l.flush();
          log.info("Calling fsync() on the AOF file: done");
        } catch (IOException e) {
          log.error("Flushing the append-only log at shutdown failed: {}", e.toString());
        }
      }
      if (props.saveOnShutdown() && !savePoints.isEmpty()) {
        log.info("Saving the final RDB snapshot before exiting.");
        saveDump("save");
      }
    }
    AppendLog l = appendLog;
    if (l != null) {
      try {
        l.close();
      } catch (IOException e) {
        log.error("Closing the append-only log failed: {}", e.toString());
      }
    }
    ready = false;
  }

  // ---------------------------------------------------------------- status

  public PersistenceStatus status() {
    Job j;
    synchronized (this) {
      j = job;
    }
    AppendLog l = appendLog;
    PersistenceStatus.Aof a = null;
    if (aof != null) {
      IOException failure = l == null ? null : l.failure();
      a = new PersistenceStatus.Aof(props.appendfsync().name().toLowerCase(), baseBytes,
          l == null ? 0 : incrBytes(l), lastRewrite, failure == null ? null : failure.toString(),
          l == null ? 0 : l.fsyncCount(), l == null ? 0 : l.appendedOffset());
    }
    return new PersistenceStatus(loading, loadPercent, j == Job.NONE ? null : j.name().toLowerCase(),
        j == Job.NONE ? 0 : percentDone, lastSave, lastSaveMillis / 1000,
        ready ? engine.dirty() - dirtyAtLastSave : 0, a);
  }

  /** For tests and the admin resource: waits until no snapshot or compaction runs. */
  public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (this) {
      while (job != Job.NONE || bgsaveScheduled || rewriteScheduled) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        wait(left);
      }
      return true;
    }
  }

  /** The append-only log being written, or null (off, or not open yet); for its metrics. */
  public AppendLog appendLog() {
    return appendLog;
  }
}
