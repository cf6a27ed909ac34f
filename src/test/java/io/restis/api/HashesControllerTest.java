package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.oneOf;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The hashes controller in the MVC slice, on the real engine: routes, replies, status codes, ETags. */
@WebMvcTest(controllers = HashesController.class, properties = {"restis.limits.max-elements=100",
    "restis.limits.max-value-size=64B"})
@Import({EngineConfiguration.class, ApiConfiguration.class, WebConfiguration.class})
class HashesControllerTest {

  @Autowired
  MockMvc mvc;

  @Autowired
  Engine engine;

  private ResultActions postJson(String path, String json) throws Exception {
    return mvc.perform(post(URI.create(path)).contentType(MediaType.APPLICATION_JSON).content(json));
  }

  private ResultActions putJson(String path, String json) throws Exception {
    return mvc.perform(put(URI.create(path)).contentType(MediaType.APPLICATION_JSON).content(json));
  }

  private Reply redis(String... args) {
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return engine.execute(argv);
  }

  private Map<String, String> hgetall(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    List<Reply> items = Replies.items(redis("HGETALL", key));
    for (int i = 0; i < items.size(); i += 2) {
      out.put(new String(Replies.bytes(items.get(i)), StandardCharsets.UTF_8),
          new String(Replies.bytes(items.get(i + 1)), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void setFieldsCreatesThenMergesAndAllReads() throws Exception {
    postJson("/hashes/h:set", "{\"fields\":{\"name\":\"Ada\",\"born\":\"1815\"}}")
        .andExpect(status().isCreated())
        .andExpect(header().exists("ETag"))
        .andExpect(header().exists("upstash-sync-token"))
        .andExpect(content().json("{\"added\":2}", true));
    postJson("/hashes/h:set", "{\"fields\":{\"born\":\"1816\",\"field\":\"maths\"}}")
        .andExpect(status().isOk())
        .andExpect(content().json("{\"added\":1}", true));
    mvc.perform(get("/hashes/h:set"))
        .andExpect(status().isOk())
        .andExpect(header().exists("ETag"))
        .andExpect(content().string("{\"fields\":{\"name\":\"Ada\",\"born\":\"1816\",\"field\":\"maths\"}}"));
    mvc.perform(get("/hashes/h:none"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/key-not-found"));
    assertThat(hgetall("h:set")).containsExactly(Map.entry("name", "Ada"), Map.entry("born", "1816"),
        Map.entry("field", "maths"));
  }

  @Test
  void someFields() throws Exception {
    redis("HSET", "h:some", "a", "1", "b", "2", "c,d", "3");
    mvc.perform(get("/hashes/h:some?field=b&field=zz&field=c,d"))
        .andExpect(status().isOk())
        .andExpect(content().string("{\"fields\":{\"b\":\"2\",\"c,d\":\"3\"}}"));
    mvc.perform(get("/hashes/h:none?field=a")).andExpect(status().isNotFound());
  }

  @Test
  void oneFieldGetPutDelete() throws Exception {
    putJson("/hashes/h:one/fields/name", "{\"value\":\"Ada\"}")
        .andExpect(status().isCreated())
        .andExpect(content().json("{\"written\":true,\"newField\":true}", true));
    putJson("/hashes/h:one/fields/name", "{\"value\":\"Grace\"}")
        .andExpect(status().isOk())
        .andExpect(content().json("{\"written\":true,\"newField\":false}", true));
    putJson("/hashes/h:one/fields/name?nx=true", "{\"value\":\"Bob\"}")
        .andExpect(status().isOk())
        .andExpect(content().json("{\"written\":false,\"newField\":false}", true));
    putJson("/hashes/h:one/fields/age?nx=true", "{\"value\":\"36\"}")
        .andExpect(content().json("{\"written\":true,\"newField\":true}", true));
    mvc.perform(get("/hashes/h:one/fields/name"))
        .andExpect(status().isOk())
        .andExpect(header().exists("ETag"))
        .andExpect(content().json("{\"value\":\"Grace\"}", true));
    mvc.perform(get("/hashes/h:one/fields/nope"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/element-not-found"))
        .andExpect(jsonPath("$.detail").value("the hash has no field 'nope'"));
    mvc.perform(get("/hashes/h:gone/fields/name"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/key-not-found"));
    mvc.perform(delete("/hashes/h:one/fields/name"))
        .andExpect(status().isNoContent())
        .andExpect(header().exists("ETag"));
    mvc.perform(delete("/hashes/h:one/fields/name"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/element-not-found"));
    mvc.perform(delete("/hashes/h:one/fields/age"))
        .andExpect(status().isNoContent())
        .andExpect(header().doesNotExist("ETag"));
    assertThat(redis("EXISTS", "h:one")).isEqualTo(Reply.ZERO);
    mvc.perform(delete("/hashes/h:one/fields/age")).andExpect(status().isNotFound());
  }

  @Test
  void fieldsInThePathArePercentDecoded() throws Exception {
    putJson("/hashes/h:enc/fields/a%2Fb%3Bc%20d%C3%A9", "{\"value\":\"v\"}").andExpect(status().isCreated());
    assertThat(hgetall("h:enc")).containsExactly(Map.entry("a/b;c d\u00e9", "v"));
    mvc.perform(get(URI.create("/hashes/h:enc/fields/a%2Fb%3Bc%20d%C3%A9"))).andExpect(content().json("{\"value\":\"v\"}"));
    // base64 names any bytes: 0x00 0xFF is AP8=, and a / of base64 is %2F in the path.
    putJson("/hashes/h:enc/fields/AP8%3D?encoding=base64", "{\"value\":\"aGk=\"}").andExpect(status().isOk());
    Reply hget = engine.execute("HGET".getBytes(), "h:enc".getBytes(), new byte[] {0, (byte) 0xFF});
    assertThat(Replies.bytes(hget)).isEqualTo("hi".getBytes());
    putJson("/hashes/h:enc/fields/%2F%2F8%3D?encoding=base64", "{\"value\":\"aGk=\"}").andExpect(status().isOk());
    assertThat(Replies.bytes(engine.execute("HGET".getBytes(), "h:enc".getBytes(),
        new byte[] {(byte) 0xFF, (byte) 0xFF}))).isEqualTo("hi".getBytes());
    mvc.perform(get("/hashes/h:enc/fields/AP8=?encoding=base64")).andExpect(content().json("{\"value\":\"aGk=\"}", true));
    // A raw ; is part of the field (Spring's path variables would end there).
    putJson("/hashes/h:enc/fields/x;y%C3%A9", "{\"value\":\"w\"}").andExpect(status().isOk());
    assertThat(hgetall("h:enc")).containsEntry("x;y\u00e9", "w");
    mvc.perform(get(URI.create("/hashes/h:enc/fields/x;y%C3%A9"))).andExpect(content().json("{\"value\":\"w\"}", true));
    mvc.perform(get(URI.create("/hashes/h:enc/fields/x")))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.detail").value("the hash has no field 'x'"));
    mvc.perform(get("/hashes/h:enc/fields/!!?encoding=base64"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", startsWith("field is not valid base64")));
  }

  @Test
  void deleteFields() throws Exception {
    redis("HSET", "h:del", "a", "1", "b", "2", "c", "3");
    postJson("/hashes/h:del/remove", "{\"fields\":[\"a\",\"zz\"]}")
        .andExpect(status().isOk())
        .andExpect(content().json("{\"removed\":1}", true));
    postJson("/hashes/h:del/remove", "{\"fields\":[\"b\",\"c\"]}")
        .andExpect(content().json("{\"removed\":2}", true))
        .andExpect(header().doesNotExist("ETag"));
    assertThat(redis("EXISTS", "h:del")).isEqualTo(Reply.ZERO);
    postJson("/hashes/h:del/remove", "{\"fields\":[\"a\"]}").andExpect(status().isNotFound());
  }

  @Test
  void increments() throws Exception {
    mvc.perform(post("/hashes/h:n/fields/visits/increment"))
        .andExpect(status().isCreated())
        .andExpect(content().json("{\"value\":1}", true));
    postJson("/hashes/h:n/fields/visits/increment", "{\"by\":41}")
        .andExpect(status().isOk())
        .andExpect(content().json("{\"value\":42}", true));
    postJson("/hashes/h:n/fields/visits/increment", "{\"by\":-0.5}")
        .andExpect(content().string("{\"value\":41.5}"));
    postJson("/hashes/h:n/fields/other/increment", "{\"by\":2.5e1}")
        .andExpect(status().isOk())
        .andExpect(content().string("{\"value\":25}"));
    postJson("/hashes/h:n/fields/visits/increment", "{\"by\":1}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR hash value is not an integer"))
        .andExpect(jsonPath("$.error").value("ERR"));
    postJson("/hashes/h:n/fields/visits/increment", "{\"by\":1e999999999}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR value is not a valid float"));
    postJson("/hashes/h:n/fields/visits/increment", "{\"by\":\"x\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/invalid-request"));
    redis("HSET", "h:n", "max", "9223372036854775807");
    postJson("/hashes/h:n/fields/max/increment", "{\"by\":1}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("ERR increment or decrement would overflow"));
    assertThat(hgetall("h:n")).containsEntry("visits", "41.5").containsEntry("max", "9223372036854775807");
  }

  @Test
  void lengthNamesValuesExistsStrlenRandom() throws Exception {
    redis("HSET", "h:info", "name", "Ada", "born", "1815");
    mvc.perform(get("/hashes/h:info/length")).andExpect(content().json("{\"length\":2}", true));
    mvc.perform(get("/hashes/h:info/fields")).andExpect(content().json("{\"fields\":[\"name\",\"born\"]}", true));
    mvc.perform(get("/hashes/h:info/values")).andExpect(content().json("{\"values\":[\"Ada\",\"1815\"]}", true));
    mvc.perform(get("/hashes/h:info/fields/name/exists")).andExpect(content().json("{\"exists\":true}", true));
    mvc.perform(get("/hashes/h:info/fields/nope/exists")).andExpect(content().json("{\"exists\":false}", true));
    mvc.perform(get("/hashes/h:info/fields/born/length")).andExpect(content().json("{\"length\":4}", true));
    mvc.perform(get("/hashes/h:info/fields/nope/length")).andExpect(content().json("{\"length\":0}", true));
    mvc.perform(get("/hashes/h:info/random"))
        .andExpect(jsonPath("$.entries", hasSize(1)))
        .andExpect(jsonPath("$.entries[0].field", oneOf("name", "born")));
    mvc.perform(get("/hashes/h:info/random?count=5"))
        .andExpect(jsonPath("$.entries", hasSize(2)));
    mvc.perform(get("/hashes/h:info/random?count=5&repeats=true"))
        .andExpect(jsonPath("$.entries", hasSize(5)));
    mvc.perform(get("/hashes/h:info/random?count=0")).andExpect(status().isBadRequest());
    for (String path : List.of("length", "fields", "values", "fields/name/exists", "fields/name/length", "random")) {
      mvc.perform(get("/hashes/h:missing/" + path)).andExpect(status().isNotFound());
    }
  }

  @Test
  void wrongTypeIs409AndNothingChanges() throws Exception {
    redis("SET", "h:str", "v");
    mvc.perform(get("/hashes/h:str"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.error").value("WRONGTYPE"));
    postJson("/hashes/h:str", "{\"fields\":{\"a\":\"1\"}}").andExpect(status().isConflict());
    putJson("/hashes/h:str/fields/a", "{\"value\":\"1\"}").andExpect(status().isConflict());
    mvc.perform(post("/hashes/h:str/fields/a/increment")).andExpect(status().isConflict());
    mvc.perform(delete("/hashes/h:str")).andExpect(status().isConflict());
    assertThat(redis("GET", "h:str")).isEqualTo(Reply.bulk("v"));
  }

  @Test
  void deleteIsTyped() throws Exception {
    redis("HSET", "h:gone", "a", "1");
    mvc.perform(delete("/hashes/h:gone")).andExpect(status().isNoContent());
    mvc.perform(delete("/hashes/h:gone")).andExpect(status().isNotFound());
  }

  @Test
  void etagsMakeWritesConditionalAndReadsCheap() throws Exception {
    String etag = postJson("/hashes/h:etag", "{\"fields\":{\"a\":\"1\"}}").andReturn().getResponse().getHeader("ETag");
    mvc.perform(get("/hashes/h:etag").header("If-None-Match", etag)).andExpect(status().isNotModified());
    mvc.perform(get("/hashes/h:etag/fields/a").header("If-None-Match", etag)).andExpect(status().isNotModified());
    putJson("/hashes/h:etag/fields/a", "{\"value\":\"2\"}");
    mvc.perform(put("/hashes/h:etag/fields/a").header("If-Match", etag).contentType(MediaType.APPLICATION_JSON)
            .content("{\"value\":\"3\"}"))
        .andExpect(status().isPreconditionFailed())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/precondition-failed"));
    mvc.perform(delete("/hashes/h:etag/fields/a").header("If-Match", etag)).andExpect(status().isPreconditionFailed());
    mvc.perform(post("/hashes/h:etag/fields/a/increment").header("If-Match", etag)).andExpect(status().isPreconditionFailed());
    mvc.perform(post("/hashes/h:new").header("If-Match", "*").contentType(MediaType.APPLICATION_JSON)
            .content("{\"fields\":{\"a\":\"1\"}}"))
        .andExpect(status().isPreconditionFailed());
    assertThat(redis("EXISTS", "h:new")).isEqualTo(Reply.ZERO);
    assertThat(hgetall("h:etag")).containsExactly(Map.entry("a", "2"));
    String now = mvc.perform(get("/hashes/h:etag")).andReturn().getResponse().getHeader("ETag");
    mvc.perform(put("/hashes/h:etag/fields/a").header("If-Match", now).contentType(MediaType.APPLICATION_JSON)
        .content("{\"value\":\"3\"}")).andExpect(status().isOk());
    assertThat(hgetall("h:etag")).containsExactly(Map.entry("a", "3"));
  }

  @Test
  void badInputIs4xxAndChangesNothing() throws Exception {
    redis("HSET", "h:bad", "a", "1");
    postJson("/hashes/h:bad", "{\"fields\":[\"a\",\"2\"]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("field 'fields' must be an object, got an array"));
    postJson("/hashes/h:bad", "{\"fields\":{\"a\":null}}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", startsWith("invalid request body: field 'fields[a]")));
    postJson("/hashes/h:bad", "{\"fields\":{}}").andExpect(status().isBadRequest());
    postJson("/hashes/h:bad", "{\"fields\":{\"a\":{\"x\":1}}}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("field 'fields.a' must be a string, got an object"));
    putJson("/hashes/h:bad/fields/a", "{\"value\":[\"2\"]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("field 'value' must be a string, got an array"));
    putJson("/hashes/h:bad/fields/a", "{}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("invalid request body: field 'value' must not be null"));
    putJson("/hashes/h:bad/fields/a", "{\"value\":\"" + "x".repeat(65) + "\"}")
        .andExpect(status().isPayloadTooLarge())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/too-large"));
    mvc.perform(get("/hashes/h:bad?field=a&encoding=hex"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("parameter 'encoding' must be one of [utf8, base64], got 'hex'"));
    mvc.perform(get("/hashes/h:bad/random?count=-5")).andExpect(status().isBadRequest());
    mvc.perform(get("/hashes/h:bad/random?count=101"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/too-many-elements"));
    StringBuilder many = new StringBuilder("{\"fields\":{");
    for (int i = 0; i < 101; i++) {
      many.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":\"v\"");
    }
    postJson("/hashes/h:bad", many.append("}}").toString())
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("https://restis.io/problems/too-many-elements"));
    assertThat(hgetall("h:bad")).containsExactly(Map.entry("a", "1"));
  }

  @Test
  void base64FieldsAndValuesBothWays() throws Exception {
    postJson("/hashes/h:b64?encoding=base64", "{\"fields\":{\"AP8=\":\"aGk=\"}}").andExpect(status().isCreated());
    mvc.perform(get("/hashes/h:b64?encoding=base64")).andExpect(content().json("{\"fields\":{\"AP8=\":\"aGk=\"}}", true));
    mvc.perform(get("/hashes/h:b64?encoding=base64&field=AP8=&field=AA=="))
        .andExpect(content().string("{\"fields\":{\"AP8=\":\"aGk=\"}}"));
    postJson("/hashes/h:b64?encoding=base64", "{\"fields\":{\"%%\":\"aGk=\"}}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail", startsWith("the field name '%%' is not valid base64")));
  }
}
