package io.restis.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.http.MockHttpOutputMessage;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** Small JSON answers carry their length and are written once; large ones stream as before. */
class SizedJsonHttpMessageConverterTest {

  record Value(String value) {}

  private final SizedJsonHttpMessageConverter converter = new SizedJsonHttpMessageConverter(new JsonMapper());

  @Test
  void smallAnswerGetsItsLength() throws Exception {
    MockHttpServletResponse servlet = new MockHttpServletResponse();
    converter.write(new Value("hello"), ResolvableType.forClass(Value.class), MediaType.APPLICATION_JSON,
        new ServletServerHttpResponse(servlet), Map.of());
    assertThat(servlet.getContentAsString()).isEqualTo("{\"value\":\"hello\"}");
    assertThat(servlet.getContentLength()).isEqualTo(17);
    assertThat(servlet.getContentType()).startsWith("application/json");
  }

  @Test
  void largeAnswerStreamsWithoutLength() throws Exception {
    MockHttpServletResponse servlet = new MockHttpServletResponse();
    String big = "x".repeat(3 * SizedJsonHttpMessageConverter.LIMIT);
    List<Value> values = List.of(new Value("a"), new Value(big), new Value("b"));
    converter.write(values, ResolvableType.forClassWithGenerics(List.class, Value.class), MediaType.APPLICATION_JSON,
        new ServletServerHttpResponse(servlet), Map.of());
    assertThat(servlet.getContentAsString(StandardCharsets.UTF_8))
        .isEqualTo("[{\"value\":\"a\"},{\"value\":\"" + big + "\"},{\"value\":\"b\"}]");
    assertThat(servlet.getHeader("Content-Length")).isNull();
  }

  @Test
  void answerOfExactlyTheLimitStillGetsItsLength() throws Exception {
    MockHttpServletResponse servlet = new MockHttpServletResponse();
    String fill = "y".repeat(SizedJsonHttpMessageConverter.LIMIT - "{\"value\":\"\"}".length());
    converter.write(new Value(fill), ResolvableType.forClass(Value.class), MediaType.APPLICATION_JSON,
        new ServletServerHttpResponse(servlet), Map.of());
    assertThat(servlet.getContentLength()).isEqualTo(SizedJsonHttpMessageConverter.LIMIT);
    assertThat(servlet.getContentAsString()).isEqualTo("{\"value\":\"" + fill + "\"}");
  }

  @Test
  void otherOutputsAreWrittenStraightThrough() throws Exception {
    MockHttpOutputMessage out = new MockHttpOutputMessage();
    converter.write(new Value("hello"), ResolvableType.forClass(Value.class), MediaType.APPLICATION_JSON, out, Map.of());
    assertThat(out.getBodyAsString()).isEqualTo("{\"value\":\"hello\"}");
    assertThat(out.getHeaders().getContentLength()).isEqualTo(-1);
  }
}
