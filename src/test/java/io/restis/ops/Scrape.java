package io.restis.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of /actuator/prometheus, parsed: series ("name{labels}" as printed) to value. */
record Scrape(Map<String, Double> series) {

  private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)");

  static Scrape parse(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (m.find()) {
        out.put(m.group(1), Double.parseDouble(m.group(2)));
      }
    }
    return new Scrape(out);
  }

  /** The value of a series, e.g. {@code restis_keys{type="string"}}; NaN when absent. */
  double get(String series) {
    Double v = series().get(series);
    return v == null ? Double.NaN : v;
  }

  boolean has(String series) {
    return series().containsKey(series);
  }
}
