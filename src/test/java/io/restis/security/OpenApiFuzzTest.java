package io.restis.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.engine.CommandFlag;
import io.restis.engine.CommandSpec;
import io.restis.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A seeded fuzz run over every operation of the contract ({@code openapi.yaml} at the top of the
 * repository; {@code /v3/api-docs} of the running service when the file is absent): requests built
 * from each operation's parameters and body schema, then broken on purpose (wrong types, missing
 * and unknown fields, truncated, deeply nested, huge or invalid UTF-8 bodies, bad percent-escapes,
 * odd content types, Accept and conditional headers, wrong methods, missing, unknown and misplaced
 * tokens, malformed HTTP on a raw socket). The operations are taken in rounds, each in a random
 * order, so that every one of them is reached, the event streams included (one that opens is
 * closed once its headers are in). Over real HTTP on a random port it holds:
 *
 * <ul>
 *   <li>no answer is a 5xx (the server never fails on what a client sends);
 *   <li>no answer shows a stack trace, an exception or class name, or a path on this machine;
 *   <li>every refused request (4xx) leaves the store exactly as it was: the whole keyspace is read
 *       through {@link Engine#read} before and after and compared (key by key, with type, TTL,
 *       version and a digest of the contents).
 * </ul>
 *
 * <p>The seed is printed; {@code -Dfuzz.seed=<n>} replays a run and {@code -Dfuzz.requests=<n>}
 * sets its length (default 3000, well under a minute). A replay sends the same requests; what the
 * store answers can still differ where it depends on time (TTLs) or on the store's own randomness.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "restis.security.tokens[0].name=fuzz-admin",
    "restis.security.tokens[0].token=fuzz-admin-token-0123456789",
    "restis.security.tokens[0].rules=+@all ~* &*",
    "restis.security.tokens[1].name=fuzz-app",
    "restis.security.tokens[1].token=fuzz-app-token-0123456789",
    "restis.security.tokens[1].rules=+@all -@dangerous ~fz:s* &*",
    "restis.limits.max-body-size=256KB",
    "restis.limits.max-value-size=64KB",
    "restis.limits.max-key-size=1KB",
    "restis.limits.max-elements=200",
    "restis.limits.max-commands=50"})
class OpenApiFuzzTest {

  static final String ADMIN = "fuzz-admin-token-0123456789";
  static final String APP = "fuzz-app-token-0123456789";

  /** What no answer may contain: traces, exception and class names, paths on this machine. */
  static final List<String> LEAKS = List.of("Exception", "\tat ", "io.restis.", "org.springframework", "org.apache",
      "tools.jackson", "com.fasterxml", "java.lang", "java.util", "jakarta.", ".java:", "/work/", "/root/",
      "/home/", "/tmp/", "ProblemDetail[", "[Ljava");

  static final List<String> KEYS = List.of("fz:str", "fz:list", "fz:set", "fz:hash", "fz:zset", "fz:none", "fz:s2",
      "fz:num");

  static final List<String> NASTY = List.of("", " ", "a", "b", "1", "-1", "0", "3", "1.5", "+inf", "-inf", "nan",
      "1e400", "99999999999999999999", "%", "%zz", "\u0000", "é", "\uD83D\uDE00", "a/b", "..", ".", "*", "?", "[",
      "\\", "\"", "'", "<b>", "\r\n", "true", "null", "x".repeat(3000), "\u00ff\u00fe");

  static final List<String> WORDS = List.of("EX", "PX", "NX", "XX", "GT", "LT", "CH", "KEEPTTL", "GET",
      "WITHSCORES", "LIMIT", "BYSCORE", "BYLEX", "REV", "COUNT", "MATCH", "TYPE", "STORE", "BY", "ALPHA", "DESC",
      "WEIGHTS", "AGGREGATE", "SUM", "LEFT", "RIGHT", "BEFORE", "AFTER", "RANK", "MAXLEN", "IDX", "LEN");

  static final List<String> CONTENT_TYPES = List.of("application/json", "application/json;charset=UTF-8",
      "application/json; charset=utf-16", "text/plain", "text/plain;charset=UTF-8", "application/octet-stream",
      "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "garbage",
      "application/", ";;;", "application/problem+json", "text/event-stream");

