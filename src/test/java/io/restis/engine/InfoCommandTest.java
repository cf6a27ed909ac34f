package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * INFO: Redis's text format and section selection (checked on redis-server 7.0.15), the fields the
 * engine answers itself, and the providers the layers around it register.
 */
class InfoCommandTest {

  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void invariants() {
    h.checkInvariants();
  }

  private String info(String... sections) {
    String[] argv = new String[sections.length + 1];
    argv[0] = "INFO";
    System.arraycopy(sections, 0, argv, 1, sections.length);
    return h.str(argv);
  }

  private static List<String> titles(String info) {
    List<String> out = new ArrayList<>();
    for (String line : info.split("\r\n")) {
      if (line.startsWith("# ")) {
        out.add(line.substring(2));
      }
    }
    return out;
  }

  /** The value of one field, or null. */
  private static String field(String info, String name) {
    for (String line : info.split("\r\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1);
      }
    }
    return null;
  }

  @Test
  void specMatchesRedisCommandInfo() {
    // COMMAND INFO info on 7.0.15: arity -1, flags loading stale, @slow @dangerous, no keys.
    CommandSpec s = h.engine.table().lookup("info");
    assertThat(s.arity()).isEqualTo(-1);
    assertThat(s.flags()).containsExactlyInAnyOrder(CommandFlag.LOADING, CommandFlag.STALE);
    assertThat(s.aclCategories()).containsExactlyInAnyOrder(AclCategory.SLOW, AclCategory.DANGEROUS);
    assertThat(new int[] {s.firstKey(), s.lastKey(), s.keyStep()}).containsExactly(0, 0, 0);
  }

  @Test
  void textFormatIsRedisS() {
    String all = info();
    // "# Title\r\n" then "field:value\r\n" lines; a blank line ("\r\n") before every later title.
    assertThat(all).startsWith("# Server\r\nredis_version:7.0.15\r\n");
    assertThat(all).endsWith("\r\n").doesNotEndWith("\r\n\r\n");
    assertThat(all).contains("\r\n\r\n# Memory\r\n");
    for (String line : all.split("\r\n", -1)) {
      assertThat(line).matches("|# [A-Z][a-z]+|[a-z0-9_]+:[^\r\n]*");
    }
    // An empty keyspace is a bare title, the last thing printed by default.
    assertThat(all).endsWith("\r\n\r\n# Keyspace\r\n");
  }

  @Test
  void sectionSelectionAsRedis() {
    List<String> defaults = List.of("Server", "Memory", "Persistence", "Stats", "Replication", "Cluster", "Keyspace");
    assertThat(titles(info())).isEqualTo(defaults);
    assertThat(titles(info("default"))).isEqualTo(defaults);
    List<String> all = new ArrayList<>(defaults);
    all.add("Commandstats");
    assertThat(titles(info("all"))).isEqualTo(all);
    assertThat(titles(info("EVERYTHING"))).isEqualTo(all);
    // Order is INFO's own, whatever the arguments' order; names in any case; repeats count once.
    assertThat(titles(info("keyspace", "SERVER", "keyspace"))).containsExactly("Server", "Keyspace");
    assertThat(titles(info("commandstats"))).containsExactly("Commandstats");
    // Unknown sections print nothing, as in Redis: INFO nosuch is an empty string.
    assertThat(info("nosuch")).isEmpty();
    assertThat(titles(info("stats", "nosuch", "keyspace"))).containsExactly("Stats", "Keyspace");
    // The Clients section exists only when a layer that has clients registers it.
    assertThat(info("clients")).isEmpty();
  }

  @Test
  void keyspaceLineCountsKeysAndExpires() {
    h.str("SET", "a", "1");
    h.str("SET", "b", "2");
    h.str("SET", "c", "3", "PX", "100000");
    String ks = info("keyspace");
    assertThat(ks).startsWith("# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=");
    long avg = Long.parseLong(field(ks, "db0").replaceAll(".*avg_ttl=", ""));
    assertThat(avg).isEqualTo(100000); // the fake clock stood still: the only TTL, exactly
  }

  @Test
  void statsCountCommandsHitsMissesAndExpiredKeys() {
    h.str("SET", "a", "1");
    h.str("GET", "a");
    assertThat(h.call("GET", "nope")).isNull();
    h.str("SET", "t", "1", "PX", "5");
    h.clock.advance(10);
    assertThat(h.call("GET", "t")).isNull();
    h.err("INCR", "a", "b"); // rejected: arity
    h.err("LPUSH", "a", "x"); // failed: WRONGTYPE
    String stats = info("stats");
    assertThat(field(stats, "keyspace_hits")).isEqualTo("1");
    assertThat(field(stats, "keyspace_misses")).isEqualTo("2");
    assertThat(field(stats, "expired_keys")).isEqualTo("1");
    assertThat(field(stats, "evicted_keys")).isEqualTo("0");
    // SET, GET, GET, SET, GET, LPUSH ran (the rejected INCR did not), and this INFO itself: it
    // renders after its call was counted (Redis counts it after it answered).
    assertThat(field(stats, "total_commands_processed")).isEqualTo("7");
    assertThat(field(stats, "total_error_replies")).isEqualTo("2");
  }

