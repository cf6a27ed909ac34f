package io.restis.api;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * Every failure outside the command endpoint, as an RFC 9457 problem
 * ({@code application/problem+json}): {@code type} (a stable URI per {@link Problem} kind),
 * {@code title}, {@code status}, {@code detail} (the store's error text where there is one, else
 * what exactly was wrong with the request), {@code instance} (the path) and, for errors of the
 * store, {@code error}: the Redis error word (WRONGTYPE, ERR, READONLY, NOPERM, ...).
 *
 * <p>Spring MVC's own refusals (unreadable or mistyped bodies, bad parameters, validation,
 * unsupported media types, unknown paths and methods) are mapped here once, each with a detail
 * naming the offending field or parameter; anything a client sends is a 4xx, never a 500. The
 * {@link UpstashEndpoint} controllers keep their {@code {"error"}} bodies: their advice,
 * {@link UpstashExceptionHandler}, is scoped to them and ordered first. This one is global (a
 * request that matched no controller, a 404 or 405, has no controller to scope by) and last.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

  /** The problem property that carries the Redis error word. */
  public static final String ERROR_PROPERTY = "error";

  @ExceptionHandler(ProblemException.class)
  public ResponseEntity<Object> problem(ProblemException e) {
    HttpHeaders headers = new HttpHeaders();
    headers.putAll(e.headers());
    return answer(e.problem(), e.problem().status(), e.getMessage(), e.errorWord(), headers);
  }

  @ExceptionHandler(NotModifiedException.class)
  public ResponseEntity<Void> notModified(NotModifiedException e) {
    return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(e.etag()).build();
  }

  /** Refusals shared with the command endpoint: the body size limit, percent-decoding. */
  @ExceptionHandler(CommandRequestException.class)
  public ResponseEntity<Object> refused(CommandRequestException e) {
    return answer(Problem.forStatus(e.status()), HttpStatusCode.valueOf(e.status()), withoutErr(e.getMessage()),
        null, new HttpHeaders());
  }

  /** The client went away while sending or receiving: nobody is left to answer. */
  @ExceptionHandler(IOException.class)
  public ResponseEntity<Object> clientGone(IOException e) {
    log.debug("request could not be read or answered", e);
    return null;
  }

  /** A bug: answered as a problem without its internals, and logged. */
  @ExceptionHandler(Exception.class)
  public ResponseEntity<Object> failed(Exception e) {
    log.error("request failed", e);
    return answer(Problem.INTERNAL, Problem.INTERNAL.status(), "internal error", null, new HttpHeaders());
  }

  // --- Spring MVC's refusals, with details that name the problem

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    CommandRequestException refused = cause(ex, CommandRequestException.class);
    if (refused != null) {
      return refused(refused);
    }
    return handleExceptionInternal(ex, detail(unreadable(ex)), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    StringJoiner detail = new StringJoiner("; ");
    for (FieldError f : ex.getBindingResult().getFieldErrors()) {
      detail.add("field '" + f.getField() + "' " + f.getDefaultMessage());
    }
    ex.getBindingResult().getGlobalErrors().forEach(g -> detail.add(g.getDefaultMessage()));
    return handleExceptionInternal(ex, detail("invalid request body: " + detail), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    StringJoiner detail = new StringJoiner("; ");
    ex.getParameterValidationResults().forEach(r -> {
      String name = r.getMethodParameter().getParameterName();
      for (MessageSourceResolvable error : r.getResolvableErrors()) {
        detail.add("parameter '" + name + "' " + error.getDefaultMessage());
      }
    });
    ex.getCrossParameterValidationResults().forEach(e -> detail.add(e.getDefaultMessage()));
    return handleExceptionInternal(ex, detail(detail.toString()), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
    // A repeated parameter arrives as an array: show its values, not the array's identity.
    Object value = ex.getValue() instanceof Object[] values ? String.join("', '",
        java.util.Arrays.stream(values).map(String::valueOf).toList()) : ex.getValue();
    String detail = "parameter '" + name + "' must be " + expected(ex.getRequiredType()) + ", got '" + value + "'";
    return handleExceptionInternal(ex, detail(detail), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return handleExceptionInternal(ex, detail("the query parameter '" + ex.getParameterName() + "' is required"),
        headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String detail = "Content-Type '" + (ex.getContentType() == null ? "" : ex.getContentType())
        + "' is not supported here; send one of " + ex.getSupportedMediaTypes();
    return handleExceptionInternal(ex, detail(detail), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String detail = "none of the types in Accept can be answered here; acceptable: " + ex.getSupportedMediaTypes();
    return handleExceptionInternal(ex, detail(detail), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String detail = "method " + ex.getMethod() + " is not supported here; supported: "
        + String.join(", ", ex.getSupportedMethods() == null ? new String[0] : ex.getSupportedMethods());
    return handleExceptionInternal(ex, detail(detail), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    return handleExceptionInternal(ex, detail("no resource at /" + ex.getResourcePath()), headers, status, request);
  }

  /**
   * Every refusal of Spring MVC ends here: the body becomes a problem of the kind its status
   * stands for, keeping its detail.
   */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    String detail = body instanceof ProblemDetail p ? p.getDetail() : null;
    if (detail == null && ex instanceof ErrorResponse e) {
      detail = e.getBody().getDetail(); // an ErrorResponseException's own detail, not its toString
    }
    if (ex instanceof MissingRequestHeaderException m) {
      detail = "the header '" + m.getHeaderName() + "' is required";
    }
    if (detail == null) {
      detail = ex.getMessage();
    }
    if (status.is5xxServerError()) {
      log.error("request failed", ex);
    }
    HttpHeaders out = new HttpHeaders();
    if (headers != null) {
      out.putAll(headers);
    }
    return answer(Problem.forStatus(status.value()), status, detail, null, out);
  }

  // --- building the answer

  private static ResponseEntity<Object> answer(Problem kind, HttpStatusCode status, String detail, String errorWord,
      HttpHeaders headers) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(kind.type());
    body.setTitle(kind.title());
    if (errorWord != null) {
      body.setProperty(ERROR_PROPERTY, errorWord);
    }
    // Fixed, not negotiated: a problem is a problem whatever the request would have accepted.
    headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return new ResponseEntity<>(body, headers, status);
  }

  /** A body for {@link #handleExceptionInternal} carrying just the detail. */
  private static ProblemDetail detail(String detail) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
  }

  private static String withoutErr(String message) {
    return message.startsWith("ERR ") ? message.substring(4) : message;
  }

  private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  /** What was wrong with an unreadable body, naming the field where Jackson knows it. */
  static String unreadable(HttpMessageNotReadableException ex) {
    PropertyBindingException unknown = cause(ex, PropertyBindingException.class);
    if (unknown != null) {
      Collection<Object> known = unknown.getKnownPropertyIds();
      return "unknown field '" + path(unknown) + "'"
          + (known == null || known.isEmpty() ? "" : "; known fields: "
              + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
    }
    InvalidNullException nul = cause(ex, InvalidNullException.class);
    if (nul != null) {
      return "field '" + path(nul) + "' must not be null";
    }
    MismatchedInputException mismatch = cause(ex, MismatchedInputException.class);
    if (mismatch != null) {
      String where = path(mismatch);
      String got = got(mismatch.getCurrentToken());
      if (where.isEmpty()) {
        return "the request body must be " + expected(mismatch.getTargetType()) + (got == null ? "" : ", got " + got);
      }
      return "field '" + where + "' must be " + expected(mismatch.getTargetType()) + (got == null ? "" : ", got " + got);
    }
    StreamReadException syntax = cause(ex, StreamReadException.class);
    if (syntax != null) {
      return "the request body is not valid JSON: " + firstLine(syntax.getOriginalMessage());
    }
    JacksonException other = cause(ex, JacksonException.class);
    if (other != null) {
      return "the request body cannot be read: " + firstLine(other.getOriginalMessage());
    }
    String message = ex.getMessage() == null ? "" : ex.getMessage();
    if (message.startsWith("Required request body is missing")) {
      return "the request body is missing";
    }
    return "the request body cannot be read";
  }

  private static String path(JacksonException e) {
    StringBuilder b = new StringBuilder();
    for (JacksonException.Reference r : e.getPath()) {
      if (r.getPropertyName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getPropertyName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String got(JsonToken t) {
    if (t == null) {
      return null;
    }
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
        return "an integer";
      case VALUE_NUMBER_FLOAT:
        return "a number with a fraction";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return null;
    }
  }

  /** What a Java type is called in a detail message. */
  static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class || type == byte[].class) {
      return "a string";
    }
    if (type == long.class || type == Long.class || type == int.class || type == Integer.class
        || type == BigInteger.class) {
      return "an integer";
    }
    if (type == double.class || type == Double.class || type == BigDecimal.class || type == Number.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "a boolean (true or false)";
    }
    if (type.isEnum()) {
      StringJoiner values = new StringJoiner(", ", "one of [", "]");
      for (Object c : type.getEnumConstants()) {
        values.add(c.toString());
      }
      return values.toString();
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
