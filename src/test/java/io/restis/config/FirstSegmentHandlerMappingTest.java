package io.restis.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The application's request mapping finds, for every path of every mapping and for paths nothing
 * maps, the same handler (or the same refusal) as Spring MVC's own mapping with the same mappings.
 */
@SpringBootTest(properties = {"restis.persistence.enabled=false", "restis.bench.noop-endpoint=true"})
class FirstSegmentHandlerMappingTest {

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mapping;

  @Autowired
  ApplicationContext context;

  @Test
  void literalFirstSegments() {
    assertThat(FirstSegmentHandlerMapping.literalFirstSegment("/strings/{key}")).isEqualTo("strings");
    assertThat(FirstSegmentHandlerMapping.literalFirstSegment("/redis")).isEqualTo("redis");
    assertThat(FirstSegmentHandlerMapping.literalFirstSegment("/v3/api-docs.yaml")).isEqualTo("v3");
    assertThat(FirstSegmentHandlerMapping.literalFirstSegment("/tracker.js")).isEqualTo("tracker.js");
    assertThat(FirstSegmentHandlerMapping.literalFirstSegment("/{key}")).isNull();
    assertThat(FirstSegmentHandlerMapping.literalFirstSegment("/**")).isNull();
    assertThat(FirstSegmentHandlerMapping.literalFirstSegment("/str*")).isNull();
    assertThat(FirstSegmentHandlerMapping.literalFirstSegment("/a%20b")).isNull();
    assertThat(FirstSegmentHandlerMapping.literalFirstSegment("/")).isNull();
    assertThat(FirstSegmentHandlerMapping.literalFirstSegment("")).isNull();
    assertThat(FirstSegmentHandlerMapping.literalFirstSegment("//x")).isNull();
  }

  @Test
  void sameHandlersAsSpringMvcAlone() throws Exception {
    assertThat(mapping).isInstanceOf(FirstSegmentHandlerMapping.class);
    RequestMappingHandlerMapping plain = new RequestMappingHandlerMapping();
    plain.setApplicationContext(context);
    plain.setPatternParser(mapping.getPatternParser());
    Map<RequestMappingInfo, HandlerMethod> methods = mapping.getHandlerMethods();
    methods.forEach((info, handler) -> plain.registerMapping(info, handler.getBean(), handler.getMethod()));

    List<String> paths = new ArrayList<>(List.of("/", "//strings/k", "/STRINGS/k", "/str%69ngs/k", "/strings;a=b/k",
        "/nothing/here", "/strings", "/strings/", "/strings/k/", "/redis/", "/redis/get/k/x"));
    for (RequestMappingInfo info : methods.keySet()) {
      for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
        String path = pattern.getPatternString().replaceAll("\\{\\*[^}]*}", "a/b").replaceAll("\\{[^}]*}", "x")
            .replace("**", "a/b").replace("*", "z");
        paths.add(path);
        paths.add(path + "/extra");
        paths.add("/zz" + path);
      }
    }
    int checked = 0;
    for (String path : paths) {
      for (RequestMethod method : RequestMethod.values()) {
        for (String contentType : new String[] {null, "application/json", "application/octet-stream", "text/plain"}) {
          assertThat(outcome(mapping, request(method, path, contentType)))
              .as("%s %s %s", method, path, contentType)
              .isEqualTo(outcome(plain, request(method, path, contentType)));
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  private static HttpServletRequest request(RequestMethod method, String path, String contentType) {
    MockHttpServletRequest request = new MockHttpServletRequest(method.name(), path);
    if (contentType != null) {
      request.setContentType(contentType);
    }
    ServletRequestPathUtils.parseAndCache(request);
    return request;
  }

  /** The handler method found, or the refusal, in a form that compares across the two mappings. */
  private static Object outcome(RequestMappingHandlerMapping m, HttpServletRequest request) {
    try {
      HandlerExecutionChain chain = m.getHandler(request);
      return chain == null ? "none" : ((HandlerMethod) chain.getHandler()).getMethod();
    } catch (HttpRequestMethodNotSupportedException e) {
      return List.of("405", new HashSet<>(Objects.requireNonNull(e.getSupportedHttpMethods())));
    } catch (HttpMediaTypeNotSupportedException e) {
      return List.of("415", new HashSet<>(e.getSupportedMediaTypes()));
    } catch (HttpMediaTypeNotAcceptableException e) {
      return List.of("406", new HashSet<>(e.getSupportedMediaTypes()));
    } catch (Exception e) {
      return List.of(e.getClass().getName(), String.valueOf(e.getMessage()));
    }
  }
}
