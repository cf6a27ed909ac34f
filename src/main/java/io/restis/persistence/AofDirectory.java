package io.restis.persistence;

import io.restis.persistence.format.Manifest;
import io.restis.persistence.format.Manifest.FileInfo;
import io.restis.persistence.format.Manifest.Type;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multi-part append-only directory of Redis 7: {@code <name>.<seq>.base.rdb},
 * {@code <name>.<seq>.incr.aof} and the manifest {@code <name>.manifest} that says which of them
 * make up the dataset. Every change of the set of files goes through {@link #persist}, written
 * atomically, so after a crash the manifest names a consistent set.
 *
 * <p>Each incremental file Restis creates starts with an annotation line
 * {@code #restis-offset:<n>}: the engine offset of the last write before the file. Redis's loader
 * and redis-check-aof skip annotation lines; Restis's loader uses it to place the file's writes
 * exactly after the base, whose own offset is in its aux fields.
 */
final class AofDirectory {

  static final String OFFSET_ANNOTATION = "restis-offset:";
  private static final Logger log = LoggerFactory.getLogger(AofDirectory.class);

  private final Path dir;
  private final String name;
  private Manifest manifest;

  AofDirectory(Path dir, String name) {
    this.dir = dir;
    this.name = name;
  }

  Path dir() {
    return dir;
  }

  Manifest manifest() {
    return manifest;
  }

  Path path(String file) {
    return dir.resolve(file);
  }

  Path manifestPath() {
    return dir.resolve(name + ".manifest");
  }

  String baseName(long seq) {
    return name + "." + seq + ".base.rdb";
  }

  String incrName(long seq) {
    return name + "." + seq + ".incr.aof";
  }

  /** Reads the manifest; false when the directory or the manifest does not exist. */
  boolean load() throws IOException {
    String text;
    try {
      text = Files.readString(manifestPath(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return false;
    }
    try {
      manifest = Manifest.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CorruptFileException(manifestPath().getFileName().toString(), e.getMessage(), 0);
    }
    for (FileInfo f : manifest.live()) {
      if (!Files.exists(path(f.name()))) {
        throw new IOException("The AOF manifest names " + f.name() + " but it does not exist in " + dir);
      }
    }
    return true;
  }

  /** Writes the manifest atomically and makes it current. */
  void persist(Manifest m) throws IOException {
    Files.createDirectories(dir);
    byte[] text = m.render().getBytes(StandardCharsets.UTF_8);
    DurableFiles.writeAtomically(manifestPath(), out -> out.write(text));
    manifest = m;
  }

  /** The first line of an incremental file whose first write follows {@code offset}. */
  static byte[] header(long offset) {
    return ("#" + OFFSET_ANNOTATION + offset + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Creates a new incremental file, fsynced with its directory entry, and returns it open for
   * appending: empty when {@code header} is null (a rotation writes it), else holding it. A
   * leftover file of the same name (never named by a persisted manifest, or it would not be
   * reused) is replaced.
   */
  FileChannel createIncr(long seq, byte[] header) throws IOException {
    Files.createDirectories(dir);
    FileChannel ch = FileChannel.open(path(incrName(seq)), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    try {
      if (header != null) {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(header);
        while (bb.hasRemaining()) {
          ch.write(bb);
        }
      }
      ch.force(true);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    DurableFiles.fsyncDirectory(dir);
    return ch;
  }

  /** Opens an existing incremental file for appending, positioned at its end. */
  FileChannel openForAppend(String file) throws IOException {
    FileChannel ch = FileChannel.open(path(file), StandardOpenOption.WRITE);
    ch.position(ch.size());
    return ch;
  }

  /** Writes a new base atomically; returns its size. */
  long writeBase(String file, DurableFiles.StreamWriter writer) throws IOException {
    Files.createDirectories(dir);
    return DurableFiles.writeAtomically(path(file), writer);
  }

  /**
   * Deletes the history files the manifest lists, then persists it without them. Safe to repeat:
   * a crash in between leaves names of missing files in history, which the next run drops.
   */
  void deleteHistory() throws IOException {
    if (manifest == null || manifest.history().isEmpty()) {
      return;
    }
    for (FileInfo f : manifest.history()) {
      Files.deleteIfExists(path(f.name()));
      log.info("Removed the history file {} of the append-only log", f.name());
    }
    DurableFiles.fsyncDirectory(dir);
    persist(manifest.withoutHistory());
  }

  /** Removes temporary files a crash left behind (a snapshot or manifest being written). */
  void removeTemporaryFiles() throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "temp-*")) {
      for (Path p : files) {
        Files.deleteIfExists(p);
        log.info("Removed the leftover temporary file {}", p.getFileName());
      }
    }
  }

  long size(String file) throws IOException {
    return Files.size(path(file));
  }

  static FileInfo incr(String name, long seq) {
    return new FileInfo(name, seq, Type.INCR);
  }

  static FileInfo base(String name, long seq) {
    return new FileInfo(name, seq, Type.BASE);
  }
}
