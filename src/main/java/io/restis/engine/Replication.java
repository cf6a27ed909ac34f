package io.restis.engine;

/**
 * What the replication commands (WAIT, ROLE, REPLICAOF) and the write admission need of the
 * replication layer, which lives outside the engine (it does network I/O, the engine never does)
 * and registers itself with {@link Engine#setReplication}.
 *
 * <p>Lock order: the engine calls {@link #writeRefusal} before taking its lock and
 * {@link #isFollower} under it; everything else is called by deferred replies, after the lock was
 * released. Implementations never call into the engine while holding a lock of their own that
 * these methods take.
 */
public interface Replication {

  /**
   * Null while client writes may run; else the error every client write is refused with before it
   * runs (Redis's NOREPLICAS, when fewer good followers than required are connected).
   */
  default String writeRefusal() {
    return null;
  }

  /** True while this node follows a leader (WAIT is an error there). Non-blocking. */
  boolean isFollower();

  /**
   * WAIT: blocks until at least {@code replicas} followers acknowledged the write with this offset,
   * or the timeout passed ({@code 0} waits forever; with {@code block} false it answers at once),
   * and returns how many acknowledged it.
   */
  long awaitAcknowledged(long offset, long replicas, long timeoutMillis, boolean block);

  /** ROLE's reply. */
  Reply role();

  /**
   * REPLICAOF host port: follow that leader. Returns the status text to answer (OK, or OK Already
   * connected to specified master); throws {@link CommandException} to refuse.
   */
  String replicaOf(String host, int port);

  /** REPLICAOF NO ONE: stop following and become a leader. Returns the status text. */
  String promote();
}
