package io.restis.persistence.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restis.persistence.format.Manifest.FileInfo;
import io.restis.persistence.format.Manifest.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {

  @Test
  void parsesWhatRedisWrites() {
    Manifest m = Manifest.parse("file appendonly.aof.1.base.rdb seq 1 type b\n"
        + "file appendonly.aof.1.incr.aof seq 1 type i\n"
        + "file appendonly.aof.2.incr.aof seq 2 type i\n");
    assertThat(m.base()).isEqualTo(new FileInfo("appendonly.aof.1.base.rdb", 1, Type.BASE));
    assertThat(m.incrs()).extracting(FileInfo::seq).containsExactly(1L, 2L);
    assertThat(m.live()).hasSize(3);
    assertThat(m.lastIncr().name()).isEqualTo("appendonly.aof.2.incr.aof");
  }

  @Test
  void rendersBaseHistoryThenIncrementals() {
    Manifest m = new Manifest(new FileInfo("a.1.base.rdb", 1, Type.BASE),
        List.of(new FileInfo("a.1.incr.aof", 1, Type.INCR), new FileInfo("a.2.incr.aof", 2, Type.INCR)), List.of());
    Manifest r = m.rewritten(new FileInfo("a.2.base.rdb", 2, Type.BASE), 2);
    assertThat(r.render()).isEqualTo("file a.2.base.rdb seq 2 type b\n"
        + "file a.1.base.rdb seq 1 type h\n"
        + "file a.1.incr.aof seq 1 type h\n"
        + "file a.2.incr.aof seq 2 type i\n");
    assertThat(Manifest.parse(r.render()).render()).isEqualTo(r.render());
    assertThat(r.withoutHistory().render()).isEqualTo("file a.2.base.rdb seq 2 type b\nfile a.2.incr.aof seq 2 type i\n");
  }

  @Test
  void namesWithSpacesAreQuoted() {
    Manifest m = Manifest.empty().withIncr(new FileInfo("my log.1.incr.aof", 1, Type.INCR));
    assertThat(m.render()).isEqualTo("file \"my log.1.incr.aof\" seq 1 type i\n");
    assertThat(Manifest.parse(m.render()).lastIncr().name()).isEqualTo("my log.1.incr.aof");
  }

  @Test
  void refusesWhatRedisRefuses() {
    assertThatThrownBy(() -> Manifest.parse("file a seq 1 type b\nfile b seq 2 type b\n"))
        .hasMessage("Found duplicate base file information at line 2");
    assertThatThrownBy(() -> Manifest.parse("file a seq 2 type i\nfile b seq 1 type i\n"))
        .hasMessage("Found a non-monotonic sequence number at line 2");
    assertThatThrownBy(() -> Manifest.parse("file a seq 1\n")).hasMessage("Invalid AOF manifest file format at line 1");
    assertThatThrownBy(() -> Manifest.parse("file a seq 1 type x\n")).hasMessage("Unknown AOF file type 'x' at line 1");
    assertThatThrownBy(() -> Manifest.parse("file \"a seq 1 type i\n")).hasMessage("Unbalanced quotes in AOF manifest at line 1");
  }

  @Test
  void commentsAndBlankLinesAreSkipped() {
    Manifest m = Manifest.parse("# written by hand\n\nfile x.1.incr.aof seq 1 type i\n");
    assertThat(m.incrs()).hasSize(1);
    assertThat(m.base()).isNull();
  }
}
