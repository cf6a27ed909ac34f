package io.restis.security;

import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** Protected mode turned off: with no token configured, remote clients run everything. */
@SpringBootTest(properties = "restis.security.protected-mode=false")
class ProtectedModeOffTest {

  @Autowired
  WebApplicationContext context;

  @Test
  void remoteClientsAreServed() throws Exception {
    MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    mvc.perform(post("/redis").with(ProtectedModeTest.from("203.0.113.7")).contentType(MediaType.APPLICATION_JSON)
            .content("[\"PING\"]"))
        .andExpect(status().isOk())
        .andExpect(content().string("{\"result\":\"PONG\"}"));
  }
}
