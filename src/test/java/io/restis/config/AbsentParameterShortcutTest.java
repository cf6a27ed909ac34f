package io.restis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.support.DefaultDataBinderFactory;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.annotation.RequestHeaderMethodArgumentResolver;
import org.springframework.web.method.annotation.RequestParamMethodArgumentResolver;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** The shortcut answers exactly as Spring's resolvers do, asking them once per absent parameter. */
class AbsentParameterShortcutTest {

  enum Encoding { UTF8, BASE64 }

  @SuppressWarnings("unused")
  void handler(@RequestParam(defaultValue = "false") boolean nx, @RequestParam(required = false) Long ex,
      @RequestParam(defaultValue = "UTF8") Encoding encoding, @RequestParam long required,
      @RequestParam(name = "key") String[] keys, @RequestParam(defaultValue = "${user.home}") String home,
      @RequestHeader(name = "Accept", required = false) String accept) {}

  private final WebDataBinderFactory binders = new DefaultDataBinderFactory(null);

  /** A real Spring resolver that counts how often it is asked. */
  private static final class Counting implements HandlerMethodArgumentResolver {
    final HandlerMethodArgumentResolver real;
    final AtomicInteger calls = new AtomicInteger();

    Counting(HandlerMethodArgumentResolver real) {
      this.real = real;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
      return real.supportsParameter(parameter);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
        WebDataBinderFactory binderFactory) throws Exception {
      calls.incrementAndGet();
      return real.resolveArgument(parameter, mav, request, binderFactory);
    }
  }

  private static MethodParameter parameter(int index) throws Exception {
    Method m = AbsentParameterShortcutTest.class.getDeclaredMethod("handler", boolean.class, Long.class,
        Encoding.class, long.class, String[].class, String.class, String.class);
    MethodParameter p = new MethodParameter(m, index);
    p.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
    return p;
  }

  private static NativeWebRequest request(String query, String contentType) {
    MockHttpServletRequest r = new MockHttpServletRequest("PUT", "/strings/k");
    if (query != null) {
      for (String pair : query.split("&")) {
        String[] kv = pair.split("=", 2);
        r.addParameter(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    if (contentType != null) {
      r.setContentType(contentType);
      r.addHeader("Content-Type", contentType);
    }
    return new ServletWebRequest(r);
  }

  private Object resolve(HandlerMethodArgumentResolver r, int index, NativeWebRequest request) throws Exception {
    return r.resolveArgument(parameter(index), null, request, binders);
  }

  @Test
  void absentParametersAskTheRealResolverOnce() throws Exception {
    Counting real = new Counting(new RequestParamMethodArgumentResolver(false));
    AbsentParameterShortcut shortcut = new AbsentParameterShortcut(real);
    for (int i = 0; i < 3; i++) {
      assertThat(resolve(shortcut, 0, request(null, null))).isEqualTo(false);
      assertThat(resolve(shortcut, 1, request(null, null))).isNull();
      assertThat(resolve(shortcut, 2, request(null, null))).isEqualTo(Encoding.UTF8);
    }
    assertThat(real.calls.get()).isEqualTo(3);
  }

  @Test
  void presentParametersAlwaysGoToTheRealResolver() throws Exception {
    Counting real = new Counting(new RequestParamMethodArgumentResolver(false));
    AbsentParameterShortcut shortcut = new AbsentParameterShortcut(real);
    assertThat(resolve(shortcut, 0, request(null, null))).isEqualTo(false);
    assertThat(resolve(shortcut, 0, request("nx=true", null))).isEqualTo(true);
    assertThat(resolve(shortcut, 0, request("nx=yes", null))).isEqualTo(true);
    assertThat(resolve(shortcut, 1, request("ex=5", null))).isEqualTo(5L);
    assertThat(resolve(shortcut, 2, request("encoding=BASE64", null))).isEqualTo(Encoding.BASE64);
    assertThat(resolve(shortcut, 0, request(null, null))).isEqualTo(false);
    assertThat(real.calls.get()).isEqualTo(5);
  }

  @Test
  void refusalsAreNotRemembered() throws Exception {
    Counting real = new Counting(new RequestParamMethodArgumentResolver(false));
    AbsentParameterShortcut shortcut = new AbsentParameterShortcut(real);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> resolve(shortcut, 3, request(null, null)))
          .isInstanceOf(MissingServletRequestParameterException.class);
    }
    assertThat(real.calls.get()).isEqualTo(2);
  }

  @Test
  void otherTypesPlaceholdersAndMultipartAreLeftAlone() throws Exception {
    Counting real = new Counting(new RequestParamMethodArgumentResolver(false));
    AbsentParameterShortcut shortcut = new AbsentParameterShortcut(real);
    for (int i = 0; i < 2; i++) {
      assertThat(resolve(shortcut, 4, request("key=a,b", null))).isEqualTo(new String[] {"a,b"});
      assertThatThrownBy(() -> resolve(shortcut, 4, request(null, null)))
          .isInstanceOf(MissingServletRequestParameterException.class);
      resolve(shortcut, 5, request(null, null));
      resolve(shortcut, 0, request(null, "multipart/form-data; boundary=x"));
    }
    assertThat(real.calls.get()).isEqualTo(8);
  }

  @Test
  void absentHeaders() throws Exception {
    Counting real = new Counting(new RequestHeaderMethodArgumentResolver(null));
    AbsentParameterShortcut shortcut = new AbsentParameterShortcut(real);
    assertThat(resolve(shortcut, 6, request(null, null))).isNull();
    assertThat(resolve(shortcut, 6, request(null, null))).isNull();
    NativeWebRequest withAccept = request(null, null);
    ((MockHttpServletRequest) ((ServletWebRequest) withAccept).getRequest()).addHeader("Accept", "text/plain");
    assertThat(resolve(shortcut, 6, withAccept)).isEqualTo("text/plain");
    assertThat(real.calls.get()).isEqualTo(2);
  }

  @Test
  void wrapsOnlyTheNamedValueResolvers() {
    HandlerMethodArgumentResolver param = new RequestParamMethodArgumentResolver(false);
    HandlerMethodArgumentResolver header = new RequestHeaderMethodArgumentResolver(null);
    HandlerMethodArgumentResolver other = new Counting(param);
    List<HandlerMethodArgumentResolver> wrapped = AbsentParameterShortcut.wrap(List.of(param, other, header));
    assertThat(wrapped.get(0)).isInstanceOf(AbsentParameterShortcut.class);
    assertThat(wrapped.get(1)).isSameAs(other);
    assertThat(wrapped.get(2)).isInstanceOf(AbsentParameterShortcut.class);
  }
}
