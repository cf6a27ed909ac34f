package io.restis.api;

/**
 * A read whose If-None-Match named the key's current ETag: answered 304 Not Modified with that
 * ETag and no body by {@link ProblemExceptionHandler}. Not a problem, but raised the same way so
 * that controllers only ever build their success answers.
 */
public final class NotModifiedException extends RuntimeException {

  private final String etag;

  public NotModifiedException(String etag) {
    super("not modified", null, false, false);
    this.etag = etag;
  }

  public String etag() {
    return etag;
  }
}
