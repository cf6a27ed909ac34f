package io.restis.api;

import static io.restis.api.ResourceHttp.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.restis.api.ResourceHttp.Answer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code /zsets} end to end on a real port: each operation against its command on the command
 * endpoint (a range equals ZRANGE ... WITHSCORES, scores compared as numbers with the infinities as
 * "+inf"/"-inf"), refusals against the store read back. Same settings as {@link SetsHttpTest}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "restis.limits.max-body-size=16KB",
    "restis.limits.max-elements=100"})
class ZSetsHttpTest {

  @LocalServerPort
  int port;

  ResourceHttp http;

  @BeforeEach
  void client() {
    http = new ResourceHttp(port);
  }

  /** A score as the command endpoint writes it ("inf", "-inf", "1.5") in the resource's form. */
  static String score(String commandText) {
    switch (commandText) {
      case "inf":
        return "+inf";
      case "-inf":
        return "-inf";
      default:
        return new BigDecimal(commandText).stripTrailingZeros().toPlainString();
    }
  }

  /** A score of a resource answer: a JSON number, or "+inf"/"-inf". */
  static String score(JsonNode resource) {
    return resource.isNumber() ? resource.decimalValue().stripTrailingZeros().toPlainString() : resource.asString();
  }

  /** "member=score" items of a WITHSCORES reply of the command endpoint. */
  static List<String> withScores(JsonNode reply) {
    List<String> items = strings(reply);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += 2) {
      out.add(items.get(i) + "=" + score(items.get(i + 1)));
    }
    return out;
  }

  /** "member=score" items of a resource's {"members":[{"member","score"}]}. */
  static List<String> scored(Answer a) {
    assertThat(a.status()).as(a.text()).isBetween(200, 201);
    List<String> out = new ArrayList<>();
    a.get("members").values().forEach(m -> out.add(m.get("member").asString() + "=" + score(m.get("score"))));
    return out;
  }

  @Test
  void everyReadGivesTheDataOfItsCommand() throws Exception {
    http.redis("ZADD", "zh:z", "-inf", "low", "0.1", "a", "1", "b", "1", "c", "2.5", "d", "1e20", "e", "inf", "top");
    http.redis("ZADD", "zh:lex", "0", "apple", "0", "banana", "0", "cherry", "0", "date");

    assertThat(scored(http.get("/zsets/zh:z"))).isEqualTo(withScores(http.redis("ZRANGE", "zh:z", "0", "-1", "WITHSCORES")));
    assertThat(scored(http.get("/zsets/zh:z?start=1&stop=-2&rev=true")))
        .isEqualTo(withScores(http.redis("ZRANGE", "zh:z", "1", "-2", "REV", "WITHSCORES")));
    assertThat(scored(http.get("/zsets/zh:z/by-score?min=(0.1&max=%2Binf")))
        .isEqualTo(withScores(http.redis("ZRANGE", "zh:z", "(0.1", "+inf", "BYSCORE", "WITHSCORES")));
    assertThat(scored(http.get("/zsets/zh:z/by-score?min=1&max=inf&rev=true&offset=1&count=3")))
        .isEqualTo(withScores(http.redis("ZRANGE", "zh:z", "inf", "1", "BYSCORE", "REV", "LIMIT", "1", "3",
            "WITHSCORES")));
    assertThat(strings(http.get("/zsets/zh:lex/by-lex?min=%5Bb&max=%2B").get("members")))
        .isEqualTo(strings(http.redis("ZRANGE", "zh:lex", "[b", "+", "BYLEX")));
    assertThat(strings(http.get("/zsets/zh:lex/by-lex?min=(a&max=%5Bc&rev=true&count=1").get("members")))
        .isEqualTo(strings(http.redis("ZRANGE", "zh:lex", "[c", "(a", "BYLEX", "REV", "LIMIT", "0", "1")));
    assertThat(http.get("/zsets/zh:z/by-score/count?min=1&max=2.5").get("count").asLong())
        .isEqualTo(http.redis("ZCOUNT", "zh:z", "1", "2.5").asLong());
    assertThat(http.get("/zsets/zh:lex/by-lex/count?min=%5Bb&max=(d").get("count").asLong())
        .isEqualTo(http.redis("ZLEXCOUNT", "zh:lex", "[b", "(d").asLong());
    assertThat(http.get("/zsets/zh:z/cardinality").get("cardinality").asLong())
        .isEqualTo(http.redis("ZCARD", "zh:z").asLong());
    assertThat(http.get("/zsets/zh:z/members/c/rank").get("rank").asLong())
        .isEqualTo(http.redis("ZRANK", "zh:z", "c").asLong());
    assertThat(http.get("/zsets/zh:z/members/c/rank?rev=true").get("rank").asLong())
        .isEqualTo(http.redis("ZREVRANK", "zh:z", "c").asLong());
    for (String m : List.of("a", "e", "top", "low")) {
      assertThat(score(http.get("/zsets/zh:z/members/" + m).get("score")))
          .isEqualTo(score(http.redis("ZSCORE", "zh:z", m).asString()));
    }
    JsonNode scores = http.get("/zsets/zh:z/scores?member=a&member=nope&member=top").get("scores");
    JsonNode zmscore = http.redis("ZMSCORE", "zh:z", "a", "nope", "top");
    assertThat(score(scores.get(0).get("score"))).isEqualTo(score(zmscore.get(0).asString()));
    assertThat(scores.get(1).has("score")).isFalse();
    assertThat(zmscore.get(1).isNull()).isTrue();
    assertThat(score(scores.get(2).get("score"))).isEqualTo(score(zmscore.get(2).asString()));
  }

  @Test
  void everyWriteLeavesWhatItsCommandWould() throws Exception {
    Answer created = http.post("/zsets/zw:rest", "{\"members\":[{\"member\":\"a\",\"score\":1},"
        + "{\"member\":\"b\",\"score\":2},{\"member\":\"c\",\"score\":\"+inf\"}]}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.get("added").asLong())
        .isEqualTo(http.redis("ZADD", "zw:cmd", "1", "a", "2", "b", "+inf", "c").asLong());
    assertThat(http.post("/zsets/zw:rest", "{\"members\":[{\"member\":\"a\",\"score\":5},{\"member\":\"d\",\"score\":0}],"
        + "\"gt\":true,\"ch\":true}").get("changed").asLong())
        .isEqualTo(http.redis("ZADD", "zw:cmd", "GT", "CH", "5", "a", "0", "d").asLong());
    assertThat(score(http.post("/zsets/zw:rest/members/b/increment", "{\"by\":0.1}").get("score")))
        .isEqualTo(score(http.redis("ZINCRBY", "zw:cmd", "0.1", "b").asString()));
    Answer notDone = http.post("/zsets/zw:rest/members/b/increment", "{\"by\":-1,\"gt\":true}");
    assertThat(notDone.get("incremented").asBoolean()).isFalse();
    assertThat(http.redis("ZADD", "zw:cmd", "GT", "INCR", "-1", "b").isNull()).isTrue();
    assertThat(http.post("/zsets/zw:rest/remove", "{\"members\":[\"d\",\"zz\"]}").get("removed").asLong())
        .isEqualTo(http.redis("ZREM", "zw:cmd", "d", "zz").asLong());
    assertThat(withScores(http.redis("ZRANGE", "zw:rest", "0", "-1", "WITHSCORES")))
        .isEqualTo(withScores(http.redis("ZRANGE", "zw:cmd", "0", "-1", "WITHSCORES")));

    assertThat(scored(http.delete("/zsets/zw:rest/max?count=2")))
        .isEqualTo(withScores(http.redis("ZPOPMAX", "zw:cmd", "2")));
    assertThat(scored(http.delete("/zsets/zw:rest/min")))
        .isEqualTo(withScores(http.redis("ZPOPMIN", "zw:cmd", "1")));
    assertThat(http.redis("EXISTS", "zw:rest").asLong()).isEqualTo(http.redis("EXISTS", "zw:cmd").asLong());

    for (String key : List.of("zw:r1", "zw:c1")) {
      http.redis("ZADD", key, "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "0", "x", "0", "y");
    }
    assertThat(http.delete("/zsets/zw:r1/by-rank?start=0&stop=0").get("removed").asLong())
        .isEqualTo(http.redis("ZREMRANGEBYRANK", "zw:c1", "0", "0").asLong());
    assertThat(http.delete("/zsets/zw:r1/by-score?min=(4&max=%2Binf").get("removed").asLong())
        .isEqualTo(http.redis("ZREMRANGEBYSCORE", "zw:c1", "(4", "+inf").asLong());
    assertThat(http.delete("/zsets/zw:r1/by-lex?min=-&max=%5Bx").get("removed").asLong())
        .isEqualTo(http.redis("ZREMRANGEBYLEX", "zw:c1", "-", "[x").asLong());
    assertThat(withScores(http.redis("ZRANGE", "zw:r1", "0", "-1", "WITHSCORES")))
        .isEqualTo(withScores(http.redis("ZRANGE", "zw:c1", "0", "-1", "WITHSCORES")));

    http.redis("ZADD", "zw:mon", "1", "a", "2", "b");
    http.redis("ZADD", "zw:tue", "10", "b", "20", "c");
    http.redis("SADD", "zw:set", "a", "c");
    String[][] ops = {
        {"{\"operation\":\"union\",\"keys\":[\"zw:mon\",\"zw:tue\",\"zw:set\"],\"weights\":[2,0.5,\"+inf\"]}",
            "ZUNIONSTORE", "3", "zw:mon", "zw:tue", "zw:set", "WEIGHTS", "2", "0.5", "+inf"},
        {"{\"operation\":\"intersection\",\"keys\":[\"zw:mon\",\"zw:tue\"],\"aggregate\":\"max\"}",
            "ZINTERSTORE", "2", "zw:mon", "zw:tue", "AGGREGATE", "MAX"},
        {"{\"operation\":\"difference\",\"keys\":[\"zw:mon\",\"zw:tue\"]}", "ZDIFFSTORE", "2", "zw:mon", "zw:tue"}};
    for (String[] op : ops) {
      Answer stored = http.post("/zsets/zw:stored/store", op[0]);
      String[] command = new String[op.length];
      command[0] = op[1];
      command[1] = "zw:cmd-stored";
      System.arraycopy(op, 2, command, 2, op.length - 2);
      assertThat(stored.get("cardinality").asLong()).as(op[0]).isEqualTo(http.redis(command).asLong());
      assertThat(withScores(http.redis("ZRANGE", "zw:stored", "0", "-1", "WITHSCORES")))
          .isEqualTo(withScores(http.redis("ZRANGE", "zw:cmd-stored", "0", "-1", "WITHSCORES")));
    }
  }

  @Test
  void conditionalWritesOverHttp() throws Exception {
    String etag = http.post("/zsets/zc:z", "{\"members\":[{\"member\":\"a\",\"score\":1}]}").header("ETag");
    assertThat(http.get("/zsets/zc:z/by-score", "If-None-Match", etag).status()).isEqualTo(304);
    http.post("/zsets/zc:z/members/a/increment", null);
    http.delete("/zsets/zc:z/min", "If-Match", etag).problem(412, "precondition-failed");
    http.post("/zsets/zc:z/store", "{\"operation\":\"union\",\"keys\":[\"zc:other\"]}", "If-Match", etag)
        .problem(412, "precondition-failed");
    assertThat(withScores(http.redis("ZRANGE", "zc:z", "0", "-1", "WITHSCORES"))).containsExactly("a=2");
  }

  @Test
  void badInputIsA4xxProblemAndTheStoreIsUnchanged() throws Exception {
    http.redis("ZADD", "zb:z", "1", "a", "2", "b");
    assertThat(http.post("/zsets/zb:z", "{\"members\":[{\"member\":\"c\",\"score\":\"lots\"}]}")
        .problem(400, "invalid-request")).isEqualTo("field 'members[0].score' must be a score, got a string");
    assertThat(http.post("/zsets/zb:z", "{\"members\":[{\"member\":\"c\",\"score\":null}]}")
        .problem(400, "invalid-request")).startsWith("invalid request body: field 'members[0].score'");
    assertThat(http.post("/zsets/zb:z", "{\"members\":[{\"member\":\"c\",\"score\":1e999}]}")
        .problem(400, "invalid-argument")).isEqualTo("ERR value is not a valid float");
    assertThat(http.post("/zsets/zb:z", "{\"members\":[{\"member\":\"c\",\"score\":1}],\"incr\":true}")
        .problem(400, "invalid-request")).startsWith("unknown field 'incr'");
    assertThat(http.get("/zsets/zb:z/by-score?min=low").problem(400, "invalid-argument"))
        .isEqualTo("ERR min or max is not a float");
    assertThat(http.delete("/zsets/zb:z/min?count=-3").problem(400, "invalid-request")).startsWith("parameter 'count' ");
    http.delete("/zsets/zb:z/max?count=5000").problem(400, "too-many-elements");
    assertThat(http.post("/zsets/zb:z/store", "{\"operation\":\"union\",\"keys\":[\"zb:z\"],\"weights\":[\"x\"]}")
        .problem(400, "invalid-request")).isEqualTo("field 'weights[0]' must be a score, got a string");
    http.send("POST", "/zsets/zb:z", "members=a", "Content-Type", "application/x-www-form-urlencoded")
        .problem(415, "unsupported-media-type");
    http.post("/zsets/zb:z", "{\"members\":[{\"member\":\"c\",\"score\":1}]}", "If-Match", "\"1\"")
        .problem(412, "precondition-failed");
    http.get("/zsets/zb:z/members/nope").problem(404, "element-not-found");
    http.get("/zsets/zb:none").problem(404, "key-not-found");
    http.redis("RPUSH", "zb:list", "x");
    http.post("/zsets/zb:list", "{\"members\":[{\"member\":\"c\",\"score\":1}]}").problem(409, "wrong-type");
    assertThat(withScores(http.redis("ZRANGE", "zb:z", "0", "-1", "WITHSCORES"))).containsExactly("a=1", "b=2");
    assertThat(http.redis("LLEN", "zb:list").asLong()).isEqualTo(1);
  }

  @Test
  void theContractListsEveryOperation() throws Exception {
    JsonNode docs = http.get("/v3/api-docs").json();
    String[][] operations = {
        {"/sets/{key}", "get", "post", "delete"}, {"/sets/{key}/remove", "post"}, {"/sets/{key}/contains", "get"},
        {"/sets/{key}/cardinality", "get"}, {"/sets/{key}/random", "get", "delete"}, {"/sets/{key}/move", "post"},
        {"/sets/{key}/union", "get"}, {"/sets/{key}/intersection", "get"}, {"/sets/{key}/difference", "get"},
        {"/sets/{key}/intersection/cardinality", "get"}, {"/sets/{key}/store", "post"},
        {"/hashes/{key}", "get", "post", "delete"}, {"/hashes/{key}/remove", "post"}, {"/hashes/{key}/fields", "get"},
        {"/hashes/{key}/values", "get"}, {"/hashes/{key}/length", "get"}, {"/hashes/{key}/random", "get"},
        {"/hashes/{key}/fields/{field}", "get", "put", "delete"}, {"/hashes/{key}/fields/{field}/increment", "post"},
        {"/hashes/{key}/fields/{field}/exists", "get"}, {"/hashes/{key}/fields/{field}/length", "get"},
        {"/zsets/{key}", "get", "post", "delete"}, {"/zsets/{key}/by-score", "get", "delete"},
        {"/zsets/{key}/by-lex", "get", "delete"}, {"/zsets/{key}/by-rank", "delete"},
        {"/zsets/{key}/by-score/count", "get"}, {"/zsets/{key}/by-lex/count", "get"},
        {"/zsets/{key}/cardinality", "get"}, {"/zsets/{key}/remove", "post"}, {"/zsets/{key}/{end}", "delete"},
        {"/zsets/{key}/scores", "get"}, {"/zsets/{key}/members/{member}", "get"},
        {"/zsets/{key}/members/{member}/rank", "get"}, {"/zsets/{key}/members/{member}/increment", "post"},
        {"/zsets/{key}/store", "post"}};
    for (String[] op : operations) {
      JsonNode path = docs.get("paths").get(op[0]);
      assertThat(path).as(op[0]).isNotNull();
      for (int i = 1; i < op.length; i++) {
        JsonNode operation = path.get(op[i]);
        assertThat(operation).as(op[i] + " " + op[0]).isNotNull();
        assertThat(operation.get("operationId")).as(op[i] + " " + op[0]).isNotNull();
        assertThat(operation.get("responses").has("400")).isTrue();
        assertThat(operation.get("responses").has("409")).isTrue();
      }
    }
    JsonNode score = docs.get("components").get("schemas").get("Score");
    assertThat(strings(score.get("type"))).containsExactly("number", "string");
    assertThat(score.get("description").asString()).contains("\"+inf\"").contains("\"-inf\"");
    JsonNode union = docs.get("paths").get("/sets/{key}/union").get("get");
    assertThat(union.get("responses").has("404")).isFalse();
    assertThat(union.get("responses").get("200").get("headers").has("ETag")).isFalse();
    List<String> params = new ArrayList<>();
    union.get("parameters").values().forEach(p -> params.add(p.get("name").asString()));
    assertThat(params).containsExactly("key", "with", "encoding");
  }
}
