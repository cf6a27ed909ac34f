package io.restis.persistence.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AofReaderTest {

  private static byte[][] cmd(String... parts) {
    byte[][] argv = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      argv[i] = parts[i].getBytes(StandardCharsets.UTF_8);
    }
    return argv;
  }

  private static byte[] log(byte[][]... cmds) {
    Buf b = new Buf();
    for (byte[][] c : cmds) {
      Resp.command(b, c);
    }
    return b.toByteArray();
  }

  private static List<String> readAll(byte[] data) throws IOException {
    AofReader r = new AofReader(new ByteArrayInputStream(data));
    List<String> out = new ArrayList<>();
    byte[][] c;
    while ((c = r.next()) != null) {
      StringBuilder sb = new StringBuilder();
      for (byte[] a : c) {
        sb.append(sb.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.UTF_8));
      }
      out.add(sb.toString());
    }
    return out;
  }

  @Test
  void respEncodingIsRedisAofForm() {
    assertThat(new String(Resp.command(cmd("SET", "k", "v")), StandardCharsets.US_ASCII))
        .isEqualTo("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
    assertThat(new String(Resp.command(cmd("SET", "", "")), StandardCharsets.US_ASCII))
        .isEqualTo("*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\n");
  }

  @Test
  void roundTripWithBinaryArgumentsAndAnnotations() throws IOException {
    byte[][] binary = {"SET".getBytes(), new byte[] {0, '\r', '\n', (byte) 0xff}, new byte[70_000]};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(log(cmd("SELECT", "0")));
    out.write("#TS:1700000000\r\n".getBytes(StandardCharsets.US_ASCII));
    out.write(log(binary, cmd("DEL", "a", "b")));
    AofReader r = new AofReader(new ByteArrayInputStream(out.toByteArray()));
    byte[][] first = r.next();
    assertThat(first).hasNumberOfRows(2);
    assertThat(new String(first[0], StandardCharsets.US_ASCII)).isEqualTo("SELECT");
    byte[][] second = r.next();
    assertThat(second[1]).containsExactly(0, '\r', '\n', 0xff);
    assertThat(second[2]).hasSize(70_000);
    assertThat(r.next()[0]).isEqualTo("DEL".getBytes());
    assertThat(r.next()).isNull();
    assertThat(r.position()).isEqualTo(out.size());
  }

  @Test
  void aCutAnywhereInTheLastEntryIsTruncationAtItsStart() throws IOException {
    byte[] full = log(cmd("SET", "a", "1"), cmd("RPUSH", "list", "xyz"));
    int secondStart = log(cmd("SET", "a", "1")).length;
    for (int cut = secondStart + 1; cut < full.length; cut++) {
      byte[] data = java.util.Arrays.copyOf(full, cut);
      AofReader r = new AofReader(new ByteArrayInputStream(data));
      assertThat(r.next()).isNotNull();
      assertThat(r.position()).isEqualTo(secondStart);
      int at = cut;
      assertThatThrownBy(r::next)
          .as("cut at %d", at)
          .isInstanceOfSatisfying(AofFormatException.class, e -> {
            assertThat(e.truncated()).isTrue();
            assertThat(e.offset()).isEqualTo(secondStart);
          });
    }
  }

  @Test
  void corruptionIsNotTruncationAndNamesTheByte() throws IOException {
    byte[] full = log(cmd("SET", "a", "1"), cmd("SET", "b", "2"), cmd("SET", "c", "3"));
    int second = log(cmd("SET", "a", "1")).length;

    byte[] badStar = full.clone();
    badStar[second] = '!';
    assertThatThrownBy(() -> readAll(badStar))
        .isInstanceOfSatisfying(AofFormatException.class, e -> {
          assertThat(e.truncated()).isFalse();
          assertThat(e.offset()).isEqualTo(second);
        })
        .hasMessage("Bad file format reading the append only file: expected '*' found '!' at byte offset " + second);

    byte[] badDollar = full.clone();
    badDollar[second + 4] = 'x'; // "*3\r\n" then the '$'
    assertThatThrownBy(() -> readAll(badDollar))
        .isInstanceOfSatisfying(AofFormatException.class, e -> assertThat(e.offset()).isEqualTo(second + 4))
        .hasMessageContaining("expected '$' found 'x'");

    byte[] badLength = full.clone();
    badLength[second + 5] = '9'; // $3 -> $9: the bulk swallows the CRLF and the next header
    assertThatThrownBy(() -> readAll(badLength))
        .isInstanceOfSatisfying(AofFormatException.class, e -> assertThat(e.truncated()).isFalse())
        .hasMessageContaining("bulk string not followed by CRLF");

    byte[] badDigit = full.clone();
    badDigit[second + 1] = 'z';
    assertThatThrownBy(() -> readAll(badDigit))
        .isInstanceOfSatisfying(AofFormatException.class, e -> assertThat(e.offset()).isEqualTo(second + 1))
        .hasMessageContaining("malformed '*' line");
  }

  @Test
  void zeroArgumentsIsCorrupt() {
    assertThatThrownBy(() -> readAll("*0\r\n".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOfSatisfying(AofFormatException.class, e -> assertThat(e.truncated()).isFalse());
  }
}
