package io.restis.api;

import static io.restis.api.Preconditions.Verdict.FAILED;
import static io.restis.api.Preconditions.Verdict.NOT_MODIFIED;
import static io.restis.api.Preconditions.Verdict.PASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** If-Match / If-None-Match over key versions, as RFC 9110 evaluates them. */
class PreconditionsTest {

  @Test
  void noHeadersPassEverything() {
    Preconditions p = Preconditions.parse(null, null);
    assertThat(p.isEmpty()).isTrue();
    assertThat(p.evaluate(0, false)).isEqualTo(PASS);
    assertThat(p.evaluate(7, true)).isEqualTo(PASS);
  }

  @Test
  void ifMatchIsStrongAndNeedsTheKey() {
    Preconditions p = Preconditions.parse("\"7\"", null);
    assertThat(p.evaluate(7, false)).isEqualTo(PASS);
    assertThat(p.evaluate(8, false)).isEqualTo(FAILED);
    assertThat(p.evaluate(0, false)).isEqualTo(FAILED);
    assertThat(p.evaluate(8, true)).as("a failed If-Match is 412 on reads too").isEqualTo(FAILED);
    assertThat(Preconditions.parse("W/\"7\"", null).evaluate(7, false)).as("weak never matches strongly")
        .isEqualTo(FAILED);
    assertThat(Preconditions.parse("\"3\", \"7\" ,\"9\"", null).evaluate(7, false)).isEqualTo(PASS);
    assertThat(Preconditions.parse("*", null).evaluate(1, false)).isEqualTo(PASS);
    assertThat(Preconditions.parse("*", null).evaluate(0, false)).isEqualTo(FAILED);
  }

  @Test
  void ifNoneMatchIsWeakAndGives304OnReads() {
    Preconditions p = Preconditions.parse(null, "W/\"7\"");
    assertThat(p.evaluate(7, true)).isEqualTo(NOT_MODIFIED);
    assertThat(p.evaluate(7, false)).isEqualTo(FAILED);
    assertThat(p.evaluate(8, true)).isEqualTo(PASS);
    assertThat(p.evaluate(0, false)).isEqualTo(PASS);
    Preconditions absent = Preconditions.parse(null, "*");
    assertThat(absent.evaluate(0, false)).as("create only").isEqualTo(PASS);
    assertThat(absent.evaluate(5, false)).isEqualTo(FAILED);
    assertThat(absent.evaluate(5, true)).isEqualTo(NOT_MODIFIED);
  }

  @Test
  void ifMatchIsEvaluatedFirst() {
    Preconditions p = Preconditions.parse("\"1\"", "\"2\"");
    assertThat(p.evaluate(2, true)).isEqualTo(FAILED);
    assertThat(p.evaluate(1, true)).isEqualTo(PASS);
  }

  @Test
  void tagsThatAreNotVersionsMatchNothing() {
    assertThat(Preconditions.parse("\"abc\"", null).evaluate(1, false)).isEqualTo(FAILED);
    assertThat(Preconditions.parse("\"99999999999999999999\"", null).evaluate(1, false)).isEqualTo(FAILED);
    assertThat(Preconditions.parse(null, "\"0\"").evaluate(0, false)).isEqualTo(PASS);
  }

  @Test
  void malformedHeadersAre400() {
    for (String bad : new String[] {"7", "\"7", "\"7\" \"8\"", "\"7\",", "", "W/7"}) {
      assertThatThrownBy(() -> Preconditions.parse(bad, null)).as(bad)
          .isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.INVALID_REQUEST);
            assertThat(e.getMessage()).contains("If-Match");
          });
    }
    assertThatThrownBy(() -> Preconditions.parse(null, "nope")).hasMessageContaining("If-None-Match");
  }

  @Test
  void etagIsTheQuotedVersion() {
    assertThat(Preconditions.etag(42)).isEqualTo("\"42\"");
  }
}
