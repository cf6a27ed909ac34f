package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.support.RealRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Differential test of keyspace notifications against a real redis-server 7.0.15 (the spec),
 * started by the test on a free port: for each command family a few hundred random commands
 * (valid, no-op and malformed) go to both with {@code notify-keyspace-events KEAnm}, and after each
 * command the replies and the exact sequence of {@code __keyspace@0__} / {@code __keyevent@0__}
 * messages must be the same. Redis's side is read by a subscriber on {@code __key*__:*} that also
 * listens to a sync channel published after every command, so each command's events are cut out
 * exactly.
 */
class KeyspaceEventsRedisDiffTest {

  private static final String CLASSES = "KEAnm";
  private static final Pattern HOLE = Pattern.compile("\\{(\\w)\\}");

  private static RealRedis redis;
  private RealRedis.Conn client;
  private RealRedis.Conn subscriber;
  private EngineHarness h;
  private Subscription restisEvents;
  private int sync;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RealRedis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @BeforeEach
  void connect() throws Exception {
    client = redis.connect();
    subscriber = redis.connect();
    assertThat(client.call("flushall")).isEqualTo("OK");
    assertThat(client.call("config", "set", "notify-keyspace-events", CLASSES)).isEqualTo("OK");
    subscriber.send("psubscribe", "__key*__:*");
    subscriber.read();
    subscriber.send("subscribe", "sync");
    subscriber.read();
    h = new EngineHarness();
    h.engine.setKeyspaceEvents(CLASSES);
    restisEvents = new Subscription(100_000, () -> {});
    h.engine.psubscribe(restisEvents, List.of(Bytes.of("__key*__:*")));
  }

  @Test
  void genericCommands() {
    run(new String[] {"k1", "k2", "k3"}, 400, 1,
        "set {k} {m}", "rpush {k} {m}", "sadd {k} {m}", "del {k} {k}", "unlink {k}", "exists {k}",
        "type {k}", "rename {k} {k}", "renamenx {k} {k}", "copy {k} {k}", "copy {k} {k} replace",
        "expire {k} 100", "expire {k} -1", "expire {k} 100 nx", "expire {k} 200 gt", "expire {k} 50 lt",
        "expire {k} 100 xx", "pexpire {k} 100000", "expireat {k} 4102444800", "pexpireat {k} 1000",
        "persist {k}", "expire {k} x", "get {k}", "dbsize", "flushall");
  }

  @Test
  void stringCommands() {
    run(new String[] {"s1", "s2", "l"}, 500, 2,
        "set {k} {m}", "set {k} {m} nx", "set {k} {m} xx get", "set {k} {m} ex 100", "set {k} {m} px 100000",
        "set {k} {m} keepttl", "set {k} {m} exat 4102444800", "set {k} {m} ex 0", "setnx {k} {m}",
        "setex {k} 100 {m}", "psetex {k} 100000 {m}", "getset {k} {m}", "getdel {k}", "getex {k} ex 100",
        "getex {k} persist", "getex {k} pxat 1000", "getex {k}", "mset {k} {m} {k} {m}", "msetnx {k} {m} {k} {m}",
        "append {k} {m}", "append {k} ''", "setrange {k} {n} {m}", "setrange {k} 1 ''", "incr {k}", "decr {k}",
        "incrby {k} {n}", "decrby {k} {n}", "incrbyfloat {k} 1.5", "incrbyfloat {k} x", "get {k}", "strlen {k}",
        "getrange {k} 0 -1", "rpush l {m}", "expire {k} 100", "persist {k}");
  }

