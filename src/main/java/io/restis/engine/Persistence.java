package io.restis.engine;

/**
 * What the SAVE, BGSAVE and LASTSAVE commands need of the persistence layer, which lives outside
 * the engine (it does I/O, the engine never does) and registers itself with
 * {@link Engine#setPersistence}.
 */
public interface Persistence {

  /**
   * Takes a snapshot to the dump file and returns when it is on disk (SAVE). Called after the
   * engine lock was released. Returns null on success, else the error reply text.
   */
  String save();

  /**
   * Starts a snapshot in the background (BGSAVE) and returns the status text to answer, or throws
   * a {@link CommandException}. With {@code schedule}, a snapshot that cannot start now (another
   * is running) runs as soon as possible instead of failing; {@code inTransaction} always
   * schedules (the snapshot may not begin between two commands of a transaction). Called under the
   * engine lock: it only signals, the snapshot begins on another thread.
   */
  String bgsave(boolean schedule, boolean inTransaction);

  /**
   * Starts compacting the append-only log in the background (BGREWRITEAOF): a snapshot becomes
   * the new base. Returns the status text or throws a {@link CommandException}. Called under the
   * engine lock, like {@link #bgsave}.
   */
  String bgrewriteaof();

  /** Unix time in seconds of the last successful save (LASTSAVE). */
  long lastSave();

  /**
   * Null while writes may run; else the error every write command is refused with before it runs
   * (Redis's MISCONF, when the append-only log can no longer be written).
   */
  default String writeRefusal() {
    return null;
  }
}
