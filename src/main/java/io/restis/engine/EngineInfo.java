package io.restis.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The INFO fields the engine answers from its own state: the server's identity and uptime, the
 * JVM heap as memory, the counters of Stats, the keyspace, the per-command counters, and the
 * defaults of Persistence (loading, changes) and Replication (a leader without followers) that the
 * persistence and replication layers complete or replace with their own providers.
 *
 * <p>Field names are Redis 7.0's where Restis has the same quantity, so that clients and tools
 * that parse INFO find them. {@code redis_version} is the Redis release whose behaviour Restis
 * reproduces (7.0.15), not Restis's own version, which the web layer adds as
 * {@code restis_version}. Memory is the JVM heap: {@code used_memory} is the heap in use now,
 * garbage included, since Restis has no allocator of its own to ask.
 */
final class EngineInfo implements InfoProvider {

  /** The Redis release Restis answers as, for clients that check the server's version. */
  static final String REDIS_VERSION = "7.0.15";

  private static final Set<String> SECTIONS =
      Set.of("server", "memory", "persistence", "stats", "replication", "cluster", "keyspace", "commandstats");

  private final Engine engine;
  private final long startMillis;
  private final String runId;

  EngineInfo(Engine engine) {
    this.engine = engine;
    this.startMillis = engine.clock().millis();
    byte[] id = new byte[20];
    new SplittableRandom().nextBytes(id);
    this.runId = HexFormat.of().formatHex(id);
  }

  @Override
  public Set<String> sections() {
    return SECTIONS;
  }

  @Override
  public void write(String section, Map<String, String> f) {
    switch (section) {
      case "server" -> server(f);
      case "memory" -> memory(f);
      case "persistence" -> persistence(f);
      case "stats" -> stats(f);
      case "replication" -> replication(f);
      case "cluster" -> f.put("cluster_enabled", "0");
      case "keyspace" -> keyspace(f);
      case "commandstats" -> commandStats(f);
      default -> { }
    }
  }

  private void server(Map<String, String> f) {
    long nowMicros = engine.clock().micros();
    long uptime = Math.max(0, nowMicros / 1000 - startMillis) / 1000;
    f.put("redis_version", REDIS_VERSION);
    f.put("redis_mode", "standalone");
    f.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    f.put("arch_bits", System.getProperty("sun.arch.data.model", "64"));
    f.put("process_id", Long.toString(ProcessHandle.current().pid()));
    f.put("run_id", runId);
    f.put("server_time_usec", Long.toString(nowMicros));
    f.put("uptime_in_seconds", Long.toString(uptime));
    f.put("uptime_in_days", Long.toString(uptime / 86400));
  }

  private static void memory(Map<String, String> f) {
    long used = 0;
    long peak = 0;
    long committed = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        used += pool.getUsage().getUsed();
        committed += pool.getUsage().getCommitted();
        peak += pool.getPeakUsage().getUsed();
      }
    }
    peak = Math.max(peak, used);
    long max = Runtime.getRuntime().maxMemory();
    f.put("used_memory", Long.toString(used));
    f.put("used_memory_human", Info.human(used));
    f.put("used_memory_peak", Long.toString(peak));
    f.put("used_memory_peak_human", Info.human(peak));
    f.put("used_memory_peak_perc", percent(used, peak));
    f.put("heap_committed", Long.toString(committed));
    f.put("heap_max", Long.toString(max));
    f.put("heap_max_human", Info.human(max));
    // Restis never evicts keys; the limit of its memory is the heap's (heap_max).
    f.put("maxmemory", "0");
    f.put("maxmemory_human", "0B");
    f.put("maxmemory_policy", "noeviction");
  }

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0.0 : part * 100.0 / whole);
  }

  /** What holds without a persistence layer; it completes or replaces these. */
  private void persistence(Map<String, String> f) {
    Persistence p = engine.persistence();
    f.put("loading", engine.isLoading() ? "1" : "0");
    f.put("rdb_changes_since_last_save", Long.toString(engine.dirty()));
    f.put("rdb_bgsave_in_progress", "0");
    f.put("rdb_last_save_time", Long.toString(p != null ? p.lastSave() : startMillis / 1000));
    f.put("rdb_last_bgsave_status", "ok");
    f.put("aof_enabled", "0");
    f.put("aof_rewrite_in_progress", "0");
  }

  private void stats(Map<String, String> f) {
    long calls = 0;
    long errors = 0;
    for (long[] c : engine.commandStats().values()) {
      calls += c[0];
      errors += c[2] + c[3];
    }
    long[] ks = engine.read(k -> new long[] {k.expiredKeys(), k.hits(), k.misses()});
    f.put("total_commands_processed", Long.toString(calls));
    f.put("expired_keys", Long.toString(ks[0]));
    f.put("evicted_keys", "0");
    f.put("keyspace_hits", Long.toString(ks[1]));
    f.put("keyspace_misses", Long.toString(ks[2]));
    f.put("total_error_replies", Long.toString(errors));
  }

  /** A node on its own; the replication layer replaces this section with the real state. */
  private void replication(Map<String, String> f) {
    f.put("role", engine.isReadOnly() ? "slave" : "master");
    f.put("connected_slaves", "0");
    f.put("master_repl_offset", Long.toString(engine.offset()));
  }

  private void keyspace(Map<String, String> f) {
    long[] k = engine.read(ks -> new long[] {ks.size(), ks.expiresSize(), ks.sampleAverageTtl(20)});
    if (k[0] > 0) {
      f.put("db0", "keys=" + k[0] + ",expires=" + k[1] + ",avg_ttl=" + k[2]);
    }
  }

  private void commandStats(Map<String, String> f) {
    List<Map.Entry<String, long[]>> rows = new ArrayList<>(engine.commandStats().entrySet());
    rows.sort(Map.Entry.comparingByKey());
    for (Map.Entry<String, long[]> e : rows) {
      long[] c = e.getValue();
      if (c[0] == 0 && c[2] == 0 && c[3] == 0) {
        continue; // as Redis: only commands that were called, rejected or failed
      }
      double perCall = c[0] == 0 ? 0 : (double) c[1] / c[0];
      f.put("cmdstat_" + e.getKey(), String.format(Locale.ROOT,
          "calls=%d,usec=%d,usec_per_call=%.2f,rejected_calls=%d,failed_calls=%d", c[0], c[1], perCall, c[2], c[3]));
    }
  }
}
