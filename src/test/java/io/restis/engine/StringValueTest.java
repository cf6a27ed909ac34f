package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** StringValue: immutable to its readers even when appends share a buffer. */
class StringValueTest {

  private static StringValue s(String text) {
    return new StringValue(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(StringValue v) {
    return new String(v.bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void appendLeavesTheOldValueAsItWas() {
    StringValue a = s("abc");
    StringValue b = a.append(bytes("def"));
    StringValue c = b.append(bytes("ghi")); // in the spare room of b's buffer
    assertThat(text(a)).isEqualTo("abc");
    assertThat(text(b)).isEqualTo("abcdef");
    assertThat(text(c)).isEqualTo("abcdefghi");
    assertThat(b.length()).isEqualTo(6);
    assertThat(c.size()).isEqualTo(9);
  }

  @Test
  void twoValuesOverOneBufferNeverOverwriteEachOther() {
    // As after COPY: both keys hold b; each then appends something different.
    StringValue b = s("abc").append(bytes("d"));
    StringValue left = b.append(bytes("LEFT"));
    StringValue right = b.append(bytes("RIGHT"));
    assertThat(text(left)).isEqualTo("abcdLEFT");
    assertThat(text(right)).isEqualTo("abcdRIGHT");
    assertThat(text(b)).isEqualTo("abcd");
    // And they keep growing independently.
    assertThat(text(left.append(bytes("1")))).isEqualTo("abcdLEFT1");
    assertThat(text(right.append(bytes("2")))).isEqualTo("abcdRIGHT2");
    assertThat(text(left)).isEqualTo("abcdLEFT");
  }

  @Test
  void bytesHandedOutNeverChange() {
    StringValue v = s("abc").append(bytes("d"));
    byte[] seen = v.bytes();
    StringValue w = v.append(bytes("efgh"));
    StringValue x = w.overwrite(0, bytes("XY"));
    assertThat(new String(seen, StandardCharsets.UTF_8)).isEqualTo("abcd");
    assertThat(text(w)).isEqualTo("abcdefgh");
    assertThat(text(x)).isEqualTo("XYcdefgh");
    assertThat(new String(w.range(2, 5), StandardCharsets.UTF_8)).isEqualTo("cde");
  }

  @Test
  void overwritePadsWithZeros() {
    assertThat(s("ab").overwrite(4, bytes("z")).bytes()).containsExactly('a', 'b', 0, 0, 'z');
    assertThat(new StringValue(new byte[0]).overwrite(2, bytes("q")).bytes()).containsExactly(0, 0, 'q');
  }

  @Test
  void asLongIsString2ll() {
    assertThat(s("42").asLong()).isEqualTo(42L);
    assertThat(s("-9223372036854775808").asLong()).isEqualTo(Long.MIN_VALUE);
    assertThat(s("042").asLong()).isNull();
    assertThat(s("1".repeat(21)).asLong()).isNull();
    assertThat(s("4").append(bytes("2")).asLong()).isEqualTo(42L);
    assertThat(StringValue.of(-7).bytes()).containsExactly('-', '7');
  }

  @Test
  void emptyAppendAndCopyAreTheSameValue() {
    StringValue v = s("x");
    assertThat(v.append(new byte[0])).isSameAs(v);
    assertThat(v.copy()).isSameAs(v);
    assertThat(v.type()).isEqualTo(ValueType.STRING);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