  static final List<String> ACCEPTS = List.of("*/*", "application/json", "application/octet-stream", "text/html",
      "application/xml", "text/event-stream", "garbage", "application/problem+json", "*/*;q=0");

  @TempDir
  static Path dataDir;

  /** Every operation, the persistence admin resource included (on, in a scratch directory). */
  @DynamicPropertySource
  static void persistence(DynamicPropertyRegistry r) {
    r.add("restis.persistence.enabled", () -> "true");
    r.add("restis.persistence.dir", () -> dataDir.toString());
    r.add("restis.persistence.save", () -> "");
    r.add("restis.persistence.save-on-shutdown", () -> "false");
  }

  @LocalServerPort
  int port;

  @Autowired
  Engine engine;

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private Map<String, Object> components = Map.of();
  private List<String> commandNames = List.of();
  /** Whether the request being generated is a well-formed one. */
  private boolean clean;

  /** One operation of the contract; {@code stream}: it answers an event stream, which never ends. */
  record Op(String method, String path, List<Map<String, Object>> parameters, Map<String, Object> body,
      boolean stream) {
    @Override
    public String toString() {
      return method.toUpperCase(Locale.ROOT) + " " + path;
    }
  }

  /** One request as sent. */
  record Request(Op op, String method, String target, List<String[]> headers, byte[] body, boolean raw,
      byte[] rawBytes) {

    /**
     * True when the raw request line names an HTTP version other than 1.0 and 1.1: the one 5xx a
     * client can provoke, 505 HTTP Version Not Supported, which is the protocol's answer to it.
     */
    boolean otherHttpVersion() {
      String line = new String(rawBytes, 0, Math.min(rawBytes.length, 20_000), StandardCharsets.ISO_8859_1);
      line = line.substring(0, Math.max(0, line.indexOf("\r\n")));
      return !line.endsWith(" HTTP/1.1") && !line.endsWith(" HTTP/1.0");
    }

    String describe() {
      String b = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      if (b.length() > 300) {
        b = b.substring(0, 300) + "...(" + body.length + " bytes)";
      }
      String h = headers.stream().map(x -> x[0] + ": " + abbreviate(x[1])).collect(Collectors.joining("; "));
      return (raw ? "[raw] " : "") + method + " " + abbreviate(target) + " {" + h + "} " + b;
    }
  }

  record Answer(int status, String text) {}

