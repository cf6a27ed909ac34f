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
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The strings controller in the MVC slice, on the real engine. */
@WebMvcTest(controllers = StringsController.class, properties = "restis.limits.max-value-size=64B")
@Import({EngineConfiguration.class, ApiConfiguration.class, WebConfiguration.class})
class StringsControllerTest {

  @Autowired
  MockMvc mvc;

  @Autowired
  Engine engine;

  private ResultActions putJson(String path, String json) throws Exception {
    return mvc.perform(put(path).contentType(MediaType.APPLICATION_JSON).content(json));
  }

  private ResultActions postJson(String path, String json) throws Exception {
    return mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(json));
  }

  private Reply redis(String... args) {
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return engine.execute(argv);
  }

  @Test
  void putCreatesThenReplacesAndGetReads() throws Exception {
    putJson("/strings/s:a", "{\"value\":\"hello\"}")
        .andExpect(status().isCreated())
        .andExpect(header().exists("ETag"))
        .andExpect(header().exists("upstash-sync-token"))
        .andExpect(content().json("{\"written\":true}", true));
    putJson("/strings/s:a", "{\"value\":\"world\"}").andExpect(status().isOk());
    mvc.perform(get("/strings/s:a"))
        .andExpect(status().isOk())
        .andExpect(content().contentType(MediaType.APPLICATION_JSON))
        .andExpect(content().json("{\"value\":\"world\"}", true));
    mvc.perform(get("/strings/s:missing"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/key-not-found"));
  }

  @Test
  void rawBytesInAndOut() throws Exception {
    byte[] bytes = {0, (byte) 0xFF, 'a', '\n'};
    mvc.perform(put("/strings/s:raw").contentType(MediaType.APPLICATION_OCTET_STREAM).content(bytes))
        .andExpect(status().isCreated());
    assertThat(Replies.bytes(redis("GET", "s:raw"))).containsExactly(bytes);
    mvc.perform(get("/strings/s:raw").accept(MediaType.APPLICATION_OCTET_STREAM))
        .andExpect(status().isOk())
        .andExpect(content().contentType(MediaType.APPLICATION_OCTET_STREAM))
        .andExpect(header().exists("ETag"))
        .andExpect(content().bytes(bytes));
    mvc.perform(get("/strings/s:raw?encoding=base64")).andExpect(content().json("{\"value\":\"AP9hCg==\"}", true));
    mvc.perform(get("/strings/s:raw").header("Accept", "application/octet-stream;q=0.5, application/json"))
        .andExpect(content().contentType(MediaType.APPLICATION_JSON));
    mvc.perform(get("/strings/s:raw").header("Accept", "*/*"))
        .andExpect(content().contentType(MediaType.APPLICATION_JSON));
    putJson("/strings/s:raw?encoding=base64", "{\"value\":\"AAE=\"}").andExpect(status().isOk());
    assertThat(Replies.bytes(redis("GET", "s:raw"))).containsExactly(0, 1);
    mvc.perform(get("/strings/s:raw").accept(MediaType.TEXT_HTML))
        .andExpect(status().isNotAcceptable())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(get("/strings/s:nothing").accept(MediaType.APPLICATION_OCTET_STREAM))
        .andExpect(status().isNotFound())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void setOptions() throws Exception {
    putJson("/strings/s:opt?nx=true", "{\"value\":\"1\"}").andExpect(status().isCreated())
        .andExpect(content().json("{\"written\":true}", true));
    putJson("/strings/s:opt?nx=true", "{\"value\":\"2\"}").andExpect(status().isOk())
        .andExpect(content().json("{\"written\":false}", true));
    putJson("/strings/s:opt2?xx=true", "{\"value\":\"2\"}").andExpect(status().isOk())
        .andExpect(content().json("{\"written\":false}", true));
    assertThat(redis("EXISTS", "s:opt2")).isEqualTo(Reply.ZERO);
    putJson("/strings/s:opt?get=true&ex=100", "{\"value\":\"3\"}")
        .andExpect(content().json("{\"written\":true,\"previous\":\"1\"}", true));
    assertThat(Replies.integer(redis("TTL", "s:opt"))).isBetween(99L, 100L);
    putJson("/strings/s:opt?keepttl=true", "{\"value\":\"4\"}");
    assertThat(Replies.integer(redis("TTL", "s:opt"))).isBetween(99L, 100L);
    putJson("/strings/s:opt", "{\"value\":\"5\"}");
    assertThat(Replies.integer(redis("TTL", "s:opt"))).isEqualTo(-1);
    putJson("/strings/s:opt?px=50000", "{\"value\":\"6\"}");
    assertThat(Replies.integer(redis("PTTL", "s:opt"))).isBetween(49000L, 50000L);
    long at = System.currentTimeMillis() / 1000 + 1000;
    putJson("/strings/s:opt?exat=" + at, "{\"value\":\"7\"}");
    assertThat(Replies.integer(redis("EXPIRETIME", "s:opt"))).isEqualTo(at);
    putJson("/strings/s:opt?pxat=" + at * 1000, "{\"value\":\"8\"}");
    assertThat(Replies.integer(redis("PEXPIRETIME", "s:opt"))).isEqualTo(at * 1000);
    putJson("/strings/s:opt?ex=10&px=10", "{\"value\":\"9\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR syntax error"))
        .andExpect(jsonPath("$.error").value("ERR"));
    putJson("/strings/s:opt?ex=0", "{\"value\":\"9\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR invalid expire time in 'set' command"));
    assertThat(redis("GET", "s:opt")).isEqualTo(Reply.bulk("8"));
    putJson("/strings/s:opt?get=true&xx=true", "{\"value\":\"10\"}")
        .andExpect(content().json("{\"written\":true,\"previous\":\"8\"}", true));
  }

  @Test
  void aHugeExponentIsRefusedAsAnInvalidFloatWithoutExpandingIt() throws Exception {
    redis("SET", "s:big", "1");
    postJson("/strings/s:big/increment", "{\"by\":1e999999999}").andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR value is not a valid float"));
    mvc.perform(get("/strings/s:big")).andExpect(jsonPath("$.value").value("1"));
  }

  @Test
  void increments() throws Exception {
    mvc.perform(post("/strings/s:n/increment")).andExpect(status().isCreated())
        .andExpect(content().json("{\"value\":1}", true));
    postJson("/strings/s:n/increment", "{\"by\":41}").andExpect(status().isOk())
        .andExpect(content().json("{\"value\":42}", true));
    postJson("/strings/s:n/increment", "{\"by\":-50}").andExpect(content().json("{\"value\":-8}", true));
    postJson("/strings/s:n/increment", "{\"by\":0.5}").andExpect(content().string("{\"value\":-7.5}"));
    postJson("/strings/s:n/increment", "{\"by\":1e1}").andExpect(content().string("{\"value\":2.5}"));
    postJson("/strings/s:n/increment", "{\"by\":1}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR value is not an integer or out of range"));
    postJson("/strings/s:f/increment", "{\"by\":3.0e3}").andExpect(status().isCreated())
        .andExpect(content().string("{\"value\":3000}"));
    redis("SET", "s:max", "9223372036854775807");
    postJson("/strings/s:max/increment", "{\"by\":1}").andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR increment or decrement would overflow"));
    postJson("/strings/s:max/increment", "{\"by\":99999999999999999999}").andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR value is not an integer or out of range"));
    postJson("/strings/s:max/increment", "{\"by\":\"x\"}").andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/invalid-request"));
    assertThat(redis("GET", "s:max")).isEqualTo(Reply.bulk("9223372036854775807"));
  }

  @Test
  void appendAndRanges() throws Exception {
    postJson("/strings/s:r/append", "{\"value\":\"Hello\"}").andExpect(status().isCreated())
        .andExpect(content().json("{\"length\":5}", true));
    postJson("/strings/s:r/append", "{\"value\":\" World\"}").andExpect(status().isOk())
        .andExpect(content().json("{\"length\":11}", true));
    mvc.perform(get("/strings/s:r/range?start=0&end=4")).andExpect(content().json("{\"value\":\"Hello\"}", true));
    mvc.perform(get("/strings/s:r/range?start=-5")).andExpect(content().json("{\"value\":\"World\"}", true));
    mvc.perform(get("/strings/s:r/range?start=20&end=30")).andExpect(content().json("{\"value\":\"\"}", true));
    putJson("/strings/s:r/range", "{\"offset\":6,\"value\":\"Redis\"}").andExpect(status().isOk())
        .andExpect(content().json("{\"length\":11}", true));
    assertThat(redis("GET", "s:r")).isEqualTo(Reply.bulk("Hello Redis"));
    putJson("/strings/s:pad/range", "{\"offset\":3,\"value\":\"x\"}").andExpect(status().isCreated())
        .andExpect(content().json("{\"length\":4}", true));
    assertThat(Replies.bytes(redis("GET", "s:pad"))).containsExactly(0, 0, 0, 'x');
    putJson("/strings/s:r/range", "{\"offset\":-1,\"value\":\"x\"}").andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR offset is out of range"));
    putJson("/strings/s:r/range", "{\"offset\":60,\"value\":\"12345\"}")
        .andExpect(status().isPayloadTooLarge())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/too-large"))
        .andExpect(jsonPath("$.detail").value("a value of 65 bytes is more than the 64 of restis.limits.max-value-size"));
    assertThat(redis("GET", "s:r")).isEqualTo(Reply.bulk("Hello Redis"));
  }

  @Test
  void bulkGetAndSet() throws Exception {
    postJson("/strings", "{\"entries\":[{\"key\":\"s:m1\",\"value\":\"1\"},{\"key\":\"s:m,2\",\"value\":\"2\"}]}")
        .andExpect(status().isOk())
        .andExpect(header().exists("upstash-sync-token"))
        .andExpect(content().json("{\"written\":true}", true));
    redis("RPUSH", "s:list", "x");
    mvc.perform(get("/strings?key=s:m1&key=s:m,2&key=s:none&key=s:list"))
        .andExpect(status().isOk())
        .andExpect(content().json("{\"entries\":[{\"key\":\"s:m1\",\"value\":\"1\"},{\"key\":\"s:m,2\",\"value\":\"2\"},"
            + "{\"key\":\"s:none\",\"value\":null},{\"key\":\"s:list\",\"value\":null}]}", true));
    mvc.perform(get("/strings?key=s:m,2")).andExpect(jsonPath("$.entries.length()").value(1));
    postJson("/strings", "{\"entries\":[{\"key\":\"s:m3\",\"value\":\"3\"},{\"key\":\"s:m1\",\"value\":\"x\"}],\"nx\":true}")
        .andExpect(content().json("{\"written\":false}", true));
    assertThat(redis("EXISTS", "s:m3")).isEqualTo(Reply.ZERO);
    assertThat(redis("GET", "s:m1")).isEqualTo(Reply.bulk("1"));
    postJson("/strings", "{\"entries\":[{\"key\":\"s:m3\",\"value\":\"3\"}],\"nx\":true}")
        .andExpect(content().json("{\"written\":true}", true));
    postJson("/strings?encoding=base64", "{\"entries\":[{\"key\":\"czpiNjQ=\",\"value\":\"AP8=\"}]}")
        .andExpect(status().isOk());
    assertThat(Replies.bytes(redis("GET", "s:b64"))).containsExactly(0, 0xFF);
    mvc.perform(get("/strings?key=czpiNjQ=&encoding=base64"))
        .andExpect(content().json("{\"entries\":[{\"key\":\"czpiNjQ=\",\"value\":\"AP8=\"}]}", true));
    mvc.perform(get("/strings"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("the query parameter 'key' is required"));
    postJson("/strings", "{\"entries\":[]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", startsWith("invalid request body: field 'entries'")));
  }

  @Test
  void deleteIsTypedAndConditional() throws Exception {
    String etag = putJson("/strings/s:d", "{\"value\":\"v\"}").andReturn().getResponse().getHeader("ETag");
    mvc.perform(delete("/strings/s:d").header("If-Match", "\"1\"")).andExpect(status().isPreconditionFailed());
    mvc.perform(delete("/strings/s:d").header("If-Match", etag)).andExpect(status().isNoContent());
    mvc.perform(delete("/strings/s:d")).andExpect(status().isNotFound());
    redis("RPUSH", "s:dl", "x");
    mvc.perform(delete("/strings/s:dl")).andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("WRONGTYPE"));
    assertThat(redis("EXISTS", "s:dl")).isEqualTo(Reply.ONE);
  }

  @Test
  void conditionalPutAndGet() throws Exception {
    putJson("/strings/s:c", "{\"value\":\"1\"}");
    String etag = mvc.perform(get("/strings/s:c")).andReturn().getResponse().getHeader("ETag");
    mvc.perform(get("/strings/s:c").header("If-None-Match", etag)).andExpect(status().isNotModified());
    mvc.perform(put("/strings/s:c").header("If-None-Match", "*").contentType(MediaType.APPLICATION_JSON)
        .content("{\"value\":\"2\"}")).andExpect(status().isPreconditionFailed()).andExpect(header().string("ETag", etag));
    mvc.perform(put("/strings/s:c").header("If-Match", etag).contentType(MediaType.APPLICATION_JSON)
        .content("{\"value\":\"2\"}")).andExpect(status().isOk());
    mvc.perform(put("/strings/s:c").header("If-Match", etag).contentType(MediaType.APPLICATION_OCTET_STREAM)
        .content("3")).andExpect(status().isPreconditionFailed());
    assertThat(redis("GET", "s:c")).isEqualTo(Reply.bulk("2"));
    mvc.perform(get("/strings/s:c").header("If-None-Match", etag)).andExpect(status().isOk());
  }
}
