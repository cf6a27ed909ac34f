package io.restis.api;

import static io.restis.api.ResourceHttp.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.restis.api.ResourceHttp.Answer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code /hashes} end to end on a real port: each operation against its command on the command
 * endpoint, refusals against the store read back. Same settings as {@link SetsHttpTest}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "restis.limits.max-body-size=16KB",
    "restis.limits.max-elements=100"})
class HashesHttpTest {

  @LocalServerPort
  int port;

  ResourceHttp http;

  @BeforeEach
  void client() {
    http = new ResourceHttp(port);
  }

  /** An HGETALL-style reply (field, value, field, value, ...) as an ordered map. */
  static Map<String, String> pairs(JsonNode array) {
    Map<String, String> out = new LinkedHashMap<>();
    List<JsonNode> items = List.copyOf(array.values());
    for (int i = 0; i < items.size(); i += 2) {
      out.put(items.get(i).asString(), items.get(i + 1).asString());
    }
    return out;
  }

  static Map<String, String> object(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
    return out;
  }

  @Test
  void everyReadGivesTheDataOfItsCommand() throws Exception {
    http.redis("HSET", "hh:h", "name", "Ada", "born", "1815", "field", "maths", "a/b;c", "x");
    Answer all = http.get("/hashes/hh:h");
    assertThat(all.header("ETag")).isNotNull();
    assertThat(object(all.get("fields"))).containsExactlyEntriesOf(pairs(http.redis("HGETALL", "hh:h")));

    Map<String, String> some = object(http.get("/hashes/hh:h?field=born&field=nope&field=name").get("fields"));
    JsonNode hmget = http.redis("HMGET", "hh:h", "born", "nope", "name");
    assertThat(some).containsExactly(Map.entry("born", hmget.get(0).asString()), Map.entry("name", hmget.get(2).asString()));
    assertThat(hmget.get(1).isNull()).isTrue();

    assertThat(http.get("/hashes/hh:h/fields/born").get("value").asString())
        .isEqualTo(http.redis("HGET", "hh:h", "born").asString());
    assertThat(http.get("/hashes/hh:h/fields/a%2Fb;c").get("value").asString())
        .isEqualTo(http.redis("HGET", "hh:h", "a/b;c").asString());
    assertThat(strings(http.get("/hashes/hh:h/fields").get("fields")))
        .isEqualTo(strings(http.redis("HKEYS", "hh:h")));
    assertThat(strings(http.get("/hashes/hh:h/values").get("values")))
        .isEqualTo(strings(http.redis("HVALS", "hh:h")));
    assertThat(http.get("/hashes/hh:h/length").get("length").asLong()).isEqualTo(http.redis("HLEN", "hh:h").asLong());
    assertThat(http.get("/hashes/hh:h/fields/name/exists").get("exists").asBoolean())
        .isEqualTo(http.redis("HEXISTS", "hh:h", "name").asLong() == 1);
    assertThat(http.get("/hashes/hh:h/fields/nope/exists").get("exists").asBoolean())
        .isEqualTo(http.redis("HEXISTS", "hh:h", "nope").asLong() == 1);
    assertThat(http.get("/hashes/hh:h/fields/field/length").get("length").asLong())
        .isEqualTo(http.redis("HSTRLEN", "hh:h", "field").asLong());
    Map<String, String> stored = pairs(http.redis("HGETALL", "hh:h"));
    for (JsonNode e : http.get("/hashes/hh:h/random?count=3").get("entries").values()) {
      assertThat(stored).containsEntry(e.get("field").asString(), e.get("value").asString());
    }
    assertThat(http.get("/hashes/hh:h/random?count=10&repeats=true").get("entries")).hasSize(10);
  }

