package io.restis.diff;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Restis through its command endpoint: each batch is one {@code POST /redis/pipeline}, answered by
 * an array of {"result": ...} / {"error": "..."}. By default it asks for the SDK's
 * {@code Upstash-Encoding: base64}, so every string comes back as the exact bytes the engine
 * holds and is decoded here the same way the RESP client decodes Redis's bytes.
 */
final class HttpTarget implements Target {

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final URI pipeline;
  private final boolean base64;

  HttpTarget(String baseUrl, boolean base64) {
    this.pipeline = URI.create(baseUrl + "/redis/pipeline");
    this.base64 = base64;
  }

  @Override
  public String name() {
    return "restis";
  }

  @Override
  public List<Object> run(List<List<String>> commands) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(pipeline)
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.commands(commands), StandardCharsets.UTF_8));
    if (base64) {
      req.header("Upstash-Encoding", "base64");
    }
    HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (resp.statusCode() != 200) {
      throw new IllegalStateException("pipeline answered " + resp.statusCode() + ": " + resp.body());
    }
    Object parsed = Json.parse(resp.body());
    if (!(parsed instanceof List<?> items) || items.size() != commands.size()) {
      throw new IllegalStateException("pipeline answered " + abbreviate(resp.body()) + " to " + commands.size()
          + " commands");
    }
    List<Object> out = new ArrayList<>(items.size());
    for (Object item : items) {
      if (!(item instanceof Map<?, ?> m)) {
        throw new IllegalStateException("pipeline item is not an object: " + item);
      }
      if (m.containsKey("error")) {
        out.add(new Err(String.valueOf(m.get("error"))));
      } else if (m.containsKey("result")) {
        out.add(plain(m.get("result")));
      } else {
        throw new IllegalStateException("pipeline item without result or error: " + m);
      }
    }
    return out;
  }

  private Object plain(Object v) {
    if (v instanceof String s) {
      return base64 ? new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8) : s;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object x : l) {
        out.add(plain(x));
      }
      return out;
    }
    return v; // Long, null; anything else shows up as a mismatch
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