  @Test
  void everyOperationShrugsOffMalformedInput() throws Exception {
    long seed = Long.getLong("fuzz.seed", new SecureRandom().nextLong());
    int total = Integer.getInteger("fuzz.requests", 3000);
    System.out.println("OpenApiFuzzTest seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
    Random rnd = new Random(seed);
    Map<String, Object> contract = contract();
    components = map(map(contract.get("components")).get("schemas"));
    commandNames = engine.table().all().stream()
        .filter(s -> !s.is(CommandFlag.BLOCKING))
        .map(CommandSpec::name).sorted().toList();
    List<Op> ops = operations(contract);
    assertThat(ops).as("operations in the contract").hasSizeGreaterThan(10);
    Map<String, Integer> statuses = new TreeMap<>();
    Map<Op, Integer> sent = new LinkedHashMap<>();
    List<Op> round = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < total && failures.size() < 20; i++) {
      if (i % 100 == 0) {
        reseed();
      }
      // In rounds over every operation, each round in a random order: every one is reached.
      if (round.isEmpty()) {
        round.addAll(ops);
        java.util.Collections.shuffle(round, rnd);
      }
      Op op = round.remove(round.size() - 1);
      sent.merge(op, 1, Integer::sum);
      Request req = generate(op, rnd);
      KeyspaceDump.Snapshot before = KeyspaceDump.snapshot(engine);
      Answer a;
      try {
        a = send(req);
      } catch (SocketTimeoutException | java.net.http.HttpTimeoutException e) {
        failures.add("#" + i + " no answer within the timeout: " + req.describe());
        continue;
      }
      boolean versionRefused = a.status == 505 && req.raw && req.otherHttpVersion();
      statuses.merge(versionRefused ? "505 (HTTP version)" : a.status / 100 + "xx", 1, Integer::sum);
      if (a.status >= 500 && !versionRefused) {
        failures.add("#" + i + " " + a.status + " for " + req.describe() + "\n    -> " + abbreviate(a.text));
      }
      for (String leak : LEAKS) {
        if (a.text.contains(leak)) {
          failures.add("#" + i + " answer shows '" + leak.trim() + "' for " + req.describe() + "\n    -> "
              + abbreviate(a.text));
          break;
        }
      }
      if (Boolean.getBoolean("fuzz.debug") && clean && a.status >= 400) {
        System.out.println("clean " + a.status + " " + req.describe() + " -> "
            + abbreviate(a.text.substring(Math.max(0, a.text.lastIndexOf('\n')))));
      }
      if (a.status >= 400 && a.status < 500) {
        List<String> changes = KeyspaceDump.snapshot(engine).changesSince(before);
        if (!changes.isEmpty()) {
          failures.add("#" + i + " refused with " + a.status + " but changed the store " + changes + ": "
              + req.describe() + "\n    -> " + abbreviate(a.text));
        }
      }
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.println("OpenApiFuzzTest: " + total + " requests over " + ops.size() + " operations in " + ms
        + " ms, answers " + statuses + ", seed " + seed);
    assertThat(failures).as("seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")").isEmpty();
    if (total >= ops.size()) {
      assertThat(sent.keySet()).as("operations sent").containsExactlyInAnyOrderElementsOf(ops);
    }
  }

  // ---- the contract

  private Map<String, Object> contract() throws Exception {
    Path file = Path.of("openapi.yaml");
    if (Files.exists(file)) {
      LoaderOptions options = new LoaderOptions();
      options.setCodePointLimit(50 * 1024 * 1024);
      return new Yaml(options).load(Files.readString(file));
    }
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
        .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
    return json.readValue(r.body(), new TypeReference<Map<String, Object>>() {});
  }

  private List<Op> operations(Map<String, Object> contract) {
    List<Op> ops = new ArrayList<>();
    map(contract.get("paths")).forEach((path, item) -> {
      Map<String, Object> pathItem = map(item);
      List<Map<String, Object>> shared = list(pathItem.get("parameters"));
      for (String method : List.of("get", "put", "post", "delete", "patch", "head")) {
        Map<String, Object> op = map(pathItem.get(method));
        if (op.isEmpty()) {
          continue;
        }
        boolean stream = streams(op) || path.contains("subscribe") || path.endsWith("/events");
        List<Map<String, Object>> params = new ArrayList<>(shared);
        params.addAll(list(op.get("parameters")));
        ops.add(new Op(method, path, params, map(op.get("requestBody")), stream));
      }
    });
    return ops;
  }

  private static boolean streams(Map<String, Object> op) {
    for (Object response : map(op.get("responses")).values()) {
      if (map(map(response).get("content")).containsKey("text/event-stream")) {
        return true;
      }
    }
    return false;
  }

  // ---- the store between runs

  private void reseed() {
    run("FLUSHALL");
    run("SET", "fz:str", "hello");
    run("SET", "fz:num", "10");
    run("SET", "fz:s2", "x");
    run("RPUSH", "fz:list", "a", "b", "c");
    run("SADD", "fz:set", "a", "b", "c");
    run("HSET", "fz:hash", "f1", "1", "f2", "v");
    run("ZADD", "fz:zset", "1", "a", "2", "b", "3", "c");
  }

  private void run(String... argv) {
    byte[][] a = new byte[argv.length][];
    for (int i = 0; i < argv.length; i++) {
      a[i] = argv[i].getBytes(StandardCharsets.UTF_8);
    }
    engine.execute(a);
  }

  // ---- generating a request

  private Request generate(Op op, Random rnd) {
    // Half the requests are well-formed, so that the store's own paths are reached and exercised;
    // the other half carry one or more of the breakages below.
    boolean clean = rnd.nextBoolean();
    this.clean = clean;
    String method = op.method.toUpperCase(Locale.ROOT);
    if (!clean && rnd.nextInt(20) == 0) {
      method = pick(rnd, List.of("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD"));
    }
    boolean brokenPath = !clean && rnd.nextInt(12) == 0;
    StringBuilder path = new StringBuilder();
    String template = op.path;
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf('{', at);
      if (open < 0) {
        path.append(template, at, template.length());
        break;
      }
      int close = template.indexOf('}', open);
      path.append(template, at, open);
      String name = template.substring(open + 1, close);
      Map<String, Object> param = parameter(op, name, "path");
      String typed = name.equals("key") && rnd.nextInt(3) != 0 ? keyOfType(op.path) : null;
      path.append(typed != null && !brokenPath ? encode(typed) : pathValue(name, schema(param), rnd, brokenPath));
      at = close + 1;
    }
    List<String> query = new ArrayList<>();
    List<String[]> headers = new ArrayList<>();
    for (Map<String, Object> p : op.parameters) {
      String in = String.valueOf(p.get("in"));
      boolean required = Boolean.TRUE.equals(p.get("required"));
      if (in.equals("path") || !(required ? rnd.nextInt(10) != 0 : rnd.nextInt(3) == 0)) {
        continue;
      }
      String name = String.valueOf(p.get("name"));
      if (clean && (name.startsWith("If-") || name.equals("encoding"))) {
        continue; // conditions and base64 are for the broken half: most values would be refused
      }
      String value = scalar(name, schema(p), rnd);
      if (in.equals("query")) {
        query.add(encode(name) + "=" + (rnd.nextInt(15) == 0 ? value.replace("&", "") : encode(value)));
      } else if (in.equals("header")) {
        headers.add(new String[] {name, headerSafe(value)});
      }
    }
    if (!clean && rnd.nextInt(5) == 0) {
      query.add(encode(pick(rnd, List.of("encoding", "count", "nx", "unknown", "ex", "_token", ""))) + "="
          + encode(pick(rnd, NASTY)));
    }
    String token = ADMIN;
    int who = clean ? 99 : rnd.nextInt(10);
    if (who == 0) {
      token = null;
    } else if (who == 1) {
      token = "wrong-token-" + rnd.nextInt(1000);
    } else if (who == 2) {
      token = APP;
    } else if (who == 3) {
      query.add("_token=" + ADMIN);
      token = null;
    }
    if (token != null) {
      headers.add(new String[] {"Authorization", !clean && rnd.nextInt(15) == 0 ? "Basic " + token : "Bearer " + token});
    }
    if (!clean && rnd.nextInt(3) == 0) {
      headers.add(new String[] {"Accept", pick(rnd, ACCEPTS)});
    }
    if (!clean && rnd.nextInt(5) == 0) {
      headers.add(new String[] {pick(rnd, List.of("If-Match", "If-None-Match")),
          pick(rnd, List.of("*", "\"1\"", "W/\"2\"", "\"x", "1", "", "\"1\", \"2\"", "\"99999999999999999999\""))});
    }
    if (!clean && rnd.nextInt(6) == 0) {
      headers.add(new String[] {"Upstash-Encoding", pick(rnd, List.of("base64", "BASE64", "utf8", "", "x"))});
    }
    if (!clean && rnd.nextInt(15) == 0) {
      headers.add(new String[] {"Content-Encoding", pick(rnd, List.of("gzip", "br", "identity", "x"))});
    }
    byte[] body = null;
    String contentType = null;
    if (!op.body.isEmpty() || !clean && rnd.nextInt(8) == 0) {
      Map<String, Object> content = map(op.body.get("content"));
      String declared = content.isEmpty() ? "application/json" : pick(rnd, new ArrayList<>(content.keySet()));
      Map<String, Object> schema = map(map(content.get(declared)).get("schema"));
      body = body(schema, declared.contains("json"), rnd);
      contentType = !clean && rnd.nextInt(4) == 0 ? pick(rnd, CONTENT_TYPES) : declared;
      if (!clean && rnd.nextInt(12) == 0) {
        contentType = null;
      }
    }
    if (contentType != null) {
      headers.add(new String[] {"Content-Type", contentType});
    }
    String target = path + (query.isEmpty() ? "" : "?" + String.join("&", query));
    boolean raw = brokenPath || !clean && rnd.nextInt(10) == 0 || !validUri(target);
    byte[] rawBytes = raw ? rawRequest(method, target, headers, body, rnd) : null;
    return new Request(op, method, target, headers, body, raw, rawBytes);
  }

