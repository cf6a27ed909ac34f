package io.restis.persistence;

import io.restis.engine.Caller;
import io.restis.engine.CommandSpec;
import io.restis.engine.Engine;
import io.restis.engine.Reply;
import io.restis.persistence.format.AofFormatException;
import io.restis.persistence.format.AofReader;
import io.restis.persistence.format.Manifest;
import io.restis.persistence.format.Manifest.FileInfo;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery from the multi-part append-only directory: load the base snapshot, then replay the
 * incremental logs through the engine's own command table ({@link Engine#execute} as the leader
 * link, in loading mode), skipping whatever the base already holds.
 *
 * <p>Offsets: the base records the offset it is consistent at; each incremental file starts with
 * the offset of the write before it (an annotation), and every entry in it is the next offset.
 * Entries at or below what is already loaded are skipped; a file starting beyond it means writes
 * are missing, and loading stops rather than invent a state.
 *
 * <p>A truncated last entry in the last file (a crash in the middle of a write), or an
 * unfinished MULTI there, is cut off with a warning when {@code aof-load-truncated} is on, and the
 * file is truncated to its last complete entry so that new writes append cleanly; anywhere else,
 * and anything malformed, refuses to start with the file name and byte offset.
 */
final class AofLoader {

  private static final Logger log = LoggerFactory.getLogger(AofLoader.class);

  /** Replay runs as the leader link: it may write in loading mode and on a follower. */
  static final Caller REPLAY = new Caller() {
    @Override
    public boolean isLeaderLink() {
      return true;
    }
  };

