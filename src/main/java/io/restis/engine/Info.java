package io.restis.engine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The sections of INFO and the providers that fill them: the engine's own
 * ({@link EngineInfo}, registered first) and whatever the layers around it registered.
 *
 * <p>Sections come out in Redis's order whatever order they were asked in. A section is printed
 * when at least one provider writes it (so an engine without a web server has no Clients
 * section), even with no fields (Keyspace with no keys is a bare title, as in Redis). Restis has
 * no CPU, Modules, Errorstats or Latencystats sections: it measures none of those.
 */
public final class Info {

  /** Every section, in Redis's order. */
  public static final List<String> SECTIONS = List.of(
      "server", "clients", "memory", "persistence", "stats", "replication", "cluster", "keyspace", "commandstats");

  /** What INFO with no argument, or "default", prints: all but the per-command counters. */
  public static final List<String> DEFAULT = SECTIONS.stream().filter(s -> !s.equals("commandstats")).toList();

  private static final Map<String, String> TITLES = Map.of("server", "Server", "clients", "Clients",
      "memory", "Memory", "persistence", "Persistence", "stats", "Stats", "replication", "Replication",
      "cluster", "Cluster", "keyspace", "Keyspace", "commandstats", "Commandstats");

  private final List<InfoProvider> providers = new CopyOnWriteArrayList<>();

  Info(Engine engine) {
    providers.add(new EngineInfo(engine));
  }

  /** Adds a provider after those registered before it. */
  public void register(InfoProvider provider) {
    providers.add(provider);
  }

  public void unregister(InfoProvider provider) {
    providers.remove(provider);
  }

  /**
   * The sections a list of INFO arguments names, in print order: none means "default"; "all" and
   * "everything" mean every section; other names are matched case-insensitively and unknown ones
   * are ignored (Redis prints nothing for them).
   */
  public static List<String> select(Collection<String> names) {
    if (names.isEmpty()) {
      return DEFAULT;
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (String n : names) {
      String s = n.toLowerCase(Locale.ROOT);
      switch (s) {
        case "default" -> wanted.addAll(DEFAULT);
        case "all", "everything" -> wanted.addAll(SECTIONS);
        default -> wanted.add(s);
      }
    }
    return SECTIONS.stream().filter(wanted::contains).toList();
  }

  /** Whether a name is a section, or one of the words that stand for several. */
  public static boolean isSectionName(String name) {
    String s = name.toLowerCase(Locale.ROOT);
    return SECTIONS.contains(s) || s.equals("default") || s.equals("all") || s.equals("everything");
  }

  /** The printed title of a section ("Server" for "server"). */
  public static String title(String section) {
    return TITLES.get(section);
  }

  /**
   * The fields of the given sections (names as {@link #select} returns them), section name to
   * fields in order; sections no provider writes are left out. Call without the engine lock held.
   */
  public Map<String, Map<String, String>> collect(List<String> sections) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (String section : sections) {
      Map<String, String> fields = null;
      for (InfoProvider p : providers) {
        if (p.sections().contains(section)) {
          if (fields == null) {
            fields = new LinkedHashMap<>();
          }
          p.write(section, fields);
        }
      }
      if (fields != null) {
        out.put(section, fields);
      }
    }
    return out;
  }

  /** INFO's text: "# Title\r\nfield:value\r\n..." per section, a blank line between sections. */
  public String render(List<String> sections) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Map<String, String>> s : collect(sections).entrySet()) {
      if (sb.length() > 0) {
        sb.append("\r\n");
      }
      sb.append("# ").append(title(s.getKey())).append("\r\n");
      s.getValue().forEach((k, v) -> sb.append(k).append(':').append(v).append("\r\n"));
    }
    return sb.toString();
  }

  /** Redis's bytesToHuman: 1023B, 1.00K, 2.50M, ... */
  public static String human(long bytes) {
    double n = bytes;
    if (bytes < 1024) {
      return bytes + "B";
    }
    String[] units = {"K", "M", "G", "T", "P"};
    int u = -1;
    while (n >= 1024 && u < units.length - 1) {
      n /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.2f%s", n, units[u]);
  }
}
