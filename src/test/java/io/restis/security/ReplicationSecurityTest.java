package io.restis.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.restis.security.SecureHttp.Answer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The replication endpoints authenticate with the replication secret alone: a client token never
 * works there (not even the admin's), the secret works nowhere else, and protected mode does not
 * keep remote followers out. The replication admin resource and REPLICAOF need the admin scope.
 */
class ReplicationSecurityTest {

  static final String SECRET = "repl-secret-0123456789";
  static final String ACK = "{\"id\":\"f1\",\"replId\":\"x\",\"offset\":0}";

  @Nested
  @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
      "restis.replication.secret=" + SECRET,
      "restis.security.tokens[0].name=admin",
      "restis.security.tokens[0].token=admin-token-0123456789",
      "restis.security.tokens[0].rules=+@all ~* &*",
      "restis.security.tokens[1].name=app",
      "restis.security.tokens[1].token=app-token-0123456789",
      "restis.security.tokens[1].rules=+@all -@admin ~*"})
  class WithTokens {

    @LocalServerPort
    int port;

    @Test
    void clientTokensNeverAuthenticateReplication() throws Exception {
      SecureHttp http = new SecureHttp(port);
      Answer admin = http.send("POST", "/replication/ack", "admin-token-0123456789", ACK);
      assertThat(admin.status()).as(admin.toString()).isEqualTo(403);
      assertThat(admin.json().get("detail").asString()).isEqualTo("wrong replication secret");
      Answer none = http.send("POST", "/replication/ack", null, ACK);
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"restis-replication\"");
      assertThat(none.body()).doesNotContain("NOAUTH"); // the replication guard answered, not the client chain
      Answer secret = http.send("POST", "/replication/ack", SECRET, ACK);
      assertThat(secret.status()).as(secret.toString()).isNotIn(401, 403);
      // and the secret is no client token
      Answer asClient = http.redis(SECRET, "[\"PING\"]");
      assertThat(asClient.status()).isEqualTo(401);
      assertThat(asClient.body()).contains("WRONGPASS");
      assertThat(http.get("/admin/replication", SECRET).status()).isEqualTo(401);
    }

    @Test
    void replicationAdministrationNeedsTheAdminScope() throws Exception {
      SecureHttp http = new SecureHttp(port);
      assertThat(http.get("/admin/replication", "admin-token-0123456789").status()).isEqualTo(200);
      Answer app = http.get("/admin/replication", "app-token-0123456789");
      assertThat(app.status()).isEqualTo(403);
      assertThat(app.json().get("error").asString()).isEqualTo("NOPERM");
      assertThat(http.send("POST", "/admin/replication/promote", "app-token-0123456789", null).status())
          .isEqualTo(403);
      assertThat(http.send("POST", "/admin/replication/promote", null, null).status()).isEqualTo(401);
      Answer replicaof = http.redis("app-token-0123456789", "[\"REPLICAOF\",\"NO\",\"ONE\"]");
      assertThat(replicaof.status()).isEqualTo(403);
      assertThat(replicaof.body()).isEqualTo(
          "{\"error\":\"NOPERM this user has no permissions to run the 'replicaof' command\"}");
      assertThat(http.get("/actuator/prometheus", "app-token-0123456789").status()).isEqualTo(403);
      assertThat(http.get("/actuator/prometheus", null).status()).isEqualTo(401);
      Answer metrics = http.get("/actuator/prometheus", "admin-token-0123456789");
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.body()).contains("restis_");
    }
  }

  @Nested
  @SpringBootTest(properties = "restis.replication.secret=" + SECRET)
  class InProtectedMode {

    @Autowired
    WebApplicationContext context;

    @Test
    void remoteFollowersReachTheGuardWhileRemoteClientsAreRefused() throws Exception {
      MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
      MockHttpServletResponse follower = mvc.perform(post("/replication/ack").with(ProtectedModeTest.from("10.0.0.5"))
          .header("Authorization", "Bearer " + SECRET).contentType(MediaType.APPLICATION_JSON).content(ACK))
          .andReturn().getResponse();
      assertThat(follower.getStatus()).as(follower.getContentAsString()).isNotIn(401, 403);
      MockHttpServletResponse wrong = mvc.perform(post("/replication/ack").with(ProtectedModeTest.from("10.0.0.5"))
          .header("Authorization", "Bearer nope").contentType(MediaType.APPLICATION_JSON).content(ACK))
          .andReturn().getResponse();
      assertThat(wrong.getStatus()).isEqualTo(403);
      assertThat(wrong.getContentAsString()).contains("wrong replication secret").doesNotContain("DENIED");
      MockHttpServletResponse client = mvc.perform(post("/redis").with(ProtectedModeTest.from("10.0.0.5"))
          .header("Authorization", "Bearer " + SECRET).contentType(MediaType.APPLICATION_JSON).content("[\"PING\"]"))
          .andReturn().getResponse();
      assertThat(client.getStatus()).isEqualTo(403);
      assertThat(client.getContentAsString()).contains("DENIED Restis is running in protected mode");
    }
  }
}
