package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
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

/** The lists controller in the MVC slice, on the real engine: routes, replies, status codes, ETags. */
@WebMvcTest(controllers = ListsController.class)
@Import({EngineConfiguration.class, ApiConfiguration.class, WebConfiguration.class})
class ListsControllerTest {

  @Autowired
  MockMvc mvc;

  @Autowired
  Engine engine;

  private ResultActions push(String key, String end, String body) throws Exception {
    return mvc.perform(post(URI.create("/lists/" + key + "/" + end)).contentType(MediaType.APPLICATION_JSON).content(body));
  }

  private List<String> lrange(String key) {
    Reply r = engine.execute(b("LRANGE"), b(key), b("0"), b("-1"));
    List<String> out = new ArrayList<>();
    for (Reply item : Replies.items(r)) {
      out.add(new String(Replies.bytes(item), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void pushCreatesThenAppendsAndRangeReads() throws Exception {
    push("l:push", "tail", "{\"values\":[\"a\",\"b\"]}")
        .andExpect(status().isCreated())
        .andExpect(header().exists("ETag"))
        .andExpect(header().exists("upstash-sync-token"))
        .andExpect(content().json("{\"length\":2}"));
    push("l:push", "head", "{\"values\":[\"x\",\"y\"]}")
        .andExpect(status().isOk())
        .andExpect(content().json("{\"length\":4}"));
    mvc.perform(get("/lists/l:push"))
        .andExpect(status().isOk())
        .andExpect(content().contentType(MediaType.APPLICATION_JSON))
        .andExpect(content().json("{\"values\":[\"y\",\"x\",\"a\",\"b\"]}", true));
    mvc.perform(get("/lists/l:push?start=1&stop=-2"))
        .andExpect(content().json("{\"values\":[\"x\",\"a\"]}", true));
    mvc.perform(get("/lists/l:push?start=10&stop=20"))
        .andExpect(status().isOk())
        .andExpect(content().json("{\"values\":[]}", true));
  }

  @Test
  void maxlenTrimsTheOtherEndInTheSameStep() throws Exception {
    push("l:cap", "tail", "{\"values\":[\"1\",\"2\",\"3\"],\"maxlen\":2}")
        .andExpect(status().isCreated())
        .andExpect(content().json("{\"length\":2}"));
    assertThat(lrange("l:cap")).containsExactly("2", "3");
    push("l:cap", "tail", "{\"values\":[\"4\"],\"maxlen\":2}").andExpect(content().json("{\"length\":2}"));
    assertThat(lrange("l:cap")).containsExactly("3", "4");
    push("l:cap", "head", "{\"values\":[\"0\"],\"maxlen\":2}").andExpect(content().json("{\"length\":2}"));
    assertThat(lrange("l:cap")).containsExactly("0", "3");
    push("l:cap", "head", "{\"values\":[\"a\"],\"maxlen\":5}").andExpect(content().json("{\"length\":3}"));
    assertThat(lrange("l:cap")).containsExactly("a", "0", "3");
  }

  @Test
  void onlyIfExistsNeedsTheList() throws Exception {
    push("l:x", "tail", "{\"values\":[\"a\"],\"onlyIfExists\":true}")
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/key-not-found"));
    assertThat(engine.execute(b("EXISTS"), b("l:x"))).isEqualTo(Reply.ZERO);
    push("l:x", "tail", "{\"values\":[\"a\"]}").andExpect(status().isCreated());
    push("l:x", "head", "{\"values\":[\"b\"],\"onlyIfExists\":true}")
        .andExpect(status().isOk()).andExpect(content().json("{\"length\":2}"));
  }

  @Test
  void popFromEitherEndAndTheLastPopDeletes() throws Exception {
    push("l:pop", "tail", "{\"values\":[\"a\",\"b\",\"c\",\"d\"]}");
    mvc.perform(delete("/lists/l:pop/head"))
        .andExpect(status().isOk())
        .andExpect(content().json("{\"values\":[\"a\"]}", true));
    mvc.perform(delete("/lists/l:pop/tail?count=2"))
        .andExpect(content().json("{\"values\":[\"d\",\"c\"]}", true))
        .andExpect(header().exists("ETag"));
    mvc.perform(delete("/lists/l:pop/tail?count=5"))
        .andExpect(status().isOk())
        .andExpect(content().json("{\"values\":[\"b\"]}", true))
        .andExpect(header().doesNotExist("ETag"));
    mvc.perform(get("/lists/l:pop")).andExpect(status().isNotFound());
    mvc.perform(delete("/lists/l:pop/head")).andExpect(status().isNotFound());
  }

  @Test
  void indexGetAndSet() throws Exception {
    push("l:idx", "tail", "{\"values\":[\"a\",\"b\",\"c\"]}");
    mvc.perform(get("/lists/l:idx/items/1")).andExpect(content().json("{\"value\":\"b\"}", true));
    mvc.perform(get("/lists/l:idx/items/-1")).andExpect(content().json("{\"value\":\"c\"}", true));
    mvc.perform(get("/lists/l:idx/items/3"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/element-not-found"))
        .andExpect(jsonPath("$.detail").value("no element at index 3"));
    mvc.perform(put("/lists/l:idx/items/-1").contentType(MediaType.APPLICATION_JSON).content("{\"value\":\"z\"}"))
        .andExpect(status().isNoContent())
        .andExpect(header().exists("ETag"));
    assertThat(lrange("l:idx")).containsExactly("a", "b", "z");
    mvc.perform(put("/lists/l:idx/items/7").contentType(MediaType.APPLICATION_JSON).content("{\"value\":\"z\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR index out of range"))
        .andExpect(jsonPath("$.error").value("ERR"))
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/invalid-argument"));
    mvc.perform(put("/lists/l:none/items/0").contentType(MediaType.APPLICATION_JSON).content("{\"value\":\"z\"}"))
        .andExpect(status().isNotFound());
  }

  @Test
  void insertRemoveTrim() throws Exception {
    push("l:ed", "tail", "{\"values\":[\"a\",\"b\",\"a\",\"c\",\"a\"]}");
    mvc.perform(post("/lists/l:ed/insert").contentType(MediaType.APPLICATION_JSON)
            .content("{\"position\":\"after\",\"pivot\":\"b\",\"value\":\"b2\"}"))
        .andExpect(status().isOk()).andExpect(content().json("{\"length\":6}"));
    mvc.perform(post("/lists/l:ed/insert").contentType(MediaType.APPLICATION_JSON)
            .content("{\"position\":\"before\",\"pivot\":\"a\",\"value\":\"first\"}"))
        .andExpect(content().json("{\"length\":7}"));
    mvc.perform(post("/lists/l:ed/insert").contentType(MediaType.APPLICATION_JSON)
            .content("{\"position\":\"before\",\"pivot\":\"nope\",\"value\":\"x\"}"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/conflict"));
    assertThat(lrange("l:ed")).containsExactly("first", "a", "b", "b2", "a", "c", "a");
    mvc.perform(post("/lists/l:ed/remove").contentType(MediaType.APPLICATION_JSON).content("{\"value\":\"a\",\"count\":-1}"))
        .andExpect(content().json("{\"removed\":1}"));
    mvc.perform(post("/lists/l:ed/remove").contentType(MediaType.APPLICATION_JSON).content("{\"value\":\"a\"}"))
        .andExpect(content().json("{\"removed\":2}"));
    assertThat(lrange("l:ed")).containsExactly("first", "b", "b2", "c");
    mvc.perform(post("/lists/l:ed/trim").contentType(MediaType.APPLICATION_JSON).content("{\"start\":1,\"stop\":2}"))
        .andExpect(status().isNoContent());
    assertThat(lrange("l:ed")).containsExactly("b", "b2");
    mvc.perform(post("/lists/l:ed/trim").contentType(MediaType.APPLICATION_JSON).content("{\"start\":5,\"stop\":9}"))
        .andExpect(status().isNoContent())
        .andExpect(header().doesNotExist("ETag"));
    mvc.perform(get("/lists/l:ed")).andExpect(status().isNotFound());
  }

  @Test
  void moveBetweenLists() throws Exception {
    push("l:src", "tail", "{\"values\":[\"a\",\"b\",\"c\"]}");
    mvc.perform(post("/lists/l:src/move").contentType(MediaType.APPLICATION_JSON)
            .content("{\"destination\":\"l:dst\",\"from\":\"tail\",\"to\":\"head\"}"))
        .andExpect(status().isOk()).andExpect(content().json("{\"value\":\"c\"}", true));
    mvc.perform(post("/lists/l:src/move").contentType(MediaType.APPLICATION_JSON)
            .content("{\"destination\":\"l:dst\",\"from\":\"head\",\"to\":\"tail\"}"))
        .andExpect(content().json("{\"value\":\"a\"}", true));
    assertThat(lrange("l:src")).containsExactly("b");
    assertThat(lrange("l:dst")).containsExactly("c", "a");
    engine.execute(b("SET"), b("l:str"), b("v"));
    mvc.perform(post("/lists/l:src/move").contentType(MediaType.APPLICATION_JSON)
            .content("{\"destination\":\"l:str\",\"from\":\"head\",\"to\":\"tail\"}"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.error").value("WRONGTYPE"));
    assertThat(lrange("l:src")).containsExactly("b");
  }

  @Test
  void wrongTypeIs409WithTheRedisText() throws Exception {
    engine.execute(b("SET"), b("l:string"), b("v"));
    mvc.perform(get("/lists/l:string"))
        .andExpect(status().isConflict())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/wrong-type"))
        .andExpect(jsonPath("$.title").value("Wrong type"))
        .andExpect(jsonPath("$.status").value(409))
        .andExpect(jsonPath("$.detail").value("WRONGTYPE Operation against a key holding the wrong kind of value"))
        .andExpect(jsonPath("$.error").value("WRONGTYPE"))
        .andExpect(jsonPath("$.instance").value("/lists/l:string"));
    push("l:string", "tail", "{\"values\":[\"a\"]}").andExpect(status().isConflict());
    mvc.perform(delete("/lists/l:string")).andExpect(status().isConflict());
    assertThat(engine.execute(b("GET"), b("l:string"))).isEqualTo(Reply.bulk("v"));
  }

  @Test
  void writesOnAReadOnlyFollowerAre403() throws Exception {
    push("l:ro", "tail", "{\"values\":[\"a\"]}");
    engine.setReadOnly(true);
    try {
      push("l:ro", "tail", "{\"values\":[\"b\"]}")
          .andExpect(status().isForbidden())
          .andExpect(jsonPath("$.type").value("https://restis.io/problems/read-only"))
          .andExpect(jsonPath("$.error").value("READONLY"))
          .andExpect(jsonPath("$.detail").value("READONLY You can't write against a read only replica."));
      mvc.perform(get("/lists/l:ro")).andExpect(status().isOk());
    } finally {
      engine.setReadOnly(false);
    }
    assertThat(lrange("l:ro")).containsExactly("a");
  }

  @Test
  void deleteIsTyped() throws Exception {
    push("l:del", "tail", "{\"values\":[\"a\"]}");
    mvc.perform(delete("/lists/l:del")).andExpect(status().isNoContent());
    mvc.perform(delete("/lists/l:del")).andExpect(status().isNotFound());
  }

  @Test
  void etagsMakeWritesConditionalAndReadsCheap() throws Exception {
    String etag = push("l:etag", "tail", "{\"values\":[\"a\"]}").andReturn().getResponse().getHeader("ETag");
    assertThat(etag).matches("\"[0-9]+\"");
    mvc.perform(get("/lists/l:etag")).andExpect(header().string("ETag", etag));
    mvc.perform(get("/lists/l:etag").header("If-None-Match", etag))
        .andExpect(status().isNotModified())
        .andExpect(header().string("ETag", etag))
        .andExpect(content().string(""));
    String next = push("l:etag", "tail", "{\"values\":[\"b\"]}").andReturn().getResponse().getHeader("ETag");
    assertThat(next).isNotEqualTo(etag);
    mvc.perform(post("/lists/l:etag/tail").header("If-Match", etag)
            .contentType(MediaType.APPLICATION_JSON).content("{\"values\":[\"c\"]}"))
        .andExpect(status().isPreconditionFailed())
        .andExpect(header().string("ETag", next))
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/precondition-failed"))
        .andExpect(jsonPath("$.detail", startsWith("If-Match/If-None-Match does not hold")));
    assertThat(lrange("l:etag")).containsExactly("a", "b");
    mvc.perform(post("/lists/l:etag/tail").header("If-Match", next)
            .contentType(MediaType.APPLICATION_JSON).content("{\"values\":[\"c\"]}"))
        .andExpect(status().isOk());
    mvc.perform(post("/lists/l:etag/tail").header("If-None-Match", "*")
            .contentType(MediaType.APPLICATION_JSON).content("{\"values\":[\"d\"]}"))
        .andExpect(status().isPreconditionFailed());
    mvc.perform(post("/lists/l:etag2/tail").header("If-None-Match", "*")
            .contentType(MediaType.APPLICATION_JSON).content("{\"values\":[\"d\"]}"))
        .andExpect(status().isCreated());
    mvc.perform(delete("/lists/l:etag").header("If-Match", etag)).andExpect(status().isPreconditionFailed());
    assertThat(lrange("l:etag")).containsExactly("a", "b", "c");
  }

  @Test
  void base64ValuesBothWays() throws Exception {
    // 0x00 0xFF and "hi"
    push("l:b64", "tail?encoding=base64", "{\"values\":[\"AP8=\",\"aGk=\"]}").andExpect(status().isCreated());
    Reply first = Replies.items(engine.execute(b("LRANGE"), b("l:b64"), b("0"), b("0"))).get(0);
    assertThat(Replies.bytes(first)).containsExactly(0, 0xFF);
    mvc.perform(get("/lists/l:b64?encoding=base64")).andExpect(content().json("{\"values\":[\"AP8=\",\"aGk=\"]}", true));
    push("l:b64", "tail?encoding=base64", "{\"values\":[\"not base64!\"]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", startsWith("values[0] is not valid base64")));
  }

  @Test
  void keysArePercentDecodedPathSegments() throws Exception {
    push("user%2F1%3Bx%20y", "tail", "{\"values\":[\"a\"]}").andExpect(status().isCreated());
    assertThat(lrange("user/1;x y")).containsExactly("a");
    mvc.perform(get(URI.create("/lists/user%2F1%3Bx%20y"))).andExpect(content().json("{\"values\":[\"a\"]}"));
  }
}
