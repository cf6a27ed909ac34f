package io.restis.persistence;

import io.restis.engine.WriteListener;
import io.restis.persistence.format.Buf;
import io.restis.persistence.format.Resp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only log writer: every propagated write in RESP, appended to the current incremental
 * file, with group commit.
 *
 * <p>The engine calls {@link #onWrite} under its lock; it only encodes the command into an
 * in-memory buffer. A dedicated writer thread takes everything buffered so far, writes it to the
 * file and, with {@code always}, fsyncs it, then wakes the callers waiting in
 * {@link #awaitDurable} for an offset now covered. Writes that arrive while an fsync runs pile up
 * and go out together with the next one: concurrent writers share fsyncs, which is what makes
 * {@code always} affordable.
 *
 * <p>What "durable" means per policy, as in Redis: {@code always}, fsynced; {@code everysec} and
 * {@code no}, handed to the operating system ({@code write(2)}) before the reply (Redis also
 * writes its log buffer before sending replies), so a killed process loses nothing acknowledged,
 * while a machine crash loses up to the last second ({@code everysec}, fsynced by
 * {@link #fsync()} on a schedule) or what the OS had not flushed ({@code no}).
 *
 * <p>{@link #rotate} switches to a new file at an exact offset (called under the engine lock at
 * the instant a compaction's snapshot begins): writes up to that offset go to the old file,
 * which the writer fsyncs and closes when it reaches the switch; later ones to the new file.
 */
public final class AppendLog implements WriteListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AppendLog.class);

  public enum Fsync {
    ALWAYS, EVERYSEC, NO;

    public static Fsync parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** Thrown to a caller waiting for durability when the log cannot be written. */
  public static final class WriteFailedException extends RuntimeException {
    WriteFailedException(IOException cause) {
      super("MISCONF Errors writing to the AOF file: " + describe(cause), cause);
    }
  }

  /** An I/O error as a message: its text, or its kind when it has none (ClosedChannelException). */
  static String describe(IOException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** Encoded commands bound for one file. */
  private static final class Segment {
    final FileChannel channel;
    final Buf buf;
    long lastOffset;

    Segment(FileChannel channel, Buf buf) {
      this.channel = channel;
      this.buf = buf;
    }
  }

  private final Fsync policy;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition dataAvailable = lock.newCondition();
  private final Condition progress = lock.newCondition();
  private final Thread writer;

  // Guarded by lock.
  private FileChannel current;
  private final ArrayDeque<Segment> pending = new ArrayDeque<>();
  private final ArrayDeque<Buf> spare = new ArrayDeque<>();
  private long appendedOffset;
  private long writtenOffset;
  private long syncedOffset;
  private IOException failure;
  private boolean closing;
  private boolean writerWaiting;
  /** The channel the writer thread writes to now (the last it reached). */
  private FileChannel writing;

  /**
   * Runs the {@code everysec} fsyncs. A thread of its own that nothing interrupts: an interrupt
   * during {@code force} would close the channel under the writer (NIO's interruptible channels),
   * and scheduler threads do get interrupted at shutdown.
   */
  private final java.util.concurrent.ThreadPoolExecutor fsyncer = new java.util.concurrent.ThreadPoolExecutor(
      1, 1, 0, TimeUnit.MILLISECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1), r -> {
        Thread t = new Thread(r, "restis-aof-fsync");
        t.setDaemon(true);
        return t;
      }, new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());

  private volatile long durableHint;
  /** The failure, readable without the lock (checked before every write command). */
  private volatile IOException failedWith;
  private volatile long currentFileSize;
  private volatile long lastFsyncMillis = System.currentTimeMillis();
  private final java.util.concurrent.atomic.AtomicLong fsyncs = new java.util.concurrent.atomic.AtomicLong();
  /** Time spent in the fsyncs counted by {@link #fsyncs}, and in the last one (the fsync latency metrics). */
  private final java.util.concurrent.atomic.AtomicLong fsyncNanos = new java.util.concurrent.atomic.AtomicLong();
  private volatile long lastFsyncNanos;
  private final java.util.concurrent.atomic.AtomicLong batches = new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param channel the incremental file, positioned at its end
   * @param size its current size
   * @param startOffset the engine offset of the last write already in the log (or the base)
   */
  public AppendLog(FileChannel channel, long size, long startOffset, Fsync policy) {
    this.policy = policy;
    this.current = channel;
    this.writing = channel;
    this.currentFileSize = size;
    this.appendedOffset = startOffset;
    this.writtenOffset = startOffset;
    this.syncedOffset = startOffset;
    this.durableHint = startOffset;
    this.writer = new Thread(this::writeLoop, "restis-aof-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  public Fsync policy() {
    return policy;
  }

  /** Under the engine lock: encode and buffer, never block on I/O. */
  @Override
  public void onWrite(long offset, byte[][] argv) {
    lock.lock();
    try {
      if (failure != null || closing) {
        return; // nothing will be written; waiters are told by awaitDurable
      }
      Segment tail = pending.peekLast();
      if (tail == null || tail.channel != current) {
        tail = new Segment(current, spare.isEmpty() ? new Buf(64 * 1024) : spare.pop());
        pending.add(tail);
      }
      Resp.command(tail.buf, argv);
      tail.lastOffset = offset;
      appendedOffset = offset;
      if (writerWaiting) {
        dataAvailable.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Under the engine lock: later writes go to {@code next}, an empty file, after a first line
   * {@code header} (the offset annotation). The writer fsyncs and closes the previous file once
   * everything before the switch is written to it.
   */
  public void rotate(FileChannel next, byte[] header) {
    lock.lock();
    try {
      current = next;
      Buf b = new Buf(Math.max(64, header.length));
      b.write(header);
      pending.add(new Segment(next, b)); // the switch, even if no write follows
      dataAvailable.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until the write with this offset is durable under the policy (see the class comment).
   * Throws {@link WriteFailedException} when the log failed.
   */
  public void awaitDurable(long offset) {
    if (offset <= durableHint) {
      return;
    }
    lock.lock();
    try {
      while (durable() < offset) {
        if (failure != null) {
          throw new WriteFailedException(failure);
        }
        if (closing && !writer.isAlive()) {
          throw new WriteFailedException(new IOException("the log is closed"));
        }
        progress.await(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WriteFailedException(new IOException("interrupted while waiting for the log"));
    } finally {
      lock.unlock();
    }
  }

  private long durable() {
    return policy == Fsync.ALWAYS ? syncedOffset : writtenOffset;
  }

  /**
   * Fsyncs what has been written so far ({@code everysec}'s scheduled task, and shutdown). Safe
   * to call concurrently with the writer.
   */
  public void fsync() throws IOException {
    FileChannel ch;
    long upTo;
    lock.lock();
    try {
      ch = writing;
      upTo = writtenOffset;
      if (upTo <= syncedOffset && pending.isEmpty()) {
        return; // nothing written since the last fsync
      }
    } finally {
      lock.unlock();
    }
    try {
      long t0 = System.nanoTime();
      ch.force(false);
      countFsync(System.nanoTime() - t0);
    } catch (java.nio.channels.ClosedChannelException e) {
      return; // rotated away: the writer fsynced it before closing
    }
    lastFsyncMillis = System.currentTimeMillis();
    lock.lock();
    try {
      if (upTo > syncedOffset) {
        syncedOffset = upTo;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts an fsync in the background unless one is already running or queued; for the
   * {@code everysec} schedule, which must never block on the disk itself.
   */
  public void fsyncInBackground() {
    fsyncer.execute(() -> {
      try {
        fsync();
      } catch (IOException e) {
        log.warn("Background fsync of the append-only log failed: {}", e.toString());
      }
    });
  }

  /** Waits until everything buffered is written, then fsyncs it. */
  public void flush() throws IOException {
    long target;
    lock.lock();
    try {
      target = appendedOffset;
      dataAvailable.signal();
      while (writtenOffset < target && failure == null && writer.isAlive()) {
        progress.await(1, TimeUnit.SECONDS);
      }
      if (failure != null) {
        throw failure;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while flushing the log");
    } finally {
      lock.unlock();
    }
    fsync();
  }

  /** Writes and fsyncs everything buffered, stops the writer and closes the files. */
  @Override
  public void close() throws IOException {
    fsyncer.shutdown();
    IOException flushFailure = null;
    try {
      flush();
    } catch (IOException e) {
      flushFailure = e;
    }
    lock.lock();
    try {
      closing = true;
      dataAvailable.signal();
      progress.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      closeQuietly(writing);
      closeQuietly(current);
    } finally {
      lock.unlock();
    }
    if (flushFailure != null) {
      throw flushFailure;
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      log.warn("closing a log file: {}", e.toString());
    }
  }

  public long appendedOffset() {
    lock.lock();
    try {
      return appendedOffset;
    } finally {
      lock.unlock();
    }
  }

  /** The offset fsynced so far. */
  public long syncedOffset() {
    lock.lock();
    try {
      return syncedOffset;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes in the current incremental file (written so far). */
  public long currentFileSize() {
    return currentFileSize;
  }

  public long lastFsyncMillis() {
    return lastFsyncMillis;
  }

  /** Fsyncs done so far (group commit makes it far fewer than writes under {@code always}). */
  public long fsyncCount() {
    return fsyncs.get();
  }

  private void countFsync(long nanos) {
    fsyncNanos.addAndGet(nanos);
    lastFsyncNanos = nanos;
    fsyncs.incrementAndGet();
  }

  /** Nanoseconds spent in the fsyncs {@link #fsyncCount} counts. */
  public long fsyncNanos() {
    return fsyncNanos.get();
  }

  /** How long the last fsync took, in nanoseconds (0 before the first). */
  public long lastFsyncNanos() {
    return lastFsyncNanos;
  }

  /** Write batches handed to the file so far. */
  public long batchCount() {
    return batches.get();
  }

  /** The write error that stopped the log, or null. */
  public IOException failure() {
    return failedWith;
  }

  private void writeLoop() {
    List<Segment> batch = new ArrayList<>();
    while (true) {
      lock.lock();
      try {
        while (pending.isEmpty() && !closing) {
          writerWaiting = true;
          try {
            dataAvailable.await();
          } catch (InterruptedException e) {
            // only close() stops the writer
          } finally {
            writerWaiting = false;
          }
        }
        if (pending.isEmpty()) {
          return; // closing, all written
        }
        batch.addAll(pending);
        pending.clear();
      } finally {
        lock.unlock();
      }
      long last = 0;
      try {
        for (Segment s : batch) {
          if (s.channel != writing) {
            FileChannel old = writing;
            old.force(false);
            lock.lock();
            try {
              writing = s.channel;
            } finally {
              lock.unlock();
            }
            old.close();
            currentFileSize = 0;
          }
          ByteBuffer bb = ByteBuffer.wrap(s.buf.array(), 0, s.buf.size());
          while (bb.hasRemaining()) {
            writing.write(bb);
          }
          currentFileSize += s.buf.size();
          if (s.lastOffset > 0) {
            last = s.lastOffset;
          }
        }
        batches.incrementAndGet();
        if (policy == Fsync.ALWAYS) {
          long t0 = System.nanoTime();
          writing.force(false);
          countFsync(System.nanoTime() - t0);
          lastFsyncMillis = System.currentTimeMillis();
        }
      } catch (IOException e) {
        log.error("Writing the append-only log failed; writes are no longer durable: {}", e.toString());
        failedWith = e;
        lock.lock();
        try {
          failure = e;
          pending.clear();
          progress.signalAll();
        } finally {
          lock.unlock();
        }
        return;
      }
      lock.lock();
      try {
        if (last > 0) {
          writtenOffset = last;
          if (policy == Fsync.ALWAYS) {
            syncedOffset = last;
          }
        }
        durableHint = durable();
        for (Segment s : batch) {
          if (spare.size() < 2 && s.buf.array().length <= (1 << 20)) {
            s.buf.reset();
            spare.push(s.buf);
          }
        }
        progress.signalAll();
      } finally {
        lock.unlock();
      }
      batch.clear();
    }
  }
}
