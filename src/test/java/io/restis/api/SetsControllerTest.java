package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
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

/** The sets controller in the MVC slice, on the real engine: routes, replies, status codes, ETags. */
@WebMvcTest(controllers = SetsController.class, properties = "restis.limits.max-elements=100")
@Import({EngineConfiguration.class, ApiConfiguration.class, WebConfiguration.class})
class SetsControllerTest {

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

  private List<String> smembers(String key) {
    List<String> out = new ArrayList<>();
    for (Reply r : Replies.items(redis("SMEMBERS", key))) {
      out.add(new String(Replies.bytes(r), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void addCreatesThenAddsAndMembersRead() throws Exception {
    postJson("/sets/s:add", "{\"members\":[\"a\",\"b\",\"a\"]}")
        .andExpect(status().isCreated())
        .andExpect(header().exists("ETag"))
        .andExpect(header().exists("upstash-sync-token"))
        .andExpect(content().json("{\"added\":2}", true));
    postJson("/sets/s:add", "{\"members\":[\"b\",\"c\"]}")
        .andExpect(status().isOk())
        .andExpect(content().json("{\"added\":1}", true));
    mvc.perform(get("/sets/s:add"))
        .andExpect(status().isOk())
        .andExpect(header().exists("ETag"))
        .andExpect(jsonPath("$.members", containsInAnyOrder("a", "b", "c")));
    mvc.perform(get("/sets/s:none"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/key-not-found"));
    assertThat(smembers("s:add")).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void removeAndTheLastMemberDeletes() throws Exception {
    redis("SADD", "s:rem", "a", "b", "c");
    postJson("/sets/s:rem/remove", "{\"members\":[\"a\",\"x\"]}")
        .andExpect(status().isOk())
        .andExpect(header().exists("ETag"))
        .andExpect(content().json("{\"removed\":1}", true));
    postJson("/sets/s:rem/remove", "{\"members\":[\"b\",\"c\"]}")
        .andExpect(status().isOk())
        .andExpect(header().doesNotExist("ETag"))
        .andExpect(content().json("{\"removed\":2}", true));
    assertThat(redis("EXISTS", "s:rem")).isEqualTo(Reply.ZERO);
    postJson("/sets/s:rem/remove", "{\"members\":[\"a\"]}").andExpect(status().isNotFound());
  }

  @Test
  void membershipOfOneOrMany() throws Exception {
    redis("SADD", "s:in", "red", "green", "a,b");
    mvc.perform(get("/sets/s:in/contains?member=red"))
        .andExpect(status().isOk())
        .andExpect(header().exists("ETag"))
        .andExpect(content().json("{\"members\":[{\"member\":\"red\",\"isMember\":true}]}", true));
    mvc.perform(get("/sets/s:in/contains?member=blue&member=green&member=a,b"))
        .andExpect(content().json("{\"members\":[{\"member\":\"blue\",\"isMember\":false},"
            + "{\"member\":\"green\",\"isMember\":true},{\"member\":\"a,b\",\"isMember\":true}]}", true));
    mvc.perform(get("/sets/s:nope/contains?member=red")).andExpect(status().isNotFound());
    mvc.perform(get("/sets/s:in/contains"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("the query parameter 'member' is required"));
  }

  @Test
  void cardinality() throws Exception {
    redis("SADD", "s:card", "a", "b", "c");
    mvc.perform(get("/sets/s:card/cardinality"))
        .andExpect(status().isOk())
        .andExpect(content().json("{\"cardinality\":3}", true));
    mvc.perform(get("/sets/s:card0/cardinality")).andExpect(status().isNotFound());
  }

  @Test
  void randomLeavesTheSetAsItIs() throws Exception {
    redis("SADD", "s:rnd", "a", "b", "c");
    mvc.perform(get("/sets/s:rnd/random"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.members", hasSize(1)));
    mvc.perform(get("/sets/s:rnd/random?count=10"))
        .andExpect(jsonPath("$.members", containsInAnyOrder("a", "b", "c")));
    mvc.perform(get("/sets/s:rnd/random?count=7&repeats=true"))
        .andExpect(jsonPath("$.members", hasSize(7)));
    assertThat(smembers("s:rnd")).containsExactlyInAnyOrder("a", "b", "c");
    mvc.perform(get("/sets/s:rnd0/random")).andExpect(status().isNotFound());
  }

  @Test
  void popRemovesAndTheLastPopDeletes() throws Exception {
    redis("SADD", "s:pop", "a", "b", "c");
    String first = mvc.perform(delete("/sets/s:pop/random"))
        .andExpect(status().isOk())
        .andExpect(header().exists("ETag"))
        .andExpect(jsonPath("$.members", hasSize(1)))
        .andReturn().getResponse().getContentAsString();
    assertThat(smembers("s:pop")).hasSize(2);
    mvc.perform(delete("/sets/s:pop/random?count=5"))
        .andExpect(status().isOk())
        .andExpect(header().doesNotExist("ETag"))
        .andExpect(jsonPath("$.members", hasSize(2)));
    assertThat(first).startsWith("{\"members\":[\"");
    assertThat(redis("EXISTS", "s:pop")).isEqualTo(Reply.ZERO);
    mvc.perform(delete("/sets/s:pop/random")).andExpect(status().isNotFound());
  }

  @Test
  void moveBetweenSets() throws Exception {
    redis("SADD", "s:from", "a", "b");
    postJson("/sets/s:from/move", "{\"destination\":\"s:to\",\"member\":\"a\"}")
        .andExpect(status().isOk())
        .andExpect(content().json("{\"moved\":true}", true));
    postJson("/sets/s:from/move", "{\"destination\":\"s:to\",\"member\":\"zzz\"}")
        .andExpect(content().json("{\"moved\":false}", true));
    assertThat(smembers("s:from")).containsExactly("b");
    assertThat(smembers("s:to")).containsExactly("a");
    redis("SET", "s:str", "v");
    postJson("/sets/s:from/move", "{\"destination\":\"s:str\",\"member\":\"b\"}")
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.error").value("WRONGTYPE"));
    assertThat(smembers("s:from")).containsExactly("b");
    postJson("/sets/s:missing/move", "{\"destination\":\"s:to\",\"member\":\"a\"}").andExpect(status().isNotFound());
    postJson("/sets/s:from/move", "{\"member\":\"b\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("invalid request body: field 'destination' must not be null"));
  }

  @Test
  void unionIntersectionDifferenceReadSeveralKeys() throws Exception {
    redis("SADD", "s:x", "a", "b", "c");
    redis("SADD", "s:y", "b", "c", "d");
    redis("SADD", "s:z", "c", "e");
    mvc.perform(get("/sets/s:x/union?with=s:y&with=s:z"))
        .andExpect(status().isOk())
        .andExpect(header().doesNotExist("ETag"))
        .andExpect(header().exists("upstash-sync-token"))
        .andExpect(jsonPath("$.members", containsInAnyOrder("a", "b", "c", "d", "e")));
    mvc.perform(get("/sets/s:x/intersection?with=s:y&with=s:z"))
        .andExpect(content().json("{\"members\":[\"c\"]}", true));
    mvc.perform(get("/sets/s:x/difference?with=s:y"))
        .andExpect(content().json("{\"members\":[\"a\"]}", true));
    mvc.perform(get("/sets/s:x/difference"))
        .andExpect(jsonPath("$.members", containsInAnyOrder("a", "b", "c")));
    // A missing key is an empty set, the path key included, as in Redis.
    mvc.perform(get("/sets/s:empty/union?with=s:z"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.members", containsInAnyOrder("c", "e")));
    mvc.perform(get("/sets/s:empty/intersection?with=s:z")).andExpect(content().json("{\"members\":[]}", true));
    mvc.perform(get("/sets/s:x/intersection/cardinality?with=s:y"))
        .andExpect(content().json("{\"cardinality\":2}", true));
    mvc.perform(get("/sets/s:x/intersection/cardinality?with=s:y&limit=1"))
        .andExpect(content().json("{\"cardinality\":1}", true));
    mvc.perform(get("/sets/s:x/intersection/cardinality?with=s:y&limit=-1"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", startsWith("parameter 'limit' ")));
    redis("SET", "s:string", "v");
    mvc.perform(get("/sets/s:x/union?with=s:string"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.error").value("WRONGTYPE"));
  }

  @Test
  void severalKeyReadsRefuseConditions() throws Exception {
    redis("SADD", "s:c1", "a");
    String etag = mvc.perform(get("/sets/s:c1")).andReturn().getResponse().getHeader("ETag");
    mvc.perform(get("/sets/s:c1/union?with=s:c2").header("If-None-Match", etag))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/invalid-request"))
        .andExpect(jsonPath("$.detail", startsWith("If-Match / If-None-Match cannot apply here")));
    mvc.perform(get("/sets/s:c1/intersection/cardinality?with=s:c2").header("If-Match", etag))
        .andExpect(status().isBadRequest());
  }

  @Test
  void storeVariantsWriteThePathKey() throws Exception {
    redis("SADD", "s:p", "a", "b", "c");
    redis("SADD", "s:q", "b", "c", "d");
    postJson("/sets/s:dest/store", "{\"operation\":\"intersection\",\"keys\":[\"s:p\",\"s:q\"]}")
        .andExpect(status().isCreated())
        .andExpect(header().exists("ETag"))
        .andExpect(content().json("{\"cardinality\":2}", true));
    assertThat(smembers("s:dest")).containsExactlyInAnyOrder("b", "c");
    postJson("/sets/s:dest/store", "{\"operation\":\"union\",\"keys\":[\"s:p\",\"s:q\"]}")
        .andExpect(status().isOk())
        .andExpect(content().json("{\"cardinality\":4}", true));
    postJson("/sets/s:dest/store", "{\"operation\":\"difference\",\"keys\":[\"s:p\",\"s:q\"]}")
        .andExpect(content().json("{\"cardinality\":1}", true));
    assertThat(smembers("s:dest")).containsExactly("a");
    // Storing replaces whatever the key held, of any type.
    redis("SET", "s:was-string", "v");
    postJson("/sets/s:was-string/store", "{\"operation\":\"union\",\"keys\":[\"s:p\"]}").andExpect(status().isOk());
    assertThat(smembers("s:was-string")).containsExactlyInAnyOrder("a", "b", "c");
    // An empty result deletes the key.
    postJson("/sets/s:dest/store", "{\"operation\":\"intersection\",\"keys\":[\"s:p\",\"s:nothing\"]}")
        .andExpect(status().isOk())
        .andExpect(header().doesNotExist("ETag"))
        .andExpect(content().json("{\"cardinality\":0}", true));
    assertThat(redis("EXISTS", "s:dest")).isEqualTo(Reply.ZERO);
    postJson("/sets/s:dest/store", "{\"operation\":\"xor\",\"keys\":[\"s:p\"]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", startsWith("field 'operation' must be one of [union, intersection, difference]")));
    postJson("/sets/s:dest/store", "{\"operation\":\"union\",\"keys\":[]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", startsWith("invalid request body: field 'keys'")));
    assertThat(redis("EXISTS", "s:dest")).isEqualTo(Reply.ZERO);
  }

  @Test
  void storeIsConditionalOnTheDestination() throws Exception {
    redis("SADD", "s:src", "a");
    redis("SADD", "s:target", "old");
    String etag = mvc.perform(get("/sets/s:target")).andReturn().getResponse().getHeader("ETag");
    postJson("/sets/s:target/store", "{\"operation\":\"union\",\"keys\":[\"s:src\"]}");
    mvc.perform(post("/sets/s:target/store").header("If-Match", etag).contentType(MediaType.APPLICATION_JSON)
            .content("{\"operation\":\"union\",\"keys\":[\"s:target\",\"s:src\"]}"))
        .andExpect(status().isPreconditionFailed());
    assertThat(smembers("s:target")).containsExactly("a");
    mvc.perform(post("/sets/s:target/store").header("If-None-Match", "*").contentType(MediaType.APPLICATION_JSON)
            .content("{\"operation\":\"union\",\"keys\":[\"s:src\"]}"))
        .andExpect(status().isPreconditionFailed());
  }

  @Test
  void wrongTypeIs409AndNothingChanges() throws Exception {
    redis("RPUSH", "s:list", "x");
    mvc.perform(get("/sets/s:list"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/wrong-type"))
        .andExpect(jsonPath("$.detail").value("WRONGTYPE Operation against a key holding the wrong kind of value"));
    postJson("/sets/s:list", "{\"members\":[\"a\"]}").andExpect(status().isConflict());
    mvc.perform(delete("/sets/s:list")).andExpect(status().isConflict());
    mvc.perform(get("/sets/s:list/contains?member=x")).andExpect(status().isConflict());
    assertThat(redis("LLEN", "s:list")).isEqualTo(Reply.ONE);
  }

  @Test
  void deleteIsTypedAndConditional() throws Exception {
    String etag = postJson("/sets/s:del", "{\"members\":[\"a\"]}").andReturn().getResponse().getHeader("ETag");
    mvc.perform(delete("/sets/s:del").header("If-Match", "\"1\"")).andExpect(status().isPreconditionFailed());
    mvc.perform(delete("/sets/s:del").header("If-Match", etag)).andExpect(status().isNoContent());
    mvc.perform(delete("/sets/s:del")).andExpect(status().isNotFound());
  }

  @Test
  void etagsMakeWritesConditionalAndReadsCheap() throws Exception {
    String etag = postJson("/sets/s:etag", "{\"members\":[\"a\"]}").andReturn().getResponse().getHeader("ETag");
    mvc.perform(get("/sets/s:etag").header("If-None-Match", etag))
        .andExpect(status().isNotModified())
        .andExpect(content().string(""));
    mvc.perform(get("/sets/s:etag/cardinality").header("If-None-Match", etag)).andExpect(status().isNotModified());
    String next = postJson("/sets/s:etag", "{\"members\":[\"b\"]}").andReturn().getResponse().getHeader("ETag");
    assertThat(next).isNotEqualTo(etag);
    // A no-op write (b is there already) leaves the version alone.
    postJson("/sets/s:etag", "{\"members\":[\"b\"]}").andExpect(header().string("ETag", next));
    mvc.perform(post("/sets/s:etag").header("If-Match", etag).contentType(MediaType.APPLICATION_JSON)
            .content("{\"members\":[\"c\"]}"))
        .andExpect(status().isPreconditionFailed())
        .andExpect(header().string("ETag", next))
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/precondition-failed"));
    mvc.perform(delete("/sets/s:etag/random").header("If-Match", etag)).andExpect(status().isPreconditionFailed());
    assertThat(smembers("s:etag")).containsExactlyInAnyOrder("a", "b");
    mvc.perform(post("/sets/s:etag").header("If-Match", next).contentType(MediaType.APPLICATION_JSON)
            .content("{\"members\":[\"c\"]}"))
        .andExpect(status().isOk());
    assertThat(smembers("s:etag")).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void badInputIs400AndChangesNothing() throws Exception {
    redis("SADD", "s:bad", "a");
    postJson("/sets/s:bad", "{\"members\":\"b\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("field 'members' must be an array, got a string"));
    postJson("/sets/s:bad", "{\"members\":[\"b\",null]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", startsWith("invalid request body: field 'members[1]")));
    postJson("/sets/s:bad", "{\"members\":[{\"m\":1}]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("field 'members[0]' must be a string, got an object"));
    postJson("/sets/s:bad", "{\"members\":[]}").andExpect(status().isBadRequest());
    postJson("/sets/s:bad", "{\"members\":[\"b\"").andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", startsWith("the request body is not valid JSON")));
    postJson("/sets/s:bad", "{\"member\":[\"b\"]}").andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", startsWith("unknown field 'member'")));
    mvc.perform(post("/sets/s:bad").contentType(MediaType.TEXT_XML).content("<a/>"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(delete("/sets/s:bad/random?count=0"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", startsWith("parameter 'count' ")));
    mvc.perform(delete("/sets/s:bad/random?count=-2")).andExpect(status().isBadRequest());
    mvc.perform(delete("/sets/s:bad/random?count=99999999999999999999"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("parameter 'count' must be an integer, got '99999999999999999999'"));
    mvc.perform(delete("/sets/s:bad/random?count=101"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/too-many-elements"));
    mvc.perform(get("/sets/s:bad/random?count=101&repeats=true"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/too-many-elements"));
    mvc.perform(get("/sets/s:bad/random?count=-1")).andExpect(status().isBadRequest());
    StringBuilder many = new StringBuilder("{\"members\":[");
    for (int i = 0; i < 101; i++) {
      many.append(i == 0 ? "" : ",").append('"').append(i).append('"');
    }
    postJson("/sets/s:bad", many.append("]}").toString())
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("101 elements in one call, more than the 100 of restis.limits.max-elements"));
    postJson("/sets/s:bad?encoding=base64", "{\"members\":[\"!!\"]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", startsWith("members[0] is not valid base64")));
    assertThat(smembers("s:bad")).containsExactly("a");
  }

  @Test
  void base64MembersBothWays() throws Exception {
    postJson("/sets/s:b64?encoding=base64", "{\"members\":[\"AP8=\"]}").andExpect(status().isCreated());
    assertThat(Replies.bytes(Replies.items(redis("SMEMBERS", "s:b64")).get(0))).containsExactly(0, 0xFF);
    mvc.perform(get("/sets/s:b64?encoding=base64")).andExpect(content().json("{\"members\":[\"AP8=\"]}", true));
    mvc.perform(get("/sets/s:b64/contains?member=AP8=&encoding=base64"))
        .andExpect(content().json("{\"members\":[{\"member\":\"AP8=\",\"isMember\":true}]}", true));
  }

  @Test
  void keysArePercentDecodedPathSegments() throws Exception {
    postJson("/sets/tags%2F1%3Bx", "{\"members\":[\"a\"]}").andExpect(status().isCreated());
    assertThat(smembers("tags/1;x")).containsExactly("a");
    mvc.perform(get(URI.create("/sets/tags%2F1%3Bx/cardinality"))).andExpect(content().json("{\"cardinality\":1}"));
  }
}
