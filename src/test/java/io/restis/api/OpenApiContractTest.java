package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.core.type.TypeReference;

/**
 * Holds {@code openapi.yaml} (the contract at the top of the repository) equal to the document the
 * service serves at {@code /v3/api-docs}.
 *
 * <ul>
 *   <li>{@link #theFileStatesTheServedContract()}: the same paths, operations (method and
 *       operationId), parameters (name, in, required), request bodies (required, media types) and
 *       responses (status codes, media types) — a failure lists each one missing or extra;
 *   <li>{@link #theFileSaysWhatTheServedDocumentSays()}: everything else too (schemas, descriptions,
 *       examples), listed by location, so the file never tells a reader something Swagger UI does not;
 *   <li>{@link #everyOperationCanBeCalledFromTheContract()}: the served document is usable as a
 *       contract (unique operation ids, path templates matching their path parameters, no dangling
 *       references).
 * </ul>
 *
 * <p>The file is written from the served document, never edited by hand: descriptions and examples
 * live in the code (controller annotations, {@code ResourceApiDocs}, {@code CommandApiDocs}), where
 * Swagger UI shows them too. After changing an endpoint, refresh the file with
 *
 * <pre>./mvnw -q test -Dtest=OpenApiContractTest -Dopenapi.write=true</pre>
 *
 * <p>which writes the served document as ordered YAML (tags and paths in reading order, components
 * by name, under a header comment) and then runs the comparisons; review {@code git diff openapi.yaml}
 * and commit it with the change.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OpenApiContractTest {

  @TempDir
  static Path dataDir;

  /**
   * The service as it runs by default serves every endpoint, the persistence admin resource
   * included; the test configuration turns persistence off, so it is turned back on here, in a
   * temporary directory that nothing is saved into.
   */
  @DynamicPropertySource
  static void asServedByDefault(DynamicPropertyRegistry r) {
    r.add("restis.persistence.enabled", () -> "true");
    r.add("restis.persistence.dir", () -> dataDir.toString());
    r.add("restis.persistence.save", () -> "");
    r.add("restis.persistence.save-on-shutdown", () -> "false");
  }

  static final String REFRESH = "./mvnw -q test -Dtest=OpenApiContractTest -Dopenapi.write=true";
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final int MAX_DETAIL_LINES = 60;

  private static final String HEADER = """
      # The HTTP contract of Restis: the OpenAPI document the service serves at /v3/api-docs
      # (and shows in Swagger UI at /swagger-ui/index.html), written out as YAML.
      #
      # Generated: do not edit by hand. Descriptions and examples come from the code (the
      # controllers' annotations, ResourceApiDocs, CommandApiDocs). After changing an endpoint:
      #   %s
      # then review `git diff openapi.yaml`. OpenApiContractTest fails, naming each difference,
      # whenever this file and the served document disagree.
      """.formatted(REFRESH);

  @LocalServerPort
  int port;

  private Map<String, Object> served;
  private Map<String, Object> file;

  @BeforeEach
  void load() throws Exception {
    Http.Answer answer = new Http(port).get("/v3/api-docs");
    assertThat(answer.status()).as("GET /v3/api-docs").isEqualTo(200);
    served = Http.JSON.readValue(answer.bytes(), new TypeReference<LinkedHashMap<String, Object>>() {});
    Path path = contractFile();
    if (Boolean.getBoolean("openapi.write")) {
      Files.writeString(path, write(served), StandardCharsets.UTF_8);
    }
    assertThat(path).as("openapi.yaml at the top of the repository (create it with: " + REFRESH + ")").exists();
    file = new Yaml(new LoaderOptions()).load(Files.readString(path, StandardCharsets.UTF_8));
  }

  @Test
  void theFileStatesTheServedContract() {
    TreeMap<String, String> inFile = contract(file);
    TreeMap<String, String> inServed = contract(served);
    List<String> missing = suppressChildren(inServed, inFile);
    List<String> extra = suppressChildren(inFile, inServed);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      StringBuilder b = new StringBuilder("openapi.yaml does not state the contract served at /v3/api-docs:\n");
      if (!missing.isEmpty()) {
        b.append("  served, missing from openapi.yaml:\n");
        missing.forEach(m -> b.append("    + ").append(m).append('\n'));
      }
      if (!extra.isEmpty()) {
        b.append("  in openapi.yaml, not served:\n");
        extra.forEach(m -> b.append("    - ").append(m).append('\n'));
      }
      b.append("Refresh the file from the service: ").append(REFRESH).append("\nthen review git diff openapi.yaml.");
      fail(b.toString());
    }
    assertThat(inServed).as("the contract covers the resources and the command endpoint")
        .containsKeys("operation GET /strings/{key}", "operation PUT /strings/{key}", "operation POST /redis");
  }

  @Test
  void theFileSaysWhatTheServedDocumentSays() {
    List<String> differences = new ArrayList<>();
    diff("", normalize("", file), normalize("", served), differences);
    if (!differences.isEmpty()) {
      StringBuilder b = new StringBuilder("openapi.yaml differs from /v3/api-docs in ")
          .append(differences.size()).append(" place(s):\n");
      differences.stream().limit(MAX_DETAIL_LINES).forEach(d -> b.append("  ").append(d).append('\n'));
      if (differences.size() > MAX_DETAIL_LINES) {
        b.append("  ... and ").append(differences.size() - MAX_DETAIL_LINES).append(" more\n");
      }
      b.append("Refresh the file from the service: ").append(REFRESH).append("\nthen review git diff openapi.yaml.");
      fail(b.toString());
    }
  }

  /**
   * What a client generator or Swagger UI needs from the contract: every operation has an id, unique
   * in the document; every {name} of a path template is a path parameter of each of its operations,
   * and no operation has a path parameter its path does not name; every local $ref resolves.
   */
  @Test
  void everyOperationCanBeCalledFromTheContract() {
    List<String> problems = new ArrayList<>();
    Map<String, String> ids = new TreeMap<>();
    for (Map.Entry<String, Object> p : map(served.get("paths")).entrySet()) {
      TreeSet<String> templated = new TreeSet<>();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(p.getKey());
      while (m.find()) {
        templated.add(m.group(1));
      }
      if (p.getKey().contains("*")) {
        problems.add(p.getKey() + ": a wildcard is not an OpenAPI path template");
      }
      Map<String, Object> ops = map(p.getValue());
      for (String method : METHODS) {
        if (!ops.containsKey(method)) {
          continue;
        }
        Map<String, Object> op = map(ops.get(method));
        String where = method.toUpperCase() + " " + p.getKey();
        Object id = op.get("operationId");
        if (!(id instanceof String s) || s.isBlank()) {
          problems.add(where + ": no operationId");
        } else if (ids.putIfAbsent(s, where) != null) {
          problems.add(where + ": operationId " + s + " is also the id of " + ids.get(s));
        }
        TreeSet<String> declared = new TreeSet<>();
        List<Object> parameters = new ArrayList<>(list(ops.get("parameters")));
        parameters.addAll(list(op.get("parameters")));
        for (Object o : parameters) {
          Map<String, Object> param = map(resolve(served, o));
          if ("path".equals(param.get("in"))) {
            declared.add(String.valueOf(param.get("name")));
          }
        }
        if (!declared.equals(templated)) {
          problems.add(where + ": path parameters " + declared + ", the path names " + templated);
        }
      }
    }
    List<String> refs = new ArrayList<>();
    collectRefs(served, refs);
    for (String ref : refs) {
      if (!ref.startsWith("#/") || resolve(served, Map.of("$ref", ref)) == null) {
        problems.add("$ref " + ref + " does not resolve in the document");
      }
    }
    assertThat(problems).as("problems of the served contract").isEmpty();
  }

  private static void collectRefs(Object node, List<String> out) {
    if (node instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        if ("$ref".equals(k) && v instanceof String s) {
          out.add(s);
        } else {
          collectRefs(v, out);
        }
      });
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectRefs(v, out));
    }
  }

  // --- the contract: what a client relies on ---------------------------------------------------

  /**
   * The contract as items, each keyed by what it names and mapped to the item it belongs to (an
   * operation to its path, a parameter to its operation), so a diff can name the outermost one.
   */
  static TreeMap<String, String> contract(Map<String, Object> doc) {
    TreeMap<String, String> items = new TreeMap<>();
    for (Map.Entry<String, Object> p : map(doc.get("paths")).entrySet()) {
      String path = p.getKey();
      String pathItem = "path " + path;
      items.put(pathItem, null);
      Map<String, Object> ops = map(p.getValue());
      List<Object> shared = list(ops.get("parameters"));
      for (String method : METHODS) {
        if (!ops.containsKey(method)) {
          continue;
        }
        Map<String, Object> op = map(ops.get(method));
        String where = method.toUpperCase() + " " + path;
        String operation = "operation " + where;
        items.put(operation, pathItem);
        items.put("operationId " + where + " = " + op.get("operationId"), operation);
        List<Object> parameters = new ArrayList<>(shared);
        parameters.addAll(list(op.get("parameters")));
        for (Object o : parameters) {
          Map<String, Object> param = map(resolve(doc, o));
          items.put("parameter " + where + " " + param.get("in") + ":" + param.get("name")
              + (Boolean.TRUE.equals(param.get("required")) ? " (required)" : " (optional)"), operation);
        }
        if (op.containsKey("requestBody")) {
          Map<String, Object> body = map(resolve(doc, op.get("requestBody")));
          String requestBody = "request body " + where
              + (Boolean.TRUE.equals(body.get("required")) ? " (required)" : " (optional)");
          items.put(requestBody, operation);
          for (String media : map(body.get("content")).keySet()) {
            items.put("request body " + where + " " + media, requestBody);
          }
        }
        for (Map.Entry<String, Object> r : map(op.get("responses")).entrySet()) {
          String response = "response " + where + " " + r.getKey();
          items.put(response, operation);
          for (String media : map(map(resolve(doc, r.getValue())).get("content")).keySet()) {
            items.put(response + " " + media, response);
          }
        }
      }
    }
    return items;
  }

  /** Items of {@code from} absent in {@code other}, leaving out those whose owner is absent too. */
  private static List<String> suppressChildren(TreeMap<String, String> from, TreeMap<String, String> other) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : from.entrySet()) {
      if (other.containsKey(e.getKey())) {
        continue;
      }
      String owner = e.getValue();
      boolean ownerAbsent = false;
      while (owner != null) {
        if (!other.containsKey(owner)) {
          ownerAbsent = true;
          break;
        }
        owner = from.get(owner);
      }
      if (!ownerAbsent) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** A local {@code $ref} ("#/components/responses/BadRequest") resolved in the same document. */
  private static Object resolve(Map<String, Object> doc, Object node) {
    Object n = node;
    for (int hops = 0; hops < 10 && n instanceof Map<?, ?> m && m.get("$ref") instanceof String ref
        && ref.startsWith("#/"); hops++) {
      Object target = doc;
      for (String part : ref.substring(2).split("/")) {
        target = map(target).get(part.replace("~1", "/").replace("~0", "~"));
      }
      n = target;
    }
    return n;
  }

  // --- everything the document says --------------------------------------------------------------

  /**
   * The document as nested maps that compare by what they say: parameters keyed by in:name and the
   * top-level tags by name (their order says nothing), {@code required} lists as sorted sets, other
   * lists by index, numbers by value (60 and 60.0 alike).
   */
  static Object normalize(String key, Object node) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), normalize(String.valueOf(k), v)));
      return out;
    }
    if (node instanceof List<?> l) {
      if (key.equals("required") && l.stream().allMatch(String.class::isInstance)) {
        return new TreeSet<>(l.stream().map(String.class::cast).toList()).toString();
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < l.size(); i++) {
        Object item = l.get(i);
        String at = "[" + i + "]";
        if (item instanceof Map<?, ?> im && key.equals("parameters") && im.get("name") != null && im.get("in") != null) {
          at = "[" + im.get("in") + ":" + im.get("name") + "]";
        } else if (item instanceof Map<?, ?> im && key.equals("tags") && im.get("name") != null) {
          at = "[" + im.get("name") + "]";
        }
        out.put(at, normalize("", item));
      }
      return out;
    }
    if (node instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    return node instanceof String s ? '"' + s + '"' : String.valueOf(node);
  }

  /** Each place where the two differ, the outermost one when a whole part is on one side only. */
  @SuppressWarnings("unchecked")
  static void diff(String at, Object inFile, Object inServed, List<String> out) {
    if (inFile instanceof Map<?, ?> f && inServed instanceof Map<?, ?> s) {
      List<String> keys = new ArrayList<>(((Map<String, Object>) s).keySet()); // in the served order
      ((Map<String, Object>) f).keySet().stream().filter(k -> !s.containsKey(k)).forEach(keys::add);
      for (String k : keys) {
        String next = k.startsWith("[") ? at + k : k.contains("/") ? at + "[" + k + "]" : at.isEmpty() ? k : at + "." + k;
        Object fv = f.get(k);
        Object sv = s.get(k);
        if (fv == null && sv != null) {
          out.add(next + ": served, not in openapi.yaml");
        } else if (fv != null && sv == null) {
          out.add(next + ": in openapi.yaml, not served");
        } else {
          diff(next, fv, sv, out);
        }
      }
    } else if (!Objects.equals(inFile, inServed)) {
      out.add(at + ":\n      file:   " + brief(inFile) + "\n      served: " + brief(inServed));
    }
  }

  private static String brief(Object v) {
    String s = v instanceof Map<?, ?> ? "(an object)" : String.valueOf(v);
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  // --- writing the file --------------------------------------------------------------------------

  /**
   * The served document as YAML in reading order: the service already orders tags, paths and
   * responses (OpenApiConfiguration); components are put in name order here, and the top-level
   * sections in the usual order.
   */
  static String write(Map<String, Object> served) {
    Map<String, Object> doc = new LinkedHashMap<>();
    for (String section : List.of("openapi", "info", "servers", "tags", "paths", "components")) {
      if (served.containsKey(section)) {
        doc.put(section, served.get(section));
      }
    }
    served.forEach(doc::putIfAbsent);
    if (doc.get("components") instanceof Map<?, ?> components) {
      Map<String, Object> sorted = new LinkedHashMap<>();
      components.forEach((kind, entries) -> sorted.put((String) kind,
          entries instanceof Map<?, ?> e ? new TreeMap<>(e) : entries));
      doc.put("components", sorted);
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setWidth(110);
    options.setLineBreak(DumperOptions.LineBreak.UNIX);
    return HEADER + "\n" + new Yaml(options).dump(doc);
  }

  static Path contractFile() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("openapi.yaml");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }
}
