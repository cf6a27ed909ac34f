package io.restis.ops;

import io.restis.engine.InfoProvider;
import io.restis.persistence.PersistenceService;
import io.restis.persistence.PersistenceStatus;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * INFO's Persistence section from the persistence service's status, with Redis 7.0's field names
 * (a save or a compaction running here is Redis's forked child: {@code rdb_bgsave_in_progress},
 * {@code aof_rewrite_in_progress}). It replaces the engine's defaults field by field.
 */
final class PersistenceInfo implements InfoProvider {

  private final PersistenceService service;

  PersistenceInfo(PersistenceService service) {
    this.service = service;
  }

  @Override
  public Set<String> sections() {
    return Set.of("persistence");
  }

  @Override
  public void write(String section, Map<String, String> f) {
    PersistenceStatus s = service.status();
    f.put("loading", s.loading() ? "1" : "0");
    if (s.loading()) {
      f.put("loading_loaded_perc", String.format(Locale.ROOT, "%.2f", s.loadPercent()));
    }
    boolean saving = "save".equals(s.inProgress()) || "bgsave".equals(s.inProgress());
    boolean rewriting = "rewrite".equals(s.inProgress());
    f.put("current_fork_perc", String.format(Locale.ROOT, "%.2f", s.inProgress() == null ? 0 : s.percentDone()));
    f.put("rdb_changes_since_last_save", Long.toString(s.changesSinceLastSave()));
    f.put("rdb_bgsave_in_progress", saving ? "1" : "0");
    f.put("rdb_last_save_time", Long.toString(s.lastSaveTime()));
    PersistenceStatus.Run last = s.lastSave();
    f.put("rdb_last_bgsave_status", last == null || "ok".equals(last.result()) ? "ok" : "err");
    f.put("rdb_last_bgsave_time_sec", last == null ? "-1" : Long.toString(last.durationMillis() / 1000));
    f.put("rdb_last_save_size", last == null ? "0" : Long.toString(last.bytes()));
    PersistenceStatus.Aof aof = s.aof();
    f.put("aof_enabled", aof != null ? "1" : "0");
    f.put("aof_rewrite_in_progress", rewriting ? "1" : "0");
    if (aof == null) {
      return;
    }
    PersistenceStatus.Run rewrite = aof.lastRewrite();
    f.put("aof_last_rewrite_time_sec", rewrite == null ? "-1" : Long.toString(rewrite.durationMillis() / 1000));
    f.put("aof_last_bgrewrite_status", rewrite == null || "ok".equals(rewrite.result()) ? "ok" : "err");
    f.put("aof_last_write_status", aof.writeError() == null ? "ok" : "err");
    f.put("aof_current_size", Long.toString(aof.baseSize() + aof.incrSize()));
    f.put("aof_base_size", Long.toString(aof.baseSize()));
    f.put("aof_fsync", aof.fsync());
    f.put("aof_fsyncs", Long.toString(aof.fsyncs()));
  }
}
