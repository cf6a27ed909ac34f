package io.restis.persistence;

/**
 * What {@code GET /admin/persistence} answers: whether the dataset is loading, the snapshot or
 * compaction in progress and how far it got, the outcome of the last ones, and the log's state.
 *
 * @param loading true while the dataset loads at start (readiness is down)
 * @param loadPercent how much of the files has been read, 0 to 100
 * @param inProgress the job running now: "save", "bgsave", "rewrite", or null
 * @param percentDone of the job running now (keys written against keys present at its start)
 * @param lastSave the last snapshot to the dump file, or null
 * @param lastSaveTime unix seconds of the last successful save (LASTSAVE)
 * @param changesSinceLastSave writes since the last successful save began
 * @param aof the append-only log, or null when it is off
 */
public record PersistenceStatus(
    boolean loading,
    double loadPercent,
    String inProgress,
    double percentDone,
    Run lastSave,
    long lastSaveTime,
    long changesSinceLastSave,
    Aof aof) {

  /**
   * One finished snapshot or compaction.
   *
   * @param result "ok" or "err"
   * @param error the failure, or null
   * @param startedAt unix ms
   * @param durationMillis how long it took
   * @param bytes size of the file written
   * @param keys keys written
   * @param offset the engine offset the snapshot is consistent at
   */
  public record Run(String kind, String result, String error, long startedAt, long durationMillis, long bytes,
      long keys, long offset) {}

  /**
   * @param fsync the policy
   * @param baseSize bytes of the base snapshot
   * @param incrSize bytes of the incremental logs
   * @param lastRewrite the last compaction, or null
   * @param writeError the error that stopped the log, or null
   * @param fsyncs fsyncs since start (with {@code always}, group commit shares one among the
   *     writes that arrived while the previous one ran)
   * @param offset the offset of the last write handed to the log
   */
  public record Aof(String fsync, long baseSize, long incrSize, Run lastRewrite, String writeError, long fsyncs,
      long offset) {}
}
