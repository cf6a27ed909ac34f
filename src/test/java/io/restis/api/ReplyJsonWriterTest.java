package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.api.ReplyJsonWriter.Encoding;
import io.restis.engine.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyJsonWriterTest {

  private final ReplyJsonWriter writer = new ReplyJsonWriter();

  private String result(Reply r, Encoding e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.writeResult(out, r, e);
    return out.toString(StandardCharsets.UTF_8);
  }

  private String results(List<Reply> r, Encoding e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.writeResults(out, r, e);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** ASCII bytes are written without decoding: every one of them escaped as in a decoded string. */
  @Test
  void asciiValuesEscapeAsStrings() {
    tools.jackson.databind.json.JsonMapper json = new tools.jackson.databind.json.JsonMapper();
    for (int c = 0; c < 128; c++) {
      String text = "a" + (char) c + "b" + (char) c;
      assertThat(result(Reply.bulk(text.getBytes(StandardCharsets.US_ASCII)), Encoding.TEXT))
          .as("byte %d", c).isEqualTo("{\"result\":" + json.writeValueAsString(text) + "}");
    }
    assertThat(result(Reply.bulk(new byte[] {'a', (byte) 0xff, 'b'}), Encoding.TEXT))
        .isEqualTo("{\"result\":\"a\ufffdb\"}");
  }

  @Test
  void resp2ShapesAsJson() {
    assertThat(result(Reply.OK, Encoding.TEXT)).isEqualTo("{\"result\":\"OK\"}");
    assertThat(result(Reply.integer(-42), Encoding.TEXT)).isEqualTo("{\"result\":-42}");
    assertThat(result(Reply.bulk("h\u00e9\"llo\n"), Encoding.TEXT)).isEqualTo("{\"result\":\"h\u00e9\\\"llo\\n\"}");
    assertThat(result(Reply.NIL, Encoding.TEXT)).isEqualTo("{\"result\":null}");
    assertThat(result(Reply.NIL_ARRAY, Encoding.TEXT)).isEqualTo("{\"result\":null}");
    assertThat(result(Reply.EMPTY_ARRAY, Encoding.TEXT)).isEqualTo("{\"result\":[]}");
    assertThat(result(Reply.dbl(1.5), Encoding.TEXT)).isEqualTo("{\"result\":\"1.5\"}");
    assertThat(result(Reply.error("ERR boom"), Encoding.TEXT)).isEqualTo("{\"error\":\"ERR boom\"}");
  }

  @Test
  void arraysNestAndKeepNullsAndErrors() {
    Reply r = Reply.array(Arrays.asList(
        Reply.bulk("a"), Reply.NIL, Reply.integer(3),
        Reply.array(List.of(Reply.bulk("x"), Reply.NIL_ARRAY)),
        Reply.error("WRONGTYPE Operation against a key holding the wrong kind of value")));
    assertThat(result(r, Encoding.TEXT)).isEqualTo("{\"result\":[\"a\",null,3,[\"x\",null],"
        + "{\"error\":\"WRONGTYPE Operation against a key holding the wrong kind of value\"}]}");
  }

  @Test
  void invalidUtf8BecomesTheReplacementCharacterInText() {
    assertThat(result(Reply.bulk(new byte[] {'a', (byte) 0xFF}), Encoding.TEXT))
        .isEqualTo("{\"result\":\"a\uFFFD\"}");
  }

  @Test
  void base64EncodesEveryStringButNotNumbersNullsOrErrors() {
    assertThat(result(Reply.PONG, Encoding.BASE64)).isEqualTo("{\"result\":\"UE9ORw==\"}");
    assertThat(result(Reply.bulk(new byte[] {0, (byte) 0xFF, 'a'}), Encoding.BASE64))
        .isEqualTo("{\"result\":\"AP9h\"}");
    assertThat(result(Reply.bulk(""), Encoding.BASE64)).isEqualTo("{\"result\":\"\"}");
    assertThat(result(Reply.integer(7), Encoding.BASE64)).isEqualTo("{\"result\":7}");
    assertThat(result(Reply.NIL, Encoding.BASE64)).isEqualTo("{\"result\":null}");
    assertThat(result(Reply.error("ERR no"), Encoding.BASE64)).isEqualTo("{\"error\":\"ERR no\"}");
    Reply nested = Reply.array(Arrays.asList(Reply.bulk("0"), Reply.array(List.of(Reply.bulk("k1"))), Reply.NIL));
    assertThat(result(nested, Encoding.BASE64)).isEqualTo("{\"result\":[\"MA==\",[\"azE=\"],null]}");
    byte[] big = new byte[100];
    String expected = java.util.Base64.getEncoder().encodeToString(big);
    assertThat(result(Reply.bulk(big), Encoding.BASE64)).isEqualTo("{\"result\":\"" + expected + "\"}");
  }

  @Test
  void resultListsWrapEachReply() {
    assertThat(results(List.of(Reply.OK, Reply.error("ERR x"), Reply.NIL), Encoding.TEXT))
        .isEqualTo("[{\"result\":\"OK\"},{\"error\":\"ERR x\"},{\"result\":null}]");
    assertThat(results(List.of(), Encoding.TEXT)).isEqualTo("[]");
    assertThat(results(List.of(Reply.OK, Reply.error("ERR x")), Encoding.BASE64))
        .isEqualTo("[{\"result\":\"T0s=\"},{\"error\":\"ERR x\"}]");
  }

  @Test
  void encodingHeader() {
    assertThat(Encoding.fromHeader("base64")).isEqualTo(Encoding.BASE64);
    assertThat(Encoding.fromHeader(" Base64 ")).isEqualTo(Encoding.BASE64);
    assertThat(Encoding.fromHeader(null)).isEqualTo(Encoding.TEXT);
    assertThat(Encoding.fromHeader("")).isEqualTo(Encoding.TEXT);
  }
}