  /** The seeded key of the type a resource is about, so that most requests reach its commands. */
  private static String keyOfType(String path) {
    return path.startsWith("/lists") ? "fz:list" : path.startsWith("/sets") ? "fz:set"
        : path.startsWith("/hashes") ? "fz:hash" : path.startsWith("/zsets") ? "fz:zset"
        : path.startsWith("/strings") ? "fz:num" : null;
  }

  private static Map<String, Object> parameter(Op op, String name, String in) {
    for (Map<String, Object> p : op.parameters) {
      if (name.equals(p.get("name")) && in.equals(p.get("in"))) {
        return p;
      }
    }
    return Map.of();
  }

  private Map<String, Object> schema(Map<String, Object> parameter) {
    return resolve(map(parameter.get("schema")));
  }

  private Map<String, Object> resolve(Map<String, Object> schema) {
    Object ref = schema.get("$ref");
    if (ref instanceof String r && r.startsWith("#/components/schemas/")) {
      return map(components.get(r.substring("#/components/schemas/".length())));
    }
    return schema;
  }

  private String pathValue(String name, Map<String, Object> schema, Random rnd, boolean broken) {
    if (broken) {
      return pick(rnd, List.of("%zz", "%", "%F", "%FF%FE", "a b", "%00", "..", "%2e%2e", "a%2Fb", "\u00e9", "%C3",
          "a;b=c", "a\\b", "%0d%0a", "x".repeat(9000)));
    }
    if (name.equals("command")) {
      return encode(!clean && rnd.nextInt(4) == 0 ? pick(rnd, NASTY) : pick(rnd, commandNames));
    }
    if (name.equals("arguments")) {
      List<String> args = new ArrayList<>();
      int n = rnd.nextInt(4);
      for (int i = 0; i < n; i++) {
        args.add(encode(argument(rnd)));
      }
      return String.join("/", args);
    }
    String value = scalar(name, schema, rnd);
    return !clean && rnd.nextInt(10) == 0 ? value.replace("/", "") : encode(value);
  }

