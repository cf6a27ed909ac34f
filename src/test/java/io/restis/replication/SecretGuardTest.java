package io.restis.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.HandlerMethod;

/** The shared secret on the replication endpoints: who gets through and what the others are told. */
class SecretGuardTest {

  private static HandlerMethod replicationHandler() throws NoSuchMethodException {
    return new HandlerMethod(new ReplicationController(null),
        ReplicationController.class.getMethod("ack", Protocol.AckRequest.class));
  }

  private static MockHttpServletResponse call(SecretGuard guard, Object handler, String auth) throws Exception {
    MockHttpServletRequest req = new MockHttpServletRequest("POST", "/replication/ack");
    if (auth != null) {
      req.addHeader("Authorization", auth);
    }
    MockHttpServletResponse res = new MockHttpServletResponse();
    boolean passed = guard.preHandle(req, res, handler);
    if (passed) {
      res.setStatus(299); // marks "let through"
    }
    return res;
  }

  @Test
  void onlyTheSecretGetsThrough() throws Exception {
    SecretGuard guard = new SecretGuard("s3cret");
    HandlerMethod h = replicationHandler();
    assertThat(call(guard, h, "Bearer s3cret").getStatus()).isEqualTo(299);
    assertThat(call(guard, h, "bearer s3cret").getStatus()).isEqualTo(299);
    MockHttpServletResponse none = call(guard, h, null);
    assertThat(none.getStatus()).isEqualTo(401);
    assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"restis-replication\"");
    assertThat(none.getContentType()).isEqualTo("application/problem+json");
    assertThat(none.getContentAsString()).contains("\"status\":401");
    assertThat(call(guard, h, "Basic czNjcmV0").getStatus()).isEqualTo(401);
    assertThat(call(guard, h, "Bearer s3cre").getStatus()).isEqualTo(403);
    assertThat(call(guard, h, "Bearer s3cretx").getStatus()).isEqualTo(403);
    assertThat(call(guard, h, "Bearer ").getStatus()).isEqualTo(403);
  }

  @Test
  void aNodeWithoutASecretRefusesEveryone() throws Exception {
    SecretGuard guard = new SecretGuard("");
    MockHttpServletResponse r = call(guard, replicationHandler(), "Bearer ");
    assertThat(r.getStatus()).isEqualTo(403);
    assertThat(r.getContentAsString()).contains("restis.replication.secret is not set");
  }

  @Test
  void otherHandlersAreNotItsBusiness() throws Exception {
    SecretGuard guard = new SecretGuard("s3cret");
    HandlerMethod other = new HandlerMethod(new ReplicationAdminController(null),
        ReplicationAdminController.class.getMethod("status"));
    assertThat(call(guard, other, null).getStatus()).isEqualTo(299);
    assertThat(call(guard, new Object(), null).getStatus()).isEqualTo(299);
  }
}
