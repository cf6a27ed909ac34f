package io.restis.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restis.support.RedisServer;
import org.junit.jupiter.api.Test;

/**
 * The differential harness pointed at two real redis-servers. They differ only where Redis itself
 * is not deterministic (hash order, random picks, each server's clock), so any mismatch here is a
 * false alarm of the harness, not a bug of Restis: this keeps the checks honest.
 */
class RedisSelfCheckTest {

  @Test
  void twoRedisServersAgree() throws Exception {
    assumeTrue(RedisServer.available(), "needs " + RedisServer.BINARY);
    long seeds = Long.getLong("diff.selfcheck.seeds", 2);
    int commands = Integer.getInteger("diff.selfcheck.commands", 3000);
    try (RedisServer a = RedisServer.start(); RedisServer b = RedisServer.start();
        RespTarget oracle = new RespTarget("redis-a", a.port());
        RespTarget subject = new RespTarget("redis-b", b.port());
        DiffRunner runner = new DiffRunner(oracle, subject, DifferentialTest.DAMAGE_RATE)) {
      Long only = Long.getLong("diff.seed");
      if (only != null) {
        seeds = 1;
        runner.runSequence(only, commands);
      } else {
        for (long seed = 1; seed <= seeds; seed++) {
          runner.runSequence(seed * 7919, commands);
        }
      }
      if (Boolean.getBoolean("diff.verbose")) {
        System.out.println(runner.coverage());
      }
      assertThat(runner.commandsRun).isEqualTo(seeds * commands);
    }
  }
}