  @Test
  void listCommands() {
    run(new String[] {"l1", "l2", "s"}, 500, 3,
        "lpush {k} {m} {m}", "rpush {k} {m}", "lpushx {k} {m}", "rpushx {k} {m}", "lpop {k}", "rpop {k}",
        "lpop {k} {n}", "rpop {k} 0", "lset {k} {n} {m}", "linsert {k} before {m} {m}", "linsert {k} after {m} {m}",
        "lrem {k} {n} {m}", "ltrim {k} {n} {n}", "ltrim {k} 0 -1", "lmove {k} {k} left right",
        "lmove {k} {k} right right", "rpoplpush {k} {k}", "lmpop 2 {k} {k} left count {n}", "lmpop 1 {k} right",
        "llen {k}", "lrange {k} 0 -1", "lindex {k} {n}", "lpos {k} {m}", "set s x", "del {k}",
        "sort {k} alpha store {k}", "sort {k} alpha limit 0 {n} store {k}");
  }

  @Test
  void setCommands() {
    run(new String[] {"s1", "s2", "s3", "str"}, 500, 4,
        "sadd {k} {m} {m}", "srem {k} {m} {m}", "u:spop {k} 9", "u:spop {k} {n}", "smove {k} {k} {m}",
        "sinterstore {k} {k} {k}", "sunionstore {k} {k} {k}", "sdiffstore {k} {k} {k}", "sinterstore {k} {k}",
        "u:smembers {k}", "sismember {k} {m}", "scard {k}", "u:sinter {k} {k}", "set str x", "del {k}");
  }

  @Test
  void hashCommands() {
    run(new String[] {"h1", "h2", "str"}, 400, 5,
        "hset {k} {m} {m}", "hset {k} {m} {m} {m} {m}", "hmset {k} {m} {m}", "hsetnx {k} {m} {m}",
        "hdel {k} {m} {m}", "hincrby {k} {m} {n}", "hincrbyfloat {k} {m} 0.5", "hincrby {k} {m} x", "hget {k} {m}",
        "hlen {k}", "hgetall {k}", "hexists {k} {m}", "set str x", "del {k}");
  }

  @Test
  void sortedSetCommands() {
    run(new String[] {"z1", "z2", "z3", "str"}, 600, 6,
        "zadd {k} {n} {m}", "zadd {k} {n} {m} {n} {m}", "zadd {k} nx {n} {m}", "zadd {k} xx ch {n} {m}",
        "zadd {k} incr {n} {m}", "zadd {k} gt {n} {m}", "zincrby {k} {n} {m}", "zrem {k} {m} {m}",
        "zremrangebyrank {k} {n} {n}", "zremrangebyscore {k} {n} {n}", "zremrangebylex {k} [a [b",
        "zpopmin {k}", "zpopmax {k} {n}", "zmpop 2 {k} {k} min count {n}", "zrangestore {k} {k} 0 {n}",
        "zunionstore {k} 2 {k} {k}", "zinterstore {k} 2 {k} {k}", "zdiffstore {k} 2 {k} {k}", "zscore {k} {m}",
        "zcard {k}", "zrange {k} 0 -1 withscores", "set str x", "del {k}");
  }

  @Test
  void hyperLogLogCommands() {
    run(new String[] {"p1", "p2", "p3", "str"}, 300, 7,
        "pfadd {k} {m} {m} {m}", "pfadd {k}", "pfcount {k}", "pfcount {k} {k}", "pfmerge {k} {k} {k}",
        "pfmerge {k}", "set str x", "del {k}");
  }

  @Test
  void blockingPopsServedAtOnceAndInTransactions() {
    run(new String[] {"l1", "l2", "z1", "z2"}, 400, 8,
        "rpush {k} {m} {m}", "zadd {k} {n} {m} {n} {m}", "multi:blpop {k} {k} 0", "multi:brpop {k} 1",
        "multi:blmove {k} {k} left right 0", "multi:brpoplpush {k} {k} 0", "multi:blmpop 0 2 {k} {k} left count {n}",
        "multi:bzpopmin {k} {k} 0", "multi:bzpopmax {k} 0", "multi:bzmpop 0 2 {k} {k} max count {n}",
        "multi:blpop {k} -1", "del {k}");
  }

