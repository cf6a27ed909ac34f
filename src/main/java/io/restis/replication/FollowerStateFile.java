package io.restis.replication;

import io.restis.persistence.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a follower must remember across a restart to continue partially: the replication id of the
 * history its persisted data belongs to, and the offset from which that holds (the full sync it
 * came from). The offset itself is the data's own: a follower's engine carries the leader's
 * offsets, and its dump and log record them.
 *
 * <p>The file ({@value #NAME} in the persistence directory) is only ever present when the data on
 * disk belongs to the history it names: it is deleted before a full sync swaps the dataset and
 * written again only once the new dataset is persisted. After a crash in between there is no file
 * and the follower syncs fully. Written atomically (temporary file, fsync, rename).
 */
final class FollowerStateFile {

  private static final Logger log = LoggerFactory.getLogger(FollowerStateFile.class);
  static final String NAME = "replication.state";

  /** The history id, and the lowest offset of data on disk that belongs to it. */
  record State(String replId, long since) {}

  private final Path path;

  /** @param dir the persistence directory, or null when nothing is persisted (no file then) */
  FollowerStateFile(Path dir) {
    this.path = dir == null ? null : dir.resolve(NAME);
  }

  boolean enabled() {
    return path != null;
  }

  /** The state, or null when there is none or it cannot be read. */
  State read() {
    if (path == null || !Files.exists(path)) {
      return null;
    }
    try {
      String id = null;
      long since = -1;
      for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
        String[] kv = line.trim().split(" ", 2);
        if (kv.length == 2 && kv[0].equals("replid")) {
          id = kv[1];
        } else if (kv.length == 2 && kv[0].equals("since")) {
          since = Long.parseLong(kv[1]);
        }
      }
      if (!ReplicationIds.isValid(id) || since < 0) {
        log.warn("Ignoring the malformed {}", path);
        return null;
      }
      return new State(id, since);
    } catch (IOException | NumberFormatException e) {
      log.warn("Ignoring the unreadable {}: {}", path, e.toString());
      return null;
    }
  }

  void write(State s) throws IOException {
    if (path == null) {
      return;
    }
    byte[] text = ("replid " + s.replId() + "\nsince " + s.since() + "\n").getBytes(StandardCharsets.UTF_8);
    Files.createDirectories(path.getParent());
    DurableFiles.writeAtomically(path, out -> out.write(text));
  }

  void delete() throws IOException {
    if (path != null && Files.deleteIfExists(path)) {
      DurableFiles.fsyncDirectory(path.getParent());
    }
  }
}
