package io.restis.ops;

import io.restis.api.ProblemException;
import io.restis.engine.Engine;
import io.restis.engine.Info;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.ProblemDetail;
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
@Tag(name = "info", description = "The server's state: INFO's sections as JSON")
class InfoController {

  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
  private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]{0,17})\\.[0-9]+");
  private static final Pattern PAIRS = Pattern.compile("[a-z_]+=[^,=]*(,[a-z_]+=[^,=]*)*");

  private final Engine engine;

  InfoController(Engine engine) {
    this.engine = engine;
  }

  @GetMapping(produces = "application/json")
  @Operation(operationId = "getInfo", summary = "INFO's sections as JSON: section name to fields",
      description = "The sections INFO prints (server, clients, memory, persistence, stats, replication, cluster, "
          + "keyspace; commandstats with all), with INFO's field names. Numbers are JSON numbers; the key=value "
          + "lists of keyspace (db0) and commandstats (cmdstat_<name>) are objects.")
  @ApiResponse(responseCode = "200", description = "The sections asked for, in INFO's order.",
      content = @Content(mediaType = "application/json", schema = @Schema(type = "object",
          example = "{\"keyspace\":{\"db0\":{\"keys\":2,\"expires\":1,\"avg_ttl\":59000}}}")))
  @ApiResponse(responseCode = "400", description = "An unknown section name.",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
  Map<String, Map<String, Object>> info(
      @Parameter(description = "Sections to answer, repeated or comma-separated; default, all and everything as in "
          + "INFO. None: the default sections.", example = "keyspace,stats")
      @RequestParam(name = "section", required = false) List<String> section) {
    List<String> names = section == null ? List.of() : section.stream()
        .flatMap(s -> Arrays.stream(s.split(","))).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String n : names) {
      if (!Info.isSectionName(n)) {
        throw ProblemException.invalidRequest("unknown INFO section '" + n + "'; known: "
            + String.join(", ", Info.SECTIONS) + ", default, all, everything");
      }
    }
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    engine.info().collect(Info.select(names)).forEach((name, fields) -> {
      Map<String, Object> typed = new LinkedHashMap<>();
      fields.forEach((k, v) -> typed.put(k, value(v)));
      out.put(name, typed);
    });
    return out;
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