  /** A value for a parameter or a field, by its name and schema: mostly sensible, sometimes not. */
  private String scalar(String name, Map<String, Object> schema, Random rnd) {
    List<Object> values = list(schema.get("enum"));
    if (!values.isEmpty() && rnd.nextInt(5) != 0) {
      return String.valueOf(pick(rnd, values));
    }
    if (!clean && rnd.nextInt(4) == 0) {
      return pick(rnd, NASTY);
    }
    String type = String.valueOf(schema.get("type"));
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.contains("key") || lower.equals("destination") || lower.equals("source") || lower.equals("to")) {
      return pick(rnd, KEYS);
    }
    switch (type) {
      case "integer":
        return Integer.toString(rnd.nextInt(25) - 5);
      case "number":
        return pick(rnd, List.of("1", "2.5", "-3", "0", "1e3", "+inf", "-inf"));
      case "boolean":
        return rnd.nextBoolean() ? "true" : "false";
      default:
        return pick(rnd, List.of("a", "b", "c", "f1", "f2", "x", "1", "10", "hello", "fz:str", "*"));
    }
  }

  private String argument(Random rnd) {
    int k = rnd.nextInt(10);
    if (k < 4) {
      return pick(rnd, KEYS);
    } else if (k < 6) {
      return Integer.toString(rnd.nextInt(20) - 3);
    } else if (k < 8 || clean) {
      return pick(rnd, WORDS);
    }
    return pick(rnd, NASTY);
  }

  private byte[] body(Map<String, Object> schema, boolean isJson, Random rnd) {
    Object value = value(resolve(schema), rnd, 0, "");
    byte[] valid = !isJson ? String.valueOf(value).getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(value);
    int how = clean ? 99 : rnd.nextInt(14);
    switch (how) {
      case 0:
        return new byte[0];
      case 1:
        return java.util.Arrays.copyOf(valid, rnd.nextInt(valid.length + 1)); // truncated
      case 2:
        return ("[".repeat(200) + "]".repeat(200)).getBytes(StandardCharsets.UTF_8); // too deep
      case 3:
        return ("{\"value\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(101)).getBytes(StandardCharsets.UTF_8);
      case 4:
        return ("{\"value\":1" + "0".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8); // a huge number
      case 5:
        return new byte[] {'{', '"', 'v', 'a', 'l', 'u', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
      case 6:
        return "null".getBytes(StandardCharsets.UTF_8);
      case 7: {
        byte[] b = new byte[rnd.nextInt(64)];
        rnd.nextBytes(b);
        return b;
      }
      case 8:
        return ("\uFEFF" + new String(valid, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
      case 9:
        return ("{\"value\":\"" + "v".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8); // over the limits
      case 10:
        return mutateOneField(valid, rnd);
      case 11:
        return new String(valid, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
      default:
        return valid;
    }
  }

  private byte[] mutateOneField(byte[] valid, Random rnd) {
    try {
      Object tree = json.readValue(valid, Object.class);
      if (tree instanceof Map<?, ?> m && !m.isEmpty()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
        String field = pick(rnd, new ArrayList<>(copy.keySet()));
        copy.put(field, pick(rnd, List.of(List.of(1, 2), Map.of("x", 1), "text", -1, 1.5, true, "")));
        if (rnd.nextBoolean()) {
          copy.put("unknownField", 1);
        }
        return json.writeValueAsBytes(copy);
      }
      if (tree instanceof List<?> l) {
        List<Object> copy = new ArrayList<>(l);
        copy.add(Map.of("x", List.of()));
        return json.writeValueAsBytes(copy);
      }
    } catch (RuntimeException e) {
      // not JSON: leave it
    }
    return valid;
  }

  /** A JSON value for a schema (maps, lists, strings, numbers, booleans). */
  private Object value(Map<String, Object> schema, Random rnd, int depth, String name) {
    schema = resolve(schema);
    if (depth > 6) {
      return "deep";
    }
    List<Object> options = list(schema.containsKey("oneOf") ? schema.get("oneOf") : schema.get("anyOf"));
    if (!options.isEmpty()) {
      return value(map(pick(rnd, options)), rnd, depth + 1, name);
    }
    if (name.equals("") && schema.get("items") != null && isCommandSchema(schema)) {
      return command(rnd);
    }
    String type = String.valueOf(schema.get("type"));
    switch (type) {
      case "object": {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> required = list(schema.get("required"));
        map(schema.get("properties")).forEach((field, fieldSchema) -> {
          if (required.contains(field) ? rnd.nextInt(15) != 0 : rnd.nextInt(3) == 0) {
            out.put(field, value(map(fieldSchema), rnd, depth + 1, field));
          }
        });
        return out;
      }
      case "array": {
        Map<String, Object> items = resolve(map(schema.get("items")));
        if (isCommandSchema(items)) {
          List<Object> batch = new ArrayList<>();
          int n = 1 + rnd.nextInt(4);
          for (int i = 0; i < n; i++) {
            batch.add(command(rnd));
          }
          return batch;
        }
        List<Object> out = new ArrayList<>();
        int n = rnd.nextInt(4) + (schema.get("minItems") == null ? 0 : 1);
        for (int i = 0; i < n; i++) {
          out.add(value(items, rnd, depth + 1, name));
        }
        return out;
      }
      case "integer":
        return rnd.nextInt(8) == 0 ? pick(rnd, List.of(Long.MAX_VALUE, -1, 0, 100000)) : rnd.nextInt(20) - 2;
      case "number":
        return rnd.nextInt(6) == 0 ? (Object) pick(rnd, List.of("+inf", "-inf", "nan", "1e400")) : rnd.nextInt(100) / 4.0;
      case "boolean":
        return rnd.nextBoolean();
      case "string":
        return scalar(name, schema, rnd);
      default:
        return rnd.nextBoolean() ? scalar(name, Map.of(), rnd) : rnd.nextInt(10);
    }
  }

  private boolean isCommandSchema(Map<String, Object> schema) {
    Object items = schema.get("items");
    return items instanceof Map<?, ?> m && String.valueOf(m.get("$ref")).endsWith("/CommandArgument");
  }

  private List<Object> command(Random rnd) {
    List<Object> cmd = new ArrayList<>();
    cmd.add(!clean && rnd.nextInt(5) == 0 ? pick(rnd, NASTY) : pick(rnd, commandNames));
    int n = rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      int k = rnd.nextInt(12);
      cmd.add(k == 0 ? (Object) (rnd.nextInt(100) - 10) : k == 1 ? (Object) rnd.nextBoolean() : argument(rnd));
    }
    return cmd;
  }

  // ---- sending

  private Answer send(Request req) throws Exception {
    if (req.raw) {
      return sendRaw(req.rawBytes);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + req.target))
        .timeout(Duration.ofSeconds(20))
        .method(req.method, req.body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(req.body));
    for (String[] h : req.headers) {
      b.header(h[0], h[1]);
    }
    HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    StringBuilder text = new StringBuilder();
    r.headers().map().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
    try (InputStream in = r.body()) {
      // An event stream that was opened never ends: its status and headers are the answer.
      if (!isEventStream(r.headers().firstValue("Content-Type").orElse(""))) {
        text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return new Answer(r.statusCode(), text.toString());
  }

  private byte[] rawRequest(String method, String target, List<String[]> headers, byte[] body, Random rnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String version = rnd.nextInt(10) == 0 ? pick(rnd, List.of("HTTP/1.0", "HTTP/2.0", "HTTP/1.1x", "")) : "HTTP/1.1";
    out.writeBytes((method + " " + target + " " + version + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(("Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String[] h : headers) {
      out.writeBytes((h[0] + ": " + h[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    int trick = rnd.nextInt(8);
    if (trick == 0) {
      out.writeBytes("X-Broken-Header-Without-Colon\r\n".getBytes(StandardCharsets.US_ASCII));
    } else if (trick == 1) {
      out.writeBytes(("X-Big: " + "b".repeat(20_000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    } else if (trick == 2) {
      out.writeBytes(new byte[] {'X', '-', 'B', 'i', 'n', ':', ' ', (byte) 0xFF, (byte) 0x85, 0x01, '\r', '\n'});
    }
    byte[] b = body == null ? new byte[0] : body;
    if (trick == 3) {
      out.writeBytes("Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return out.toByteArray();
    }
    if (trick == 4) {
      out.writeBytes(("Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(b.length) + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(b);
      out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return out.toByteArray();
    }
    out.writeBytes(("Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(b);
    return out.toByteArray();
  }

  /** Writes the bytes on a fresh connection and reads everything until the server closes it. */
  private Answer sendRaw(byte[] request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // the server may close early on a request it refuses: read what it said
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = in.read(buf)) > 0) {
          got.write(buf, 0, n);
          String head = got.toString(StandardCharsets.ISO_8859_1);
          int end = head.indexOf("\r\n\r\n");
          if (end >= 0 && isEventStream(head.substring(0, end))) {
            break; // an event stream never ends: what came so far is the answer
          }
        }
      } catch (java.net.SocketException e) {
        // reset after the answer
      }
      String text = got.toString(StandardCharsets.ISO_8859_1);
      int status = 0;
      if (text.startsWith("HTTP/")) {
        status = Integer.parseInt(text.substring(9, 12));
      }
      // a later answer on the same connection (pipelined leftovers) counts as well
      int worst = status;
      for (int i = text.indexOf("\nHTTP/1.1 "); i >= 0; i = text.indexOf("\nHTTP/1.1 ", i + 1)) {
        worst = Math.max(worst, Integer.parseInt(text.substring(i + 10, i + 13)));
      }
      return new Answer(worst >= 500 ? worst : status == 0 ? 400 : status, text);
    }
  }

  // ---- small helpers

  private static boolean isEventStream(String contentTypeOrHead) {
    return contentTypeOrHead.toLowerCase(Locale.ROOT).contains("text/event-stream");
  }

  private static boolean validUri(String target) {
    try {
      URI u = new URI("http://127.0.0.1" + target);
      return u.getRawPath() != null;
    } catch (Exception e) {
      return false;
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String headerSafe(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c >= 0x20 && c < 0x7f) {
        b.append(c);
      }
    }
    return b.length() > 200 ? b.substring(0, 200) : b.toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }

  private static <T> T pick(Random rnd, List<T> values) {
    return values.get(rnd.nextInt(values.size()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> list(Object o) {
    return o instanceof List<?> l ? (List<T>) l : List.of();
  }
}
