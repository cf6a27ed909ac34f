package io.restis.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Failures of the {@link UpstashEndpoint} controllers as Upstash answers them:
 * {@code {"error": "..."}} with the status of the refusal. It is scoped to those controllers (the
 * REST resources answer RFC 9457 problem details) and ordered first, so a global handler added
 * later cannot take their errors.
 */
@RestControllerAdvice(annotations = UpstashEndpoint.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UpstashExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(UpstashExceptionHandler.class);

  private final ReplyJsonWriter writer;

  public UpstashExceptionHandler(ReplyJsonWriter writer) {
    this.writer = writer;
  }

  @ExceptionHandler(CommandRequestException.class)
  public ResponseEntity<byte[]> refused(CommandRequestException e) {
    return error(e.status(), e.getMessage());
  }

  /** The client went away while sending: nobody is left to answer. */
  @ExceptionHandler({IOException.class, UncheckedIOException.class})
  public void clientGone(Exception e) {
    log.debug("request body could not be read", e);
  }

  /** A bug: still answered in a shape the SDK can read, and logged. */
  @ExceptionHandler(RuntimeException.class)
  public ResponseEntity<byte[]> failed(RuntimeException e) {
    log.error("command endpoint failed", e);
    return error(500, "ERR internal error");
  }

  private ResponseEntity<byte[]> error(int status, String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.length() + 16);
    writer.writeError(out, message);
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(out.toByteArray());
  }
}
