package io.restis.engine;

/**
 * Who runs a command. The executor asks the caller whether it may run each command (the security
 * layer implements this with ACLs) and whether it is the leader's replication link, which may
 * write on a follower.
 */
public interface Caller {

  /** A trusted in-process caller: log replay, tests, the server itself. */
  Caller INTERNAL = new Caller() {};

  /** Null when allowed, else the error reply text (NOPERM ...). */
  default String deny(CommandSpec spec, byte[][] argv) {
    return null;
  }

  /**
   * Null when the caller may subscribe to these channels (or, with {@code patterns}, these
   * patterns), else the error reply text (NOPERM ...). Subscriptions are not commands here (an
   * HTTP subscriber is a stream), so the layer that opens the stream asks this before it does.
   */
  default String denyChannels(java.util.List<Bytes> names, boolean patterns) {
    return null;
  }

  /** True for the stream of writes from the leader (or log replay), which bypasses READONLY. */
  default boolean isLeaderLink() {
    return false;
  }
}
