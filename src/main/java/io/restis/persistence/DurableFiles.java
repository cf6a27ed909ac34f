package io.restis.persistence;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Crash-safe file replacement: write a temporary file in the same directory, fsync it, rename it
 * over the target (atomic on POSIX file systems), fsync the directory so the rename itself is
 * durable. After a crash the target is either entirely the old file or entirely the new one.
 */
public final class DurableFiles {

  private static final AtomicLong COUNTER = new AtomicLong();

  private DurableFiles() {}

  @FunctionalInterface
  public interface StreamWriter {
    void write(OutputStream out) throws IOException;
  }

  /** Writes the target atomically; returns its size. The temporary file is removed on failure. */
  public static long writeAtomically(Path target, StreamWriter writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = dir.resolve("temp-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-"
        + target.getFileName());
    boolean done = false;
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        writer.write(out);
        out.flush();
        ch.force(true);
      }
      long size = Files.size(temp);
      rename(temp, target);
      done = true;
      return size;
    } finally {
      if (!done) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** An atomic rename followed by a directory fsync. */
  public static void rename(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system cannot rename " + from + " atomically", e);
    }
    fsyncDirectory(to.toAbsolutePath().getParent());
  }

  /** Makes the directory's entries (creations, renames, deletions) durable. */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; Linux, the target, can.
      if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
        return;
      }
      throw e;
    }
  }
}
