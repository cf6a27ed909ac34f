package io.restis.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.engine.Engine;
import io.restis.support.RedisServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Restis against the real thing: the same seeded random command sequences go to a redis-server
 * 7.0 child process over RESP and to the whole Restis application over its command endpoint
 * ({@code POST /redis/pipeline}, base64 encoding as the Upstash SDK asks), and every reply, every
 * error text and, after each sequence, the whole keyspace must agree (see {@link ReplyChecker} for
 * what "agree" means where Redis itself is not deterministic).
 *
 * <p>By default {@value #DEFAULT_SEEDS} seeds of {@value #DEFAULT_COMMANDS} commands each run.
 * To reproduce a failure, pass the seed and length it prints:
 * {@code ./mvnw test -Dtest=DifferentialTest -Ddiff.seed=... -Ddiff.commands=...}. Other knobs:
 * {@code -Ddiff.seeds=N}, {@code -Ddiff.checkEvery=1} (compare keyspaces after every batch),
 * {@code -Ddiff.history=200}, {@code -Ddiff.encoding=text}, {@code -Ddiff.verbose=true},
 * {@code -Ddiff.keepGoing=true} (note mismatched error texts and carry on, to list them all),
 * {@code -Ddiff.families=strings,lists} (only those families), {@code -Ddiff.target=engine} (the
 * application's engine called in-process, to tell the HTTP layer's faults from the engine's).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DifferentialTest {

  static final double DAMAGE_RATE = 0.05;
  static final int DEFAULT_SEEDS = 12;
  static final int DEFAULT_COMMANDS = 9000;

  @LocalServerPort
  int port;

  @Autowired
  Engine engine;

  @Test
  void restisAnswersLikeRedis() throws Exception {
    assertThat(RedisServer.available()).as("the differential test needs " + RedisServer.BINARY).isTrue();
    int commands = Integer.getInteger("diff.commands", DEFAULT_COMMANDS);
    List<Long> seeds = new ArrayList<>();
    Long only = Long.getLong("diff.seed");
    if (only != null) {
      seeds.add(only);
    } else {
      long base = Long.getLong("diff.baseSeed", 20240601L);
      for (int i = 0; i < Integer.getInteger("diff.seeds", DEFAULT_SEEDS); i++) {
        seeds.add(base + 1_000_003L * i);
      }
    }
    boolean base64 = !"text".equals(System.getProperty("diff.encoding"));
    try (RedisServer redis = RedisServer.start();
        RespTarget oracle = new RespTarget("redis", redis.port());
        Target subject = "engine".equals(System.getProperty("diff.target"))
            ? new EngineTarget(engine)
            : new HttpTarget("http://127.0.0.1:" + port, base64);
        DiffRunner runner = new DiffRunner(oracle, subject, DAMAGE_RATE)) {
      try {
        for (long seed : seeds) {
          runner.runSequence(seed, commands);
        }
      } finally {
        if (!runner.findings.isEmpty()) {
          System.out.println("error-text mismatches (-Ddiff.keepGoing):");
          runner.findings.values().forEach(f -> System.out.println("  " + f));
        }
      }
      assertThat(runner.findings).as("error-text mismatches").isEmpty();
      if (Boolean.getBoolean("diff.verbose")) {
        System.out.println(runner.coverage());
      }
      assertThat(runner.commandsRun).isEqualTo((long) seeds.size() * commands);
      if (only == null && System.getProperty("diff.families") == null && runner.commandsRun >= 50_000) {
        // a full run: every command of the generator ran, and each at least once without an error
        for (String name : new CommandGenerator(0, 0).names()) {
          DiffRunner.Tally t = runner.tally.get(name);
          assertThat(t).as("runs of %s", name).isNotNull();
          assertThat(t.ok).as("successful runs of %s", name).isPositive();
        }
      }
    }
  }
}
