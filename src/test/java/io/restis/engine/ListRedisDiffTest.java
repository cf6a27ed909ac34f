package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.support.RespConnection;
import io.restis.support.RespReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Differential check against a real redis-server 7.0.15: random list commands (valid and
 * malformed) go to both, and every reply, the lists' contents, and (when the server's AOF
 * directory is given) the propagated writes must be identical. Opt-in, because it needs a
 * throwaway server whose data it flushes:
 *
 * <pre>
 * redis-server --port 17944 --save '' --appendonly yes --appendfsync always \
 *     --auto-aof-rewrite-percentage 0 --dir /tmp/aof --daemonize yes
 * ./mvnw -o test -Dtest=ListRedisDiffTest -Drestis.redis.port=17944 \
 *     -Drestis.redis.aofdir=/tmp/aof/appendonlydir
 * </pre>
 */
@EnabledIfSystemProperty(named = "restis.redis.port", matches = "\\d+")
class ListRedisDiffTest {

  private static final String[] KEYS = {"k1", "k2", "k3", "s"};
  private static final String[] ELEMENTS = {"a", "b", "c"};
  private static final String[] ODD_NUMBERS = {"-9223372036854775808", "9223372036854775807", "x", "",
      "1.5", "-0", "01", "99999999999999999999", "-10", "10"};

  private final Random rnd = new Random(Long.getLong("restis.redis.seed", 1));
  private RespConnection redis;

  @Test
  void repliesStateAndPropagationMatchRedis() throws Exception {
    EngineHarness h = ListCommandsTest.harness();
    try (RespConnection resp = new RespConnection(Integer.getInteger("restis.redis.port"), TEXT)) {
      redis = resp;
      redis("flushall");
      h.str("set", "s", "x");
      redis("set", "s", "x");
      int steps = Integer.getInteger("restis.redis.steps", 20000);
      for (int i = 0; i < steps; i++) {
        String[] c = command();
        assertThat(render(h.exec(c))).as(String.join(" ", c)).isEqualTo(redis(c));
        if (i % 50 == 0) {
          for (String key : KEYS) {
            assertThat(render(h.exec("lrange", key, "0", "-1"))).as("contents of " + key)
                .isEqualTo(redis("lrange", key, "0", "-1"));
          }
        }
      }
    }
    String aofDir = System.getProperty("restis.redis.aofdir");
    if (aofDir != null) {
      assertThat(h.propagated).isEqualTo(aofTail(Path.of(aofDir), h.propagated.size()));
    }
    h.checkInvariants();
  }

  // ---- random commands ----

  private String key() {
    return KEYS[rnd.nextInt(KEYS.length)];
  }

  private String element() {
    return ELEMENTS[rnd.nextInt(ELEMENTS.length)];
  }

  private String number() {
    return rnd.nextInt(4) == 0 ? ODD_NUMBERS[rnd.nextInt(ODD_NUMBERS.length)] : String.valueOf(rnd.nextInt(9) - 4);
  }

  private String side() {
    int r = rnd.nextInt(10);
    return r < 4 ? "left" : r < 8 ? "RIGHT" : r < 9 ? "Left" : "up";
  }

