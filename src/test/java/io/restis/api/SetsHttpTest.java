package io.restis.api;

import static io.restis.api.ResourceHttp.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.restis.api.ResourceHttp.Answer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code /sets} end to end: the whole application on a real port. Each operation is checked
 * against its command on the command endpoint ({@code /redis}), and refusals against the store
 * read back. The limits are small (and the same in every *HttpTest of the resources, so they
 * share one application); every test uses keys of its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "restis.limits.max-body-size=16KB",
    "restis.limits.max-elements=100"})
class SetsHttpTest {

  @LocalServerPort
  int port;

  ResourceHttp http;

  @BeforeEach
  void client() {
    http = new ResourceHttp(port);
  }

  @Test
  void everyReadGivesTheDataOfItsCommand() throws Exception {
    http.redis("SADD", "es:a", "1", "2", "3", "x", "y");
    http.redis("SADD", "es:b", "2", "3", "4", "y");
    http.redis("SADD", "es:c", "3", "y", "z");

    assertThat(strings(http.get("/sets/es:a").get("members")))
        .containsExactlyInAnyOrderElementsOf(strings(http.redis("SMEMBERS", "es:a")));
    assertThat(http.get("/sets/es:a/cardinality").get("cardinality").asLong())
        .isEqualTo(http.redis("SCARD", "es:a").asLong());

    JsonNode many = http.get("/sets/es:a/contains?member=1&member=4&member=y").get("members");
    List<String> expected = new ArrayList<>();
    http.redis("SMISMEMBER", "es:a", "1", "4", "y").values().forEach(n -> expected.add(n.asString()));
    List<String> got = new ArrayList<>();
    many.values().forEach(n -> got.add(n.get("isMember").asBoolean() ? "1" : "0"));
    assertThat(got).isEqualTo(expected);
    assertThat(http.get("/sets/es:a/contains?member=x").get("members").get(0).get("isMember").asBoolean())
        .isEqualTo(http.redis("SISMEMBER", "es:a", "x").asLong() == 1);

    assertThat(strings(http.get("/sets/es:a/union?with=es:b&with=es:c").get("members")))
        .containsExactlyInAnyOrderElementsOf(strings(http.redis("SUNION", "es:a", "es:b", "es:c")));
    assertThat(strings(http.get("/sets/es:a/intersection?with=es:b&with=es:c").get("members")))
        .containsExactlyInAnyOrderElementsOf(strings(http.redis("SINTER", "es:a", "es:b", "es:c")));
    assertThat(strings(http.get("/sets/es:a/difference?with=es:b&with=es:c").get("members")))
        .containsExactlyInAnyOrderElementsOf(strings(http.redis("SDIFF", "es:a", "es:b", "es:c")));
    assertThat(http.get("/sets/es:a/intersection/cardinality?with=es:b").get("cardinality").asLong())
        .isEqualTo(http.redis("SINTERCARD", "2", "es:a", "es:b").asLong());
    assertThat(http.get("/sets/es:a/intersection/cardinality?with=es:b&limit=2").get("cardinality").asLong())
        .isEqualTo(http.redis("SINTERCARD", "2", "es:a", "es:b", "LIMIT", "2").asLong());

    List<String> members = strings(http.redis("SMEMBERS", "es:a"));
    assertThat(strings(http.get("/sets/es:a/random?count=3").get("members"))).hasSize(3).isSubsetOf(members);
    assertThat(strings(http.get("/sets/es:a/random?count=9&repeats=true").get("members"))).hasSize(9)
        .isSubsetOf(members);
  }

