package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.restis.config.ApiConfiguration;
import io.restis.config.EngineConfiguration;
import io.restis.config.WebConfiguration;
import io.restis.engine.Engine;
import io.restis.engine.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The keys controller in the MVC slice, on the real engine (its own, so SCAN sees only this test's keys). */
@WebMvcTest(controllers = KeysController.class)
@Import({EngineConfiguration.class, ApiConfiguration.class, WebConfiguration.class})
class KeysControllerTest {

  @Autowired
  MockMvc mvc;

  @Autowired
  Engine engine;

  private Reply redis(String... args) {
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return engine.execute(argv);
  }

  private ResultActions putJson(String path, String json) throws Exception {
    return mvc.perform(put(path).contentType(MediaType.APPLICATION_JSON).content(json));
  }

  @Test
  void scanPagesThroughEveryKey() throws Exception {
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      redis("SET", "scan:" + i, "v");
      expected.add("scan:" + i);
    }
    redis("RPUSH", "scanlist:1", "x");
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int pages = 0;
    do {
      String body = mvc.perform(get("/keys?match=scan:*&count=7&cursor=" + cursor))
          .andExpect(status().isOk())
          .andExpect(header().exists("upstash-sync-token"))
          .andReturn().getResponse().getContentAsString();
      cursor = JsonPath.read(body, "$.cursor");
      List<String> keys = JsonPath.read(body, "$.keys");
      seen.addAll(keys);
      pages++;
    } while (!cursor.equals("0"));
    assertThat(seen).isEqualTo(expected);
    assertThat(pages).isGreaterThan(1);
    String lists = mvc.perform(get("/keys?type=list&count=1000")).andReturn().getResponse().getContentAsString();
    assertThat(JsonPath.<List<String>>read(lists, "$.keys")).contains("scanlist:1").noneMatch(k -> k.startsWith("scan:"));
    mvc.perform(get("/keys?cursor=abc")).andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR invalid cursor"));
    mvc.perform(get("/keys?type=stream")).andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("parameter 'type' must be one of [string, list, set, hash, zset], got 'stream'"));
    mvc.perform(get("/keys?count=0")).andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("parameter 'count' must be greater than 0"));
  }

  @Test
  void inspectAKey() throws Exception {
    redis("RPUSH", "k:info", "a", "b", "c");
    String etag = mvc.perform(get("/keys/k:info"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.type").value("list"))
        .andExpect(jsonPath("$.ttl").value(-1))
        .andExpect(jsonPath("$.size").value(3))
        .andReturn().getResponse().getHeader("ETag");
    String body = mvc.perform(get("/keys/k:info")).andReturn().getResponse().getContentAsString();
    assertThat(etag).isEqualTo("\"" + JsonPath.read(body, "$.version").toString() + "\"");
    mvc.perform(get("/keys/k:info").header("If-None-Match", etag)).andExpect(status().isNotModified());
    redis("PEXPIRE", "k:info", "100000");
    mvc.perform(get("/keys/k:info").header("If-None-Match", etag))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.ttl").value(org.hamcrest.Matchers.allOf(
            org.hamcrest.Matchers.greaterThan(99000), org.hamcrest.Matchers.lessThanOrEqualTo(100000))));
    redis("SET", "k:str", "hello");
    mvc.perform(get("/keys/k:str")).andExpect(jsonPath("$.type").value("string")).andExpect(jsonPath("$.size").value(5));
    mvc.perform(get("/keys/k:none")).andExpect(status().isNotFound())
        .andExpect(jsonPath("$.detail").value("no such key 'k:none'"));
  }

  @Test
  void deleteAnyType() throws Exception {
    redis("RPUSH", "k:del", "a");
    mvc.perform(delete("/keys/k:del")).andExpect(status().isNoContent()).andExpect(header().exists("upstash-sync-token"));
    mvc.perform(delete("/keys/k:del")).andExpect(status().isNotFound());
    assertThat(redis("EXISTS", "k:del")).isEqualTo(Reply.ZERO);
  }

  @Test
  void rename() throws Exception {
    redis("SET", "k:old", "v");
    redis("PEXPIRE", "k:old", "100000");
    mvc.perform(post("/keys/k:old/rename").contentType(MediaType.APPLICATION_JSON).content("{\"newKey\":\"k:new\"}"))
        .andExpect(status().isOk()).andExpect(content().json("{\"renamed\":true}", true));
    assertThat(redis("GET", "k:new")).isEqualTo(Reply.bulk("v"));
    assertThat(Replies.integer(redis("PTTL", "k:new"))).isPositive();
    redis("SET", "k:other", "o");
    mvc.perform(post("/keys/k:new/rename").contentType(MediaType.APPLICATION_JSON)
            .content("{\"newKey\":\"k:other\",\"nx\":true}"))
        .andExpect(status().isOk()).andExpect(content().json("{\"renamed\":false}", true));
    assertThat(redis("GET", "k:other")).isEqualTo(Reply.bulk("o"));
    mvc.perform(post("/keys/k:old/rename").contentType(MediaType.APPLICATION_JSON).content("{\"newKey\":\"k:x\"}"))
        .andExpect(status().isNotFound());
    mvc.perform(post("/keys/k:new/rename").contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("invalid request body: field 'newKey' must not be null"));
  }

  @Test
  void expireAndPersist() throws Exception {
    redis("SET", "k:ttl", "v");
    putJson("/keys/k:ttl/ttl", "{\"seconds\":100}").andExpect(status().isOk())
        .andExpect(content().json("{\"updated\":true}", true));
    assertThat(Replies.integer(redis("TTL", "k:ttl"))).isBetween(99L, 100L);
    putJson("/keys/k:ttl/ttl", "{\"seconds\":50,\"gt\":true}").andExpect(content().json("{\"updated\":false}", true));
    putJson("/keys/k:ttl/ttl", "{\"milliseconds\":50000,\"lt\":true}").andExpect(content().json("{\"updated\":true}", true));
    assertThat(Replies.integer(redis("PTTL", "k:ttl"))).isBetween(49000L, 50000L);
    long at = System.currentTimeMillis() / 1000 + 500;
    putJson("/keys/k:ttl/ttl", "{\"unixTimeSeconds\":" + at + "}").andExpect(content().json("{\"updated\":true}", true));
    assertThat(Replies.integer(redis("EXPIRETIME", "k:ttl"))).isEqualTo(at);
    putJson("/keys/k:ttl/ttl", "{\"unixTimeMilliseconds\":" + at * 1000 + ",\"nx\":true}")
        .andExpect(content().json("{\"updated\":false}", true));
    putJson("/keys/k:ttl/ttl", "{\"seconds\":1,\"nx\":true,\"xx\":true}").andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR NX and XX, GT or LT options at the same time are not compatible"));
    putJson("/keys/k:ttl/ttl", "{\"seconds\":1,\"milliseconds\":1}").andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("give exactly one of seconds, milliseconds, unixTimeSeconds, "
            + "unixTimeMilliseconds; got seconds, milliseconds"));
    putJson("/keys/k:ttl/ttl", "{}").andExpect(status().isBadRequest());
    mvc.perform(delete("/keys/k:ttl/ttl")).andExpect(content().json("{\"updated\":true}", true));
    assertThat(Replies.integer(redis("TTL", "k:ttl"))).isEqualTo(-1);
    mvc.perform(delete("/keys/k:ttl/ttl")).andExpect(content().json("{\"updated\":false}", true));
    putJson("/keys/k:ttl/ttl", "{\"seconds\":-1}").andExpect(content().json("{\"updated\":true}", true))
        .andExpect(header().doesNotExist("ETag"));
    assertThat(redis("EXISTS", "k:ttl")).isEqualTo(Reply.ZERO);
    putJson("/keys/k:ttl/ttl", "{\"seconds\":10}").andExpect(status().isNotFound());
    mvc.perform(delete("/keys/k:ttl/ttl")).andExpect(status().isNotFound());
  }

  @Test
  void base64KeysInScan() throws Exception {
    engine.execute("SET".getBytes(), new byte[] {'b', ':', (byte) 0xFF}, "v".getBytes());
    List<String> keys = new ArrayList<>();
    String body = mvc.perform(get("/keys?match=Yjoq&encoding=base64&count=1000")).andReturn().getResponse()
        .getContentAsString();
    keys.addAll(JsonPath.read(body, "$.keys"));
    assertThat(keys).contains("Yjr/");
    mvc.perform(get("/keys?match=Yjo*&encoding=base64")).andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", org.hamcrest.Matchers.startsWith("match is not valid base64")));
  }
}
