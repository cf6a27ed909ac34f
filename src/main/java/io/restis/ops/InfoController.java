package io.restis.ops;

import io.restis.engine.Engine;
import io.restis.engine.Info;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * INFO as a resource: {@code GET /admin/info} answers the default sections as JSON, section name
 * to fields; {@code ?section=keyspace&section=stats} (or {@code ?section=keyspace,stats}) picks
 * sections, with INFO's names ({@code all} and {@code everything} for all of them). Whole numbers
 * and decimals become JSON numbers; the {@code key=value,...} lists of the Keyspace and
 * Commandstats sections become objects. Unknown section names are a 400 naming the known ones.
 */
@RestController
@RequestMapping("/admin/info")
public class InfoController {

  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
  private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]{0,17})\\.[0-9]+");
  private static final Pattern PAIRS = Pattern.compile("[a-z_]+=[^,=]*(,[a-z_]+=[^,=]*)*");

  private final Engine engine;

  public InfoController(Engine engine) {
    this.engine = engine;
  }

  @GetMapping(produces = "application/json")
  public ResponseEntity<?> info(@RequestParam(name = "section", required = false) List<String> section) {
    List<String> names = section == null ? List.of() : section.stream()
        .flatMap(s -> java.util.Arrays.stream(s.split(","))).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String n : names) {
      if (!Info.isSectionName(n)) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
            "unknown INFO section '" + n + "'; known: " + String.join(", ", Info.SECTIONS)
                + ", default, all, everything");
        return ResponseEntity.badRequest().body(p);
      }
    }
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    engine.info().collect(Info.select(names)).forEach((name, fields) -> {
      Map<String, Object> typed = new LinkedHashMap<>();
      fields.forEach((k, v) -> typed.put(k, value(v)));
      out.put(name, typed);
    });
    return ResponseEntity.ok(out);
  }

  /** A field's text as the JSON value it stands for. */
  static Object value(String v) {
    if (INTEGER.matcher(v).matches()) {
      return Long.parseLong(v);
    }
    if (DECIMAL.matcher(v).matches()) {
      return new BigDecimal(v);
    }
    if (PAIRS.matcher(v).matches()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String pair : v.split(",")) {
        int eq = pair.indexOf('=');
        m.put(pair.substring(0, eq), value(pair.substring(eq + 1)));
      }
      return m;
    }
    return v;
  }
}
