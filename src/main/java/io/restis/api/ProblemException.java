package io.restis.api;

import io.restis.engine.Bytes;
import io.restis.engine.Errors;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;

/**
 * A refusal of a REST resource request, answered by {@link ProblemExceptionHandler} as an RFC 9457
 * problem: the kind (type, title, status), the detail, and for errors of the store the Redis error
 * word (WRONGTYPE, ERR, READONLY, NOPERM, ...), which the answer carries as the {@code error}
 * property. Headers to send along (the current ETag of a 412) ride with it.
 */
public final class ProblemException extends RuntimeException {

  private static final int MAX_KEY_IN_DETAIL = 200;

  private final Problem problem;
  private final String errorWord;
  private final HttpHeaders headers = new HttpHeaders();

  private ProblemException(Problem problem, String detail, String errorWord) {
    super(detail, null, false, false); // an answer, not a failure: no stack trace
    this.problem = problem;
    this.errorWord = errorWord;
  }

  public static ProblemException of(Problem problem, String detail) {
    return new ProblemException(problem, detail, null);
  }

  /**
   * An error reply of the store. The error word picks the kind; {@code ERR no such key} (RENAME,
   * LSET on a missing key) is the 404 it means. The detail is Redis's text, word for word.
   */
  public static ProblemException fromErrorReply(String message) {
    int space = message.indexOf(' ');
    String word = space < 0 ? message : message.substring(0, space);
    Problem problem = Errors.NO_SUCH_KEY.equals(message) ? Problem.KEY_NOT_FOUND : Problem.forErrorWord(word);
    return new ProblemException(problem, message, word);
  }

  /** 404 for a key that does not exist. */
  public static ProblemException keyNotFound(Bytes key) {
    return of(Problem.KEY_NOT_FOUND, "no such key '" + printable(key) + "'");
  }

  /** 400 for a request whose parts do not say what is asked. */
  public static ProblemException invalidRequest(String detail) {
    return of(Problem.INVALID_REQUEST, detail);
  }

  /** Adds a header to the answer. */
  public ProblemException withHeader(String name, String value) {
    headers.add(name, value);
    return this;
  }

  public Problem problem() {
    return problem;
  }

  /** The Redis error word, or null for refusals of the HTTP layer. */
  public String errorWord() {
    return errorWord;
  }

  public HttpHeaders headers() {
    return headers;
  }

  /** A key as text for a detail message: UTF-8, cut short when long. */
  static String printable(Bytes key) {
    String s = new String(key.bytes(), StandardCharsets.UTF_8);
    return s.length() > MAX_KEY_IN_DETAIL ? s.substring(0, MAX_KEY_IN_DETAIL) + "..." : s;
  }
}
