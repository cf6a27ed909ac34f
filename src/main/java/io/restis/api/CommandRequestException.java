package io.restis.api;

/**
 * A request the command endpoint refuses as a whole, before any of its commands runs: the HTTP
 * status and the error text (in Redis's style, starting with {@code ERR}) for the
 * {@code {"error": ...}} body.
 */
public final class CommandRequestException extends RuntimeException {

  private final int status;

  private CommandRequestException(int status, String message) {
    super(message, null, false, false); // an answer, not a failure: no stack trace
    this.status = status;
  }

  /** 400: the body or path does not say a command. */
  public static CommandRequestException badRequest(String message) {
    return new CommandRequestException(400, message);
  }

  /** 403: the caller may not do this (the store's NOPERM text). */
  public static CommandRequestException forbidden(String message) {
    return new CommandRequestException(403, message);
  }

  /** 413: the body is over {@code restis.limits.max-body-size}. */
  public static CommandRequestException tooLarge(long limit) {
    return new CommandRequestException(413,
        "ERR request body exceeds " + limit + " bytes (restis.limits.max-body-size)");
  }

  /** 415: a content type that cannot hold a JSON command. */
  public static CommandRequestException unsupportedMediaType(String contentType) {
    return new CommandRequestException(415, "ERR unsupported media type '" + contentType
        + "': send the command as a JSON array with Content-Type application/json");
  }

  public int status() {
    return status;
  }
}
