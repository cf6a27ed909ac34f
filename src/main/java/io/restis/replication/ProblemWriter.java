package io.restis.replication;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problems written straight to the response, for the refusals made before a controller
 * runs (the secret check, the wait for an offset), in the same shape as the resources' problems.
 */
final class ProblemWriter {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String TYPE_BASE = "https://restis.io/problems/";

  private ProblemWriter() {}

  static void write(HttpServletRequest request, HttpServletResponse response, int status, String slug, String title,
      String detail, Map<String, Object> extra) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_BASE + slug);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", request.getRequestURI());
    body.putAll(extra);
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response.getOutputStream().write(JSON.writeValueAsBytes(body));
  }
}
