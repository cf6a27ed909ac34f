package io.restis.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Protected mode with no token configured: the real filter chain, driven through MockMvc with the
 * servlet request's remote address set off loopback (every 127.0.0.0/8 address is loopback, so a
 * real socket from this machine cannot show what a remote client gets).
 */
@SpringBootTest
class ProtectedModeTest {

  static final String DENIED = "DENIED Restis is running in protected mode because no tokens are configured "
      + "(restis.security.tokens). In this mode only clients on the loopback interface are answered. To accept other "
      + "clients, either configure at least one client token and send it as 'Authorization: Bearer <token>', or, on "
      + "a network you trust as a whole, turn protected mode off with restis.security.protected-mode=false.";

  @Autowired
  WebApplicationContext context;

  MockMvc mvc;

  @BeforeEach
  void setUp() {
    mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
  }

  static RequestPostProcessor from(String address) {
    return request -> {
      request.setRemoteAddr(address);
      return request;
    };
  }

  @Test
  void remoteClientsAreRefusedWithTheReason() throws Exception {
    for (String remote : new String[] {"203.0.113.7", "10.0.0.1", "192.168.1.20", "::ffff:10.0.0.1", "fe80::1",
        "2001:db8::1", "localhost", "", "127.0.0.1.evil"}) {
      mvc.perform(post("/redis").with(from(remote)).contentType(MediaType.APPLICATION_JSON).content("[\"PING\"]"))
          .andExpect(status().isForbidden())
          .andExpect(content().contentType(MediaType.APPLICATION_JSON))
          .andExpect(jsonPath("$.error").value(DENIED));
      mvc.perform(get("/strings/k").with(from(remote)))
          .andExpect(status().isForbidden())
          .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(jsonPath("$.type").value("https://restis.io/problems/forbidden"))
          .andExpect(jsonPath("$.error").value("DENIED"))
          .andExpect(jsonPath("$.detail").value(DENIED));
    }
    // a token changes nothing while none is configured
    mvc.perform(post("/redis").with(from("203.0.113.7")).header("Authorization", "Bearer whatever-it-is-0123")
            .contentType(MediaType.APPLICATION_JSON).content("[\"PING\"]"))
        .andExpect(status().isForbidden());
  }

  @Test
  void loopbackClientsRunEverything() throws Exception {
    for (String local : new String[] {"127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"}) {
      mvc.perform(post("/redis").with(from(local)).contentType(MediaType.APPLICATION_JSON).content("[\"PING\"]"))
          .andExpect(status().isOk())
          .andExpect(content().string("{\"result\":\"PONG\"}"));
    }
    mvc.perform(post("/redis").with(from("127.0.0.1")).header("Authorization", "Bearer anything-0123456789")
            .contentType(MediaType.APPLICATION_JSON).content("[\"FLUSHALL\"]"))
        .andExpect(status().isOk());
  }

  @Test
  void healthProbesAnswerEveryone() throws Exception {
    for (String path : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
      mvc.perform(get(path).with(from("10.1.2.3"))).andExpect(status().isOk());
    }
    mvc.perform(get("/actuator").with(from("10.1.2.3"))).andExpect(status().isForbidden());
  }

  @Test
  void theLoopbackTest() {
    assertThat(ClientAddress.isLoopback("127.0.0.1")).isTrue();
    assertThat(ClientAddress.isLoopback("127.255.255.254")).isTrue();
    assertThat(ClientAddress.isLoopback("::1")).isTrue();
    assertThat(ClientAddress.isLoopback("[::1]")).isTrue();
    assertThat(ClientAddress.isLoopback("::ffff:127.0.0.1")).isTrue();
    assertThat(ClientAddress.isLoopback("128.0.0.1")).isFalse();
    assertThat(ClientAddress.isLoopback("0.0.0.0")).isFalse();
    assertThat(ClientAddress.isLoopback("localhost")).isFalse(); // names are never looked up
    assertThat(ClientAddress.isLoopback(null)).isFalse();
    assertThat(ClientAddress.bucketKey("2001:db8:1:2:3:4:5:6")).isEqualTo(ClientAddress.bucketKey("2001:db8:1:2::9"));
    assertThat(ClientAddress.bucketKey("2001:db8:1:2::9")).isNotEqualTo(ClientAddress.bucketKey("2001:db8:1:3::9"));
    assertThat(ClientAddress.bucketKey("203.0.113.7")).isEqualTo("203.0.113.7");
  }
}
