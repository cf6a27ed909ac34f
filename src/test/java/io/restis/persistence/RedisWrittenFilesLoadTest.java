package io.restis.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restis.engine.Engine;
import io.restis.persistence.support.Props;
import io.restis.persistence.support.RespClient;
import io.restis.support.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other direction: Restis starts on files redis-server 7.0 wrote (a dump with its compact
 * encodings and LZF strings; an append-only directory with an RDB base and a RESP log) and holds
 * exactly Redis's data, compared key by key.
 */
class RedisWrittenFilesLoadTest {

  @TempDir
  Path dir;

  static void populate(RespClient c) throws Exception {
    long future = System.currentTimeMillis() + 3_600_000;
    c.ok("SET", "s", "hello");
    c.ok("SET", "n", "-123456");
    c.ok("SET", "compressible", "abc".repeat(1000));
    c.ok("SET", "t", "v", "PXAT", Long.toString(future));
    c.ok("RPUSH", "small-list", "a", "1", "b");
    for (int i = 0; i < 300; i++) {
      c.ok("RPUSH", "big-list", "item-" + i);
      c.ok("HSET", "big-hash", "f" + i, Integer.toString(i));
      c.ok("SADD", "big-set", "m" + i);
      c.ok("ZADD", "big-zset", Double.toString(i / 4.0), "z" + i);
    }
    c.ok("SADD", "int-set", "3", "1", "2");
    c.ok("HSET", "small-hash", "a", "1", "b", "two");
    c.ok("ZADD", "small-zset", "1", "one", "2.5", "two", "-inf", "low");
    c.ok("PEXPIREAT", "small-zset", Long.toString(future + 5));
  }

  @Test
  void loadsADumpRedisWrote() throws Exception {
    assumeTrue(RedisServer.available(), "redis-server not installed");
    Path redisDir = Files.createDirectories(dir.resolve("redis"));
    Map<String, String> theirs;
    try (RedisServer redis = RedisServer.start(redisDir); RespClient c = new RespClient(redis.port())) {
      populate(c);
      c.ok("SAVE");
      theirs = RedisToolsTest.theirs(c);
    }
    Path ours = Files.createDirectories(dir.resolve("restis"));
    Files.copy(redisDir.resolve("dump.rdb"), ours.resolve("dump.rdb"));
    Engine e = Engine.standard();
    PersistenceService s = new PersistenceService(e, Props.rdbOnly(ours, ""));
    s.start();
    assertThat(RedisToolsTest.ours(e)).isEqualTo(theirs);
  }

  @Test
  void loadsAnAppendOnlyDirectoryRedisWrote() throws Exception {
    assumeTrue(RedisServer.available(), "redis-server not installed");
    Path redisDir = Files.createDirectories(dir.resolve("redis"));
    Map<String, String> theirs;
    try (RedisServer redis = RedisServer.start(redisDir, "--appendonly", "yes", "--appendfsync", "always");
        RespClient c = new RespClient(redis.port())) {
      populate(c);
      c.ok("BGREWRITEAOF");
      for (int i = 0; i < 50 && !c.str("INFO", "persistence").contains("aof_rewrite_in_progress:0\r\naof_rewrite_scheduled:0"); i++) {
        Thread.sleep(100);
      }
      c.ok("RPUSH", "big-list", "after-rewrite");
      c.ok("SET", "s", "changed", "EX", "1000");
      c.ok("DEL", "n");
      c.ok("ZINCRBY", "big-zset", "10", "z1");
      c.ok("HDEL", "big-hash", "f2");
      c.ok("SPOP", "big-set");
      c.ok("INCRBYFLOAT", "float", "1.5");
      theirs = RedisToolsTest.theirs(c);
    }
    Path ours = Files.createDirectories(dir.resolve("restis"));
    Path aofDir = Files.createDirectories(ours.resolve("appendonlydir"));
    try (var files = Files.list(redisDir.resolve("appendonlydir"))) {
      for (Path p : files.toList()) {
        Files.copy(p, aofDir.resolve(p.getFileName()));
      }
    }
    Engine e = Engine.standard();
    PersistenceService s = new PersistenceService(e, Props.aof(ours, AppendLog.Fsync.ALWAYS, true));
    s.start();
    assertThat(RedisToolsTest.ours(e)).isEqualTo(theirs);
    // And it goes on appending to Redis's incremental file.
    e.execute("SET".getBytes(), "new".getBytes(), "1".getBytes());
    s.shutdown();
    assertThat(s.awaitIdle(1, TimeUnit.SECONDS)).isTrue();
  }
}
