package io.restis.security;

import io.restis.api.CommandRequestException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Enumeration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tomcat refuses a malformed query string (an empty parameter name as in {@code ?=1}, a bad
 * percent-escape, too many parameters) only when the parameters are first read, by throwing from
 * {@code getParameter} in the middle of a controller's argument binding, where it would become a
 * 500. This wrapper turns that into the 400 it is, in the endpoint's own error shape
 * ({@link CommandRequestException}, which both the command endpoint and the resources answer).
 */
final class MalformedParameters extends HttpServletRequestWrapper {

  static final String MALFORMED = "ERR the query string is malformed: an empty parameter name, a bad "
      + "percent-escape, or more parameters than the server accepts";

  MalformedParameters(HttpServletRequest request) {
    super(request);
  }

  @Override
  public String getParameter(String name) {
    return guarded(() -> super.getParameter(name));
  }

  @Override
  public String[] getParameterValues(String name) {
    return guarded(() -> super.getParameterValues(name));
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    return guarded(super::getParameterMap);
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return guarded(super::getParameterNames);
  }

  private static <T> T guarded(Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalStateException e) {
      throw CommandRequestException.badRequest(MALFORMED);
    }
  }
}
