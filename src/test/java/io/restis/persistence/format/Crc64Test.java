package io.restis.persistence.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64Test {

  @Test
  void checkValueOfTheJonesPolynomial() {
    assertThat(Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xe9c6d914c4b8d9caL);
  }

  @Test
  void emptyInputKeepsTheInitialValue() {
    assertThat(Crc64.of(new byte[0])).isZero();
  }

  /** The eight-byte path must agree with the byte-at-a-time definition for every split. */
  @Test
  void slicedUpdateEqualsBytewiseUpdate() {
    Random rnd = new Random(42);
    byte[] data = new byte[1000];
    rnd.nextBytes(data);
    long bytewise = 0;
    for (byte b : data) {
      bytewise = Crc64.update(bytewise, b);
    }
    assertThat(Crc64.of(data)).isEqualTo(bytewise);
    for (int split = 0; split < 40; split++) {
      long c = Crc64.update(0, data, 0, split);
      c = Crc64.update(c, data, split, data.length - split);
      assertThat(c).isEqualTo(bytewise);
    }
  }

  @Test
  void bitwiseReferenceAgrees() {
    byte[] data = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
    long crc = 0;
    for (byte b : data) {
      crc ^= b & 0xff;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x95ac9329ac4bc9b5L : crc >>> 1;
      }
    }
    assertThat(Crc64.of(data)).isEqualTo(crc);
  }
}
