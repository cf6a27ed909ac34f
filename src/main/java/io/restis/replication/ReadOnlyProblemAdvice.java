package io.restis.replication;

import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * A READONLY problem from a follower names the leader to write to, in a {@code leader} property
 * (the detail stays Redis's text, word for word). The service is looked up lazily: MVC test
 * slices load every controller advice but not the replication service, and then there is no leader
 * to name.
 */
@RestControllerAdvice
public class ReadOnlyProblemAdvice implements ResponseBodyAdvice<Object> {

  private final ObjectProvider<ReplicationService> service;

  public ReadOnlyProblemAdvice(ObjectProvider<ReplicationService> service) {
    this.service = service;
  }

  @Override
  public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
      Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
    if (body instanceof ProblemDetail p) {
      Map<String, Object> props = p.getProperties();
      ReplicationService replication = service.getIfAvailable();
      String leader = replication == null ? null : replication.leaderUrl();
      if (props != null && "READONLY".equals(props.get("error")) && leader != null) {
        p.setProperty("leader", leader);
      }
    }
    return body;
  }
}
