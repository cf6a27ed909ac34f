/**
 * Persistence: point-in-time snapshots in Redis's RDB format, the append-only log in Redis 7's
 * multi-part layout, and recovery at start. The pure file formats (RDB, RESP log, manifest,
 * CRC-64) live in {@link io.restis.persistence.format} and depend on nothing but the JDK; this
 * package joins them to the engine and to Spring.
 *
 * <h2>How the pieces fit</h2>
 * <ul>
 *   <li>{@link io.restis.persistence.Snapshotter}: a consistent snapshot without stopping the world
 *       and without copying the dataset (serialize-before-modify through the keyspace's snapshot
 *       hook), written to any output stream, recording the engine offset it is consistent at.
 *   <li>{@link io.restis.persistence.AppendLog}: the engine's write listener; encodes under the
 *       engine lock, writes and fsyncs on its own thread with group commit; the engine's
 *       durability barrier makes every caller wait for it ({@code always}: the fsync;
 *       {@code everysec}/{@code no}: the write to the OS).
 *   <li>{@link io.restis.persistence.AofDirectory}, {@link io.restis.persistence.AofLoader}: the
 *       multi-part directory (base snapshot, incremental logs, manifest) and its replay through
 *       the engine's own command table in loading mode.
 *   <li>{@link io.restis.persistence.PersistenceService}: loading at start, SAVE/BGSAVE/BGREWRITEAOF,
 *       save points, automatic compaction, the shutdown flush; one snapshot at a time.
 *   <li>{@link io.restis.persistence.PersistenceConfiguration},
 *       {@link io.restis.persistence.PersistenceLifecycle},
 *       {@link io.restis.persistence.PersistenceController}: the Spring wiring, readiness while
 *       loading, the timed work, and {@code /admin/persistence}.
 * </ul>
 *
 * <h2>Guarantees</h2>
 * Every file is replaced atomically (temporary file, fsync, rename, directory fsync); the manifest
 * names a complete, consistent set of files at every instant of a compaction; a write acknowledged
 * under {@code always} has been fsynced. Loading refuses to start on anything malformed, naming
 * the file and the byte offset, except a cut-off last entry of the last log (a crash mid-write),
 * which is dropped with a warning when {@code aof-load-truncated} is on.
 */
package io.restis.persistence;
