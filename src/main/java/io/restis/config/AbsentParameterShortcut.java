package io.restis.config;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.annotation.RequestHeaderMethodArgumentResolver;
import org.springframework.web.method.annotation.RequestParamMethodArgumentResolver;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Spring MVC's {@code @RequestParam} or {@code @RequestHeader} resolver, remembering what it
 * answers for a parameter the request does not carry.
 *
 * <p>The resource endpoints take their options as optional query parameters ({@code PUT
 * /strings/{key}} has nine: {@code ex}, {@code px}, {@code nx}, ..., {@code encoding}), and most
 * requests send none. For each absent one Spring MVC still resolves the default value's
 * placeholders, makes a data binder (running the {@code @InitBinder} methods) and converts the
 * default (or null) to the parameter's type through the conversion service, whose converter cache
 * compares annotated type descriptors: a fifth of such a request's CPU time, to arrive at the
 * same {@code false}, {@code null} or {@code utf8} every time. This resolver asks the real one
 * the first time a parameter is absent and hands out that answer afterwards.
 *
 * <p>Only where the answer cannot depend on the request: a parameter of an immutable simple type
 * (String, a boxed or primitive number or boolean, an enum) whose default, if any, has no
 * placeholder or expression, and not in a multipart request (whose file parts Spring would also
 * bind by name). A present parameter, or an absent one the real resolver refuses (a required
 * parameter: the exception is thrown again each time), always goes to the real resolver.
 */
final class AbsentParameterShortcut implements HandlerMethodArgumentResolver {

  /** What a parameter's slot holds before the real resolver answered for it absent. */
  private static final Object UNKNOWN = new Object();

  /** The slot of a parameter the shortcut does not apply to. */
  private static final Slot NONE = new Slot("");

  private final HandlerMethodArgumentResolver resolver;
  private final ConcurrentMap<MethodParameter, Slot> slots = new ConcurrentHashMap<>();

  AbsentParameterShortcut(HandlerMethodArgumentResolver resolver) {
    this.resolver = resolver;
  }

  /** The resolvers, each of Spring's {@code @RequestParam} and {@code @RequestHeader} ones wrapped. */
  static List<HandlerMethodArgumentResolver> wrap(List<HandlerMethodArgumentResolver> resolvers) {
    List<HandlerMethodArgumentResolver> wrapped = new ArrayList<>(resolvers.size());
    for (HandlerMethodArgumentResolver r : resolvers) {
      boolean named = r.getClass() == RequestParamMethodArgumentResolver.class
          || r.getClass() == RequestHeaderMethodArgumentResolver.class;
      wrapped.add(named ? new AbsentParameterShortcut(r) : r);
    }
    return wrapped;
  }

  /** A parameter's name as the real resolver reads it, and its answer when absent, once known. */
  private static final class Slot {
    final String name;
    volatile Object absent = UNKNOWN;

    Slot(String name) {
      this.name = name;
    }
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return resolver.supportsParameter(parameter);
  }

  @Override
  public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest, WebDataBinderFactory binderFactory) throws Exception {
    Slot slot = slots.computeIfAbsent(parameter, AbsentParameterShortcut::slot);
    if (slot == NONE || !isAbsent(parameter, slot.name, webRequest)) {
      return resolver.resolveArgument(parameter, mavContainer, webRequest, binderFactory);
    }
    Object known = slot.absent;
    if (known != UNKNOWN) {
      return known;
    }
    Object value = resolver.resolveArgument(parameter, mavContainer, webRequest, binderFactory);
    slot.absent = value;
    return value;
  }

  private static boolean isAbsent(MethodParameter parameter, String name, NativeWebRequest webRequest) {
    if (parameter.hasParameterAnnotation(RequestHeader.class)) {
      return webRequest.getHeaderValues(name) == null;
    }
    String contentType = webRequest.getHeader("Content-Type");
    if (contentType != null && contentType.regionMatches(true, 0, "multipart/", 0, 10)) {
      return false;
    }
    return webRequest.getParameterValues(name) == null;
  }

  /** The parameter's slot, or {@link #NONE} when the shortcut does not apply to it. */
  private static Slot slot(MethodParameter parameter) {
    String name;
    String defaultValue;
    RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
    RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
    if (param != null && header == null) {
      name = param.name();
      defaultValue = param.defaultValue();
    } else if (header != null && param == null) {
      name = header.name();
      defaultValue = header.defaultValue();
    } else {
      return NONE;
    }
    if (!isImmutableSimple(parameter.getParameterType())) {
      return NONE;
    }
    if (!ValueConstants.DEFAULT_NONE.equals(defaultValue)
        && (defaultValue.contains("${") || defaultValue.contains("#{"))) {
      return NONE;
    }
    if (name.isEmpty()) {
      name = parameter.getParameterName();
    }
    return name == null || name.isEmpty() ? NONE : new Slot(name);
  }

  private static boolean isImmutableSimple(Class<?> type) {
    return type == String.class || type.isEnum()
        || type == boolean.class || type == Boolean.class
        || type == long.class || type == Long.class
        || type == int.class || type == Integer.class
        || type == double.class || type == Double.class;
  }
}
