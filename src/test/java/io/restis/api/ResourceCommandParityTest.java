package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.api.Http.Answer;
import io.restis.engine.Engine;
import io.restis.engine.WriteListener;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Each resource operation gives the same data as its command on the command endpoint. Reads are
 * compared on the same key. Writes run on twin keys in the same state, one through the resource
 * and one through {@code /redis}: the replies, the resulting values and the propagated writes (the
 * replication and log stream) must match, key names aside.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ResourceCommandParityTest {

  @LocalServerPort
  int port;

  @Autowired
  Engine engine;

  Http http;
  final List<String> propagated = new ArrayList<>();
  final WriteListener recorder = (offset, argv) -> {
    StringBuilder b = new StringBuilder();
    for (byte[] a : argv) {
      b.append(b.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.UTF_8));
    }
    synchronized (propagated) {
      propagated.add(b.toString());
    }
  };

  @BeforeEach
  void setUp() {
    http = new Http(port);
    engine.addWriteListener(recorder);
  }

  @AfterEach
  void tearDown() {
    engine.removeWriteListener(recorder);
  }

  private List<String> drain() {
    synchronized (propagated) {
      List<String> out = new ArrayList<>(propagated);
      propagated.clear();
      return out;
    }
  }

  private JsonNode redis(String json) throws Exception {
    return http.redis(json);
  }

  /** The writes a resource call propagated, with its key renamed to the twin's. */
  private List<String> drainAs(String key, String twin) {
    List<String> out = new ArrayList<>();
    for (String s : drain()) {
      out.add(s.replace(key, twin));
    }
    return out;
  }

  private void both(String... commands) throws Exception {
    for (String c : commands) {
      redis(c.replace("{k}", "p:A"));
      redis(c.replace("{k}", "p:B"));
    }
    drain();
  }

  private void sameValue(String readCommand) throws Exception {
    assertThat(redis(readCommand.replace("{k}", "p:A"))).isEqualTo(redis(readCommand.replace("{k}", "p:B")));
  }

  // ---- reads on one key

  @Test
  void listReadsEqualTheirCommands() throws Exception {
    redis("[\"DEL\",\"p:list\"]");
    redis("[\"RPUSH\",\"p:list\",\"a\",\"b\",\"c\",\"d\",\"e\"]");
    long[][] ranges = {{0, -1}, {1, 3}, {-2, -1}, {3, 1}, {-100, 100}, {5, 9}};
    for (long[] r : ranges) {
      JsonNode resource = http.get("/lists/p:list?start=" + r[0] + "&stop=" + r[1]).json().get("values");
      assertThat(resource).as("LRANGE %d %d", r[0], r[1])
          .isEqualTo(redis("[\"LRANGE\",\"p:list\"," + r[0] + "," + r[1] + "]"));
    }
    for (int i = -6; i <= 5; i++) {
      Answer a = http.get("/lists/p:list/items/" + i);
      JsonNode command = redis("[\"LINDEX\",\"p:list\"," + i + "]");
      if (command.isNull()) {
        assertThat(a.status()).isEqualTo(404);
      } else {
        assertThat(a.json().get("value")).isEqualTo(command);
      }
    }
    JsonNode info = http.get("/keys/p:list").json();
    assertThat(info.get("type").asString()).isEqualTo(redis("[\"TYPE\",\"p:list\"]").asString());
    assertThat(info.get("size")).isEqualTo(redis("[\"LLEN\",\"p:list\"]"));
    assertThat(info.get("ttl")).isEqualTo(redis("[\"PTTL\",\"p:list\"]"));
  }

  @Test
  void stringReadsEqualTheirCommands() throws Exception {
    redis("[\"SET\",\"p:str\",\"Hello, World\"]");
    redis("[\"SET\",\"p:str2\",\"x\"]");
    redis("[\"RPUSH\",\"p:notstr\",\"x\"]");
    assertThat(http.get("/strings/p:str").json().get("value")).isEqualTo(redis("[\"GET\",\"p:str\"]"));
    long[][] ranges = {{0, 4}, {-5, -1}, {7, 100}, {20, 30}, {3, 1}};
    for (long[] r : ranges) {
      assertThat(http.get("/strings/p:str/range?start=" + r[0] + "&end=" + r[1]).json().get("value"))
          .isEqualTo(redis("[\"GETRANGE\",\"p:str\"," + r[0] + "," + r[1] + "]"));
    }
    JsonNode entries = http.get("/strings?key=p:str&key=p:none&key=p:notstr&key=p:str2").json().get("entries");
    JsonNode mget = redis("[\"MGET\",\"p:str\",\"p:none\",\"p:notstr\",\"p:str2\"]");
    for (int i = 0; i < 4; i++) {
      assertThat(entries.get(i).get("value")).isEqualTo(mget.get(i));
    }
    JsonNode info = http.get("/keys/p:str").json();
    assertThat(info.get("type").asString()).isEqualTo("string");
    assertThat(info.get("size")).isEqualTo(redis("[\"STRLEN\",\"p:str\"]"));
  }

  @Test
  void scanPagesEqualScan() throws Exception {
    for (int i = 0; i < 30; i++) {
      redis("[\"SET\",\"p:scan:" + i + "\",\"v\"]");
    }
    String cursor = "0";
    do {
      JsonNode page = http.get("/keys?match=p:scan:*&count=4&cursor=" + cursor).json();
      JsonNode scan = redis("[\"SCAN\",\"" + cursor + "\",\"MATCH\",\"p:scan:*\",\"COUNT\",4]");
      assertThat(page.get("cursor").asString()).isEqualTo(scan.get(0).asString());
      assertThat(page.get("keys")).isEqualTo(scan.get(1));
      cursor = page.get("cursor").asString();
    } while (!cursor.equals("0"));
  }

  // ---- writes on twin keys

  @Test
  void listWritesEqualTheirCommands() throws Exception {
    both("[\"DEL\",\"{k}\",\"{k}:dst\"]", "[\"RPUSH\",\"{k}\",\"a\",\"b\",\"c\",\"a\"]");

    Answer push = http.post("/lists/p:A/tail", "{\"values\":[\"d\",\"e\"]}");
    List<String> viaResource = drainAs("p:A", "p:B");
    assertThat(push.json().get("length")).isEqualTo(redis("[\"RPUSH\",\"p:B\",\"d\",\"e\"]"));
    assertThat(viaResource).isEqualTo(drain()).containsExactly("RPUSH p:B d e");
    sameValue("[\"LRANGE\",\"{k}\",0,-1]");

    Answer capped = http.post("/lists/p:A/head", "{\"values\":[\"x\",\"y\"],\"maxlen\":4}");
    viaResource = drainAs("p:A", "p:B");
    JsonNode tx = http.post("/redis/multi-exec", "[[\"LPUSH\",\"p:B\",\"x\",\"y\"],[\"LTRIM\",\"p:B\",0,3]]").json();
    assertThat(capped.json().get("length").asLong()).isEqualTo(Math.min(tx.get(0).get("result").asLong(), 4));
    assertThat(viaResource).isEqualTo(drain()).containsExactly("MULTI", "LPUSH p:B x y", "LTRIM p:B 0 3", "EXEC");
    sameValue("[\"LRANGE\",\"{k}\",0,-1]");

    Answer pop = http.delete("/lists/p:A/tail?count=2");
    viaResource = drainAs("p:A", "p:B");
    assertThat(pop.json().get("values")).isEqualTo(redis("[\"RPOP\",\"p:B\",2]"));
    assertThat(viaResource).isEqualTo(drain());

    http.send("PUT", "/lists/p:A/items/1", "application/json", BodyPublishers.ofString("{\"value\":\"Z\"}"));
    viaResource = drainAs("p:A", "p:B");
    redis("[\"LSET\",\"p:B\",1,\"Z\"]");
    assertThat(viaResource).isEqualTo(drain());

    Answer insert = http.post("/lists/p:A/insert", "{\"position\":\"before\",\"pivot\":\"Z\",\"value\":\"I\"}");
    viaResource = drainAs("p:A", "p:B");
    assertThat(insert.json().get("length")).isEqualTo(redis("[\"LINSERT\",\"p:B\",\"BEFORE\",\"Z\",\"I\"]"));
    assertThat(viaResource).isEqualTo(drain());

    Answer remove = http.post("/lists/p:A/remove", "{\"value\":\"I\",\"count\":1}");
    viaResource = drainAs("p:A", "p:B");
    assertThat(remove.json().get("removed")).isEqualTo(redis("[\"LREM\",\"p:B\",1,\"I\"]"));
    assertThat(viaResource).isEqualTo(drain());

    Answer move = http.post("/lists/p:A/move", "{\"destination\":\"p:A:dst\",\"from\":\"head\",\"to\":\"tail\"}");
    viaResource = drainAs("p:A", "p:B");
    assertThat(move.json().get("value")).isEqualTo(redis("[\"LMOVE\",\"p:B\",\"p:B:dst\",\"LEFT\",\"RIGHT\"]"));
    assertThat(viaResource).isEqualTo(drain());
    sameValue("[\"LRANGE\",\"{k}:dst\",0,-1]");

    http.post("/lists/p:A/trim", "{\"start\":0,\"stop\":1}");
    viaResource = drainAs("p:A", "p:B");
    redis("[\"LTRIM\",\"p:B\",0,1]");
    assertThat(viaResource).isEqualTo(drain());
    sameValue("[\"LRANGE\",\"{k}\",0,-1]");

    http.delete("/lists/p:A");
    viaResource = drainAs("p:A", "p:B");
    redis("[\"DEL\",\"p:B\"]");
    assertThat(viaResource).isEqualTo(drain()).containsExactly("DEL p:B");
    sameValue("[\"EXISTS\",\"{k}\"]");
  }

  @Test
  void stringWritesEqualTheirCommands() throws Exception {
    both("[\"DEL\",\"{k}\"]");

    Answer set = http.put("/strings/p:A?get=true", "{\"value\":\"10\"}");
    List<String> viaResource = drainAs("p:A", "p:B");
    JsonNode previous = redis("[\"SET\",\"p:B\",\"10\",\"GET\"]");
    assertThat(previous.isNull()).isTrue();
    assertThat(set.json().has("previous")).isFalse();
    assertThat(viaResource).isEqualTo(drain());

    Answer incr = http.post("/strings/p:A/increment", "{\"by\":5}");
    viaResource = drainAs("p:A", "p:B");
    assertThat(incr.json().get("value")).isEqualTo(redis("[\"INCRBY\",\"p:B\",5]"));
    assertThat(viaResource).isEqualTo(drain());

    Answer incrFloat = http.post("/strings/p:A/increment", "{\"by\":1.5}");
    viaResource = drainAs("p:A", "p:B");
    JsonNode incrByFloat = redis("[\"INCRBYFLOAT\",\"p:B\",\"1.5\"]");
    assertThat(incrFloat.json().get("value").decimalValue()).isEqualByComparingTo(incrByFloat.asString());
    assertThat(viaResource).isEqualTo(drain()).containsExactly("SET p:B 16.5 KEEPTTL");

    Answer append = http.post("/strings/p:A/append", "{\"value\":\"xyz\"}");
    viaResource = drainAs("p:A", "p:B");
    assertThat(append.json().get("length")).isEqualTo(redis("[\"APPEND\",\"p:B\",\"xyz\"]"));
    assertThat(viaResource).isEqualTo(drain());

    Answer setRange = http.put("/strings/p:A/range", "{\"offset\":1,\"value\":\"__\"}");
    viaResource = drainAs("p:A", "p:B");
    assertThat(setRange.json().get("length")).isEqualTo(redis("[\"SETRANGE\",\"p:B\",1,\"__\"]"));
    assertThat(viaResource).isEqualTo(drain());
    sameValue("[\"GET\",\"{k}\"]");

    http.put("/strings/p:A?ex=1000&nx=true", "{\"value\":\"no\"}");
    viaResource = drainAs("p:A", "p:B");
    redis("[\"SET\",\"p:B\",\"no\",\"NX\",\"EX\",1000]");
    assertThat(viaResource).isEqualTo(drain()).isEmpty();

    http.put("/strings/p:A?ex=1000", "{\"value\":\"ttl\"}");
    viaResource = drainAs("p:A", "p:B");
    redis("[\"SET\",\"p:B\",\"ttl\",\"EX\",1000]");
    List<String> viaCommand = drain();
    // Relative TTLs propagate as absolute times, which differ by the milliseconds between the calls.
    assertThat(shape(viaResource)).isEqualTo(shape(viaCommand)).containsExactly("SET p:B ttl PXAT #");

    http.post("/strings", "{\"entries\":[{\"key\":\"p:A\",\"value\":\"1\"},{\"key\":\"p:A:2\",\"value\":\"2\"}]}");
    viaResource = drainAs("p:A", "p:B");
    redis("[\"MSET\",\"p:B\",\"1\",\"p:B:2\",\"2\"]");
    assertThat(viaResource).isEqualTo(drain());
    sameValue("[\"MGET\",\"{k}\",\"{k}:2\"]");

    http.delete("/strings/p:A");
    viaResource = drainAs("p:A", "p:B");
    redis("[\"DEL\",\"p:B\"]");
    assertThat(viaResource).isEqualTo(drain());
  }

  @Test
  void keyWritesEqualTheirCommands() throws Exception {
    both("[\"DEL\",\"{k}\",\"{k}:new\"]", "[\"SET\",\"{k}\",\"v\"]");

    http.put("/keys/p:A/ttl", "{\"seconds\":1000}");
    List<String> viaResource = drainAs("p:A", "p:B");
    redis("[\"EXPIRE\",\"p:B\",1000]");
    assertThat(shape(viaResource)).isEqualTo(shape(drain())).containsExactly("PEXPIREAT p:B #");

    Answer gt = http.put("/keys/p:A/ttl", "{\"seconds\":10,\"gt\":true}");
    viaResource = drainAs("p:A", "p:B");
    assertThat(gt.json().get("updated").asBoolean()).isEqualTo(redis("[\"EXPIRE\",\"p:B\",10,\"GT\"]").asLong() == 1);
    assertThat(viaResource).isEqualTo(drain()).isEmpty();

    Answer persist = http.delete("/keys/p:A/ttl");
    viaResource = drainAs("p:A", "p:B");
    assertThat(persist.json().get("updated").asBoolean()).isEqualTo(redis("[\"PERSIST\",\"p:B\"]").asLong() == 1);
    assertThat(viaResource).isEqualTo(drain());

    http.post("/keys/p:A/rename", "{\"newKey\":\"p:A:new\"}");
    viaResource = drainAs("p:A", "p:B");
    redis("[\"RENAME\",\"p:B\",\"p:B:new\"]");
    assertThat(viaResource).isEqualTo(drain()).containsExactly("RENAME p:B p:B:new");
    sameValue("[\"GET\",\"{k}:new\"]");

    http.delete("/keys/p:A:new");
    viaResource = drainAs("p:A", "p:B");
    redis("[\"DEL\",\"p:B:new\"]");
    assertThat(viaResource).isEqualTo(drain());
  }

  /** Propagated writes with their numbers (absolute times) blanked. */
  private static List<String> shape(List<String> writes) {
    List<String> out = new ArrayList<>();
    for (String w : writes) {
      out.add(w.replaceAll("\\b\\d{10,}\\b", "#"));
    }
    return out;
  }
}
