package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.support.RealRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * PFADD/PFCOUNT/PFMERGE against a real redis-server 7.0.15 started by the test: the same elements
 * into both, and every reply (which registers changed, every estimate from tiny to ~200k elements,
 * unions and merges) must be equal; and the sparse encoding Redis writes for small HLLs is read.
 */
class HyperLogLogRedisDiffTest {

  @Test
  void countsAndMergesMatchRedis() throws Exception {
    EngineHarness h = new EngineHarness();
    Random rnd = new Random(11);
    try (RealRedis redis = RealRedis.start(); RealRedis.Conn c = redis.connect()) {
      String[] keys = {"h1", "h2", "h3"};
      int added = 0;
      for (int round = 0; round < 60; round++) {
        String key = keys[rnd.nextInt(keys.length)];
        int n = round < 20 ? rnd.nextInt(5) : rnd.nextInt(5000);
        List<String> args = new ArrayList<>(List.of("pfadd", key));
        for (int i = 0; i < n; i++) {
          // Mostly new elements, some repeats, varied lengths (every MurmurHash tail case).
          args.add(rnd.nextInt(10) == 0 ? "dup" + rnd.nextInt(50) : "e" + (added++) + "x".repeat(rnd.nextInt(9)));
        }
        String[] cmd = args.toArray(new String[0]);
        assertThat(h.call(cmd)).as(key + " pfadd").isEqualTo(c.call(cmd));
        for (String[] q : List.of(new String[] {"pfcount", key}, new String[] {"pfcount", "h1", "h2", "h3"},
            new String[] {"pfcount", key, "missing"})) {
          assertThat(h.call(q)).as(String.join(" ", q)).isEqualTo(c.call(q));
        }
        if (round % 10 == 9) {
          String[] merge = {"pfmerge", "m", keys[rnd.nextInt(3)], keys[rnd.nextInt(3)]};
          assertThat(h.call(merge)).isEqualTo(c.call(merge));
          assertThat(h.call("pfcount", "m")).isEqualTo(c.call("pfcount", "m"));
        }
      }
      // A string that is not an HLL: the same error text from both.
      assertThat(h.call("set", "x", "1")).isEqualTo(c.call("set", "x", "1"));
      assertThat(c.call("pfadd", "x", "a"))
          .isEqualTo(new RealRedis.Err(h.err("pfadd", "x", "a")));
      assertThat(c.call("pfcount", "x")).isEqualTo(new RealRedis.Err(h.err("pfcount", "x")));
    }
    h.checkInvariants();
  }

  @Test
  void readsRedisSparseEncoding() {
    byte[] sparse = sparseOf(new int[][] {{0, 1}}); // one register of value 1 at index 0
    byte[] regs = HyperLogLog.registers(sparse);
    assertThat(regs).isNotNull();
    assertThat(regs[0]).isEqualTo((byte) 1);
    assertThat(HyperLogLog.count(regs)).isEqualTo(1);
    byte[] broken = sparse.clone();
    broken[broken.length - 1] = 0; // the last XZERO run no longer reaches 16384
    assertThat(HyperLogLog.registers(broken)).isNull();
  }

  /** A sparse HLL with the given {index, value} registers (indexes ascending, values <= 32). */
  private static byte[] sparseOf(int[][] regs) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(new byte[] {'H', 'Y', 'L', 'L', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0x80});
    int next = 0;
    for (int[] r : regs) {
      zeros(out, r[0] - next);
      out.write(0x80 | ((r[1] - 1) << 2));
      next = r[0] + 1;
    }
    zeros(out, HyperLogLog.REGISTERS - next);
    return out.toByteArray();
  }

  private static void zeros(java.io.ByteArrayOutputStream out, int n) {
    while (n > 0) {
      int run = Math.min(n, 16384);
      out.write(0x40 | ((run - 1) >> 8));
      out.write((run - 1) & 0xff);
      n -= run;
    }
  }
}
