package io.restis.api;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The kinds of problem the REST resources answer, as RFC 9457 problem details. Each kind has a
 * stable type URI ({@code https://restis.io/problems/<slug>}) that clients may match on, a fixed
 * title and an HTTP status; the detail of each answer says what exactly went wrong.
 */
public enum Problem {
  /** The key named in the path does not exist (a read, or a write that needs the key). */
  KEY_NOT_FOUND("key-not-found", HttpStatus.NOT_FOUND, "Key not found"),
  /** The key exists but the element asked for does not (an index past the end of a list). */
  ELEMENT_NOT_FOUND("element-not-found", HttpStatus.NOT_FOUND, "Element not found"),
  /** No resource at this path. */
  NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
  /** The key holds another type than the resource is about (Redis's WRONGTYPE). */
  WRONG_TYPE("wrong-type", HttpStatus.CONFLICT, "Wrong type"),
  /** The operation cannot apply to the current state (a list pivot that is not there). */
  CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
  /** The store refused an argument (Redis's ERR replies: not an integer, out of range, ...). */
  INVALID_ARGUMENT("invalid-argument", HttpStatus.BAD_REQUEST, "Invalid argument"),
  /** The request itself is malformed: undecodable JSON, wrong JSON types, bad parameters. */
  INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request"),
  /** More elements in one call than {@code restis.limits.max-elements}. */
  TOO_MANY_ELEMENTS("too-many-elements", HttpStatus.BAD_REQUEST, "Too many elements"),
  /** A body, key or value over its size limit. */
  TOO_LARGE("too-large", HttpStatus.CONTENT_TOO_LARGE, "Too large"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
  NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
  METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
  /** If-Match / If-None-Match did not hold: nothing was changed. */
  PRECONDITION_FAILED("precondition-failed", HttpStatus.PRECONDITION_FAILED, "Precondition failed"),
  /** A write on a read-only follower (Redis's READONLY). */
  READ_ONLY("read-only", HttpStatus.FORBIDDEN, "Read-only"),
  /** The caller may not run this command or touch this key (Redis's NOPERM). */
  FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),
  /** The store cannot serve this now: still loading its data, or unable to persist writes. */
  UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
  /** A fault of the server, never of the request. */
  INTERNAL("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

  /** Where the type URIs live; they identify kinds and need not resolve. */
  public static final String TYPE_BASE = "https://restis.io/problems/";

  private final URI type;
  private final HttpStatus status;
  private final String title;

  Problem(String slug, HttpStatus status, String title) {
    this.type = URI.create(TYPE_BASE + slug);
    this.status = status;
    this.title = title;
  }

  public URI type() {
    return type;
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The kind for an error reply's first word (WRONGTYPE, ERR, READONLY, NOPERM, ...). */
  static Problem forErrorWord(String word) {
    switch (word) {
      case "WRONGTYPE":
        return WRONG_TYPE;
      case "READONLY":
        return READ_ONLY;
      case "NOPERM":
      case "NOAUTH":
        return FORBIDDEN;
      case "LOADING":
      case "MISCONF":
        return UNAVAILABLE;
      default:
        return INVALID_ARGUMENT;
    }
  }

  /** The kind that stands for a bare HTTP status (Spring's own refusals). */
  static Problem forStatus(int status) {
    switch (status) {
      case 404:
        return NOT_FOUND;
      case 405:
        return METHOD_NOT_ALLOWED;
      case 406:
        return NOT_ACCEPTABLE;
      case 409:
        return CONFLICT;
      case 412:
        return PRECONDITION_FAILED;
      case 413:
        return TOO_LARGE;
      case 415:
        return UNSUPPORTED_MEDIA_TYPE;
      default:
        return status >= 500 ? INTERNAL : INVALID_REQUEST;
    }
  }
}
