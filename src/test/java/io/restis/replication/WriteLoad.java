package io.restis.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Random writes of every type against a node (the current leader, which may change), in
 * pipelines and transactions over the command endpoint: strings, counters, floats, lists, sets,
 * hashes, sorted sets, deletes, TTLs that expire while the test runs, relative and absolute
 * deadlines, random pops. Errors in replies (a WRONGTYPE, a pop of nothing) are part of the load;
 * a request that fails (the node is being killed) is counted and retried elsewhere.
 */
final class WriteLoad implements AutoCloseable {

  private final long seed;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  final AtomicLong requests = new AtomicLong();
  final AtomicLong commands = new AtomicLong();
  final AtomicLong failures = new AtomicLong();
  volatile Node target;
  /** Pause between two requests of a writer, so that two writers do not take both cores. */
  volatile long pauseMillis = 10;

  WriteLoad(Node target, long seed) {
    this.target = target;
    this.seed = seed;
  }

  WriteLoad start(int writers) {
    stop.set(false);
    for (int w = 0; w < writers; w++) {
      Random rnd = new Random(seed * 31 + w + threads.size());
      Thread t = new Thread(() -> run(rnd), "write-load-" + w);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    return this;
  }

  /** Writes a fixed number of commands, synchronously, on the calling thread. */
  void write(int n, Random rnd) throws Exception {
    int done = 0;
    while (done < n) {
      List<String[]> batch = new ArrayList<>();
      for (int i = 0; i < Math.min(50, n - done); i++) {
        batch.add(command(rnd));
      }
      Node.Answer a = target.json("POST", "/redis/pipeline", Node.JSON.writeValueAsString(batch));
      if (a.status() != 200) {
        throw new AssertionError("pipeline answered " + a);
      }
      done += batch.size();
      commands.addAndGet(batch.size());
    }
  }

  private void run(Random rnd) {
    while (!stop.get()) {
      try {
        Node node = target;
        boolean tx = rnd.nextInt(10) == 0;
        List<String[]> batch = new ArrayList<>();
        int n = tx ? 2 + rnd.nextInt(3) : 5 + rnd.nextInt(30);
        for (int i = 0; i < n; i++) {
          batch.add(command(rnd));
        }
        node.json("POST", tx ? "/redis/multi-exec" : "/redis/pipeline", Node.JSON.writeValueAsString(batch));
        requests.incrementAndGet();
        commands.addAndGet(n);
        if (pauseMillis > 0) {
          Thread.sleep(pauseMillis);
        }
      } catch (Exception e) {
        failures.incrementAndGet();
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** Stops the writers and waits for them. */
  void stop() throws InterruptedException {
    stop.set(true);
    for (Thread t : threads) {
      t.join(30_000);
    }
    threads.clear();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  static String[] command(Random rnd) {
    String v = value(rnd);
    String s = "s:" + rnd.nextInt(40);
    String t = "t:" + rnd.nextInt(30);
    String n = "n:" + rnd.nextInt(8);
    String f = "f:" + rnd.nextInt(4);
    String l = "l:" + rnd.nextInt(15);
    String set = "set:" + rnd.nextInt(15);
    String h = "h:" + rnd.nextInt(15);
    String z = "z:" + rnd.nextInt(15);
    String m = "m" + rnd.nextInt(20);
    switch (rnd.nextInt(36)) {
      case 0: case 1: return new String[] {"SET", s, v};
      case 2: return new String[] {"SET", t, v, "PX", Integer.toString(50 + rnd.nextInt(1500))};
      case 3: return new String[] {"SET", t, v, "EX", "1", "NX"};
      case 4: return new String[] {"APPEND", s, v};
      case 5: return new String[] {"INCR", n};
      case 6: return new String[] {"INCRBY", n, Integer.toString(rnd.nextInt(200) - 100)};
      case 7: return new String[] {"INCRBYFLOAT", f, "0." + rnd.nextInt(1000)};
      case 8: return new String[] {"DEL", rnd.nextBoolean() ? s : l};
      case 9: return new String[] {"PEXPIRE", rnd.nextBoolean() ? s : set, Integer.toString(100 + rnd.nextInt(900))};
      case 10: return new String[] {"PERSIST", s};
      case 11: case 12: return new String[] {"RPUSH", l, v, value(rnd)};
      case 13: return new String[] {"LPUSH", l, v};
      case 14: return new String[] {"LPOP", l};
      case 15: return new String[] {"RPOP", l, "2"};
      case 16: return new String[] {"LTRIM", l, "0", Integer.toString(5 + rnd.nextInt(10))};
      case 17: case 18: return new String[] {"SADD", set, m, "m" + rnd.nextInt(20)};
      case 19: return new String[] {"SREM", set, m};
      case 20: return new String[] {"SPOP", set, Integer.toString(1 + rnd.nextInt(2))};
      case 21: case 22: return new String[] {"HSET", h, "f" + rnd.nextInt(10), v};
      case 23: return new String[] {"HDEL", h, "f" + rnd.nextInt(10)};
      case 24: return new String[] {"HINCRBY", h, "c", Integer.toString(rnd.nextInt(10))};
      case 25: return new String[] {"HINCRBYFLOAT", h, "x", "1.25"};
      case 26: case 27: return new String[] {"ZADD", z, Integer.toString(rnd.nextInt(100)), m};
      case 28: return new String[] {"ZINCRBY", z, "0.5", m};
      case 29: return new String[] {"ZREM", z, m};
      case 30: return new String[] {"ZPOPMIN", z};
      case 31: return new String[] {"GETDEL", s};
      case 32: return new String[] {"GETSET", s, v};
      case 33: return new String[] {"GETEX", s, "PX", Integer.toString(200 + rnd.nextInt(800))};
      case 34: return new String[] {"EXPIRE", h, "1"};
      default: return new String[] {"LMOVE", l, "l:" + rnd.nextInt(15), "LEFT", "RIGHT"};
    }
  }

  private static String value(Random rnd) {
    int len = 1 + rnd.nextInt(rnd.nextInt(20) == 0 ? 300 : 12);
    StringBuilder sb = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      sb.append((char) ('a' + rnd.nextInt(26)));
    }
    return sb.toString();
  }
}
