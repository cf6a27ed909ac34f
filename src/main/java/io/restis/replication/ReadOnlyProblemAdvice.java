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
 * (the detail stays Redis's text, word for word).
 */
@RestControllerAdvice
public class ReadOnlyProblemAdvice implements ResponseBodyAdvice<Object> {

  /** Absent in web slices of other controllers, which run without replication. */
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
    ReplicationService replication = service.getIfAvailable();
    if (body instanceof ProblemDetail p && replication != null) {
      Map<String, Object> props = p.getProperties();
      String leader = replication.leaderUrl();
      if (props != null && "READONLY".equals(props.get("error")) && leader != null) {
        p.setProperty("leader", leader);
      }
    }
    return body;
  }
}