  private static final byte[] MULTI = "MULTI".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EXEC = "EXEC".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);

  record Result(long offset, long baseKeys, long replayed, long skipped, long errors, boolean truncated) {}

  interface Progress {
    void update(long bytesDone, long bytesTotal);
  }

  private final Engine engine;
  private final AofDirectory dir;
  private final boolean loadTruncated;
  private final Progress progress;
  private long bytesTotal;
  private long bytesBefore;

  AofLoader(Engine engine, AofDirectory dir, boolean loadTruncated, Progress progress) {
    this.engine = engine;
    this.dir = dir;
    this.loadTruncated = loadTruncated;
    this.progress = progress == null ? (a, b) -> {} : progress;
  }

  Result load() throws IOException {
    Manifest m = dir.manifest();
    for (FileInfo f : m.live()) {
      bytesTotal += dir.size(f.name());
    }
    long offset = 0;
    long baseKeys = 0;
    if (m.base() != null) {
      String name = m.base().name();
      long t0 = System.nanoTime();
      if (name.endsWith(".rdb")) {
        try (InputStream in = Files.newInputStream(dir.path(name))) {
          RdbLoader.Loaded l = RdbLoader.load(engine, in, name, false,
              bytes -> progress.update(bytesBefore + bytes, bytesTotal));
          offset = l.offset();
          baseKeys = l.keys();
        }
      } else {
        offset = replay(name, false, 0, new long[4]);
      }
      bytesBefore += dir.size(name);
      log.info("Loaded the base {} ({} keys, offset {}) in {} ms", name, baseKeys, offset,
          (System.nanoTime() - t0) / 1_000_000);
    }
    long[] counts = new long[4]; // replayed, skipped, errors, truncated
    List<FileInfo> incrs = m.incrs();
    for (int i = 0; i < incrs.size(); i++) {
      String name = incrs.get(i).name();
      long t0 = System.nanoTime();
      long before = counts[0];
      offset = replay(name, i == incrs.size() - 1, offset, counts);
      bytesBefore += dir.size(name);
      log.info("Replayed {} writes from {} in {} ms", counts[0] - before, name, (System.nanoTime() - t0) / 1_000_000);
    }
    return new Result(offset, baseKeys, counts[0], counts[1], counts[2], counts[3] > 0);
  }

  /** Replays one log file; returns the offset of the last write it holds. */
  private long replay(String name, boolean last, long loadedUpTo, long[] counts) throws IOException {
    long[] fileStart = {-1};
    long offset;
    List<byte[][]> multi = null;
    long multiStart = -1;
    long multiFirstOffset = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.path(name)), 1 << 16)) {
      AofReader reader = new AofReader(in).onAnnotation(a -> {
        if (a.startsWith(AofDirectory.OFFSET_ANNOTATION) && fileStart[0] < 0) {
          try {
            fileStart[0] = Long.parseLong(a.substring(AofDirectory.OFFSET_ANNOTATION.length()).trim());
          } catch (NumberFormatException e) {
            fileStart[0] = -2;
          }
        }
      });
      offset = loadedUpTo;
      boolean first = true;
      long lastProgress = 0;
      while (true) {
        byte[][] argv;
        try {
          argv = reader.next();
        } catch (AofFormatException e) {
          if (e.truncated() && last && loadTruncated) {
            long cut = multi != null ? multiStart : e.offset();
            truncate(name, cut, "an unfinished entry");
            counts[3]++;
            return multi != null ? multiFirstOffset - 1 : offset;
          }
          if (e.truncated()) {
            throw new CorruptFileException(name, "Unexpected end of file reading the append only file"
                + (last ? " (aof-load-truncated is off)" : " (only the last file may be truncated)"), e.offset());
          }
          throw new CorruptFileException(name, e.getMessage(), e.offset());
        }
        if (first) {
          first = false;
          if (fileStart[0] == -2) {
            throw new CorruptFileException(name, "Bad offset annotation", 0);
          }
          if (fileStart[0] >= 0) {
            if (fileStart[0] > loadedUpTo) {
              throw new CorruptFileException(name, "The log starts after offset " + fileStart[0]
                  + " but the data before it ends at offset " + loadedUpTo + ": writes are missing", 0);
            }
            offset = fileStart[0];
          }
        }
        if (argv == null) {
          break;
        }
        if (reader.position() - lastProgress > (1 << 20)) {
          lastProgress = reader.position();
          progress.update(bytesBefore + lastProgress, bytesTotal);
        }
        if (isWord(argv[0], SELECT)) {
          // Redis starts each file with SELECT; Restis has database 0 only and logs none.
          if (argv.length != 2 || !new String(argv[1], StandardCharsets.US_ASCII).equals("0")) {
            throw new CorruptFileException(name, "SELECT of a database other than 0", reader.entryStart());
          }
          continue;
        }
        offset++;
        if (isWord(argv[0], MULTI)) {
          if (multi != null) {
            throw new CorruptFileException(name, "Nested MULTI", reader.entryStart());
          }
          multi = new ArrayList<>();
          multiStart = reader.entryStart();
          multiFirstOffset = offset;
          continue;
        }
        if (isWord(argv[0], EXEC)) {
          if (multi == null) {
            throw new CorruptFileException(name, "EXEC without MULTI", reader.entryStart());
          }
          if (offset <= loadedUpTo) {
            counts[1] += multi.size() + 2;
          } else if (multiFirstOffset <= loadedUpTo) {
            throw new CorruptFileException(name, "A transaction straddles the base's offset " + loadedUpTo,
                multiStart);
          } else {
            Reply r = engine.transaction(REPLAY, multi);
            if (r instanceof Reply.Error e) {
              throw new CorruptFileException(name, "Transaction refused on replay: " + e.message(), multiStart);
            }
            for (Reply x : ((Reply.Multi) r).items()) {
              countError(x, name, counts);
            }
            counts[0] += multi.size();
          }
          multi = null;
          continue;
        }
        check(argv, name, reader.entryStart());
        if (multi != null) {
          multi.add(argv);
          continue;
        }
        if (offset <= loadedUpTo) {
          counts[1]++;
          continue;
        }
        countError(engine.execute(REPLAY, argv), name, counts);
        counts[0]++;
      }
      if (multi != null) {
        if (last && loadTruncated) {
          truncate(name, multiStart, "an unfinished MULTI/EXEC transaction");
          counts[3]++;
          return multiFirstOffset - 1;
        }
        throw new CorruptFileException(name, "Unfinished MULTI at the end of the file", multiStart);
      }
      return offset;
    }
  }

  private static boolean isWord(byte[] a, byte[] word) {
    return a.length == word.length && new String(a, StandardCharsets.US_ASCII).equalsIgnoreCase(
        new String(word, StandardCharsets.US_ASCII));
  }

  /** Unknown commands and impossible arities are corruption, not something to run. */
  private void check(byte[][] argv, String name, long at) throws CorruptFileException {
    CommandSpec spec = engine.table().lookup(argv[0]);
    if (spec == null) {
      throw new CorruptFileException(name, "Unknown command '" + new String(argv[0], StandardCharsets.UTF_8)
          + "' reading the append only file", at);
    }
    if (!spec.arityAccepts(argv.length)) {
      throw new CorruptFileException(name, "Wrong number of arguments for '" + spec.name()
          + "' reading the append only file", at);
    }
  }

  private static void countError(Reply r, String name, long[] counts) {
    if (r instanceof Reply.Error e) {
      counts[2]++;
      if (counts[2] <= 10) {
        log.warn("{}: a replayed write answered an error: {}", name, e.message());
      }
    }
  }

  private void truncate(String name, long at, String what) throws IOException {
    log.warn("!!! Warning: short read while loading the AOF file {}: {} at byte offset {} !!!", name, what, at);
    log.warn("AOF loaded anyway because aof-load-truncated is enabled; truncating {} to {} bytes", name, at);
    try (FileChannel ch = FileChannel.open(dir.path(name), StandardOpenOption.WRITE)) {
      ch.truncate(at);
      ch.force(true);
    }
  }
}
