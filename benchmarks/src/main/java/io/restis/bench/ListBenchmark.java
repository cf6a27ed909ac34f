package io.restis.bench;

import io.restis.engine.Engine;
import io.restis.engine.Reply;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;

/**
 * LPUSH and LPOP through {@link Engine#execute(byte[]...)}. They have no steady state (a push
 * grows the list, a pop needs one to take), so instead of a timed throughput loop each iteration
 * is one shot of {@value #BATCH} calls per thread on a list prepared outside the timing: empty for
 * LPUSH, holding exactly threads x {@value #BATCH} elements for LPOP. That is also what
 * {@code redis-benchmark -n 1000000} does (a million LPUSHes onto {@code mylist}, then a million
 * LPOPs off it).
 *
 * <p>JMH reports the time of one batch (averaged over threads and iterations, unit ms/op where the
 * "op" is the whole batch); ops/s is threads x {@value #BATCH} / that time, which engine.sh
 * computes. After each iteration the list length is checked, so every LPOP measured took an
 * element and no call failed.
 *
 * <p>Run it (from the repository root; the engine jar must be installed first):
 *
 * <pre>
 * ./mvnw -q install -DskipTests &amp;&amp; ./mvnw -q -f benchmarks/pom.xml package \
 *   &amp;&amp; java -jar benchmarks/target/benchmarks.jar 'ListBenchmark' -f 1 -wi 3 -i 5
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, batchSize = ListBenchmark.BATCH)
@Measurement(iterations = 5, batchSize = ListBenchmark.BATCH)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ListBenchmark {

  /** Calls per thread per iteration, as redis-benchmark's {@code -n 1000000}. */
  public static final int BATCH = 1_000_000;

  /** Elements per LPUSH when preparing LPOP's list: the fill is not measured, so few commands. */
  private static final int FILL_CHUNK = 1000;

  @Param({"LPUSH", "LPOP"})
  public String command;

  private Engine engine;
  private byte[][] argv;
  private byte[][] del;
  private byte[][] llen;
  private long expectedLength;

  @Setup(Level.Trial)
  public void setUp() {
    engine = Engine.standard();
    del = Workload.argv("DEL", Workload.LIST_KEY);
    llen = Workload.argv("LLEN", Workload.LIST_KEY);
    argv =
        switch (command) {
          case "LPUSH" -> Workload.argv("LPUSH", Workload.LIST_KEY, Workload.VALUE);
          case "LPOP" -> Workload.argv("LPOP", Workload.LIST_KEY);
          default -> throw new IllegalArgumentException("no workload for " + command);
        };
  }

  @Setup(Level.Iteration)
  public void prepare(BenchmarkParams benchmark, IterationParams iteration) {
    long calls = (long) benchmark.getThreads() * iteration.getBatchSize();
    engine.execute(del);
    if (command.equals("LPUSH")) {
      expectedLength = calls;
      return;
    }
    expectedLength = 0;
    String[] fill = new String[2 + FILL_CHUNK];
    fill[0] = "LPUSH";
    fill[1] = Workload.LIST_KEY;
    Arrays.fill(fill, 2, fill.length, Workload.VALUE);
    byte[][] chunk = Workload.argv(fill);
    for (long n = 0; n < calls; n += FILL_CHUNK) {
      byte[][] a = chunk;
      if (calls - n < FILL_CHUNK) {
        a = Arrays.copyOf(chunk, 2 + (int) (calls - n));
      }
      long want = n + a.length - 2;
      Workload.expect(engine, a, "length " + want, r -> Workload.isInt(r, want));
    }
  }

  @TearDown(Level.Iteration)
  public void check() {
    Workload.expect(engine, llen, "length " + expectedLength, r -> Workload.isInt(r, expectedLength));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Workload.checkNoFailures(engine, command);
  }

  @Benchmark
  @Threads(1)
  public Reply oneThread() {
    return engine.execute(argv);
  }

  @Benchmark
  @Threads(2)
  public Reply twoThreads() {
    return engine.execute(argv);
  }
}
