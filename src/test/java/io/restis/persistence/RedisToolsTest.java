package io.restis.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restis.engine.Bytes;
import io.restis.engine.Engine;
import io.restis.engine.Entry;
import io.restis.engine.HashValue;
import io.restis.engine.ListValue;
import io.restis.engine.SetValue;
import io.restis.engine.StringValue;
import io.restis.engine.Value;
import io.restis.engine.ZSetValue;
import io.restis.persistence.support.Props;
import io.restis.persistence.support.RespClient;
import io.restis.support.RedisServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our files against Redis's own tools: redis-check-rdb and redis-check-aof (Debian's
 * redis-tools) accept them, and a real redis-server 7.0 started on them holds exactly our data,
 * compared key by key (type, value, expiry) between our engine and Redis over RESP.
 */
class RedisToolsTest {

  @TempDir
  Path dir;

  static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s exited with %d:\n%s", String.join(" ", cmd), p.exitValue(), out).isZero();
    return out;
  }

  static String checkRdb(Path file) throws IOException, InterruptedException {
    return run("/usr/bin/redis-check-rdb", file.toString());
  }

  static String checkAof(Path manifestOrFile) throws IOException, InterruptedException {
    return run("/usr/bin/redis-check-aof", manifestOrFile.toString());
  }

  static boolean toolsAvailable() {
    return new File("/usr/bin/redis-check-rdb").canExecute() && new File("/usr/bin/redis-check-aof").canExecute()
        && RedisServer.available();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void run(Engine e, Object... parts) {
    byte[][] argv = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      argv[i] = parts[i] instanceof byte[] bytes ? bytes : b(String.valueOf(parts[i]));
    }
    io.restis.engine.Reply r = e.execute(argv);
    assertThat(r).as("%s", java.util.Arrays.toString(parts)).isNotInstanceOf(io.restis.engine.Reply.Error.class);
  }

  /** Every type, plain and large, binary keys and values, expiry times. */
  static void populate(Engine e) {
    long future = System.currentTimeMillis() + 7_200_000;
    run(e, "SET", "plain", "hello");
    run(e, "SET", "empty", "");
    run(e, "SET", "number", "12345");
    run(e, "SET", new byte[] {0, 1, '\r', '\n', (byte) 0xff, (byte) 0xfe}, new byte[] {(byte) 0x80, 0, 'z'});
    run(e, "SET", "big", "x".repeat(70_000));
    run(e, "SET", "ttl", "soon", "PXAT", Long.toString(future));
    run(e, "RPUSH", "list", "a", "", "c", "12", "-7");
    List<Object> longList = new ArrayList<>(List.of("RPUSH", "list-long"));
    for (int i = 0; i < 20_000; i++) {
      longList.add("element-" + i);
    }
    run(e, longList.toArray());
    run(e, "SADD", "set-int", "1", "5", "-3", "9000000000");
    run(e, "SADD", "set-str", "a", "b", new byte[] {0, (byte) 0xff});
    List<Object> bigSet = new ArrayList<>(List.of("SADD", "set-big"));
    for (int i = 0; i < 1000; i++) {
      bigSet.add("member" + i);
    }
    run(e, bigSet.toArray());
    run(e, "HSET", "hash", "f1", "v1", "f2", "", "", "empty-field");
    List<Object> bigHash = new ArrayList<>(List.of("HSET", "hash-big"));
    for (int i = 0; i < 600; i++) {
      bigHash.add("field" + i);
      bigHash.add("value" + i);
    }
    run(e, bigHash.toArray());
    run(e, "PEXPIREAT", "hash-big", Long.toString(future + 1));
    run(e, "ZADD", "zset", "1.5", "a", "-inf", "b", "inf", "c", "0", "d", "-0.25", new byte[] {0, '\n'});
    List<Object> bigZset = new ArrayList<>(List.of("ZADD", "zset-big"));
    for (int i = 0; i < 500; i++) {
      bigZset.add(Double.toString(i / 3.0));
      bigZset.add("m" + i);
    }
    run(e, bigZset.toArray());
    run(e, "PEXPIREAT", "zset", Long.toString(future + 3));
    run(e, "PEXPIREAT", "list", Long.toString(future + 2));
  }

  /** Our dataset, key by key, in a form comparable with what Redis answers. */
  static Map<String, String> ours(Engine e) {
    return e.read(ks -> {
      Map<String, String> out = new TreeMap<>();
      for (var n : ks.entries()) {
        Entry en = n.value();
        out.put(hex(n.key().bytes()), describe(en.value()) + " pexpiretime=" + (en.hasExpiry() ? en.expireAt() : -1));
      }
      return out;
    });
  }

  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }

  static String describe(Value v) {
    if (v instanceof StringValue s) {
      return "string " + hex(s.bytes());
    }
    if (v instanceof ListValue l) {
      List<String> items = new ArrayList<>();
      for (byte[] x : l) {
        items.add(hex(x));
      }
      return "list " + items;
    }
    if (v instanceof SetValue s) {
      TreeSet<String> items = new TreeSet<>();
      for (Bytes m : s.members()) {
        items.add(hex(m.bytes()));
      }
      return "set " + items;
    }
    if (v instanceof HashValue h) {
      TreeMap<String, String> items = new TreeMap<>();
      h.forEach((f, val) -> items.put(hex(f.bytes()), hex(val)));
      return "hash " + items;
    }
    if (v instanceof ZSetValue z) {
      List<String> items = new ArrayList<>();
      z.forEach((m, score) -> items.add(hex(m.bytes()) + "=" + score));
      return "zset " + items;
    }
    throw new IllegalArgumentException(v.type().toString());
  }

  /** Redis's dataset, key by key, asked over RESP. */
  @SuppressWarnings("unchecked")
  static Map<String, String> theirs(RespClient c) throws IOException {
    Map<String, String> out = new TreeMap<>();
    String cursor = "0";
    do {
      List<Object> page = c.list("SCAN", cursor, "COUNT", "1000");
      cursor = new String((byte[]) page.get(0), StandardCharsets.US_ASCII);
      for (Object k : (List<Object>) page.get(1)) {
        byte[] key = (byte[]) k;
        String type = c.str("TYPE", key);
        String value;
        switch (type) {
          case "string" -> value = "string " + hex((byte[]) c.ok("GET", key));
          case "list" -> {
            List<String> items = new ArrayList<>();
            for (Object x : c.list("LRANGE", key, "0", "-1")) {
              items.add(hex((byte[]) x));
            }
            value = "list " + items;
          }
          case "set" -> {
            TreeSet<String> items = new TreeSet<>();
            for (Object x : c.list("SMEMBERS", key)) {
              items.add(hex((byte[]) x));
            }
            value = "set " + items;
          }
          case "hash" -> {
            TreeMap<String, String> items = new TreeMap<>();
            List<Object> flat = c.list("HGETALL", key);
            for (int i = 0; i < flat.size(); i += 2) {
              items.put(hex((byte[]) flat.get(i)), hex((byte[]) flat.get(i + 1)));
            }
            value = "hash " + items;
          }
          case "zset" -> {
            List<String> items = new ArrayList<>();
            List<Object> flat = c.list("ZRANGE", key, "0", "-1", "WITHSCORES");
            for (int i = 0; i < flat.size(); i += 2) {
              items.add(hex((byte[]) flat.get(i)) + "=" + parseScore(new String((byte[]) flat.get(i + 1),
                  StandardCharsets.US_ASCII)));
            }
            value = "zset " + items;
          }
          default -> value = type;
        }
        out.put(hex(key), value + " pexpiretime=" + c.num("PEXPIRETIME", key));
      }
    } while (!cursor.equals("0"));
    return out;
  }

  static double parseScore(String s) {
    return switch (s) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  @Test
  void redisToolsAcceptOurSnapshotAndRedisLoadsExactlyOurData() throws Exception {
    assumeTrue(toolsAvailable(), "redis tools not installed");
    Engine e = Engine.standard();
    PersistenceService s = new PersistenceService(e, Props.rdbOnly(dir, ""));
    s.start();
    populate(e);
    assertThat(s.save()).isNull();
    Path dump = dir.resolve("dump.rdb");
    String report = checkRdb(dump);
    assertThat(report).contains("Checksum OK").contains("RDB looks OK!");
    Map<String, String> ours = ours(e);
    Path redisDir = Files.createDirectories(dir.resolve("redis"));
    Files.copy(dump, redisDir.resolve("our.rdb"));
    try (RedisServer redis = RedisServer.start(redisDir, "--dbfilename", "our.rdb");
        RespClient c = new RespClient(redis.port())) {
      assertThat(c.num("DBSIZE")).isEqualTo(ours.size());
      assertThat(theirs(c)).isEqualTo(ours);
    }
  }

  @Test
  void redisToolsAcceptOurLogDirectoryAndRedisLoadsIt() throws Exception {
    assumeTrue(toolsAvailable(), "redis tools not installed");
    Engine e = Engine.standard();
    PersistenceService s = new PersistenceService(e, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    s.start();
    populate(e);
    // A compaction in the middle: base 2 holds the first half, incr 2 the rest.
    assertThat(s.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
    assertThat(s.awaitIdle(30, TimeUnit.SECONDS)).isTrue();
    run(e, "RPUSH", "list", "after-rewrite");
    run(e, "DEL", "plain");
    run(e, "HSET", "hash", "f3", "v3");
    run(e, "SREM", "set-int", "5");
    run(e, "ZINCRBY", "zset", "2", "a");
    run(e, "ZREM", "zset-big", "m7");
    run(e, "SET", "ttl2", "v", "PXAT", Long.toString(System.currentTimeMillis() + 3_600_000));
    s.appendLog().flush();
    Path aofDir = dir.resolve("appendonlydir");
    String report = checkAof(aofDir.resolve("appendonly.aof.manifest"));
    assertThat(report).contains("All AOF files and manifest are valid");
    assertThat(checkRdb(aofDir.resolve("appendonly.aof.2.base.rdb"))).contains("RDB looks OK!");

    Map<String, String> ours = ours(e);
    Path redisDir = Files.createDirectories(dir.resolve("redis"));
    Files.createDirectories(redisDir.resolve("appendonlydir"));
    try (var files = Files.list(aofDir)) {
      for (Path p : files.toList()) {
        Files.copy(p, redisDir.resolve("appendonlydir").resolve(p.getFileName()));
      }
    }
    try (RedisServer redis = RedisServer.start(redisDir, "--appendonly", "yes");
        RespClient c = new RespClient(redis.port())) {
      assertThat(theirs(c)).isEqualTo(ours);
    }
    s.shutdown();
  }
}
