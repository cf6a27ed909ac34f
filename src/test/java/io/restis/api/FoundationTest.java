package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restis.engine.Bytes;
import io.restis.engine.CommandTable;
import io.restis.engine.Errors;
import io.restis.engine.Reply;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small pieces of the REST foundation, one by one. */
class FoundationTest {

  @Test
  void errorRepliesBecomeProblemsByTheirWord() {
    ProblemException wrongType = ProblemException.fromErrorReply(Errors.WRONGTYPE);
    assertThat(wrongType.problem()).isEqualTo(Problem.WRONG_TYPE);
    assertThat(wrongType.problem().status().value()).isEqualTo(409);
    assertThat(wrongType.errorWord()).isEqualTo("WRONGTYPE");
    assertThat(wrongType.getMessage()).isEqualTo(Errors.WRONGTYPE);
    assertThat(ProblemException.fromErrorReply(Errors.NOT_INTEGER).problem()).isEqualTo(Problem.INVALID_ARGUMENT);
    assertThat(ProblemException.fromErrorReply(Errors.NO_SUCH_KEY).problem()).isEqualTo(Problem.KEY_NOT_FOUND);
    assertThat(ProblemException.fromErrorReply(Errors.READONLY).problem()).isEqualTo(Problem.READ_ONLY);
    ProblemException noPerm = ProblemException.fromErrorReply("NOPERM this user has no permissions to run the 'get' command");
    assertThat(noPerm.problem()).isEqualTo(Problem.FORBIDDEN);
    assertThat(noPerm.errorWord()).isEqualTo("NOPERM");
    assertThat(ProblemException.fromErrorReply("BUSYKEY Target key name already exists.").problem())
        .isEqualTo(Problem.INVALID_ARGUMENT);
  }

  @Test
  void problemKindsHaveStableTypesAndStatuses() {
    assertThat(Problem.WRONG_TYPE.type().toString()).isEqualTo("https://restis.io/problems/wrong-type");
    assertThat(Problem.TOO_LARGE.status().value()).isEqualTo(413);
    assertThat(Problem.forStatus(415)).isEqualTo(Problem.UNSUPPORTED_MEDIA_TYPE);
    assertThat(Problem.forStatus(400)).isEqualTo(Problem.INVALID_REQUEST);
    assertThat(Problem.forStatus(503)).isEqualTo(Problem.INTERNAL);
  }

  @Test
  void keySegmentIsCutFromTheRawPathAtThePatternsPosition() {
    assertThat(ResourceKeyResolver.keySegment("/lists/{key}/items/{index}", "/lists/a%2Fb%20c/items/3"))
        .isEqualTo("a/b c".getBytes());
    assertThat(ResourceKeyResolver.keySegment("/strings/{key}", "/strings/x;y=1")).isEqualTo("x;y=1".getBytes());
    assertThat(ResourceKeyResolver.keySegment("/strings/{key}", "/strings/%FF%00")).containsExactly(0xFF, 0);
    assertThatThrownBy(() -> ResourceKeyResolver.keySegment("/strings/{key}", "/strings/a%zz"))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_REQUEST));
  }

  @Test
  void acceptDecidesRawOrJson() {
    assertThat(StringsController.wantsRaw(null)).isFalse();
    assertThat(StringsController.wantsRaw("*/*")).isFalse();
    assertThat(StringsController.wantsRaw("application/octet-stream")).isTrue();
    assertThat(StringsController.wantsRaw("application/json, application/octet-stream")).isFalse();
    assertThat(StringsController.wantsRaw("application/json;q=0.5, application/octet-stream")).isTrue();
    assertThat(StringsController.wantsRaw("application/octet-stream;q=0, */*")).isFalse();
  }

  @Test
  void encodings() {
    assertThat(ValueEncoding.utf8.decode("h\u00e9", "v")).isEqualTo(new byte[] {'h', (byte) 0xC3, (byte) 0xA9});
    assertThat(ValueEncoding.base64.decode("AP8=", "v")).containsExactly(0, 0xFF);
    assertThat(ValueEncoding.base64.encode(new byte[] {0, (byte) 0xFF})).isEqualTo("AP8=");
    assertThat(ValueEncoding.utf8.encode(Reply.NIL)).isNull();
    assertThat(ValueEncoding.utf8.encodeAll(Reply.NIL_ARRAY)).isEmpty();
    assertThatThrownBy(() -> ValueEncoding.base64.decodeAll(List.of("AA==", "!"), "values"))
        .hasMessageStartingWith("values[1] is not valid base64");
  }

  @Test
  void scoresAreExactNumbersOrInfinityStrings() {
    assertThat(Replies.score(Reply.bulk("1.5"))).isEqualTo(new BigDecimal("1.5"));
    assertThat(Replies.score(Reply.bulk("inf"))).isEqualTo("+inf");
    assertThat(Replies.score(Reply.bulk("-inf"))).isEqualTo("-inf");
    assertThat(Replies.decimal(Reply.bulk("10.25"))).isEqualByComparingTo("10.25");
  }

  @Test
  void limitsFindKeysWhereTheEngineDoes() {
    ResourceLimits limits = new ResourceLimits(4, 8, 3);
    CommandTable table = CommandTable.standard();
    limits.check(table, Argv.of("MSET").element("k1".getBytes()).arg("12345678".getBytes()));
    assertThatThrownBy(() -> limits.check(table, Argv.of("MSET").element("k1".getBytes()).arg("123456789".getBytes())))
        .hasMessageContaining("max-value-size");
    assertThatThrownBy(() -> limits.check(table, Argv.of("MSET").element("key12".getBytes()).arg("v".getBytes())))
        .hasMessageContaining("max-key-size");
    assertThatThrownBy(() -> limits.check(table, Argv.of("RPUSH").key(Bytes.of("k"))
            .elements(List.of("a".getBytes(), "b".getBytes(), "c".getBytes(), "d".getBytes()))))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem()).isEqualTo(Problem.TOO_MANY_ELEMENTS));
    assertThatThrownBy(() -> limits.check(table, Argv.of("LPOP").key(Bytes.of("k")).count(4)))
        .hasMessageContaining("max-elements");
  }
}
