package io.restis.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.restis.engine.Engine;
import io.restis.engine.ValueType;
import io.restis.persistence.PersistenceStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The store as Micrometer meters, exported at {@code /actuator/prometheus}. Every meter reads the
 * {@link StoreSampler}'s latest reading, so a scrape costs a couple of short holds of the engine
 * lock whatever the number of meters or keys.
 *
 * <h2>Names (Prometheus form in brackets)</h2>
 * <ul>
 *   <li>{@code restis.keys{type}} [restis_keys]: keys per type (string, list, set, hash, zset);
 *       {@code restis.keys.expiring} [restis_keys_expiring]: keys with a TTL;
 *   <li>{@code restis.memory.used} [restis_memory_used_bytes]: the JVM heap in use (INFO's
 *       used_memory), the store's memory estimate;
 *   <li>{@code restis.commands{command}} [restis_commands_total], {@code restis.commands.duration}
 *       [restis_commands_duration_seconds_total], {@code restis.commands.failed},
 *       {@code restis.commands.rejected}: per command, registered when a scrape first sees the
 *       command used (so only commands in use make series, from the next scrape on);
 *       {@code rate(restis_commands_total[1m])} is commands per second per command;
 *   <li>{@code restis.keyspace.hits}, {@code .misses}, {@code .expired} [..._total];
 *       {@code restis.changes} [restis_changes_total]: writes applied;
 *   <li>{@code restis.loading}: 1 while the dataset loads; {@code restis.clients.connected}:
 *       requests in flight; {@code restis.clients.blocked}: callers parked by blocking commands;
 *   <li>with persistence: {@code restis.snapshot.in.progress}, {@code .last.duration} (seconds),
 *       {@code .last.size} (bytes), {@code .last.keys}, {@code .last.success.time} (unix seconds,
 *       as LASTSAVE), {@code .last.ok} (1 or 0), {@code restis.snapshot.pending.changes}: writes
 *       since the last successful save;
 *   <li>with the append-only log: {@code restis.aof.size} and {@code restis.aof.base.size}
 *       (bytes), {@code restis.aof.fsync} [restis_aof_fsync_seconds_count/_sum]: fsync count and
 *       time, {@code restis.aof.fsync.last} (seconds), {@code restis.aof.rewrite.in.progress},
 *       {@code restis.aof.write.failed} (1 after a write error: writes are refused with
 *       MISCONF);
 *   <li>{@code restis.replication.offset}: the offset of the last write (Redis's
 *       master_repl_offset). The replication layer registers the rest of
 *       {@code restis.replication.*} itself (lag, followers, link state) and owns that prefix; this
 *       gauge is registered only when it has not registered the same name first.
 * </ul>
 */
final class StoreMetrics implements MeterBinder {

  private final StoreSampler sampler;
  private final InFlightRequests requests;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Set<String> commandsRegistered = ConcurrentHashMap.newKeySet();
  private volatile StoreSampler.Sample checked;

  private final Engine engine;

  StoreMetrics(StoreSampler sampler, InFlightRequests requests, Engine engine) {
    this.sampler = sampler;
    this.requests = requests;
    this.engine = engine;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    for (ValueType t : ValueType.values()) {
      gauge(registry, "restis.keys", "keys holding a value of this type", null,
          s -> s.keysByType()[t.ordinal()], "type", t.redisName());
    }
    gauge(registry, "restis.keys.expiring", "keys with a time to live", null, StoreSampler.Sample::expiring);
    gauge(registry, "restis.memory.used", "JVM heap in use (INFO used_memory): the store's memory estimate", "bytes",
        StoreSampler.Sample::heapUsed);
    gauge(registry, "restis.loading", "1 while the dataset loads (readiness is down)", null,
        s -> s.loading() ? 1 : 0);
    Gauge.builder("restis.clients.connected", requests, InFlightRequests::active)
        .description("HTTP requests in flight (INFO connected_clients)").register(registry);
    Gauge.builder("restis.clients.blocked", engine, Engine::blockedCount)
        .description("callers waiting in a blocking command (INFO blocked_clients)").register(registry);
    counter(registry, "restis.keyspace.hits", "key lookups that found the key", StoreSampler.Sample::hits);
    counter(registry, "restis.keyspace.misses", "key lookups that found no key", StoreSampler.Sample::misses);
    counter(registry, "restis.keyspace.expired", "keys removed because their time to live passed",
        StoreSampler.Sample::expired);
    counter(registry, "restis.changes", "writes applied to the dataset (Redis's dirty counter)",
        StoreSampler.Sample::changes);
    if (registry.find("restis.replication.offset").meter() == null) {
      gauge(registry, "restis.replication.offset", "offset of the last write in this node's data", null,
          StoreSampler.Sample::offset);
    }
    if (sampler.hasPersistence()) {
      bindPersistence(registry);
    }
  }

