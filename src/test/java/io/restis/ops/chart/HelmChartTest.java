package io.restis.ops.chart;

import static io.restis.ops.chart.Rendered.container;
import static io.restis.ops.chart.Rendered.envValue;
import static io.restis.ops.chart.Rendered.list;
import static io.restis.ops.chart.Rendered.path;
import static io.restis.ops.chart.Rendered.secretData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Helm chart (helm/restis) through helm-java, which bundles Helm as a native library: lint,
 * renders with the default and with non-default values checked object by object, the schema
 * refusing bad values, and the generated secrets kept across upgrades (Helm's lookup, against
 * {@link FakeKubeApi}). The probe and scrape paths the chart renders are asked of this very
 * application, running beside the test: they must answer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class HelmChartTest {

  static final Path CHART = Path.of("helm", "restis");
  static final String RELEASE = "demo";
  static final String NAMESPACE = "stores";

  private static FakeKubeApi api;

  @TempDir
  Path tmp;

  @LocalServerPort
  int port;

  @BeforeAll
  static void kubernetes() throws IOException {
    api = FakeKubeApi.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void noSecretYet() {
    api.clear();
  }

  private Rendered render(Map<String, Object> values) throws IOException {
    TemplateCommand t = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
    if (!values.isEmpty()) {
      Path file = Files.createTempFile(tmp, "values", ".yaml");
      Files.writeString(file, new Yaml().dump(values));
      t = t.withValuesFile(file);
    }
    return new Rendered(t.call());
  }

  /** A nested map from alternating dotted paths and values: values("a.b", 1, "a.c", "x"). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> values(Object... pathsAndValues) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndValues.length; i += 2) {
      String[] steps = ((String) pathsAndValues[i]).split("\\.");
      Map<String, Object> m = root;
      for (int s = 0; s < steps.length - 1; s++) {
        m = (Map<String, Object>) m.computeIfAbsent(steps[s], k -> new LinkedHashMap<>());
      }
      m.put(steps[steps.length - 1], pathsAndValues[i + 1]);
    }
    return root;
  }

  private int get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }

  @Test
  void lintsClean() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.valueOf(lint.getMessages())).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void defaultsRenderALeaderWithStorageFollowersServicesAndABudget() throws IOException {
    Rendered r = render(Map.of());
    assertThat(r.kind("StatefulSet")).hasSize(2);
    assertThat(r.kind("Service")).hasSize(4);
    assertThat(r.kind("ConfigMap")).hasSize(1);
    assertThat(r.kind("Secret")).hasSize(1);
    assertThat(r.kind("PodDisruptionBudget")).hasSize(1);
    assertThat(r.kind("ServiceMonitor")).as("optional, off by default").isEmpty();

    Map<String, Object> leader = r.statefulSet("leader");
    assertThat((Object) path(leader, "spec.replicas")).isEqualTo(1);
    Map<String, Object> claim = list(leader, "spec.volumeClaimTemplates").get(0);
    assertThat((Object) path(claim, "metadata.name")).isEqualTo("data");
    assertThat((Object) path(claim, "spec.resources.requests.storage")).isEqualTo("8Gi");
    assertThat(mounts(container(leader))).containsEntry("data", "/data").containsEntry("tmp", "/tmp");
    assertThat(envValue(container(leader), "RESTIS_PERSISTENCE_DIR")).isEqualTo("/data");
    assertThat(envValue(container(leader), "RESTIS_REPLICATION_ROLE")).isEqualTo("leader");
    assertThat(envValue(container(leader), "RESTIS_REPLICATION_LEADER_URL")).isNull();

    Map<String, Object> followers = r.statefulSet("follower");
    assertThat((Object) path(followers, "spec.replicas")).isEqualTo(2);
    assertThat(list(followers, "spec.volumeClaimTemplates")).as("followers: emptyDir by default").isEmpty();
    assertThat(volumes(followers)).containsKey("data");
    assertThat((Object) path(volumes(followers).get("data"), "emptyDir")).isNotNull();

    // The budget covers the followers only: a budget for the single leader would block drains.
    Map<String, Object> pdb = r.kind("PodDisruptionBudget").get(0);
    assertThat((Object) path(pdb, "spec.maxUnavailable")).isEqualTo(1);
    assertThat((Map<String, Object>) path(pdb, "spec.selector.matchLabels"))
        .isEqualTo(path(followers, "spec.selector.matchLabels"));

    for (Map<String, Object> sts : List.of(leader, followers)) {
      Map<String, Object> c = container(sts);
      // Non-root, read-only root file system, nothing extra.
      assertThat((Object) path(sts, "spec.template.spec.securityContext.runAsNonRoot")).isEqualTo(true);
      assertThat((Object) path(sts, "spec.template.spec.securityContext.runAsUser")).isEqualTo(10001);
      assertThat((Object) path(c, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
      assertThat((Object) path(c, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
      assertThat((List<Object>) path(c, "securityContext.capabilities.drop")).containsExactly("ALL");
      assertThat((Object) path(volumes(sts).get("tmp"), "emptyDir")).isNotNull();
      // Resources, and the heap sized from the memory limit.
      assertThat((Object) path(c, "resources.limits.memory")).isEqualTo("1Gi");
      assertThat(envValue(c, "JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=75")
          .doesNotContain("-Xmx");
      // Graceful shutdown: the drain setting, and a grace period that covers it.
      assertThat(envValue(c, "SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE")).isEqualTo("20s");
      assertThat((Object) path(sts, "spec.template.spec.terminationGracePeriodSeconds")).isEqualTo(90);
      assertThat((List<Object>) path(c, "lifecycle.preStop.exec.command")).containsExactly("sleep", "5");
      assertThat((Object) path(c, "image")).isEqualTo("restis:0.1.0-SNAPSHOT");
    }
  }

  @Test
  void probesHitActuatorPathsThisApplicationServes() throws Exception {
    Rendered r = render(values("metrics.serviceMonitor.enabled", true));
    Set<String> paths = new LinkedHashSet<>();
    for (String role : List.of("leader", "follower")) {
      Map<String, Object> c = container(r.statefulSet(role));
      assertThat((Object) path(c, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
      assertThat((Object) path(c, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
      assertThat((Object) path(c, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
      for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
        assertThat((Object) path(c, probe + ".httpGet.port")).as(probe).isEqualTo("http");
        assertThat((Object) path(c, probe + ".httpGet.scheme")).as(probe).isEqualTo("HTTP");
        paths.add(path(c, probe + ".httpGet.path"));
      }
      assertThat(list(c, "ports")).extracting(p -> p.get("name")).containsExactly("http");
    }
    Map<String, Object> monitor = r.kind("ServiceMonitor").get(0);
    List<Map<String, Object>> endpoints = list(monitor, "spec.endpoints");
    assertThat(endpoints).hasSize(1);
    assertThat(endpoints.get(0).get("port")).isEqualTo("http");
    paths.add((String) endpoints.get(0).get("path"));

    assertThat(paths).containsExactlyInAnyOrder("/actuator/health/liveness", "/actuator/health/readiness",
        "/actuator/prometheus");
    for (String p : paths) {
      assertThat(get(p)).as("GET %s on the running application", p).isEqualTo(200);
    }
  }

  @Test
  void followersPointAtTheLeaderService() throws IOException {
    Rendered r = render(Map.of());
    Map<String, Object> follower = container(r.statefulSet("follower"));
    assertThat(envValue(follower, "RESTIS_REPLICATION_ROLE")).isEqualTo("follower");
    String leaderUrl = envValue(follower, "RESTIS_REPLICATION_LEADER_URL");
    assertThat(leaderUrl).isEqualTo("http://demo-restis-leader.stores.svc.cluster.local:8080");
    assertThat(envValue(follower, "RESTIS_REPLICATION_ANNOUNCE_URL")).isEqualTo("http://$(POD_IP):8080");
    assertThat((Object) path(Rendered.env(follower, "POD_IP"), "valueFrom.fieldRef.fieldPath")).isEqualTo(
        "status.podIP");

    // That Service exists, selects exactly the leader's pods, on the port the URL names, to the
    // container port the probes use.
    String host = URI.create(leaderUrl).getHost();
    Map<String, Object> service = r.get("Service", host.substring(0, host.indexOf('.')));
    Map<String, Object> leader = r.statefulSet("leader");
    Map<String, Object> leaderPodLabels = path(leader, "spec.template.metadata.labels");
    Map<String, Object> selector = path(service, "spec.selector");
    assertThat(leaderPodLabels).containsAllEntriesOf(selector);
    Map<String, Object> followerPodLabels = path(r.statefulSet("follower"), "spec.template.metadata.labels");
    assertThat(followerPodLabels.entrySet().containsAll(selector.entrySet()))
        .as("the write Service must not reach followers").isFalse();
    Map<String, Object> port = list(service, "spec.ports").get(0);
    assertThat(port.get("port")).isEqualTo(URI.create(leaderUrl).getPort());
    assertThat(port.get("targetPort")).isEqualTo("http");

    // The read Service selects the followers only.
    Map<String, Object> reads = r.get("Service", "demo-restis-followers");
    assertThat(followerPodLabels).containsAllEntriesOf(path(reads, "spec.selector"));
    assertThat(leaderPodLabels).doesNotContainEntry("app.kubernetes.io/component", "follower");
    // The StatefulSets' own headless Services exist and publish pods before they are ready (a
    // follower is not ready before its first sync).
    for (String role : List.of("leader", "follower")) {
      Map<String, Object> headless = r.get("Service", path(r.statefulSet(role), "spec.serviceName"));
      assertThat((Object) path(headless, "spec.clusterIP")).isEqualTo("None");
      assertThat((Object) path(headless, "spec.publishNotReadyAddresses")).isEqualTo(true);
    }
  }

  @Test
  void settingsComeFromTheConfigMapAndSecretsFromTheSecret() throws IOException {
    Map<String, Object> v = values(
        "auth.adminToken", "admin-token-given-0123456789",
        "auth.metricsToken", "metrics-token-given-0123456789",
        "auth.extraTokens", List.of(Map.of("name", "reader", "token", "reader-token-given-0123", "read-only", true)),
        "auth.trackerTokens", List.of(Map.of("name", "site", "token", "tracker-given-1", "sites", List.of("blog"))),
        "replication.secret", "replication-secret-given-0123",
        "config.restis.persistence.appendfsync", "always",
        "config.restis.limits.max-body-size", "16MB");
    Rendered r = render(v);
    Map<String, Object> configMap = r.kind("ConfigMap").get(0);
    String applicationYml = path(configMap, "data.application\\.yml");
    Map<String, Object> settings = yaml(applicationYml);
    assertThat((Object) path(settings, "restis.persistence.appendfsync")).isEqualTo("always");
    assertThat((Object) path(settings, "restis.limits.max-body-size")).isEqualTo("16MB");

    Map<String, String> secret = secretData(r.kind("Secret").get(0));
    assertThat(secret).containsEntry("admin-token", "admin-token-given-0123456789")
        .containsEntry("metrics-token", "metrics-token-given-0123456789")
        .containsEntry("replication-secret", "replication-secret-given-0123");
    Map<String, Object> secretSettings = yaml(secret.get("application.yml"));
    assertThat((Object) path(secretSettings, "restis.replication.secret")).isEqualTo("replication-secret-given-0123");
    List<Map<String, Object>> tokens = list(secretSettings, "restis.security.tokens");
    assertThat(tokens).extracting(t -> t.get("name")).containsExactly("admin", "metrics", "reader");
    assertThat(tokens.get(0)).containsEntry("token", "admin-token-given-0123456789").containsEntry("admin", true);
    assertThat(tokens.get(1)).containsEntry("rules", "-@all").containsEntry("admin", true);
    assertThat(list(secretSettings, "restis.security.tracker-tokens")).extracting(t -> t.get("name"))
        .containsExactly("site");

    // No secret value in any ConfigMap, nor in any environment variable.
    List<String> secrets = List.of("admin-token-given-0123456789", "metrics-token-given-0123456789",
        "reader-token-given-0123", "tracker-given-1", "replication-secret-given-0123");
    for (Map<String, Object> cm : r.kind("ConfigMap")) {
      String data = String.valueOf(cm.get("data"));
      for (String s : secrets) {
        assertThat(data).as("ConfigMap %s", (Object) path(cm, "metadata.name")).doesNotContain(s);
      }
    }
    for (String role : List.of("leader", "follower")) {
      String env = String.valueOf(container(r.statefulSet(role)).get("env"));
      for (String s : secrets) {
        assertThat(env).doesNotContain(s);
      }
    }
    // The pods read both files: the ConfigMap's and the Secret's application.yml.
    for (String role : List.of("leader", "follower")) {
      Map<String, Object> sts = r.statefulSet(role);
      Map<String, Object> c = container(sts);
      assertThat(envValue(c, "SPRING_CONFIG_ADDITIONAL_LOCATION"))
          .isEqualTo("optional:file:/config/app/,optional:file:/config/secret/");
      assertThat(mounts(c)).containsEntry("config", "/config/app").containsEntry("secret", "/config/secret");
      assertThat((Object) path(volumes(sts).get("config"), "configMap.name")).isEqualTo(path(configMap,
          "metadata.name"));
      assertThat((Object) path(volumes(sts).get("secret"), "secret.secretName")).isEqualTo("demo-restis");
    }
  }

  /**
   * The settings the chart renders, as the pods read them (the ConfigMap's and the Secret's
   * application.yml named by spring.config.additional-location), start this application, and the
   * tokens do what the chart means: the admin token runs commands, the metrics token (the
   * ServiceMonitor's) reads /actuator/prometheus and nothing else, the probes need none.
   */
  @Test
  void theRenderedSettingsStartTheApplicationAndTheTokensWork() throws Exception {
    Rendered r = render(values("auth.extraTokens", List.of(Map.of("name", "reader", "token", "reader-token-0123456789",
        "read-only", true))));
    Path app = Files.createDirectories(tmp.resolve("config/app"));
    Path secret = Files.createDirectories(tmp.resolve("config/secret"));
    Files.writeString(app.resolve("application.yml"), (String) path(r.kind("ConfigMap").get(0), "data.application\\.yml"));
    Map<String, String> data = secretData(r.kind("Secret").get(0));
    Files.writeString(secret.resolve("application.yml"), data.get("application.yml"));
    Map<String, Object> leader = container(r.statefulSet("leader"));
    String location = envValue(leader, "SPRING_CONFIG_ADDITIONAL_LOCATION").replace("/config/app/", app + "/")
        .replace("/config/secret/", secret + "/");
    try (var ctx = new org.springframework.boot.builder.SpringApplicationBuilder(io.restis.RestisApplication.class)
        .run("--spring.config.additional-location=" + location, "--server.port=0", "--spring.main.banner-mode=off",
            "--restis.replication.role=" + envValue(leader, "RESTIS_REPLICATION_ROLE"),
            "--restis.persistence.enabled=false")) {
      int p = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
      String admin = data.get("admin-token");
      String metrics = data.get("metrics-token");
      assertThat(call(p, "POST", "/redis", "[\"SET\",\"k\",\"v\"]", null)).startsWith("401");
      assertThat(call(p, "POST", "/redis", "[\"SET\",\"k\",\"v\"]", admin)).isEqualTo("200 {\"result\":\"OK\"}");
      assertThat(call(p, "GET", "/redis/GET/k", null, "reader-token-0123456789")).isEqualTo("200 {\"result\":\"v\"}");
      assertThat(call(p, "POST", "/redis", "[\"SET\",\"k\",\"w\"]", "reader-token-0123456789")).startsWith("403");
      assertThat(call(p, "GET", "/actuator/prometheus", null, metrics)).startsWith("200 ").contains("restis_keys{");
      assertThat(call(p, "GET", "/actuator/prometheus", null, null)).startsWith("401");
      assertThat(call(p, "POST", "/redis", "[\"GET\",\"k\"]", metrics)).startsWith("403");
      for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
        assertThat(call(p, "GET", probe, null, null)).as(probe).startsWith("200 ");
      }
      assertThat(ctx.getEnvironment().getProperty("restis.replication.secret")).isEqualTo(data.get("replication-secret"));
    }
  }

  private static String call(int port, String method, String path, String body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  @Test
  void generatedSecretsStayTheSameAcrossUpgrades() throws IOException {
    // A first install: nothing to find, values generated.
    Rendered installed = render(Map.of());
    Map<String, String> first = secretData(installed.kind("Secret").get(0));
    assertThat(api.gets(NAMESPACE, "demo-restis")).as("lookup asked the API").isPositive();
    // The generated values are in no ConfigMap and no environment variable of the same render
    // (another render would generate others).
    String configMaps = String.valueOf(installed.kind("ConfigMap"));
    String env = String.valueOf(container(installed.statefulSet("leader")).get("env"))
        + container(installed.statefulSet("follower")).get("env");
    for (String key : List.of("admin-token", "metrics-token", "replication-secret")) {
      assertThat(first.get(key)).as(key).matches("[A-Za-z0-9]{40}");
      assertThat(configMaps).as("ConfigMaps").doesNotContain(first.get(key));
      assertThat(env).as("environment").doesNotContain(first.get(key));
    }
    assertThat(first.get("application.yml")).contains(first.get("replication-secret"), first.get("admin-token"));

    // An upgrade finds the Secret the install made, and keeps its values.
    api.putSecret(NAMESPACE, "demo-restis", first);
    Rendered upgraded = render(values("followers.replicas", 3));
    Map<String, String> second = secretData(upgraded.kind("Secret").get(0));
    for (String key : List.of("admin-token", "metrics-token", "replication-secret")) {
      assertThat(second.get(key)).as(key).isEqualTo(first.get(key));
    }
    assertThat(second.get("application.yml")).contains(first.get("replication-secret"));
    // A value given explicitly wins over the stored one.
    Map<String, String> given = secretData(render(values("replication.secret", "a-new-secret-0123456789"))
        .kind("Secret").get(0));
    assertThat(given.get("replication-secret")).isEqualTo("a-new-secret-0123456789");
    assertThat(given.get("admin-token")).isEqualTo(first.get("admin-token"));
  }

  @Test
  void nonDefaultValues() throws IOException {
    Rendered r = render(values(
        "image.repository", "registry.example.com/restis",
        "image.tag", "1.2.3",
        "followers.replicas", 5,
        "followers.persistence.enabled", true,
        "followers.persistence.size", "2Gi",
        "leader.persistence.storageClass", "fast",
        "leader.resources", Map.of("limits", Map.of("memory", "4Gi", "cpu", "2")),
        "jvm.maxRAMPercentage", 60,
        "jvm.extraOptions", "-XX:+UseZGC",
        "tls.enabled", true,
        "tls.secretName", "restis-tls",
        "shutdown.drainSeconds", 40,
        "shutdown.preStopSleepSeconds", 0,
        "shutdown.terminationGracePeriodSeconds", 120,
        "podDisruptionBudget.maxUnavailable", 2,
        "metrics.serviceMonitor.enabled", true,
        "metrics.serviceMonitor.labels", Map.of("release", "prometheus"),
        "config.server.http2.enabled", true,
        "clusterDomain", "corp.internal"));
    Map<String, Object> leader = r.statefulSet("leader");
    Map<String, Object> followers = r.statefulSet("follower");
    assertThat((Object) path(followers, "spec.replicas")).isEqualTo(5);
    assertThat(list(followers, "spec.volumeClaimTemplates").get(0)).extracting(m -> path(m, "spec.resources.requests"
        + ".storage")).isEqualTo("2Gi");
    assertThat(volumes(followers)).doesNotContainKey("data");
    assertThat(list(leader, "spec.volumeClaimTemplates").get(0)).extracting(m -> path(m, "spec.storageClassName"))
        .isEqualTo("fast");
    Map<String, Object> c = container(leader);
    assertThat((Object) path(c, "image")).isEqualTo("registry.example.com/restis:1.2.3");
    assertThat((Object) path(c, "resources.limits.memory")).isEqualTo("4Gi");
    assertThat(envValue(c, "JAVA_TOOL_OPTIONS")).isEqualTo(
        "-XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=20 -XX:+ExitOnOutOfMemoryError -XX:+UseZGC");
    assertThat(envValue(c, "SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE")).isEqualTo("40s");
    assertThat((Object) path(leader, "spec.template.spec.terminationGracePeriodSeconds")).isEqualTo(120);
    assertThat((Object) path(c, "lifecycle")).as("no preStop sleep").isNull();
    // TLS: the certificate mounted, a PEM SSL bundle in the settings, probes and URLs in https.
    assertThat(mounts(c)).containsEntry("tls", "/config/tls");
    assertThat((Object) path(volumes(leader).get("tls"), "secret.secretName")).isEqualTo("restis-tls");
    Map<String, Object> settings = yaml(path(r.kind("ConfigMap").get(0), "data.application\\.yml"));
    assertThat((Object) path(settings, "server.ssl.bundle")).isEqualTo("restis");
    assertThat((Object) path(settings, "server.http2.enabled")).isEqualTo(true);
    assertThat((Object) path(settings, "spring.ssl.bundle.pem.restis.keystore.certificate"))
        .isEqualTo("file:/config/tls/tls.crt");
    assertThat((Object) path(c, "readinessProbe.httpGet.scheme")).isEqualTo("HTTPS");
    assertThat(envValue(container(followers), "RESTIS_REPLICATION_LEADER_URL"))
        .isEqualTo("https://demo-restis-leader.stores.svc.corp.internal:8080");
    assertThat((Object) path(r.kind("PodDisruptionBudget").get(0), "spec.maxUnavailable")).isEqualTo(2);
    // The ServiceMonitor: both client Services (not the headless ones), the metrics token.
    Map<String, Object> monitor = r.kind("ServiceMonitor").get(0);
    assertThat((Object) path(monitor, "apiVersion")).isEqualTo("monitoring.coreos.com/v1");
    assertThat((Object) path(monitor, "metadata.labels.release")).isEqualTo("prometheus");
    Map<String, Object> endpoint = list(monitor, "spec.endpoints").get(0);
    assertThat(endpoint).containsEntry("path", "/actuator/prometheus").containsEntry("scheme", "https");
    assertThat((Object) path(endpoint, "authorization.credentials.key")).isEqualTo("metrics-token");
    assertThat((Object) path(endpoint, "authorization.credentials.name")).isEqualTo("demo-restis");
    Map<String, Object> selector = path(monitor, "spec.selector.matchLabels");
    List<String> scraped = new ArrayList<>();
    for (Map<String, Object> s : r.kind("Service")) {
      Map<String, Object> labels = path(s, "metadata.labels");
      if (labels.entrySet().containsAll(selector.entrySet())) {
        scraped.add(path(s, "metadata.name"));
      }
    }
    assertThat(scraped).containsExactlyInAnyOrder("demo-restis-leader", "demo-restis-followers");
  }

  @Test
  void theSchemaAndTheChartRefuseBadValues() {
    assertRefused(values("followers.replicas", -1), "replicas");
    assertRefused(values("followers.replicas", "two"), "replicas");
    assertRefused(values("image.pullPolicy", "Sometimes"), "pullPolicy");
    assertRefused(values("service.type", "Ingress"), "type");
    assertRefused(values("config.restis.persistence.appendfsync", "sometimes"), "appendfsync");
    assertRefused(values("jvm.maxRAMPercentage", 95), "maxRAMPercentage");
    // The memory limit is what the heap is sized from: removing it (null drops a default) is refused.
    assertRefused(values("leader.resources.limits", null), "limits");
    assertRefused(values("auth.adminToken", "short"), "adminToken");
    assertRefused(values("tls.enabled", true), "secretName");
    assertRefused(values("unknownKey", 1), "unknownKey");
    // Secrets belong in the Secret: the ConfigMap's settings may not carry them.
    assertRefused(values("config.restis.security.tokens", List.of(Map.of("name", "x", "token", "0123456789abcdef",
        "rules", "+@all"))), "tokens");
    assertRefused(values("config.restis.replication.secret", "0123456789abcdef"), "secret");
    // The chart sets the role and where the data lives.
    assertRefused(values("config.restis.replication.role", "follower"), "role");
    assertRefused(values("config.restis.persistence.dir", "/elsewhere"), "dir");
    // A grace period too short to drain and flush.
    assertRefused(values("shutdown.terminationGracePeriodSeconds", 20), "terminationGracePeriodSeconds");
  }

  private void assertRefused(Map<String, Object> values, String naming) {
    assertThatThrownBy(() -> render(values)).as("values %s", values)
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(naming)
        .satisfies(e -> System.out.println("refused " + values + ": " + e.getMessage().lines()
            .filter(l -> l.contains(naming)).findFirst().orElse("").trim()));
  }

  @Test
  void notesShowHowToReachTheStoreWithCurl() {
    String out = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE).dryRun()
        .withDryRunOption(DryRun.CLIENT).clientOnly().call().getOutput();
    String notes = out.substring(out.indexOf("NOTES:"));
    assertThat(notes).contains("kubectl -n stores port-forward svc/demo-restis-leader 8080:8080",
        "kubectl -n stores get secret demo-restis -o jsonpath='{.data.admin-token}' | base64 -d",
        "curl -H \"Authorization: Bearer $TOKEN\" -X POST http://localhost:8080/redis -d '[\"SET\",\"greeting\",\"hello\"]'",
        "curl http://localhost:8080/actuator/health/readiness");
  }

  // ---------------------------------------------------------------- helpers

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String text) {
    return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }

  private static Map<String, String> mounts(Map<String, Object> container) {
    Map<String, String> out = new LinkedHashMap<>();
    list(container, "volumeMounts").forEach(m -> out.put((String) m.get("name"), (String) m.get("mountPath")));
    return out;
  }

  private static Map<String, Map<String, Object>> volumes(Map<String, Object> statefulSet) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    list(statefulSet, "spec.template.spec.volumes").forEach(v -> out.put((String) v.get("name"), v));
    return out;
  }
}
