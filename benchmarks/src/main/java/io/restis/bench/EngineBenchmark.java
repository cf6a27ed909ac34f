package io.restis.bench;

import io.restis.engine.Engine;
import io.restis.engine.Reply;
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

/**
 * Throughput of the engine's one command path, {@link Engine#execute(byte[]...)}, for the
 * commands that have a steady state: GET, SET, ZADD, ZRANGE (the {@link Workload} describes each).
 * In-process, no network, no RESP or JSON: lookup, arity, the lock, the handler, propagation
 * bookkeeping and stats, i.e. what every caller pays before its own protocol.
 *
 * <p>{@code oneThread} and {@code twoThreads} share one engine: with two threads they contend for
 * its single lock, which is the point of measuring both.
 *
 * <p>Run it (from the repository root; the engine jar must be installed first):
 *
 * <pre>
 * ./mvnw -q install -DskipTests &amp;&amp; ./mvnw -q -f benchmarks/pom.xml package \
 *   &amp;&amp; java -jar benchmarks/target/benchmarks.jar 'EngineBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 *
 * <p>{@code benchmarks/engine.sh} runs it (one-thread variant pinned to one core) next to
 * redis-benchmark and prints the comparison table.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class EngineBenchmark {

  @Param({"GET", "SET", "ZADD", "ZRANGE"})
  public String command;

  private Engine engine;
  private byte[][] argv;

  @Setup(Level.Trial)
  public void setUp() {
    engine = Engine.standard();
    switch (command) {
      case "GET" -> {
        Workload.expect(
            engine,
            Workload.argv("SET", Workload.STRING_KEY, Workload.VALUE),
            "OK",
            r -> r instanceof Reply.Status s && s.text().equals("OK"));
        argv = Workload.argv("GET", Workload.STRING_KEY);
        Workload.expect(engine, argv, "the value", r -> Workload.isBulk(r, Workload.VALUE));
      }
      case "SET" -> {
        argv = Workload.argv("SET", Workload.STRING_KEY, Workload.VALUE);
        Workload.expect(
            engine, argv, "OK", r -> r instanceof Reply.Status s && s.text().equals("OK"));
      }
      case "ZADD" -> {
        argv = Workload.argv("ZADD", Workload.ZADD_KEY, "0", Workload.ZADD_MEMBER);
        Workload.expect(engine, argv, "1 (added)", r -> Workload.isInt(r, 1));
        Workload.expect(engine, argv, "0 (already there)", r -> Workload.isInt(r, 0));
      }
      case "ZRANGE" -> {
        Workload.expect(
            engine,
            Workload.argv(Workload.zrangeFill()),
            Workload.ZRANGE_SIZE + " added",
            r -> Workload.isInt(r, Workload.ZRANGE_SIZE));
        argv =
            Workload.argv(
                "ZRANGE", Workload.ZRANGE_KEY, "0", Integer.toString(Workload.ZRANGE_COUNT - 1));
        Workload.expect(
            engine,
            argv,
            Workload.ZRANGE_COUNT + " members from member:0000",
            r ->
                r instanceof Reply.Multi m
                    && m.items() != null
                    && m.items().size() == Workload.ZRANGE_COUNT
                    && Workload.isBulk(m.items().get(0), "member:0000"));
      }
      default -> throw new IllegalArgumentException("no workload for " + command);
    }
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
