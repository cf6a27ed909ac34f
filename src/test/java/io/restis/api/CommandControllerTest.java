package io.restis.api;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.restis.config.ApiConfiguration;
import io.restis.config.EngineConfiguration;
import io.restis.realtime.RealtimeConfiguration;
import io.restis.support.TestTableConfiguration;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The command controller in the MVC slice: routing, status codes and bodies. */
@WebMvcTest(controllers = CommandController.class,
    properties = {"restis.limits.max-body-size=1KB", "restis.limits.max-commands=4", "restis.limits.max-key-size=16B"})
@Import({EngineConfiguration.class, ApiConfiguration.class, RealtimeConfiguration.class, TestTableConfiguration.class})
class CommandControllerTest {

  @Autowired
  MockMvc mvc;

  @Test
  void singleCommand() throws Exception {
    mvc.perform(post("/redis").contentType(MediaType.APPLICATION_JSON).content("[\"SET\",\"mvc:k\",\"v\"]"))
        .andExpect(status().isOk())
        .andExpect(content().contentType(MediaType.APPLICATION_JSON))
        .andExpect(header().exists("upstash-sync-token"))
        .andExpect(content().string("{\"result\":\"OK\"}"));
    mvc.perform(post("/redis/").contentType(MediaType.APPLICATION_JSON).content("[\"get\",\"mvc:k\"]"))
        .andExpect(status().isOk())
        .andExpect(content().string("{\"result\":\"v\"}"));
    mvc.perform(post("/redis").contentType(MediaType.APPLICATION_JSON).content("[\"GET\",\"mvc:none\"]"))
        .andExpect(content().string("{\"result\":null}"));
  }

  @Test
  void commandErrorIs400WithTheRedisText() throws Exception {
    mvc.perform(post("/redis").contentType(MediaType.APPLICATION_JSON).content("[\"GET\"]"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string("{\"error\":\"ERR wrong number of arguments for 'get' command\"}"));
    mvc.perform(post("/redis").contentType(MediaType.APPLICATION_JSON).content("[\"NOPE\",\"a\"]"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string("{\"error\":\"ERR unknown command 'NOPE', with args beginning with: 'a' \"}"));
  }

  @Test
  void pipelineAndTransaction() throws Exception {
    mvc.perform(post("/redis/pipeline").contentType(MediaType.APPLICATION_JSON)
            .content("[[\"SET\",\"mvc:p\",\"x\"],[\"INCR\",\"mvc:p\"],[\"GET\",\"mvc:p\"]]"))
        .andExpect(status().isOk())
        .andExpect(content().string("[{\"result\":\"OK\"},"
            + "{\"error\":\"ERR value is not an integer or out of range\"},{\"result\":\"x\"}]"));
    mvc.perform(post("/redis/multi-exec").contentType(MediaType.APPLICATION_JSON)
            .content("[[\"SET\",\"mvc:t\",\"1\"],[\"INCR\",\"mvc:t\"]]"))
        .andExpect(status().isOk())
        .andExpect(content().string("[{\"result\":\"OK\"},{\"result\":2}]"));
    mvc.perform(post("/redis/multi-exec").contentType(MediaType.APPLICATION_JSON)
            .content("[[\"SET\",\"mvc:t\",\"1\"],[\"NOPE\"]]"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string("{\"error\":\"EXECABORT Transaction discarded because of previous errors.\"}"));
  }

  @Test
  void pathStyle() throws Exception {
    mvc.perform(get(URI.create("/redis/set/mvc:a%2Fb/hello%20world")))
        .andExpect(status().isOk())
        .andExpect(content().string("{\"result\":\"OK\"}"));
    mvc.perform(post(URI.create("/redis/get/mvc:a%2Fb")))
        .andExpect(content().string("{\"result\":\"hello world\"}"));
    mvc.perform(post(URI.create("/redis/set/mvc:body")).contentType(MediaType.APPLICATION_OCTET_STREAM)
            .content(new byte[] {0, (byte) 0xFF}))
        .andExpect(content().string("{\"result\":\"OK\"}"));
    mvc.perform(get(URI.create("/redis/get/mvc:body")).header("Upstash-Encoding", "base64"))
        .andExpect(content().string("{\"result\":\"AP8=\"}"));
  }

  @Test
  void base64() throws Exception {
    mvc.perform(post("/redis").header("Upstash-Encoding", "base64").contentType(MediaType.APPLICATION_JSON)
            .content("[\"PING\"]"))
        .andExpect(content().string("{\"result\":\"UE9ORw==\"}"));
  }

  @Test
  void refusals() throws Exception {
    mvc.perform(post("/redis").contentType(MediaType.APPLICATION_JSON).content("[\"SET\","))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_JSON))
        .andExpect(content().string(org.hamcrest.Matchers.startsWith("{\"error\":\"ERR invalid JSON: ")));
    mvc.perform(post("/redis").contentType(MediaType.APPLICATION_JSON).content("[]"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string("{\"error\":\"ERR empty command: the array must start with the command name\"}"));
    mvc.perform(post("/redis").contentType(MediaType.APPLICATION_XML).content("[\"PING\"]"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().string("{\"error\":\"ERR unsupported media type 'application/xml': "
            + "send the command as a JSON array with Content-Type application/json\"}"));
    mvc.perform(post("/redis").contentType(MediaType.APPLICATION_JSON).content("[\"ECHO\",\"" + "x".repeat(1100) + "\"]"))
        .andExpect(status().isPayloadTooLarge())
        .andExpect(content().string("{\"error\":\"ERR request body exceeds 1024 bytes (restis.limits.max-body-size)\"}"));
    mvc.perform(post("/redis/pipeline").contentType(MediaType.APPLICATION_JSON)
            .content("[[\"PING\"],[\"PING\"],[\"PING\"],[\"PING\"],[\"PING\"]]"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string("{\"error\":\"ERR too many commands: at most 4 per request (restis.limits.max-commands)\"}"));
    mvc.perform(post("/redis").contentType(MediaType.APPLICATION_JSON).content("[\"SET\",\"" + "k".repeat(17) + "\",\"v\"]"))
        .andExpect(status().isBadRequest())
        .andExpect(content().string("{\"error\":\"ERR key exceeds 16 bytes (restis.limits.max-key-size)\"}"));
    mvc.perform(post("/redis").contentType(MediaType.APPLICATION_JSON).content("[\"SET\",\"k\",\"" + "v".repeat(17) + "\"]"))
        .andExpect(status().isOk());
  }
}
