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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Throughput of the engine's one command path, {@link Engine#execute(byte[]...)}, for GET, SET,
 * LPUSH, LPOP, ZADD and ZRANGE (the {@link Workload} gives each command's exact arguments). It is
 * in-process: no network, no RESP or JSON, only what every caller pays before its own protocol
 * (table lookup, arity, the lock, the handler, propagation bookkeeping, per-command stats).
 *
 * <p>{@code oneThread} and {@code twoThreads} share one engine; with two threads they contend for
 * its single lock, which is the point of measuring both.
 *
 * <p>LPUSH and LPOP have no steady state, so each timed iteration starts from a list prepared
 * outside the timing: LPUSH from no list (it then grows for the whole iteration, as
 * {@code mylist} does under redis-benchmark), LPOP from a list longer than the iteration can pop.
 * After each measured iteration the list must still hold elements: if it ran dry, some pops would
 * have measured the empty-list path, and the run fails instead of reporting them.
 *
 * <p>Run it (from the repository root; the engine jar must be installed first):
 *
 * <pre>
 * ./mvnw -q install -DskipTests &amp;&amp; ./mvnw -q -f benchmarks/pom.xml package \
 *   &amp;&amp; java -jar benchmarks/target/benchmarks.jar EngineBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 *
 * <p>Add {@code -p command=GET,SET} for some commands only. {@code benchmarks/engine.sh} runs it
 * (the one-thread variant pinned to one core) next to redis-benchmark and prints the comparison.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class EngineBenchmark {

  /**
   * LPOP's list at the start of each iteration holds 1.5 times what the fastest iteration so far
   * popped in the same time, and at least {@value #MIN_FILL} elements (the first warmup
   * iteration's guess). Sized this way rather than "surely enough", to keep the live list, the
   * untimed fill and the GC work around them in proportion to what an iteration pops.
   */
  private static final double FILL_HEADROOM = 1.5;

  private static final long MIN_FILL = 8_000_000;

  /** Elements per LPUSH when filling LPOP's list: the fill is not timed, so few, long commands. */
  private static final int FILL_CHUNK = 1000;

  @Param({"GET", "SET", "LPUSH", "LPOP", "ZADD", "ZRANGE"})
  public String command;

  private Engine engine;
  private byte[][] argv;

  /** LPOP only: the best rate seen, and the LPOP count when the current iteration started. */
  private double maxPopsPerSecond;

  private long popsBefore;

  @Setup(Level.Trial)
  public void setUp() {
    engine = Engine.standard();
    switch (command) {
      case "GET" -> {
        Workload.expect(
            engine, Workload.argv("SET", Workload.STRING_KEY, Workload.VALUE), "OK", Workload::isOk);
        argv = Workload.argv("GET", Workload.STRING_KEY);
        Workload.expect(engine, argv, "the value", r -> Workload.isBulk(r, Workload.VALUE));
      }
      case "SET" -> {
        argv = Workload.argv("SET", Workload.STRING_KEY, Workload.VALUE);
        Workload.expect(engine, argv, "OK", Workload::isOk);
      }
      case "LPUSH" -> argv = Workload.argv("LPUSH", Workload.LIST_KEY, Workload.VALUE);
      case "LPOP" -> argv = Workload.argv("LPOP", Workload.LIST_KEY);
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
    settle();
  }

  /** The list commands start each iteration from a known list; the others need nothing. */
  @Setup(Level.Iteration)
  public void prepareList(IterationParams iteration) {
    if (!command.equals("LPUSH") && !command.equals("LPOP")) {
      return;
    }
    engine.execute(Workload.argv("DEL", Workload.LIST_KEY));
    if (command.equals("LPOP")) {
      double seconds = iteration.getTime().convertTo(TimeUnit.MILLISECONDS) / 1000.0;
      long need = (long) Math.ceil(FILL_HEADROOM * maxPopsPerSecond * seconds);
      long fill = Math.max(MIN_FILL, (need + FILL_CHUNK - 1) / FILL_CHUNK * FILL_CHUNK);
      String[] chunk = new String[2 + FILL_CHUNK];
      chunk[0] = "LPUSH";
      chunk[1] = Workload.LIST_KEY;
      Arrays.fill(chunk, 2, chunk.length, Workload.VALUE);
      byte[][] push = Workload.argv(chunk);
      for (long n = FILL_CHUNK; n <= fill; n += FILL_CHUNK) {
        long want = n;
        Workload.expect(engine, push, "length " + want, r -> Workload.isInt(r, want));
      }
      popsBefore = calls("lpop");
    }
    settle();
  }

  /**
   * A full collection before the timing starts, so prepared data is already in the old
   * generation and the previous iteration's list is already reclaimed. Without it the first young
   * collections of a measured LPOP iteration keep copying the freshly filled list's elements
   * between survivor spaces and rewriting every slot that points at them: seen with
   * -Xlog:gc+phases=debug as 300 ms pauses finding 31 million roots, which is the fill's cost, not
   * LPOP's.
   */
  private static void settle() {
    System.gc();
  }

  @TearDown(Level.Iteration)
  public void checkList(IterationParams iteration) {
    if (!command.equals("LPUSH") && !command.equals("LPOP")) {
      return;
    }
    Reply len = engine.execute(Workload.argv("LLEN", Workload.LIST_KEY));
    if (command.equals("LPOP")) {
      double seconds = iteration.getTime().convertTo(TimeUnit.MILLISECONDS) / 1000.0;
      maxPopsPerSecond = Math.max(maxPopsPerSecond, (calls("lpop") - popsBefore) / seconds);
    }
    // A warmup iteration may run dry (the first fill is a guess); a measured one may not.
    if (!(len instanceof Reply.Int i && i.value() > 0)
        && iteration.getType() == IterationType.MEASUREMENT) {
      throw new IllegalStateException(
          command + ": the list ran dry during a measured iteration (LLEN " + len + ")");
    }
  }

  private long calls(String name) {
    return engine.commandStats().get(name)[0];
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
