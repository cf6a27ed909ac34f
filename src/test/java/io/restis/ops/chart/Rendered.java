package io.restis.ops.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The manifests of one {@code helm template}, parsed, with the lookups the chart tests need. */
final class Rendered {

  private final List<Map<String, Object>> docs = new ArrayList<>();
  final String text;

  @SuppressWarnings("unchecked")
  Rendered(String text) {
    this.text = text;
    for (Object o : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
      if (o != null) {
        docs.add((Map<String, Object>) o);
      }
    }
  }

  List<Map<String, Object>> all() {
    return docs;
  }

  List<Map<String, Object>> kind(String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  /** The one object of this kind and name; fails when there is none. */
  Map<String, Object> get(String kind, String name) {
    return kind(kind).stream().filter(d -> name.equals(path(d, "metadata.name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in:\n" + text));
  }

  /** The StatefulSet of a role ("leader" or "follower"). */
  Map<String, Object> statefulSet(String role) {
    List<Map<String, Object>> s = kind("StatefulSet").stream()
        .filter(d -> role.equals(path(d, "metadata.labels.app\\.kubernetes\\.io/component"))).toList();
    assertThat(s).as("StatefulSets of role " + role).hasSize(1);
    return s.get(0);
  }

  /** A StatefulSet's one container. */
  static Map<String, Object> container(Map<String, Object> statefulSet) {
    List<Map<String, Object>> cs = list(statefulSet, "spec.template.spec.containers");
    assertThat(cs).hasSize(1);
    return cs.get(0);
  }

  /** A container's environment variable by name; null when absent. */
  static Map<String, Object> env(Map<String, Object> container, String name) {
    return list(container, "env").stream().filter(e -> name.equals(e.get("name"))).findFirst().orElse(null);
  }

  static String envValue(Map<String, Object> container, String name) {
    Map<String, Object> e = env(container, name);
    return e == null ? null : (String) e.get("value");
  }

  /** A Secret's data, decoded. */
  @SuppressWarnings("unchecked")
  static Map<String, String> secretData(Map<String, Object> secret) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    ((Map<String, Object>) secret.get("data")).forEach((k, v) -> out.put(k,
        new String(Base64.getDecoder().decode((String) v), StandardCharsets.UTF_8)));
    return out;
  }

  /**
   * A value by a dotted path ("spec.template.spec"); a dot inside a key is written "\\." (labels such
   * as app.kubernetes.io/component). Null when a step is missing.
   */
  @SuppressWarnings("unchecked")
  static <T> T path(Object root, String dotted) {
    Object cur = root;
    for (String step : dotted.split("(?<!\\\\)\\.")) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(step.replace("\\.", "."));
    }
    return (T) cur;
  }

  static List<Map<String, Object>> list(Object root, String dotted) {
    List<Map<String, Object>> l = path(root, dotted);
    return Objects.requireNonNullElse(l, List.of());
  }
}
