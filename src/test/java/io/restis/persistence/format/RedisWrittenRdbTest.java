package io.restis.persistence.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restis.persistence.support.RespClient;
import io.restis.support.RedisServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader against dumps redis-server 7.0 wrote itself: the compact encodings it picks for
 * small collections (listpack, quicklist, intset), LZF-compressed and int-encoded strings, plain
 * encodings for big collections, and expiry times.
 */
class RedisWrittenRdbTest {

  @TempDir
  Path dir;

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void readsWhatRedisWrote() throws Exception {
    assumeTrue(RedisServer.available(), "redis-server not installed");
    Map<String, Object> expected = new LinkedHashMap<>();
    long expireAt = System.currentTimeMillis() + 3_600_000;
    try (RedisServer redis = RedisServer.start(dir, "--rdbcompression", "yes");
        RespClient c = new RespClient(redis.port())) {
      c.ok("SET", "plain", "hello");
      expected.put("plain", "hello");
      c.ok("SET", "int", "12345");
      expected.put("int", "12345");
      c.ok("SET", "neg", "-7");
      expected.put("neg", "-7");
      c.ok("SET", "big-int", "2147483647");
      expected.put("big-int", "2147483647");
      String lzf = "abcabcabc-".repeat(500);
      c.ok("SET", "lzf", lzf);
      expected.put("lzf", lzf);
      c.ok("SET", "ttl", "v", "PXAT", Long.toString(expireAt));
      expected.put("ttl", "v");

      List<String> small = List.of("a", "1", "-300", "70000", "-5000000000", "x".repeat(100));
      c.ok(concat(new Object[] {"RPUSH", "list-small"}, small.toArray()));
      expected.put("list-small", small);
      List<String> big = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        big.add(i % 3 == 0 ? Integer.toString(i * 1000) : "element-" + i);
      }
      c.ok(concat(new Object[] {"RPUSH", "list-big"}, big.toArray()));
      expected.put("list-big", big);

      c.ok("SADD", "set-int", "1", "-2", "300000", "9000000000");
      expected.put("set-int", new java.util.TreeSet<>(List.of("1", "-2", "300000", "9000000000")));
      c.ok("SADD", "set-str", "a", "b", "c");
      expected.put("set-str", new java.util.TreeSet<>(List.of("a", "b", "c")));

      c.ok("HSET", "hash-small", "f1", "v1", "f2", "22", "f3", "");
      Map<String, String> hs = new HashMap<>(Map.of("f1", "v1", "f2", "22", "f3", ""));
      expected.put("hash-small", hs);
      Map<String, String> hb = new HashMap<>();
      for (int i = 0; i < 300; i++) {
        c.ok("HSET", "hash-big", "field" + i, "value" + i);
        hb.put("field" + i, "value" + i);
      }
      expected.put("hash-big", hb);
      c.ok("PEXPIREAT", "hash-big", Long.toString(expireAt));

      c.ok("ZADD", "zset-small", "1.5", "a", "-inf", "b", "inf", "c", "0", "d", "3", "e");
      Map<String, Double> zs = Map.of("a", 1.5, "b", Double.NEGATIVE_INFINITY, "c", Double.POSITIVE_INFINITY,
          "d", 0.0, "e", 3.0);
      expected.put("zset-small", zs);
      Map<String, Double> zb = new HashMap<>();
      for (int i = 0; i < 200; i++) {
        c.ok("ZADD", "zset-big", Double.toString(i / 7.0), "m" + i);
        zb.put("m" + i, i / 7.0);
      }
      expected.put("zset-big", zb);
      assertThat(c.str("OBJECT", "ENCODING", "zset-small")).isEqualTo("listpack");
      assertThat(c.str("OBJECT", "ENCODING", "list-small")).isEqualTo("quicklist");
      assertThat(c.str("OBJECT", "ENCODING", "set-int")).isEqualTo("intset");
      assertThat(c.str("OBJECT", "ENCODING", "hash-small")).isEqualTo("listpack");
      assertThat(c.str("SAVE")).isEqualTo("OK");
    }

    RdbCodecTest.Collected got = new RdbCodecTest.Collected();
    try (InputStream in = Files.newInputStream(dir.resolve("dump.rdb"))) {
      new RdbReader(in).read(got);
    }
    assertThat(got.aux).containsEntry("redis-ver", "7.0.15");
    Map<String, Object> actual = new LinkedHashMap<>();
    Map<String, Long> ttls = new HashMap<>();
    for (Object[] e : got.entries) {
      String key = s((byte[]) e[0]);
      ttls.put(key, (Long) e[2]);
      RdbValue v = (RdbValue) e[1];
      if (v instanceof RdbValue.Str str) {
        actual.put(key, s(str.value()));
      } else if (v instanceof RdbValue.ListOf l) {
        actual.put(key, l.elements().stream().map(RedisWrittenRdbTest::s).toList());
      } else if (v instanceof RdbValue.SetOf set) {
        actual.put(key, new java.util.TreeSet<>(set.members().stream().map(RedisWrittenRdbTest::s).toList()));
      } else if (v instanceof RdbValue.HashOf h) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < h.fields().size(); i++) {
          m.put(s(h.fields().get(i)), s(h.values().get(i)));
        }
        actual.put(key, m);
      } else if (v instanceof RdbValue.ZSetOf z) {
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < z.members().size(); i++) {
          m.put(s(z.members().get(i)), z.scores()[i]);
        }
        actual.put(key, m);
      }
    }
    assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(ttls.get("ttl")).isEqualTo(expireAt);
    assertThat(ttls.get("hash-big")).isEqualTo(expireAt);
    assertThat(ttls.get("plain")).isEqualTo(-1L);
  }

  private static Object[] concat(Object[] a, Object[] b) {
    Object[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
