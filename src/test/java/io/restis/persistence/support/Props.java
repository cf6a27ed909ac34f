package io.restis.persistence.support;

import io.restis.persistence.AppendLog;
import io.restis.persistence.PersistenceProperties;
import java.nio.file.Path;
import org.springframework.util.unit.DataSize;

/** Persistence settings for tests: a temporary directory, no save points unless asked. */
public final class Props {

  private Props() {}

  public static PersistenceProperties rdbOnly(Path dir, String save) {
    return new PersistenceProperties(true, dir.toString(), "dump.rdb", save, false, "appendonlydir",
        "appendonly.aof", AppendLog.Fsync.EVERYSEC, true, 0, DataSize.ofMegabytes(64), true);
  }

  public static PersistenceProperties aof(Path dir, AppendLog.Fsync fsync, boolean loadTruncated) {
    return new PersistenceProperties(true, dir.toString(), "dump.rdb", "", true, "appendonlydir",
        "appendonly.aof", fsync, loadTruncated, 0, DataSize.ofMegabytes(64), true);
  }

  public static PersistenceProperties aofAutoRewrite(Path dir, int percentage, DataSize minSize) {
    return new PersistenceProperties(true, dir.toString(), "dump.rdb", "", true, "appendonlydir",
        "appendonly.aof", AppendLog.Fsync.ALWAYS, true, percentage, minSize, true);
  }
}
