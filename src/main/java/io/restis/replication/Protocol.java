package io.restis.replication;

/**
 * The replication protocol over HTTP. Every request carries the shared secret as
 * {@code Authorization: Bearer <secret>}.
 *
 * <ul>
 *   <li>{@code POST /replication/sync} (follower to leader), a {@link SyncRequest}: Redis's PSYNC.
 *       The answer is either a {@link SyncAnswer} in JSON (partial: the leader will push from the
 *       follower's offset) or, with {@value #MODE_HEADER}{@code : full}, an RDB snapshot as the
 *       body, whose aux fields {@value #AUX_REPL_ID} and {@value #AUX_REPL_OFFSET} name the history
 *       and offset it is consistent at; the pushes continue from there.
 *   <li>{@code POST /replication/ack} (follower to leader, every heartbeat), an
 *       {@link AckRequest}: REPLCONF ACK. 404 when the leader does not know the follower (any
 *       more): it must sync again.
 *   <li>{@code POST /replication/apply} (leader to follower): the next writes of the stream as RESP
 *       commands, after offset {@value #OFFSET_HEADER}; answered by the follower's offset
 *       ({@link ApplyAnswer}), 409 when the writes do not fit (with the offset it is at, or when it
 *       no longer follows this leader), 503 while it is loading a full sync.
 * </ul>
 */
final class Protocol {

  private Protocol() {}

  static final String SYNC = "/replication/sync";
  static final String ACK = "/replication/ack";
  static final String APPLY = "/replication/apply";

  static final String MODE_HEADER = "Restis-Repl-Mode";
  static final String REPL_ID_HEADER = "Restis-Repl-Id";
  static final String OFFSET_HEADER = "Restis-Repl-Offset";
  static final String LEADER_NODE_HEADER = "Restis-Leader-Node";
  static final String LEADER_OFFSET_HEADER = "Restis-Leader-Offset";

  static final String AUX_REPL_ID = "repl-id";
  static final String AUX_REPL_OFFSET = "repl-offset";

  static final String STREAM_TYPE = "application/x-restis-stream";
  static final String RDB_TYPE = "application/octet-stream";

  /** Why a follower refused a push. */
  static final String NOT_FOLLOWING = "not-following";
  static final String GAP = "gap";

  /**
   * PSYNC: who the follower is, where the leader can reach it, and the history and offset its data
   * is at ({@code replId} null when it has none: a full sync).
   *
   * @param url the follower's announced URL, or null: the leader uses the address the request came
   *     from with {@code port}
   */
  record SyncRequest(String id, String url, int port, String replId, long offset) {}

  /** A partial resync: the leader's history id (now the follower's) and the offset it pushes from. */
  record SyncAnswer(String mode, String replId, long offset, String leaderNode) {}

  record AckRequest(String id, String replId, long offset) {}

  record AckAnswer(String replId, long offset) {}

  record ApplyAnswer(long offset, String reason) {}
}
