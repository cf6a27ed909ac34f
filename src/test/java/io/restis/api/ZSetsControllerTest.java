package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.restis.config.ApiConfiguration;
import io.restis.config.EngineConfiguration;
import io.restis.config.WebConfiguration;
import io.restis.engine.Engine;
import io.restis.engine.Reply;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The sorted sets controller in the MVC slice, on the real engine: routes, replies, status codes, ETags. */
@WebMvcTest(controllers = ZSetsController.class, properties = "restis.limits.max-elements=100")
@Import({EngineConfiguration.class, ApiConfiguration.class, WebConfiguration.class})
class ZSetsControllerTest {

  @Autowired
  MockMvc mvc;

  @Autowired
  Engine engine;

  private ResultActions postJson(String path, String json) throws Exception {
    return mvc.perform(post(URI.create(path)).contentType(MediaType.APPLICATION_JSON).content(json));
  }

  private Reply redis(String... args) {
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return engine.execute(argv);
  }

  /** ZRANGE key 0 -1 WITHSCORES as "member=score" strings. */
  private List<String> zrange(String key) {
    List<Reply> items = Replies.items(redis("ZRANGE", key, "0", "-1", "WITHSCORES"));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += 2) {
      out.add(new String(Replies.bytes(items.get(i)), StandardCharsets.UTF_8) + "="
          + new String(Replies.bytes(items.get(i + 1)), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void addCreatesThenUpdatesAndRangeReadsScoresAsNumbers() throws Exception {
    postJson("/zsets/z:add", "{\"members\":[{\"member\":\"a\",\"score\":1},{\"member\":\"b\",\"score\":2.5}]}")
        .andExpect(status().isCreated())
        .andExpect(header().exists("ETag"))
        .andExpect(header().exists("upstash-sync-token"))
        .andExpect(content().json("{\"added\":2}", true));
    postJson("/zsets/z:add", "{\"members\":[{\"member\":\"c\",\"score\":\"+inf\"},{\"member\":\"d\",\"score\":\"-inf\"},"
        + "{\"member\":\"e\",\"score\":0.1},{\"member\":\"a\",\"score\":3}]}")
        .andExpect(status().isOk())
        .andExpect(content().json("{\"added\":3}", true));
    mvc.perform(get("/zsets/z:add"))
        .andExpect(status().isOk())
        .andExpect(header().exists("ETag"))
        .andExpect(content().string("{\"members\":[{\"member\":\"d\",\"score\":\"-inf\"},"
            + "{\"member\":\"e\",\"score\":0.10000000000000001},{\"member\":\"b\",\"score\":2.5},"
            + "{\"member\":\"a\",\"score\":3},{\"member\":\"c\",\"score\":\"+inf\"}]}"));
    mvc.perform(get("/zsets/z:add?start=0&stop=1&rev=true"))
        .andExpect(content().string("{\"members\":[{\"member\":\"c\",\"score\":\"+inf\"},{\"member\":\"a\",\"score\":3}]}"));
    mvc.perform(get("/zsets/z:none"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/key-not-found"));
  }

  @Test
  void addConditionsAsZadd() throws Exception {
    redis("ZADD", "z:cond", "5", "a");
    postJson("/zsets/z:cond", "{\"members\":[{\"member\":\"a\",\"score\":1},{\"member\":\"b\",\"score\":1}],\"nx\":true}")
        .andExpect(content().json("{\"added\":1}", true));
    postJson("/zsets/z:cond", "{\"members\":[{\"member\":\"a\",\"score\":7},{\"member\":\"c\",\"score\":1}],\"xx\":true,"
        + "\"ch\":true}")
        .andExpect(content().json("{\"changed\":1}", true));
    postJson("/zsets/z:cond", "{\"members\":[{\"member\":\"a\",\"score\":6}],\"gt\":true,\"ch\":true}")
        .andExpect(content().json("{\"changed\":0}", true));
    postJson("/zsets/z:cond", "{\"members\":[{\"member\":\"a\",\"score\":2}],\"lt\":true,\"ch\":true}")
        .andExpect(content().json("{\"changed\":1}", true));
    assertThat(zrange("z:cond")).containsExactly("b=1", "a=2");
    postJson("/zsets/z:cond", "{\"members\":[{\"member\":\"a\",\"score\":1}],\"nx\":true,\"xx\":true}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR XX and NX options at the same time are not compatible"))
        .andExpect(jsonPath("$.error").value("ERR"));
    postJson("/zsets/z:cond", "{\"members\":[{\"member\":\"a\",\"score\":1}],\"gt\":true,\"lt\":true}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR GT, LT, and/or NX options at the same time are not compatible"));
    // xx on a missing key creates nothing.
    postJson("/zsets/z:cond-new", "{\"members\":[{\"member\":\"a\",\"score\":1}],\"xx\":true}")
        .andExpect(status().isOk())
        .andExpect(header().doesNotExist("ETag"))
        .andExpect(content().json("{\"added\":0}", true));
    assertThat(redis("EXISTS", "z:cond-new")).isEqualTo(Reply.ZERO);
  }

  @Test
  void rangeByScoreWithRevAndLimit() throws Exception {
    redis("ZADD", "z:sc", "1", "a", "2", "b", "3", "c", "4", "d", "inf", "e");
    mvc.perform(get("/zsets/z:sc/by-score?min=2&max=(4"))
        .andExpect(status().isOk())
        .andExpect(header().exists("ETag"))
        .andExpect(content().string("{\"members\":[{\"member\":\"b\",\"score\":2},{\"member\":\"c\",\"score\":3}]}"));
    mvc.perform(get("/zsets/z:sc/by-score?min=(1&rev=true&offset=1&count=2"))
        .andExpect(content().string("{\"members\":[{\"member\":\"d\",\"score\":4},{\"member\":\"c\",\"score\":3}]}"));
    mvc.perform(get(URI.create("/zsets/z:sc/by-score?min=3&max=%2Binf")))
        .andExpect(jsonPath("$.members[2].score").value("+inf"));
    mvc.perform(get("/zsets/z:sc/by-score?count=1"))
        .andExpect(content().string("{\"members\":[{\"member\":\"a\",\"score\":1}]}"));
    mvc.perform(get("/zsets/z:sc/by-score?min=x"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR min or max is not a float"));
    mvc.perform(get("/zsets/z:sc/by-score?offset=-1")).andExpect(status().isBadRequest());
    mvc.perform(get("/zsets/z:sc/by-score?count=101"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/too-many-elements"));
    mvc.perform(get("/zsets/z:sc/by-score/count?min=(1&max=4")).andExpect(content().json("{\"count\":3}", true));
    mvc.perform(get("/zsets/z:sc/by-score/count")).andExpect(content().json("{\"count\":5}", true));
  }

  @Test
  void rangeByLex() throws Exception {
    redis("ZADD", "z:lex", "0", "apple", "0", "banana", "0", "cherry", "0", "date");
    mvc.perform(get("/zsets/z:lex/by-lex?min=[b&max=(d"))
        .andExpect(content().json("{\"members\":[\"banana\",\"cherry\"]}", true));
    mvc.perform(get("/zsets/z:lex/by-lex?rev=true&count=2"))
        .andExpect(content().json("{\"members\":[\"date\",\"cherry\"]}", true));
    mvc.perform(get("/zsets/z:lex/by-lex"))
        .andExpect(content().json("{\"members\":[\"apple\",\"banana\",\"cherry\",\"date\"]}", true));
    mvc.perform(get("/zsets/z:lex/by-lex?min=b"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR min or max not valid string range item"));
    mvc.perform(get("/zsets/z:lex/by-lex/count?min=[b")).andExpect(content().json("{\"count\":3}", true));
    // base64: the member after [ is YmFuYW5h ("banana").
    mvc.perform(get("/zsets/z:lex/by-lex?min=[YmFuYW5h&max=[YmFuYW5h&encoding=base64"))
        .andExpect(content().json("{\"members\":[\"YmFuYW5h\"]}", true));
  }

  @Test
  void rankScoreAndScores() throws Exception {
    redis("ZADD", "z:rank", "10", "ada", "7.5", "bob", "inf", "cy");
    mvc.perform(get("/zsets/z:rank/members/ada/rank")).andExpect(content().json("{\"rank\":1}", true));
    mvc.perform(get("/zsets/z:rank/members/ada/rank?rev=true")).andExpect(content().json("{\"rank\":1}", true));
    mvc.perform(get("/zsets/z:rank/members/bob/rank?rev=true")).andExpect(content().json("{\"rank\":2}", true));
    mvc.perform(get("/zsets/z:rank/members/zed/rank"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/element-not-found"))
        .andExpect(jsonPath("$.detail").value("the sorted set has no member 'zed'"));
    mvc.perform(get("/zsets/z:rank/members/bob"))
        .andExpect(header().exists("ETag"))
        .andExpect(content().string("{\"member\":\"bob\",\"score\":7.5}"));
    mvc.perform(get("/zsets/z:rank/members/cy")).andExpect(content().string("{\"member\":\"cy\",\"score\":\"+inf\"}"));
    mvc.perform(get("/zsets/z:rank/members/zed")).andExpect(status().isNotFound());
    mvc.perform(get("/zsets/z:rank/scores?member=ada&member=zed&member=cy"))
        .andExpect(content().string("{\"scores\":[{\"member\":\"ada\",\"score\":10},{\"member\":\"zed\"},"
            + "{\"member\":\"cy\",\"score\":\"+inf\"}]}"));
    mvc.perform(get("/zsets/z:rank/cardinality")).andExpect(content().json("{\"cardinality\":3}", true));
    for (String path : List.of("members/ada", "members/ada/rank", "scores?member=a", "cardinality", "by-score",
        "by-lex", "by-score/count", "by-lex/count")) {
      mvc.perform(get("/zsets/z:missing/" + path)).andExpect(status().isNotFound());
    }
  }

  @Test
  void increments() throws Exception {
    mvc.perform(post("/zsets/z:inc/members/ada/increment"))
        .andExpect(status().isCreated())
        .andExpect(content().json("{\"incremented\":true,\"score\":1}", true));
    postJson("/zsets/z:inc/members/ada/increment", "{\"by\":2.5}")
        .andExpect(status().isOk())
        .andExpect(content().string("{\"incremented\":true,\"score\":3.5}"));
    postJson("/zsets/z:inc/members/ada/increment", "{\"by\":-10,\"gt\":true}")
        .andExpect(status().isOk())
        .andExpect(content().string("{\"incremented\":false}"));
    postJson("/zsets/z:inc/members/bob/increment", "{\"by\":1,\"xx\":true}")
        .andExpect(content().string("{\"incremented\":false}"));
    postJson("/zsets/z:inc/members/bob/increment", "{\"by\":4,\"nx\":true}")
        .andExpect(content().string("{\"incremented\":true,\"score\":4}"));
    postJson("/zsets/z:inc/members/ada/increment", "{\"by\":\"+inf\"}")
        .andExpect(content().string("{\"incremented\":true,\"score\":\"+inf\"}"));
    postJson("/zsets/z:inc/members/ada/increment", "{\"by\":\"-inf\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR resulting score is not a number (NaN)"));
    assertThat(zrange("z:inc")).containsExactly("bob=4", "ada=inf");
  }

  @Test
  void removeByMemberRankScoreLex() throws Exception {
    redis("ZADD", "z:rm", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f");
    postJson("/zsets/z:rm/remove", "{\"members\":[\"a\",\"zz\"]}")
        .andExpect(status().isOk())
        .andExpect(content().json("{\"removed\":1}", true));
    mvc.perform(delete("/zsets/z:rm/by-rank?start=0&stop=0"))
        .andExpect(status().isOk())
        .andExpect(header().exists("ETag"))
        .andExpect(content().json("{\"removed\":1}", true));
    mvc.perform(delete(URI.create("/zsets/z:rm/by-score?min=(5&max=%2Binf"))).andExpect(content().json("{\"removed\":1}", true));
    mvc.perform(delete("/zsets/z:rm/by-lex?min=[c&max=[d")).andExpect(content().json("{\"removed\":2}", true));
    assertThat(zrange("z:rm")).containsExactly("e=5");
    mvc.perform(delete("/zsets/z:rm/by-score?min=x&max=1"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR min or max is not a float"));
    mvc.perform(delete("/zsets/z:rm/by-rank?start=0"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("the query parameter 'stop' is required"));
    mvc.perform(delete("/zsets/z:rm/by-rank?start=0&stop=-1"))
        .andExpect(content().json("{\"removed\":1}", true))
        .andExpect(header().doesNotExist("ETag"));
    assertThat(redis("EXISTS", "z:rm")).isEqualTo(Reply.ZERO);
    postJson("/zsets/z:rm/remove", "{\"members\":[\"a\"]}").andExpect(status().isNotFound());
    mvc.perform(delete("/zsets/z:rm/by-rank?start=0&stop=1")).andExpect(status().isNotFound());
  }

  @Test
  void popMinAndMax() throws Exception {
    redis("ZADD", "z:pop", "1", "a", "2", "b", "3", "c", "-inf", "n");
    mvc.perform(delete("/zsets/z:pop/min"))
        .andExpect(status().isOk())
        .andExpect(content().string("{\"members\":[{\"member\":\"n\",\"score\":\"-inf\"}]}"));
    mvc.perform(delete("/zsets/z:pop/max?count=2"))
        .andExpect(content().string("{\"members\":[{\"member\":\"c\",\"score\":3},{\"member\":\"b\",\"score\":2}]}"));
    mvc.perform(delete("/zsets/z:pop/min?count=5"))
        .andExpect(content().string("{\"members\":[{\"member\":\"a\",\"score\":1}]}"))
        .andExpect(header().doesNotExist("ETag"));
    mvc.perform(delete("/zsets/z:pop/min")).andExpect(status().isNotFound());
    mvc.perform(delete("/zsets/z:pop/middle"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("parameter 'end' must be one of [min, max], got 'middle'"));
  }

  @Test
  void storeUnionIntersectionDifferenceWithWeightsAndAggregate() throws Exception {
    redis("ZADD", "z:mon", "1", "a", "2", "b");
    redis("ZADD", "z:tue", "10", "b", "20", "c");
    postJson("/zsets/z:week/store", "{\"operation\":\"union\",\"keys\":[\"z:mon\",\"z:tue\"]}")
        .andExpect(status().isCreated())
        .andExpect(header().exists("ETag"))
        .andExpect(content().json("{\"cardinality\":3}", true));
    assertThat(zrange("z:week")).containsExactly("a=1", "b=12", "c=20");
    postJson("/zsets/z:week/store", "{\"operation\":\"union\",\"keys\":[\"z:mon\",\"z:tue\"],\"weights\":[2,0.5],"
        + "\"aggregate\":\"max\"}")
        .andExpect(status().isOk())
        .andExpect(content().json("{\"cardinality\":3}", true));
    assertThat(zrange("z:week")).containsExactly("a=2", "b=5", "c=10");
    postJson("/zsets/z:week/store", "{\"operation\":\"intersection\",\"keys\":[\"z:mon\",\"z:tue\"],\"aggregate\":\"min\"}")
        .andExpect(content().json("{\"cardinality\":1}", true));
    assertThat(zrange("z:week")).containsExactly("b=2");
    postJson("/zsets/z:week/store", "{\"operation\":\"difference\",\"keys\":[\"z:mon\",\"z:tue\"]}")
        .andExpect(content().json("{\"cardinality\":1}", true));
    assertThat(zrange("z:week")).containsExactly("a=1");
    postJson("/zsets/z:week/store", "{\"operation\":\"union\",\"keys\":[\"z:mon\"],\"weights\":[\"+inf\"]}")
        .andExpect(content().json("{\"cardinality\":2}", true));
    assertThat(zrange("z:week")).containsExactly("a=inf", "b=inf");
    postJson("/zsets/z:week/store", "{\"operation\":\"difference\",\"keys\":[\"z:mon\"],\"weights\":[1]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR syntax error"));
    postJson("/zsets/z:week/store", "{\"operation\":\"union\",\"keys\":[\"z:mon\",\"z:tue\"],\"weights\":[1]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR syntax error"));
    postJson("/zsets/z:week/store", "{\"operation\":\"union\",\"keys\":[\"z:mon\"],\"aggregate\":\"avg\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", startsWith("field 'aggregate' must be one of [sum, min, max]")));
    assertThat(zrange("z:week")).containsExactly("a=inf", "b=inf");
    postJson("/zsets/z:week/store", "{\"operation\":\"intersection\",\"keys\":[\"z:mon\",\"z:nothing\"]}")
        .andExpect(status().isOk())
        .andExpect(header().doesNotExist("ETag"))
        .andExpect(content().json("{\"cardinality\":0}", true));
    assertThat(redis("EXISTS", "z:week")).isEqualTo(Reply.ZERO);
  }

  @Test
  void wrongTypeIs409AndNothingChanges() throws Exception {
    redis("SET", "z:str", "v");
    mvc.perform(get("/zsets/z:str"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/wrong-type"))
        .andExpect(jsonPath("$.error").value("WRONGTYPE"));
    postJson("/zsets/z:str", "{\"members\":[{\"member\":\"a\",\"score\":1}]}").andExpect(status().isConflict());
    mvc.perform(post("/zsets/z:str/members/a/increment")).andExpect(status().isConflict());
    mvc.perform(delete("/zsets/z:str/min")).andExpect(status().isConflict());
    mvc.perform(delete("/zsets/z:str")).andExpect(status().isConflict());
    redis("ZADD", "z:ok", "1", "a");
    postJson("/zsets/z:dest/store", "{\"operation\":\"union\",\"keys\":[\"z:ok\",\"z:str\"]}")
        .andExpect(status().isConflict());
    assertThat(redis("EXISTS", "z:dest")).isEqualTo(Reply.ZERO);
    assertThat(redis("GET", "z:str")).isEqualTo(Reply.bulk("v"));
  }

  @Test
  void deleteIsTyped() throws Exception {
    redis("ZADD", "z:del", "1", "a");
    mvc.perform(delete("/zsets/z:del")).andExpect(status().isNoContent());
    mvc.perform(delete("/zsets/z:del")).andExpect(status().isNotFound());
  }

  @Test
  void etagsMakeWritesConditionalAndReadsCheap() throws Exception {
    String etag = postJson("/zsets/z:etag", "{\"members\":[{\"member\":\"a\",\"score\":1}]}")
        .andReturn().getResponse().getHeader("ETag");
    mvc.perform(get("/zsets/z:etag").header("If-None-Match", etag)).andExpect(status().isNotModified());
    mvc.perform(get("/zsets/z:etag/members/a").header("If-None-Match", etag)).andExpect(status().isNotModified());
    postJson("/zsets/z:etag/members/a/increment", "{\"by\":1}");
    mvc.perform(post("/zsets/z:etag").header("If-Match", etag).contentType(MediaType.APPLICATION_JSON)
            .content("{\"members\":[{\"member\":\"b\",\"score\":1}]}"))
        .andExpect(status().isPreconditionFailed())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/precondition-failed"));
    mvc.perform(delete("/zsets/z:etag/max").header("If-Match", etag)).andExpect(status().isPreconditionFailed());
    mvc.perform(delete("/zsets/z:etag/by-rank?start=0&stop=-1").header("If-Match", etag))
        .andExpect(status().isPreconditionFailed());
    mvc.perform(post("/zsets/z:etag/store").header("If-None-Match", "*").contentType(MediaType.APPLICATION_JSON)
            .content("{\"operation\":\"union\",\"keys\":[\"z:other\"]}"))
        .andExpect(status().isPreconditionFailed());
    assertThat(zrange("z:etag")).containsExactly("a=2");
  }

  @Test
  void badInputIs400AndChangesNothing() throws Exception {
    redis("ZADD", "z:bad", "1", "a");
    postJson("/zsets/z:bad", "{\"members\":[{\"member\":\"b\",\"score\":\"high\"}]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/invalid-request"))
        .andExpect(jsonPath("$.detail").value("field 'members[0].score' must be a score, got a string"));
    postJson("/zsets/z:bad", "{\"members\":[{\"member\":\"b\",\"score\":\"1.5\"}]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("field 'members[0].score' must be a score, got a string"));
    postJson("/zsets/z:bad", "{\"members\":[{\"member\":\"b\",\"score\":true}]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("field 'members[0].score' must be a score, got a boolean"));
    postJson("/zsets/z:bad", "{\"members\":[{\"member\":\"b\"}]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("invalid request body: field 'members[0].score' must not be null"));
    postJson("/zsets/z:bad", "{\"members\":[{\"member\":\"b\",\"score\":1e400}]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR value is not a valid float"));
    postJson("/zsets/z:bad", "{\"members\":{\"member\":\"b\",\"score\":1}}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("field 'members' must be an array, got an object"));
    postJson("/zsets/z:bad/members/a/increment", "{\"by\":[1]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("field 'by' must be a score, got an array"));
    mvc.perform(delete("/zsets/z:bad/min?count=0")).andExpect(status().isBadRequest());
    mvc.perform(delete("/zsets/z:bad/max?count=-1")).andExpect(status().isBadRequest());
    mvc.perform(delete("/zsets/z:bad/max?count=101"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/too-many-elements"));
    mvc.perform(delete("/zsets/z:bad/max?count=1e3"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("parameter 'count' must be an integer, got '1e3'"));
    mvc.perform(get("/zsets/z:bad?start=x"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("parameter 'start' must be an integer, got 'x'"));
    assertThat(zrange("z:bad")).containsExactly("a=1");
  }

  @Test
  void base64MembersBothWays() throws Exception {
    postJson("/zsets/z:b64?encoding=base64", "{\"members\":[{\"member\":\"AP8=\",\"score\":2}]}")
        .andExpect(status().isCreated());
    mvc.perform(get("/zsets/z:b64?encoding=base64"))
        .andExpect(content().json("{\"members\":[{\"member\":\"AP8=\",\"score\":2}]}", true));
    mvc.perform(get(URI.create("/zsets/z:b64/members/AP8%3D?encoding=base64")))
        .andExpect(content().json("{\"member\":\"AP8=\",\"score\":2}", true));
    redis("ZADD", "z:b64", "3", "a;b c/d");
    mvc.perform(get(URI.create("/zsets/z:b64/members/a;b%20c%2Fd")))
        .andExpect(content().json("{\"member\":\"a;b c/d\",\"score\":3}", true));
    mvc.perform(get(URI.create("/zsets/z:b64/members/a;b%20c%2Fd/rank"))).andExpect(content().json("{\"rank\":1}", true));
    mvc.perform(get("/zsets/z:b64/scores?member=AP8=&encoding=base64"))
        .andExpect(content().json("{\"scores\":[{\"member\":\"AP8=\",\"score\":2}]}", true));
  }
}