  @Test
  void everyWriteLeavesWhatItsCommandWould() throws Exception {
    // The same operations on twin keys, one through the resource and one through /redis.
    http.redis("SADD", "ew:src", "a", "b", "c");
    http.redis("SADD", "ew:other", "b", "z");
    Answer created = http.post("/sets/ew:rest", "{\"members\":[\"a\",\"b\",\"c\",\"a\"]}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.get("added").asLong()).isEqualTo(http.redis("SADD", "ew:cmd", "a", "b", "c", "a").asLong());
    assertThat(http.post("/sets/ew:rest/remove", "{\"members\":[\"b\",\"q\"]}").get("removed").asLong())
        .isEqualTo(http.redis("SREM", "ew:cmd", "b", "q").asLong());
    assertThat(http.post("/sets/ew:rest/move", "{\"destination\":\"ew:rest-to\",\"member\":\"c\"}").get("moved")
        .asBoolean()).isEqualTo(http.redis("SMOVE", "ew:cmd", "ew:cmd-to", "c").asLong() == 1);
    assertThat(strings(http.redis("SMEMBERS", "ew:rest"))).containsExactlyInAnyOrderElementsOf(
        strings(http.redis("SMEMBERS", "ew:cmd")));
    assertThat(strings(http.redis("SMEMBERS", "ew:rest-to"))).containsExactlyInAnyOrderElementsOf(
        strings(http.redis("SMEMBERS", "ew:cmd-to")));

    for (String[] op : new String[][] {{"union", "SUNIONSTORE"}, {"intersection", "SINTERSTORE"},
        {"difference", "SDIFFSTORE"}}) {
      Answer stored = http.post("/sets/ew:stored-" + op[0] + "/store",
          "{\"operation\":\"" + op[0] + "\",\"keys\":[\"ew:src\",\"ew:other\"]}");
      assertThat(stored.status()).as(stored.text()).isEqualTo(201);
      assertThat(stored.get("cardinality").asLong())
          .isEqualTo(http.redis(op[1], "ew:cmd-" + op[0], "ew:src", "ew:other").asLong());
      assertThat(strings(http.redis("SMEMBERS", "ew:stored-" + op[0])))
          .containsExactlyInAnyOrderElementsOf(strings(http.redis("SMEMBERS", "ew:cmd-" + op[0])));
    }

    JsonNode popped = http.delete("/sets/ew:src/random?count=2").get("members");
    assertThat(popped).hasSize(2);
    List<String> left = strings(http.redis("SMEMBERS", "ew:src"));
    assertThat(left).hasSize(1).doesNotContainAnyElementsOf(strings(popped));
    assertThat(http.delete("/sets/ew:rest").status()).isEqualTo(204);
    assertThat(http.redis("EXISTS", "ew:rest").asLong()).isZero();
  }

  @Test
  void conditionalWritesOverHttp() throws Exception {
    Answer created = http.post("/sets/ec:s", "{\"members\":[\"a\"]}");
    String etag = created.header("ETag");
    assertThat(etag).matches("\"[0-9]+\"");
    assertThat(created.header("upstash-sync-token")).isNotNull();
    Answer read = http.get("/sets/ec:s");
    assertThat(read.header("ETag")).isEqualTo(etag);
    assertThat(http.get("/sets/ec:s", "If-None-Match", etag).status()).isEqualTo(304);
    http.post("/sets/ec:s", "{\"members\":[\"b\"]}");
    http.post("/sets/ec:s", "{\"members\":[\"c\"]}", "If-Match", etag).problem(412, "precondition-failed");
    http.delete("/sets/ec:s", "If-Match", etag).problem(412, "precondition-failed");
    assertThat(strings(http.redis("SMEMBERS", "ec:s"))).containsExactlyInAnyOrder("a", "b");
    // A read of several keys has no ETag and takes no conditions.
    Answer union = http.get("/sets/ec:s/union?with=ec:t");
    assertThat(union.status()).isEqualTo(200);
    assertThat(union.header("ETag")).isNull();
    assertThat(http.get("/sets/ec:s/union?with=ec:t", "If-None-Match", etag).problem(400, "invalid-request"))
        .startsWith("If-Match / If-None-Match cannot apply here");
  }

  @Test
  void badInputIsA4xxProblemAndTheStoreIsUnchanged() throws Exception {
    http.redis("SADD", "eb:s", "a");
    assertThat(http.post("/sets/eb:s", "{\"members\":\"b\"}").problem(400, "invalid-request"))
        .isEqualTo("field 'members' must be an array, got a string");
    assertThat(http.post("/sets/eb:s", "{\"members\":[\"b\"").problem(400, "invalid-request"))
        .startsWith("the request body is not valid JSON");
    assertThat(http.post("/sets/eb:s", "{\"members\":[{\"b\":1}]}").problem(400, "invalid-request"))
        .isEqualTo("field 'members[0]' must be a string, got an object");
    http.post("/sets/eb:s", "{\"members\":[[\"b\"]]}").problem(400, "invalid-request");
    assertThat(http.delete("/sets/eb:s/random?count=-1").problem(400, "invalid-request"))
        .startsWith("parameter 'count' ");
    assertThat(http.delete("/sets/eb:s/random?count=18446744073709551616").problem(400, "invalid-request"))
        .isEqualTo("parameter 'count' must be an integer, got '18446744073709551616'");
    assertThat(http.delete("/sets/eb:s/random?count=1000").problem(400, "too-many-elements"))
        .isEqualTo("1000 elements in one call, more than the 100 of restis.limits.max-elements");
    assertThat(http.send("POST", "/sets/eb:s", "<members/>", "Content-Type", "application/xml")
        .problem(415, "unsupported-media-type")).contains("application/xml");
    String big = "{\"members\":[\"" + "x".repeat(20_000) + "\"]}";
    http.post("/sets/eb:s", big).problem(413, "too-large");
    http.post("/sets/eb:s", "{\"members\":[\"b\"]}", "If-Match", "\"1\"").problem(412, "precondition-failed");
    http.redis("SET", "eb:string", "v");
    assertThat(http.post("/sets/eb:s/move", "{\"destination\":\"eb:string\",\"member\":\"a\"}")
        .problem(409, "wrong-type")).isEqualTo("WRONGTYPE Operation against a key holding the wrong kind of value");
    assertThat(strings(http.redis("SMEMBERS", "eb:s"))).containsExactly("a");
    assertThat(http.redis("GET", "eb:string").asString()).isEqualTo("v");
  }
}
