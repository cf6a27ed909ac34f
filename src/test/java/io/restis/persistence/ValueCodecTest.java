package io.restis.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restis.engine.Bytes;
import io.restis.engine.Engine;
import io.restis.engine.Entry;
import io.restis.engine.ListValue;
import io.restis.persistence.format.Buf;
import io.restis.persistence.format.RdbWriter;
import io.restis.persistence.support.Datasets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every type through RDB and back into the engine, with binary keys, odd values and expiry. */
class ValueCodecTest {

  private static void run(Engine e, Object... parts) {
    byte[][] argv = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      argv[i] = parts[i] instanceof byte[] b ? b : String.valueOf(parts[i]).getBytes(StandardCharsets.UTF_8);
    }
    e.execute(argv);
  }

  private static byte[] snapshot(Engine e) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Snapshotter(e).write(out, Map.of(), null, null);
    return out.toByteArray();
  }

  @Test
  void everyTypeRoundTrips() throws IOException {
    Engine e = Engine.standard();
    byte[] binary = {0, (byte) 0xff, '\r', '\n', ' ', '"'};
    long at = System.currentTimeMillis() + 100_000;
    run(e, "SET", binary, binary);
    run(e, "SET", "empty-string", "");
    run(e, "SET", "with-ttl", "x", "PXAT", at);
    run(e, "RPUSH", new byte[] {0}, "a", "", binary);
    run(e, "RPUSH", "list-ttl", "1");
    run(e, "PEXPIREAT", "list-ttl", at + 1);
    run(e, "SADD", "ints", "3", "1", "-2");
    run(e, "SADD", new byte[] {1}, binary, "x");
    run(e, "HSET", "hash", binary, binary, "", "empty-field");
    run(e, "ZADD", "zset", "-inf", "a", "0", "b", "1e300", "c", "-0.5", binary);
    run(e, "PEXPIREAT", "zset", at + 2);
    byte[] rdb = snapshot(e);
    Engine loaded = Engine.standard();
    RdbLoader.Loaded l = RdbLoader.load(loaded, new ByteArrayInputStream(rdb), "x.rdb", false, null);
    assertThat(l.keys()).isEqualTo(9);
    assertThat(Datasets.describe(loaded)).isEqualTo(Datasets.describe(e)).hasSize(9);
    assertThat(RedisToolsTest.ours(loaded)).isEqualTo(RedisToolsTest.ours(e));
    // And what was loaded snapshots and loads again to the same dataset.
    Engine twice = Engine.standard();
    RdbLoader.load(twice, new ByteArrayInputStream(snapshot(loaded)), "y.rdb", false, null);
    assertThat(RedisToolsTest.ours(twice)).isEqualTo(RedisToolsTest.ours(e));
  }

  @Test
  void anEmptyCollectionIsNotWritten() throws IOException {
    Engine e = Engine.standard();
    run(e, "SET", "a", "1");
    e.load(ks -> ks.load(Bytes.of("empty"), new ListValue(), Entry.NO_EXPIRY));
    Engine loaded = Engine.standard();
    RdbLoader.load(loaded, new ByteArrayInputStream(snapshot(e)), "x.rdb", false, null);
    assertThat(Datasets.describe(loaded)).containsOnlyKeys("a");
  }

  @Test
  void duplicatesInACollectionAreCorruption() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RdbWriter w = new RdbWriter(out);
    w.header(Map.of());
    Buf b = new Buf();
    io.restis.persistence.format.RdbEncoder.keyHeader(b, io.restis.persistence.format.Rdb.TYPE_SET, "s".getBytes(), -1);
    io.restis.persistence.format.RdbEncoder.length(b, 2);
    io.restis.persistence.format.RdbEncoder.string(b, "m".getBytes());
    io.restis.persistence.format.RdbEncoder.string(b, "m".getBytes());
    w.raw(b);
    w.finish();
    assertThatThrownBy(() -> RdbLoader.load(Engine.standard(), new ByteArrayInputStream(out.toByteArray()), "d.rdb",
        false, null))
        .isInstanceOf(CorruptFileException.class)
        .hasMessage("d.rdb: Duplicate set members detected at byte offset 9");
  }
}
