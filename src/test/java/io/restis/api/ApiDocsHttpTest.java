package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.api.Http.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The served OpenAPI document describes every resource operation completely: an operation id, a
 * summary, the key path parameter and conditional headers where a key is involved, a documented
 * success answer, and the shared problem responses; Swagger UI is served.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ApiDocsHttpTest {

  private static final List<String> RESOURCES = List.of("/keys", "/strings", "/lists");

  @LocalServerPort
  int port;

  @Test
  void everyResourceOperationIsDocumented() throws Exception {
    JsonNode docs = new Http(port).get("/v3/api-docs").json();
    assertThat(docs.get("components").get("schemas").has(ResourceApiDocs.PROBLEM_SCHEMA)).isTrue();
    assertThat(docs.get("components").get("responses").has("WrongType")).isTrue();
    List<String> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : docs.get("paths").properties()) {
      if (RESOURCES.stream().noneMatch(r -> path.getKey().equals(r) || path.getKey().startsWith(r + "/"))) {
        continue;
      }
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        String name = op.getKey().toUpperCase() + " " + path.getKey();
        operations.add(name);
        JsonNode o = op.getValue();
        assertThat(o.get("operationId").asString()).as(name).isNotBlank().doesNotContain("_");
        assertThat(o.get("summary").asString()).as(name).isNotBlank();
        JsonNode responses = o.get("responses");
        assertThat(responses.has("400")).as(name).isTrue();
        boolean success = false;
        for (Map.Entry<String, JsonNode> r : responses.properties()) {
          if (r.getKey().startsWith("2")) {
            success = true;
            assertThat(r.getValue().get("headers").has("upstash-sync-token")).as(name).isTrue();
            if (!r.getKey().equals("204")) {
              assertThat(r.getValue().get("content").findValue("schema")).as(name + " " + r.getKey()).isNotNull();
            }
          }
        }
        assertThat(success).as(name).isTrue();
        if (path.getKey().contains("{key}")) {
          List<String> params = new ArrayList<>();
          o.get("parameters").forEach(p -> params.add(p.get("in").asString() + ":" + p.get("name").asString()));
          assertThat(params).as(name).contains("path:key", "header:If-None-Match").doesNotHaveDuplicates();
          if (!op.getKey().equals("get")) {
            assertThat(params).as(name).contains("header:If-Match");
          }
          assertThat(responses.has("404")).as(name).isTrue();
          assertThat(responses.has("412")).as(name).isTrue();
        }
        if (o.has("requestBody")) {
          assertThat(responses.has("415")).as(name).isTrue();
          assertThat(responses.has("413")).as(name).isTrue();
        }
      }
    }
    assertThat(operations).contains("GET /keys", "GET /keys/{key}", "DELETE /keys/{key}", "POST /keys/{key}/rename",
        "PUT /keys/{key}/ttl", "DELETE /keys/{key}/ttl",
        "GET /strings", "POST /strings", "GET /strings/{key}", "PUT /strings/{key}", "DELETE /strings/{key}",
        "POST /strings/{key}/increment", "POST /strings/{key}/append", "GET /strings/{key}/range",
        "PUT /strings/{key}/range",
        "GET /lists/{key}", "DELETE /lists/{key}", "POST /lists/{key}/{end}", "DELETE /lists/{key}/{end}",
        "GET /lists/{key}/items/{index}", "PUT /lists/{key}/items/{index}", "POST /lists/{key}/insert",
        "POST /lists/{key}/remove", "POST /lists/{key}/trim", "POST /lists/{key}/move");
    JsonNode put = docs.get("paths").get("/strings/{key}").get("put").get("requestBody").get("content");
    assertThat(put.has("application/json")).isTrue();
    assertThat(put.has("application/octet-stream")).isTrue();
  }

  @Test
  void swaggerUiIsServed() throws Exception {
    Answer ui = new Http(port).get("/swagger-ui/index.html");
    assertThat(ui.status()).isEqualTo(200);
    assertThat(ui.body()).contains("swagger-ui");
  }
}