  @Test
  void commandstatsAsRedis() {
    h.str("SET", "a", "1");
    h.str("SET", "a", "2");
    h.err("LPUSH", "a", "x");
    h.err("GET");
    String cs = info("commandstats");
    assertThat(field(cs, "cmdstat_set")).matches("calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,failed_calls=0");
    assertThat(field(cs, "cmdstat_lpush")).matches("calls=1,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,failed_calls=1");
    assertThat(field(cs, "cmdstat_get")).isEqualTo("calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0");
    assertThat(field(cs, "cmdstat_hset")).as("never called: not listed").isNull();
  }

  @Test
  void serverMemoryPersistenceReplicationDefaults() {
    h.str("SET", "a", "1");
    String all = info("everything");
    assertThat(field(all, "redis_mode")).isEqualTo("standalone");
    assertThat(field(all, "process_id")).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    assertThat(field(all, "run_id")).matches("[0-9a-f]{40}");
    assertThat(field(all, "server_time_usec")).isEqualTo(Long.toString(EngineHarness.START * 1000));
    assertThat(field(all, "uptime_in_seconds")).isEqualTo("0");
    assertThat(Long.parseLong(field(all, "used_memory"))).isPositive();
    assertThat(field(all, "used_memory_human")).matches("\\d+\\.\\d\\d[KMG]");
    assertThat(field(all, "maxmemory_policy")).isEqualTo("noeviction");
    assertThat(field(all, "loading")).isEqualTo("0");
    assertThat(field(all, "rdb_changes_since_last_save")).isEqualTo("1");
    assertThat(field(all, "rdb_last_save_time")).isEqualTo(Long.toString(EngineHarness.START / 1000));
    assertThat(field(all, "aof_enabled")).isEqualTo("0");
    assertThat(field(all, "role")).isEqualTo("master");
    assertThat(field(all, "master_repl_offset")).isEqualTo("1");
    assertThat(field(all, "cluster_enabled")).isEqualTo("0");
    h.clock.advance(90_061_000L); // a day, an hour, a minute and a second
    String server = info("server");
    assertThat(field(server, "uptime_in_seconds")).isEqualTo("90061");
    assertThat(field(server, "uptime_in_days")).isEqualTo("1");
  }

  @Test
  void humanSizesAsRedisBytesToHuman() {
    assertThat(Info.human(1023)).isEqualTo("1023B");
    assertThat(Info.human(1024)).isEqualTo("1.00K");
    assertThat(Info.human(1015736)).isEqualTo("991.93K"); // used_memory of a fresh redis-server
    assertThat(Info.human(25276510208L)).isEqualTo("23.54G");
  }

  @Test
  void providersAddReplaceAndTakeOverSections() {
    h.engine.info().register(new InfoProvider() {
      @Override
      public Set<String> sections() {
        return Set.of("server", "clients", "replication");
      }

      @Override
      public void write(String section, Map<String, String> f) {
        switch (section) {
          case "server" -> {
            f.put("restis_version", "9.9.9");
            f.put("redis_mode", "replaced"); // keeps its place
          }
          case "clients" -> f.put("connected_clients", "3");
          default -> {
            f.clear();
            f.put("role", "slave");
            f.put("master_host", "leader");
          }
        }
      }
    });
    String all = info();
    assertThat(titles(all)).containsExactly("Server", "Clients", "Memory", "Persistence", "Stats", "Replication",
        "Cluster", "Keyspace");
    assertThat(all).contains("redis_version:7.0.15\r\nredis_mode:replaced\r\n");
    assertThat(field(all, "restis_version")).isEqualTo("9.9.9");
    assertThat(all).contains("# Clients\r\nconnected_clients:3\r\n");
    assertThat(all).contains("# Replication\r\nrole:slave\r\nmaster_host:leader\r\n\r\n");
  }

  @Test
  void answersWhileLoadingAndInsideTransactions() {
    h.engine.setLoading(true);
    Reply r = h.engine.execute(new Caller() {}, "INFO".getBytes(), "persistence".getBytes());
    assertThat(EngineHarness.plain(r).toString()).contains("loading:1\r\n");
    h.engine.setLoading(false);
    Reply tx = h.engine.transaction(Caller.INTERNAL, List.of(
        new byte[][] {"SET".getBytes(), "k".getBytes(), "v".getBytes()},
        new byte[][] {"INFO".getBytes(), "keyspace".getBytes()}));
    List<?> replies = (List<?>) EngineHarness.plain(tx);
    assertThat(replies.get(1)).isEqualTo("# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n");
    assertThat(h.drainPropagated()).containsExactly("SET k v").as("INFO propagates nothing");
  }
}
