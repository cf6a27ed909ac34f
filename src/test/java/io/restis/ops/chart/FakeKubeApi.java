package io.restis.ops.chart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A stand-in for the Kubernetes API, just enough for Helm's {@code lookup} of a Secret: the v1
 * discovery document, and GET of a Secret by namespace and name (404 unless one was put here).
 *
 * <p>helm-java renders templates as a client-side dry-run install that still connects to the
 * cluster of the kubeconfig for {@code lookup} (the real {@code helm template} does not). Without
 * a cluster it would try localhost:8080. Maven's Surefire points {@code KUBECONFIG} at
 * {@code target/chart-test/kubeconfig}; {@link #start} writes that file naming this server, on
 * loopback. It also lets the tests put an existing Secret in place, as an upgrade would find it.
 */
final class FakeKubeApi implements AutoCloseable {

  private static final String DISCOVERY = """
      {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
      {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret",
      "verbs":["create","delete","get","list","patch","update","watch"]}]}""";

  private final HttpServer server;
  private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();
  private final Map<String, Integer> gets = new ConcurrentHashMap<>();

  private FakeKubeApi(HttpServer server) {
    this.server = server;
  }

  /** Starts the server on a free loopback port and writes the kubeconfig Surefire names. */
  static FakeKubeApi start() throws IOException {
    String kubeconfig = System.getenv("KUBECONFIG");
    if (kubeconfig == null || kubeconfig.isBlank()) {
      throw new IllegalStateException("KUBECONFIG is not set: run the chart tests through Maven (Surefire sets it)");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeKubeApi api = new FakeKubeApi(server);
    server.createContext("/", api::handle);
    server.start();
    Path file = Path.of(kubeconfig);
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
          - name: fake
            cluster:
              server: http://127.0.0.1:%d
        contexts:
          - name: fake
            context:
              cluster: fake
              user: fake
        current-context: fake
        users:
          - name: fake
            user: {}
        """.formatted(server.getAddress().getPort()));
    return api;
  }

  /** Puts a Secret in place (values as plain text; served base64-encoded, as the API does). */
  void putSecret(String namespace, String name, Map<String, String> data) {
    secrets.put(namespace + "/" + name, data);
  }

  void clear() {
    secrets.clear();
    gets.clear();
  }

  /** How many times the Secret was asked for. */
  int gets(String namespace, String name) {
    return gets.getOrDefault(namespace + "/" + name, 0);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (path.equals("/api/v1")) {
      send(ex, 200, DISCOVERY);
      return;
    }
    String[] p = path.split("/");
    // /api/v1/namespaces/{ns}/secrets/{name}
    if (p.length == 7 && p[3].equals("namespaces") && p[5].equals("secrets") && ex.getRequestMethod().equals("GET")) {
      String id = p[4] + "/" + p[6];
      gets.merge(id, 1, Integer::sum);
      Map<String, String> data = secrets.get(id);
      if (data != null) {
        String encoded = data.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\":\"" + Base64.getEncoder().encodeToString(
                e.getValue().getBytes(StandardCharsets.UTF_8)) + "\"")
            .collect(Collectors.joining(","));
        send(ex, 200, "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + p[6]
            + "\",\"namespace\":\"" + p[4] + "\"},\"type\":\"Opaque\",\"data\":{" + encoded + "}}");
        return;
      }
    }
    send(ex, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"not found\",\"reason\":\"NotFound\",\"code\":404}");
  }

  private static void send(HttpExchange ex, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
