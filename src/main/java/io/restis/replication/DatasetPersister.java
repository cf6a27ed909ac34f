package io.restis.replication;

import io.restis.engine.CommandException;
import io.restis.persistence.PersistenceProperties;
import io.restis.persistence.PersistenceService;
import io.restis.persistence.PersistenceStatus;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a follower's full sync swapped its dataset, the files on disk still hold the old one: this
 * writes the new one where a restart loads it (the dump, or with the append-only log a compaction,
 * whose base becomes the new dataset), waiting for a snapshot already running. Only then may the
 * follower record the new history ({@link FollowerStateFile}).
 */
final class DatasetPersister implements BooleanSupplier {

  private static final Logger log = LoggerFactory.getLogger(DatasetPersister.class);
  private static final int ATTEMPTS = 600;

  private final PersistenceService service;
  private final PersistenceProperties props;
  private final LongSupplier offset;

  DatasetPersister(PersistenceService service, PersistenceProperties props, LongSupplier offset) {
    this.service = service;
    this.props = props;
    this.offset = offset;
  }

  @Override
  public boolean getAsBoolean() {
    long at = offset.getAsLong();
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        if (props.appendonly()) {
          try {
            service.bgrewriteaof();
          } catch (CommandException e) {
            // one is running already: wait for it, then start ours
          }
          service.awaitIdle(10, TimeUnit.MINUTES);
          PersistenceStatus.Aof aof = service.status().aof();
          PersistenceStatus.Run r = aof == null ? null : aof.lastRewrite();
          if (r != null && "ok".equals(r.result()) && r.offset() >= at) {
            return true;
          }
        } else {
          String error = service.save();
          if (error == null) {
            return true;
          }
          if (!error.contains("in progress") && !error.contains("not ready")) {
            log.warn("Could not persist the dataset of the full sync: {}", error);
            return false;
          }
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.warn("Could not persist the dataset of the full sync; a restart will sync fully again");
    return false;
  }
}