  @Test
  void everyWriteLeavesWhatItsCommandWould() throws Exception {
    Answer created = http.post("/hashes/hw:rest", "{\"fields\":{\"a\":\"1\",\"b\":\"2\"}}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.get("added").asLong()).isEqualTo(http.redis("HSET", "hw:cmd", "a", "1", "b", "2").asLong());
    Answer one = http.put("/hashes/hw:rest/fields/c", "{\"value\":\"3\"}");
    assertThat(one.get("newField").asBoolean()).isEqualTo(http.redis("HSET", "hw:cmd", "c", "3").asLong() == 1);
    Answer nx = http.put("/hashes/hw:rest/fields/c?nx=true", "{\"value\":\"4\"}");
    assertThat(nx.get("written").asBoolean()).isEqualTo(http.redis("HSETNX", "hw:cmd", "c", "4").asLong() == 1);
    assertThat(http.post("/hashes/hw:rest/fields/n/increment", "{\"by\":5}").get("value").asLong())
        .isEqualTo(http.redis("HINCRBY", "hw:cmd", "n", "5").asLong());
    assertThat(http.post("/hashes/hw:rest/fields/f/increment", "{\"by\":0.1}").get("value").decimalValue())
        .isEqualByComparingTo(http.redis("HINCRBYFLOAT", "hw:cmd", "f", "0.1").asString());
    assertThat(http.post("/hashes/hw:rest/fields/f/increment", "{\"by\":0.2}").get("value").decimalValue())
        .isEqualByComparingTo(http.redis("HINCRBYFLOAT", "hw:cmd", "f", "0.2").asString());
    assertThat(http.post("/hashes/hw:rest/remove", "{\"fields\":[\"a\",\"zz\"]}").get("removed").asLong())
        .isEqualTo(http.redis("HDEL", "hw:cmd", "a", "zz").asLong());
    assertThat(http.delete("/hashes/hw:rest/fields/b").status()).isEqualTo(204);
    http.redis("HDEL", "hw:cmd", "b");
    assertThat(pairs(http.redis("HGETALL", "hw:rest"))).containsExactlyEntriesOf(pairs(http.redis("HGETALL", "hw:cmd")));
    assertThat(http.delete("/hashes/hw:rest").status()).isEqualTo(204);
    assertThat(http.redis("EXISTS", "hw:rest").asLong()).isZero();
  }

  @Test
  void conditionalWritesOverHttp() throws Exception {
    String etag = http.post("/hashes/hc:h", "{\"fields\":{\"a\":\"1\"}}").header("ETag");
    assertThat(http.get("/hashes/hc:h/fields/a", "If-None-Match", etag).status()).isEqualTo(304);
    assertThat(http.put("/hashes/hc:h/fields/a", "{\"value\":\"2\"}", "If-Match", etag).status()).isEqualTo(200);
    http.put("/hashes/hc:h/fields/a", "{\"value\":\"3\"}", "If-Match", etag).problem(412, "precondition-failed");
    http.post("/hashes/hc:h/fields/a/increment", "{\"by\":1}", "If-Match", etag).problem(412, "precondition-failed");
    http.post("/hashes/hc:new", "{\"fields\":{\"a\":\"1\"}}", "If-Match", "*").problem(412, "precondition-failed");
    assertThat(http.post("/hashes/hc:new", "{\"fields\":{\"a\":\"1\"}}", "If-None-Match", "*").status()).isEqualTo(201);
    assertThat(http.redis("HGET", "hc:h", "a").asString()).isEqualTo("2");
  }

  @Test
  void badInputIsA4xxProblemAndTheStoreIsUnchanged() throws Exception {
    http.redis("HSET", "hb:h", "a", "1", "n", "10");
    assertThat(http.post("/hashes/hb:h", "{\"fields\":[\"a\",\"2\"]}").problem(400, "invalid-request"))
        .isEqualTo("field 'fields' must be an object, got an array");
    assertThat(http.post("/hashes/hb:h", "{\"fields\":{\"a\":2}").problem(400, "invalid-request"))
        .startsWith("the request body is not valid JSON");
    assertThat(http.post("/hashes/hb:h/fields/n/increment", "{\"by\":\"ten\"}").problem(400, "invalid-request"))
        .startsWith("field 'by' must be a number");
    assertThat(http.post("/hashes/hb:h/fields/a/increment", "{\"by\":1.5,\"extra\":true}")
        .problem(400, "invalid-request")).startsWith("unknown field 'extra'");
    http.redis("HSET", "hb:h", "s", "abc");
    assertThat(http.post("/hashes/hb:h/fields/s/increment", "{\"by\":1}").problem(400, "invalid-argument"))
        .isEqualTo("ERR hash value is not an integer");
    assertThat(http.get("/hashes/hb:h/random?count=0").problem(400, "invalid-request")).startsWith("parameter 'count' ");
    http.get("/hashes/hb:h/random?count=101").problem(400, "too-many-elements");
    http.get("/hashes/hb:h/fields/zz").problem(404, "element-not-found");
    http.delete("/hashes/hb:h/fields/zz").problem(404, "element-not-found");
    http.put("/hashes/hb:h/fields/a", "{\"value\":\"" + "x".repeat(20_000) + "\"}").problem(413, "too-large");
    http.send("PUT", "/hashes/hb:h/fields/a", "2", "Content-Type", "text/plain").problem(415, "unsupported-media-type");
    http.put("/hashes/hb:h/fields/a", "{\"value\":\"2\"}", "If-Match", "\"1\"").problem(412, "precondition-failed");
    http.redis("SADD", "hb:set", "m");
    http.put("/hashes/hb:set/fields/a", "{\"value\":\"2\"}").problem(409, "wrong-type");
    assertThat(pairs(http.redis("HGETALL", "hb:h")))
        .containsExactly(Map.entry("a", "1"), Map.entry("n", "10"), Map.entry("s", "abc"));
    assertThat(http.redis("TYPE", "hb:set").asString()).isEqualTo("set");
  }
}