  private String[] command() {
    List<String> a = new ArrayList<>();
    switch (rnd.nextInt(17)) {
      case 0, 1 -> {
        a.add(new String[] {"lpush", "rpush", "lpushx", "rpushx"}[rnd.nextInt(4)]);
        a.add(key());
        int n = rnd.nextInt(8) + (rnd.nextInt(20) == 0 ? 0 : 1);
        for (int i = 0; i < n; i++) {
          a.add(element());
        }
      }
      case 2, 3 -> {
        a.add(rnd.nextBoolean() ? "lpop" : "rpop");
        a.add(key());
        int n = rnd.nextInt(30) == 0 ? 2 : rnd.nextInt(2);
        for (int i = 0; i < n; i++) {
          a.add(number());
        }
      }
      case 4 -> {
        a.add("llen");
        a.add(key());
      }
      case 5, 6 -> {
        a.add(rnd.nextBoolean() ? "lrange" : "ltrim");
        a.add(key());
        a.add(number());
        a.add(number());
      }
      case 7 -> {
        a.add("lindex");
        a.add(key());
        a.add(number());
      }
      case 8 -> {
        a.add("lset");
        a.add(key());
        a.add(number());
        a.add(element());
      }
      case 9 -> {
        a.add("linsert");
        a.add(key());
        a.add(new String[] {"before", "AFTER", "x"}[rnd.nextInt(3)]);
        a.add(element());
        a.add(element());
      }
      case 10 -> {
        a.add("lrem");
        a.add(key());
        a.add(number());
        a.add(element());
      }
      case 11, 12 -> {
        a.add("lpos");
        a.add(key());
        a.add(element());
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          int o = rnd.nextInt(9);
          a.add(o < 3 ? "rank" : o < 6 ? "COUNT" : o < 8 ? "maxlen" : "foo");
          if (rnd.nextInt(12) != 0) {
            a.add(number());
          }
        }
      }
      case 13 -> {
        a.add("lmove");
        a.add(key());
        a.add(key());
        a.add(side());
        a.add(side());
      }
      case 14 -> {
        a.add("rpoplpush");
        a.add(key());
        a.add(key());
      }
      default -> {
        a.add("lmpop");
        int n = rnd.nextInt(4);
        a.add(rnd.nextInt(8) == 0 ? number() : String.valueOf(n));
        for (int i = 0; i < n; i++) {
          a.add(key());
        }
        if (rnd.nextInt(15) != 0) {
          a.add(side());
        }
        int o = rnd.nextInt(4);
        if (o == 1) {
          a.add("count");
          a.add(number());
        } else if (o == 2) {
          a.add("COUNT");
          a.add(String.valueOf(rnd.nextInt(5) + 1));
        } else if (o == 3) {
          a.add("count");
          a.add("2");
          a.add(rnd.nextBoolean() ? "count" : "foo");
        }
      }
    }
    return a.toArray(new String[0]);
  }

  // ---- replies rendered as text, nil and nil array kept apart, as render(Reply) does ----

  private static final RespReader.Shape TEXT = new RespReader.Shape() {
    @Override
    public Object status(String text) {
      return "+" + text;
    }

    @Override
    public Object error(String text) {
      return "-" + text;
    }

    @Override
    public Object integer(long n) {
      return ":" + n;
    }

    @Override
    public Object bulk(byte[] value) {
      return "'" + new String(value, StandardCharsets.UTF_8) + "'";
    }

    @Override
    public Object nilBulk() {
      return "$nil";
    }

    @Override
    public Object array(List<Object> items) {
      List<String> parts = new ArrayList<>();
      for (Object x : items) {
        parts.add((String) x);
      }
      return "[" + String.join(",", parts) + "]";
    }

    @Override
    public Object nilArray() {
      return "*nil";
    }
  };

  private String redis(String... args) throws IOException {
    return (String) redis.call((Object[]) args);
  }

  private static String render(Reply r) {
    if (r instanceof Reply.Status s) {
      return "+" + s.text();
    }
    if (r instanceof Reply.Error e) {
      return "-" + e.message();
    }
    if (r instanceof Reply.Int i) {
      return ":" + i.value();
    }
    if (r instanceof Reply.Bulk b) {
      return b.value() == null ? "$nil" : "'" + new String(b.value(), StandardCharsets.UTF_8) + "'";
    }
    List<Reply> items = ((Reply.Multi) r).items();
    if (items == null) {
      return "*nil";
    }
    List<String> parts = new ArrayList<>();
    for (Reply x : items) {
      parts.add(render(x));
    }
    return "[" + String.join(",", parts) + "]";
  }

  /** The last n commands of the server's incremental AOF, space-joined like the harness renders. */
  private static List<String> aofTail(Path dir, int n) throws IOException {
    Path incr;
    try (Stream<Path> files = Files.list(dir)) {
      incr = files.filter(p -> p.toString().endsWith(".incr.aof")).findFirst().orElseThrow();
    }
    List<String> commands = new ArrayList<>();
    try (InputStream aof = new BufferedInputStream(Files.newInputStream(incr))) {
      RespReader reader = new RespReader(aof, TEXT);
      while (aof.available() > 0) {
        String r = (String) reader.read(); // an array of bulks: ['SELECT','0'] ...
        String cmd = r.substring(1, r.length() - 1).replace("'", "").replace(",", " ");
        if (!cmd.startsWith("SELECT ") && !cmd.equals("flushall")) {
          commands.add(cmd);
        }
      }
    }
    return commands.subList(Math.max(0, commands.size() - n), commands.size());
  }
}
