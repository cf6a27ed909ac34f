package io.restis.persistence.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The RDB primitives and a whole-file round trip through writer and reader. */
class RdbCodecTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] len(long n) {
    Buf b = new Buf();
    RdbEncoder.length(b, n);
    return b.toByteArray();
  }

  private static RdbReader reader(byte[] data) {
    return new RdbReader(new ByteArrayInputStream(data));
  }

  @Test
  void lengthEncodingsAtEveryBoundary() throws IOException {
    assertThat(len(0)).containsExactly(0x00);
    assertThat(len(63)).containsExactly(0x3f);
    assertThat(len(64)).containsExactly(0x40, 0x40);
    assertThat(len(16383)).containsExactly(0x7f, 0xff);
    assertThat(len(16384)).containsExactly(0x80, 0x00, 0x00, 0x40, 0x00);
    assertThat(len(0xffffffffL)).containsExactly(0x80, 0xff, 0xff, 0xff, 0xff);
    assertThat(len(0x100000000L)).containsExactly(0x81, 0, 0, 0, 1, 0, 0, 0, 0);
    for (long n : new long[] {0, 1, 63, 64, 300, 16383, 16384, 65535, 1L << 31, 0xffffffffL, 1L << 32, Long.MAX_VALUE}) {
      assertThat(reader(len(n)).length()).as("length %d", n).isEqualTo(n);
    }
  }

  @Test
  void specialStringEncodingsAreRead() throws IOException {
    assertThat(reader(new byte[] {(byte) 0xc0, (byte) 0xfb}).string()).isEqualTo(b("-5"));
    assertThat(reader(new byte[] {(byte) 0xc1, 0x39, 0x30}).string()).isEqualTo(b("12345"));
    assertThat(reader(new byte[] {(byte) 0xc2, (byte) 0x87, (byte) 0xd6, 0x12, 0x00}).string()).isEqualTo(b("1234567"));
    assertThat(reader(new byte[] {(byte) 0xc2, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}).string()).isEqualTo(b("-1"));
    // LZF: a literal run "ab" followed by a back reference copying 8 bytes from distance 2.
    byte[] lzf = {(byte) 0xc3, 5, 10, 1, 'a', 'b', (byte) 0xc0, 1};
    assertThat(reader(lzf).string()).isEqualTo(b("ababababab"));
  }

  @Test
  void corruptLzfIsAFormatErrorWithTheOffset() {
    byte[] lzf = {(byte) 0xc3, 3, 10, (byte) 0xc0, 7, 0};
    assertThatThrownBy(() -> reader(lzf).string())
        .isInstanceOf(RdbFormatException.class)
        .hasMessageContaining("LZF")
        .hasMessageEndingWith("at byte offset 0");
  }

  /** Everything the handler saw, in order, for comparisons. */
  static final class Collected implements RdbHandler {
    final Map<String, String> aux = new LinkedHashMap<>();
    final List<Object[]> entries = new ArrayList<>();
    long db = -1;
    long size = -1;
    long expires = -1;

    @Override
    public void aux(byte[] key, byte[] value) {
      aux.put(new String(key, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
    }

    @Override
    public void database(long db, long offset) {
      this.db = db;
    }

    @Override
    public void resizeDb(long size, long expires) {
      this.size = size;
      this.expires = expires;
    }

    @Override
    public void entry(byte[] key, RdbValue value, long expireAt, long offset) {
      entries.add(new Object[] {key, value, expireAt, offset});
    }
  }

  private static byte[] sampleFile() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RdbWriter w = new RdbWriter(out);
    Map<String, String> aux = new LinkedHashMap<>();
    aux.put("redis-ver", "7.0.15");
    aux.put(Rdb.AUX_OFFSET, "42");
    w.header(aux);
    w.database(0, 5, 2);
    Buf b = new Buf();
    byte[] binaryKey = {0, (byte) 0xff, '\r', '\n', 'k'};
    RdbEncoder.keyHeader(b, Rdb.TYPE_STRING, binaryKey, -1);
    RdbEncoder.string(b, new byte[] {1, 2, 3, 0});
    RdbEncoder.keyHeader(b, Rdb.TYPE_LIST, b("list"), 1_900_000_000_123L);
    RdbEncoder.length(b, 3);
    for (String s : new String[] {"a", "", "c".repeat(20000)}) {
      RdbEncoder.string(b, b(s));
    }
    RdbEncoder.keyHeader(b, Rdb.TYPE_SET, b("set"), -1);
    RdbEncoder.length(b, 2);
    RdbEncoder.string(b, b("x"));
    RdbEncoder.string(b, b("y"));
    RdbEncoder.keyHeader(b, Rdb.TYPE_HASH, b("hash"), 0);
    RdbEncoder.length(b, 1);
    RdbEncoder.string(b, b("f"));
    RdbEncoder.string(b, b("v"));
    RdbEncoder.keyHeader(b, Rdb.TYPE_ZSET_2, b("zset"), -1);
    RdbEncoder.length(b, 3);
    RdbEncoder.string(b, b("m1"));
    RdbEncoder.binaryDouble(b, 1.5);
    RdbEncoder.string(b, b("m2"));
    RdbEncoder.binaryDouble(b, Double.NEGATIVE_INFINITY);
    RdbEncoder.string(b, b("m3"));
    RdbEncoder.binaryDouble(b, -0.0);
    w.raw(b);
    long size = w.finish();
    assertThat(size).isEqualTo(out.size());
    return out.toByteArray();
  }

  @Test
  void everyTypeRoundTripsWithExpiryAndBinaryKeys() throws IOException {
    byte[] file = sampleFile();
    assertThat(new String(file, 0, 9, StandardCharsets.US_ASCII)).isEqualTo("REDIS0010");
    Collected c = new Collected();
    long read = reader(file).read(c);
    assertThat(read).isEqualTo(file.length);
    assertThat(c.aux).containsEntry("redis-ver", "7.0.15").containsEntry("restis-offset", "42");
    assertThat(c.db).isZero();
    assertThat(c.size).isEqualTo(5);
    assertThat(c.expires).isEqualTo(2);
    assertThat(c.entries).hasSize(5);

    Object[] s = c.entries.get(0);
    assertThat((byte[]) s[0]).containsExactly(0, 0xff, '\r', '\n', 'k');
    assertThat(((RdbValue.Str) s[1]).value()).containsExactly(1, 2, 3, 0);
    assertThat(s[2]).isEqualTo(-1L);

    Object[] l = c.entries.get(1);
    List<byte[]> elems = ((RdbValue.ListOf) l[1]).elements();
    assertThat(elems).hasSize(3);
    assertThat(new String(elems.get(2), StandardCharsets.UTF_8)).hasSize(20000);
    assertThat(elems.get(1)).isEmpty();
    assertThat(l[2]).isEqualTo(1_900_000_000_123L);

    assertThat(((RdbValue.SetOf) c.entries.get(2)[1]).members()).extracting(String::new).containsExactly("x", "y");
    RdbValue.HashOf h = (RdbValue.HashOf) c.entries.get(3)[1];
    assertThat(h.fields()).extracting(String::new).containsExactly("f");
    assertThat(h.values()).extracting(String::new).containsExactly("v");
    assertThat(c.entries.get(3)[2]).isEqualTo(0L);
    RdbValue.ZSetOf z = (RdbValue.ZSetOf) c.entries.get(4)[1];
    assertThat(z.members()).extracting(String::new).containsExactly("m1", "m2", "m3");
    assertThat(z.scores()).containsExactly(1.5, Double.NEGATIVE_INFINITY, -0.0);
    assertThat(Double.doubleToRawLongBits(z.scores()[2])).isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void checksumCoversEverythingUpToEof() throws IOException {
    byte[] file = sampleFile();
    long stored = 0;
    for (int i = 0; i < 8; i++) {
      stored |= (file[file.length - 8 + i] & 0xffL) << (8 * i);
    }
    assertThat(stored).isEqualTo(Crc64.update(0, file, 0, file.length - 8));
  }

  @Test
  void aFlippedByteIsRefusedByTheChecksum() throws IOException {
    byte[] file = sampleFile();
    int at = file.length - 30; // inside the last zset member's score, still parseable
    file[at] ^= 0x01;
    assertThatThrownBy(() -> reader(file).read(new Collected()))
        .isInstanceOf(RdbFormatException.class)
        .hasMessageContaining("Wrong RDB checksum")
        .hasMessageEndingWith("at byte offset " + (file.length - 8));
  }

  @Test
  void aZeroChecksumMeansNone() throws IOException {
    byte[] file = sampleFile();
    for (int i = file.length - 8; i < file.length; i++) {
      file[i] = 0;
    }
    Collected c = new Collected();
    reader(file).read(c);
    assertThat(c.entries).hasSize(5);
  }

  @Test
  void truncationAndGarbageNameTheOffset() throws IOException {
    byte[] file = sampleFile();
    byte[] cut = java.util.Arrays.copyOf(file, 100);
    assertThatThrownBy(() -> reader(cut).read(new Collected()))
        .isInstanceOf(RdbFormatException.class)
        .hasMessage("Unexpected end of file at byte offset 100");
    byte[] bad = file.clone();
    int typeAt = indexOf(bad, new byte[] {Rdb.TYPE_SET, 3, 's', 'e', 't'}); // the set's type byte
    bad[typeAt] = 42;
    assertThatThrownBy(() -> reader(bad).read(new Collected()))
        .isInstanceOf(RdbFormatException.class)
        .hasMessage("Unknown RDB type or opcode 42 at byte offset " + typeAt);
  }

  @Test
  void versionsAboveTenAreRefused() {
    byte[] v11 = b("REDIS0011\u00ff");
    assertThatThrownBy(() -> reader(v11).read(new Collected()))
        .hasMessage("Can't handle RDB format version 11 at byte offset 5");
    assertThatThrownBy(() -> reader(b("RUDIS0010")).read(new Collected()))
        .hasMessageStartingWith("Wrong signature");
  }

  @Test
  void emptyCollectionsAreRefused() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RdbWriter w = new RdbWriter(out);
    w.header(Map.of());
    Buf b = new Buf();
    RdbEncoder.keyHeader(b, Rdb.TYPE_SET, b("s"), -1);
    RdbEncoder.length(b, 0);
    w.raw(b);
    w.finish();
    assertThatThrownBy(() -> reader(out.toByteArray()).read(new Collected()))
        .hasMessage("Empty collection at byte offset 9");
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
