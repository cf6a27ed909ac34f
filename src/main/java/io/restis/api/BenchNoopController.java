package io.restis.api;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP stack's ceiling for the benchmarks: a request that goes through the same server,
 * filters and dispatch as every other endpoint and then does nothing. Beside the store's own
 * endpoints in the load figures it shows what the store itself costs per request.
 *
 * <p>Off unless {@code restis.bench.noop-endpoint=true}: a production server has no use for it,
 * and it stays out of the served contract (hidden from the OpenAPI document even when on).
 */
@Hidden
@RestController
@ConditionalOnProperty(name = "restis.bench.noop-endpoint", havingValue = "true")
public class BenchNoopController {

  /** About the size of a small GET answer ({@code {"result":"..."}}), so the bytes compare. */
  static final String BODY = "{\"result\":\"OK\"}";

  @GetMapping(path = "/bench/noop", produces = MediaType.APPLICATION_JSON_VALUE)
  public String noop() {
    return BODY;
  }
}