  /** A key expires lazily (on access) and actively (left alone): both fire "expired". */
  @Test
  void expiredKeys() throws Exception {
    step("set a 1 px 100");
    step("set b 1 px 100");
    step("rpush c x");
    step("pexpire c 100");
    Thread.sleep(300); // long enough for Redis's active cycle to have reclaimed some of them
    h.clock.advance(300);
    h.engine.activeExpireCycle(1_000_000_000L);
    List<String> restis = drainRestis();
    List<String> real = drainRedisUntil(publishSync());
    // Active expiry order is random in both: compare as sets, then the lazy path on the rest.
    assertThat(restis).containsExactlyInAnyOrderElementsOf(real);
    assertThat(restis).contains("__keyevent@0__:expired a", "__keyspace@0__:a expired");
    step("get a");
    step("exists b");
    h.checkInvariants();
  }

  // ---- driver ----

  private void run(String[] keys, int steps, long seed, String... templates) {
    Random rnd = new Random(seed);
    for (int i = 0; i < steps; i++) {
      String t = templates[rnd.nextInt(templates.length)];
      Matcher m = HOLE.matcher(t);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String fill = switch (m.group(1)) {
          case "k" -> keys[rnd.nextInt(keys.length)];
          case "m" -> String.valueOf((char) ('a' + rnd.nextInt(4)));
          default -> String.valueOf(rnd.nextInt(7) - 3);
        };
        m.appendReplacement(sb, fill);
      }
      m.appendTail(sb);
      step(sb.toString());
    }
    h.checkInvariants();
  }

  /** Runs one command on both and compares the reply and the events it fired. */
  private void step(String command) {
    // "u:" marks a reply whose order is not specified (set members): compared sorted.
    boolean unordered = command.startsWith("u:");
    if (unordered) {
      command = command.substring(2);
    }
    boolean multi = command.startsWith("multi:");
    String[] args = split(multi ? command.substring(6) : command);
    Object real;
    Object ours;
    if (multi) {
      client.call("multi");
      client.call(args);
      real = client.call("exec");
      ours = EngineHarness.plain(h.engine.transaction(Caller.INTERNAL, List.<byte[][]>of(argv(args))));
    } else {
      real = client.call(args);
      ours = EngineHarness.plain(h.exec(args));
    }
    List<String> realEvents = drainRedisUntil(publishSync());
    if (unordered && ours instanceof List<?> a && real instanceof List<?> b) {
      ours = a.stream().map(String::valueOf).sorted().toList();
      real = b.stream().map(String::valueOf).sorted().toList();
    }
    assertThat(render(ours)).as("reply to %s", command).isEqualTo(render(real));
    assertThat(drainRestis()).as("events of %s", command).isEqualTo(realEvents);
  }

  private static String[] split(String command) {
    String[] parts = command.split(" ");
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equals("''")) {
        parts[i] = "";
      }
    }
    return parts;
  }

  private static byte[][] argv(String[] args) {
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return argv;
  }

  private String publishSync() {
    String token = Integer.toString(++sync);
    client.call("publish", "sync", token);
    return token;
  }

  @SuppressWarnings("unchecked")
  private List<String> drainRedisUntil(String token) {
    List<String> out = new ArrayList<>();
    while (true) {
      List<Object> msg = (List<Object>) subscriber.readWithin(5000);
      assertThat(msg).as("a message from the subscriber").isNotNull();
      if (msg.get(0).equals("message") && msg.get(1).equals("sync")) {
        assertThat(msg.get(2)).isEqualTo(token);
        return out;
      }
      out.add(msg.get(2) + " " + msg.get(3));
    }
  }

  private List<String> drainRestis() {
    List<String> out = new ArrayList<>();
    for (PubSubMessage m : restisEvents.drain(Integer.MAX_VALUE)) {
      out.add(m.channel() + " " + new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String render(Object o) {
    if (o instanceof EngineHarness.ErrorText e) {
      return "(error) " + e.text();
    }
    if (o instanceof RealRedis.Err e) {
      return e.toString();
    }
    if (o instanceof List<?> l) {
      List<String> items = new ArrayList<>();
      for (Object x : l) {
        items.add(render(x));
      }
      return items.toString();
    }
    return String.valueOf(o);
  }
}