  private void bindPersistence(MeterRegistry registry) {
    gauge(registry, "restis.snapshot.in.progress", "1 while a snapshot to the dump file is written", null,
        s -> "save".equals(s.persistence().inProgress()) || "bgsave".equals(s.persistence().inProgress()) ? 1 : 0);
    gauge(registry, "restis.snapshot.last.duration", "how long the last snapshot took", "seconds",
        s -> lastSave(s, r -> r.durationMillis() / 1000.0));
    gauge(registry, "restis.snapshot.last.size", "size of the dump file the last snapshot wrote", "bytes",
        s -> lastSave(s, PersistenceStatus.Run::bytes));
    gauge(registry, "restis.snapshot.last.keys", "keys the last snapshot wrote", null,
        s -> lastSave(s, PersistenceStatus.Run::keys));
    gauge(registry, "restis.snapshot.last.ok", "1 when the last snapshot succeeded, 0 when it failed", null,
        s -> lastSave(s, r -> "ok".equals(r.result()) ? 1 : 0));
    gauge(registry, "restis.snapshot.last.success.time", "unix time of the last successful save (LASTSAVE)",
        "seconds", s -> s.persistence().lastSaveTime());
    gauge(registry, "restis.snapshot.pending.changes", "writes since the last successful save", null,
        s -> s.persistence().changesSinceLastSave());
    gauge(registry, "restis.aof.size", "bytes of the append-only log: base and incremental files", "bytes",
        s -> aof(s, a -> a.baseSize() + a.incrSize()));
    gauge(registry, "restis.aof.base.size", "bytes of the append-only log's base snapshot", "bytes",
        s -> aof(s, PersistenceStatus.Aof::baseSize));
    gauge(registry, "restis.aof.rewrite.in.progress", "1 while the append-only log is compacted", null,
        s -> "rewrite".equals(s.persistence().inProgress()) ? 1 : 0);
    gauge(registry, "restis.aof.write.failed", "1 when the log could not be written: writes get MISCONF", null,
        s -> aof(s, a -> a.writeError() == null ? 0 : 1));
    FunctionTimer.builder("restis.aof.fsync", sampler, s -> s.get().fsyncs(), s -> s.get().fsyncNanos(),
        TimeUnit.NANOSECONDS).description("fsyncs of the append-only log and the time they took").register(registry);
    TimeGauge.builder("restis.aof.fsync.last", sampler, TimeUnit.NANOSECONDS, s -> s.get().lastFsyncNanos())
        .description("how long the last fsync of the append-only log took").register(registry);
  }

  private static double lastSave(StoreSampler.Sample s, ToDoubleFunction<PersistenceStatus.Run> f) {
    PersistenceStatus.Run r = s.persistence().lastSave();
    return r == null ? Double.NaN : f.applyAsDouble(r);
  }

  private static double aof(StoreSampler.Sample s, ToDoubleFunction<PersistenceStatus.Aof> f) {
    PersistenceStatus.Aof a = s.persistence().aof();
    return a == null ? Double.NaN : f.applyAsDouble(a);
  }

  private void gauge(MeterRegistry registry, String name, String description, String unit,
      ToDoubleFunction<StoreSampler.Sample> f, String... tags) {
    Gauge.builder(name, sampler, sm -> read(sm, f)).description(description).baseUnit(unit).tags(tags)
        .register(registry);
  }

  private void counter(MeterRegistry registry, String name, String description,
      ToDoubleFunction<StoreSampler.Sample> f, String... tags) {
    FunctionCounter.builder(name, sampler, sm -> read(sm, f)).description(description).tags(tags).register(registry);
  }

  /** Reads a value from the latest sample, registering the meters of commands seen for the first time. */
  private double read(StoreSampler sm, ToDoubleFunction<StoreSampler.Sample> f) {
    StoreSampler.Sample s = sm.get();
    registerNewCommands(s);
    return f.applyAsDouble(s);
  }

  /**
   * Per-command meters for the commands that were called, rejected or failed since the last look:
   * hundreds of commands exist, few are used, and a series per unused command is noise.
   */
  private void registerNewCommands(StoreSampler.Sample s) {
    if (s == checked || registries.isEmpty()) {
      return; // seen already, or not bound to a registry yet
    }
    checked = s;
    for (Map.Entry<String, long[]> e : s.commands().entrySet()) {
      long[] c = e.getValue();
      String name = e.getKey();
      if ((c[0] != 0 || c[2] != 0 || c[3] != 0) && commandsRegistered.add(name)) {
        for (MeterRegistry registry : registries) {
          command(registry, name, "restis.commands", "commands run", 0);
          FunctionCounter.builder("restis.commands.duration", sampler, sm -> stat(sm, name, 1) / 1e6)
              .description("time spent running the command").baseUnit("seconds").tag("command", name)
              .register(registry);
          command(registry, name, "restis.commands.rejected", "calls refused before running (arity, ACL, READONLY)", 2);
          command(registry, name, "restis.commands.failed", "calls that answered an error", 3);
        }
      }
    }
  }

  private void command(MeterRegistry registry, String name, String meter, String description, int index) {
    FunctionCounter.builder(meter, sampler, sm -> stat(sm, name, index)).description(description)
        .tag("command", name).register(registry);
  }

  private static double stat(StoreSampler sm, String command, int index) {
    long[] c = sm.get().commands().get(command);
    return c == null ? 0 : c[index];
  }
}
