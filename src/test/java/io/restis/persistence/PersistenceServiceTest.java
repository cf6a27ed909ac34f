package io.restis.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restis.engine.Engine;
import io.restis.engine.Reply;
import io.restis.persistence.format.AofReader;
import io.restis.persistence.format.Manifest;
import io.restis.persistence.support.Datasets;
import io.restis.persistence.support.Props;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persistence service in process on real files: loading, the log and its recovery, snapshots
 * and compaction. ("Crash" here means abandoning a service without shutting it down; the crash
 * tests with real processes and SIGKILL are in {@link CrashRecoveryTest}.)
 */
class PersistenceServiceTest {

  @TempDir
  Path dir;

  private final List<PersistenceService> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    for (PersistenceService s : started) {
      AppendLog l = s.appendLog();
      if (l != null) {
        try {
          l.close();
        } catch (IOException e) {
          // already closed
        }
      }
    }
  }

  private PersistenceService start(Engine engine, PersistenceProperties props) throws IOException {
    PersistenceService s = new PersistenceService(engine, props);
    started.add(s);
    s.start();
    return s;
  }

  private static Reply run(Engine e, String... parts) {
    return SnapshotterTest.run(e, parts);
  }

  private Path aofDir() {
    return dir.resolve("appendonlydir");
  }

  private Manifest manifest() throws IOException {
    return Manifest.parse(Files.readString(aofDir().resolve("appendonly.aof.manifest")));
  }

  private void populate(Engine e, int n) {
    for (int i = 0; i < n; i++) {
      run(e, "SET", "s" + i, "v" + i);
      run(e, "RPUSH", "l" + (i % 50), "e" + i);
      run(e, "SADD", "set" + (i % 20), "m" + i);
      run(e, "HSET", "h" + (i % 10), "f" + i, "x" + i);
      run(e, "ZADD", "z" + (i % 7), Double.toString(i * 0.5), "m" + i);
    }
    run(e, "PEXPIREAT", "s1", Long.toString(System.currentTimeMillis() + 3_600_000));
  }

  @Test
  void freshDirectoryGetsBaseIncrAndManifest() throws IOException {
    Engine e = Engine.standard();
    start(e, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    assertThat(e.isLoading()).isFalse();
    Manifest m = manifest();
    assertThat(m.base().name()).isEqualTo("appendonly.aof.1.base.rdb");
    assertThat(m.incrs()).extracting(Manifest.FileInfo::name).containsExactly("appendonly.aof.1.incr.aof");
    assertThat(Files.readString(aofDir().resolve("appendonly.aof.1.incr.aof"))).isEqualTo("#restis-offset:0\r\n");
  }

  /**
   * Turning the log on over an existing dump keeps its data (Redis would start empty here): the
   * dump becomes the first base. From then on the log, not the dump, is what loads.
   */
  @Test
  void turningTheLogOnStartsFromTheDump() throws IOException {
    Engine e = Engine.standard();
    PersistenceService s = start(e, Props.rdbOnly(dir, ""));
    populate(e, 50);
    assertThat(s.save()).isNull();
    SortedMap<String, String> before = Datasets.describe(e);
    Engine withLog = Engine.standard();
    start(withLog, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    assertThat(Datasets.describe(withLog)).isEqualTo(before);
    assertThat(manifest().base().name()).isEqualTo("appendonly.aof.1.base.rdb");
    run(withLog, "SET", "only-in-the-log", "1");
    Engine again = Engine.standard();
    start(again, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    assertThat(Datasets.describe(again)).containsEntry("only-in-the-log", "string 1").hasSize(before.size() + 1);
  }

  @Test
  void alwaysLogSurvivesAnAbandonedServer() throws IOException {
    Engine e = Engine.standard();
    start(e, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    populate(e, 300);
    run(e, "DEL", "s5");
    SortedMap<String, String> before = Datasets.describe(e);
    long offset = e.offset();

    Engine again = Engine.standard();
    start(again, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    assertThat(Datasets.describe(again)).isEqualTo(before);
    assertThat(again.offset()).isEqualTo(offset);
    // New writes continue the numbering and the file.
    run(again, "SET", "after", "restart");
    Engine third = Engine.standard();
    start(third, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    assertThat(Datasets.describe(third)).containsEntry("after", "string restart");
    assertThat(third.offset()).isEqualTo(offset + 1);
  }

  @Test
  void loadingModeRefusesClientsUntilStarted() throws IOException {
    Engine e = Engine.standard();
    PersistenceService s = new PersistenceService(e, Props.aof(dir, AppendLog.Fsync.EVERYSEC, true));
    started.add(s);
    assertThat(run(e, "SET", "a", "1")).isEqualTo(Reply.error("LOADING Redis is loading the dataset in memory"));
    assertThat(run(e, "LASTSAVE")).isInstanceOf(Reply.Int.class);
    s.start();
    assertThat(run(e, "SET", "a", "1")).isEqualTo(Reply.OK);
  }

  @Test
  void truncatedTailIsCutOffAndTheFileRepaired() throws IOException {
    Engine e = Engine.standard();
    start(e, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    run(e, "SET", "a", "1");
    run(e, "SET", "b", "2");
    Path incr = aofDir().resolve("appendonly.aof.1.incr.aof");
    long good = Files.size(incr);
    try (FileChannel ch = FileChannel.open(incr, StandardOpenOption.APPEND)) {
      ch.write(java.nio.ByteBuffer.wrap("*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$5\r\nhal".getBytes(StandardCharsets.US_ASCII)));
    }
    Engine again = Engine.standard();
    start(again, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    assertThat(Datasets.describe(again)).containsOnlyKeys("a", "b");
    assertThat(Files.size(incr)).isEqualTo(good);
    run(again, "SET", "c", "3");
    Engine third = Engine.standard();
    start(third, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    assertThat(Datasets.describe(third)).containsOnlyKeys("a", "b", "c");
  }

  @Test
  void unfinishedTransactionAtTheEndIsCutOffWhole() throws IOException {
    Engine e = Engine.standard();
    start(e, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    run(e, "SET", "a", "1");
    Path incr = aofDir().resolve("appendonly.aof.1.incr.aof");
    long good = Files.size(incr);
    try (FileChannel ch = FileChannel.open(incr, StandardOpenOption.APPEND)) {
      ch.write(java.nio.ByteBuffer.wrap(("*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$1\r\n1\r\n")
          .getBytes(StandardCharsets.US_ASCII)));
    }
    Engine again = Engine.standard();
    start(again, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    assertThat(Datasets.describe(again)).containsOnlyKeys("a");
    assertThat(Files.size(incr)).isEqualTo(good);
  }

  @Test
  void truncatedTailWithTheSettingOffRefusesToStart() throws IOException {
    Engine e = Engine.standard();
    start(e, Props.aof(dir, AppendLog.Fsync.ALWAYS, false));
    run(e, "SET", "a", "1");
    Path incr = aofDir().resolve("appendonly.aof.1.incr.aof");
    long good = Files.size(incr);
    try (FileChannel ch = FileChannel.open(incr, StandardOpenOption.APPEND)) {
      ch.write(java.nio.ByteBuffer.wrap("*2\r\n$3\r\nDEL".getBytes(StandardCharsets.US_ASCII)));
    }
    assertThatThrownBy(() -> start(Engine.standard(), Props.aof(dir, AppendLog.Fsync.ALWAYS, false)))
        .isInstanceOf(CorruptFileException.class)
        .hasMessage("appendonly.aof.1.incr.aof: Unexpected end of file reading the append only file"
            + " (aof-load-truncated is off) at byte offset " + good);
  }

  @Test
  void corruptionInTheMiddleRefusesToStartNamingFileAndOffset() throws IOException {
    Engine e = Engine.standard();
    start(e, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    run(e, "SET", "a", "1");
    Path incr = aofDir().resolve("appendonly.aof.1.incr.aof");
    long second = Files.size(incr);
    run(e, "SET", "b", "2");
    run(e, "SET", "c", "3");
    byte[] data = Files.readAllBytes(incr);
    data[(int) second] = 'X';
    Files.write(incr, data);
    assertThatThrownBy(() -> start(Engine.standard(), Props.aof(dir, AppendLog.Fsync.ALWAYS, true)))
        .isInstanceOf(CorruptFileException.class)
        .hasMessage("appendonly.aof.1.incr.aof: Bad file format reading the append only file: expected '*' found 'X'"
            + " at byte offset " + second);
  }

  @Test
  void corruptSnapshotIsRefusedWithNameAndOffset() throws IOException {
    Engine e = Engine.standard();
    PersistenceService s = start(e, Props.rdbOnly(dir, ""));
    populate(e, 100);
    assertThat(s.save()).isNull();
    Path dump = dir.resolve("dump.rdb");
    byte[] data = Files.readAllBytes(dump);
    int at = RdbCodecTestAccess.indexOf(data, "v42".getBytes(StandardCharsets.US_ASCII));
    data[at + 1] ^= 0x20;
    Files.write(dump, data);
    assertThatThrownBy(() -> start(Engine.standard(), Props.rdbOnly(dir, "")))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageStartingWith("dump.rdb: Wrong RDB checksum")
        .hasMessageEndingWith("at byte offset " + (data.length - 8));
    byte[] cut = java.util.Arrays.copyOf(Files.readAllBytes(dump), 1000);
    Files.write(dump, cut);
    assertThatThrownBy(() -> start(Engine.standard(), Props.rdbOnly(dir, "")))
        .isInstanceOf(CorruptFileException.class)
        .hasMessage("dump.rdb: Unexpected end of file at byte offset 1000");
  }

  @Test
  void saveWritesTheDumpAndLastsave() throws Exception {
    Engine e = Engine.standard();
    PersistenceService s = start(e, Props.rdbOnly(dir, ""));
    populate(e, 200);
    SortedMap<String, String> before = Datasets.describe(e);
    assertThat(run(e, "SAVE")).isEqualTo(Reply.OK);
    assertThat(((Reply.Int) run(e, "LASTSAVE")).value()).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(2L));
    assertThat(s.status().lastSave().result()).isEqualTo("ok");
    assertThat(s.status().changesSinceLastSave()).isZero();
    assertThat(run(e, "BGSAVE")).isEqualTo(new Reply.Status("Background saving started"));
    assertThat(s.awaitIdle(10, TimeUnit.SECONDS)).isTrue();
    assertThat(run(e, "BGSAVE", "x")).isEqualTo(Reply.error("ERR syntax error"));
    Engine again = Engine.standard();
    start(again, Props.rdbOnly(dir, ""));
    assertThat(Datasets.describe(again)).isEqualTo(before);
  }

  @Test
  void savePointsTriggerABackgroundSave() throws Exception {
    Engine e = Engine.standard();
    PersistenceService s = start(e, Props.rdbOnly(dir, "1 3"));
    run(e, "SET", "a", "1");
    run(e, "SET", "b", "1");
    Thread.sleep(1100);
    s.tick();
    assertThat(s.awaitIdle(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.exists(dir.resolve("dump.rdb"))).isFalse(); // 2 changes < 3
    run(e, "SET", "c", "1");
    s.tick();
    assertThat(s.awaitIdle(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.exists(dir.resolve("dump.rdb"))).isTrue();
    assertThat(s.status().lastSave().kind()).isEqualTo("bgsave");
    assertThat(s.status().changesSinceLastSave()).isZero();
  }

  /**
   * One writer creates keys in sequence while a BGSAVE runs: the dump holds exactly a prefix of
   * them, ending at the dump's offset, and the log holds the rest after that offset.
   */
  @Test
  void writesDuringBgsaveLandInTheLogNotInTheSnapshot() throws Exception {
    Engine e = Engine.standard();
    PersistenceService s = start(e, Props.aof(dir, AppendLog.Fsync.EVERYSEC, true));
    for (int i = 0; i < 200_000; i++) {
      run(e, "SET", "base" + i, "x".repeat(20));
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong written = new AtomicLong();
    Thread writer = new Thread(() -> {
      for (long n = 1; !stop.get(); n++) {
        run(e, "SET", "during" + n, Long.toString(n));
        written.set(n);
      }
    });
    writer.start();
    while (written.get() < 100) {
      Thread.sleep(1);
    }
    assertThat(run(e, "BGSAVE")).isEqualTo(new Reply.Status("Background saving started"));
    assertThat(s.awaitIdle(30, TimeUnit.SECONDS)).isTrue();
    long atEnd = written.get();
    Thread.sleep(20);
    stop.set(true);
    writer.join();
    s.appendLog().flush();

    Engine fromDump = Engine.standard();
    RdbLoader.Loaded loaded;
    try (InputStream in = Files.newInputStream(dir.resolve("dump.rdb"))) {
      loaded = RdbLoader.load(fromDump, in, "dump.rdb", false, null);
    }
    SortedMap<String, String> dump = Datasets.describe(fromDump);
    long k = dump.keySet().stream().filter(x -> x.startsWith("during")).count();
    for (long n = 1; n <= k; n++) {
      assertThat(dump).containsEntry("during" + n, "string " + n);
    }
    assertThat(k).as("the save began after the writer started").isGreaterThanOrEqualTo(100);
    assertThat(k).as("writes continued during the save").isLessThan(atEnd);

    // The log: every write after the dump's offset is there, in order, starting with during(k+1).
    List<String> afterDump = new ArrayList<>();
    long[] fileStart = {-1};
    try (InputStream in = Files.newInputStream(aofDir().resolve("appendonly.aof.1.incr.aof"))) {
      AofReader r = new AofReader(in).onAnnotation(a -> fileStart[0] = Long.parseLong(a.split(":")[1]));
      long offset = 0;
      byte[][] argv;
      while ((argv = r.next()) != null) {
        offset = offset == 0 ? fileStart[0] + 1 : offset + 1;
        if (offset > loaded.offset()) {
          afterDump.add(new String(argv[1], StandardCharsets.UTF_8));
          fromDump.execute(AofLoader.REPLAY, argv);
        }
      }
    }
    assertThat(afterDump.get(0)).isEqualTo("during" + (k + 1));
    assertThat(Datasets.describe(fromDump)).isEqualTo(Datasets.describe(e));
  }

  @Test
  void compactionMakesANewBaseAndDeletesTheOldFiles() throws Exception {
    Engine e = Engine.standard();
    PersistenceService s = start(e, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    populate(e, 500);
    assertThat(run(e, "BGREWRITEAOF")).isEqualTo(new Reply.Status("Background append only file rewriting started"));
    for (int i = 0; i < 200; i++) {
      run(e, "SET", "during" + i, "1");
    }
    assertThat(s.awaitIdle(30, TimeUnit.SECONDS)).isTrue();
    assertThat(s.status().aof().lastRewrite().result()).isEqualTo("ok");
    run(e, "SET", "after", "1");
    Manifest m = manifest();
    assertThat(m.base().name()).isEqualTo("appendonly.aof.2.base.rdb");
    assertThat(m.incrs()).extracting(Manifest.FileInfo::name).containsExactly("appendonly.aof.2.incr.aof");
    assertThat(m.history()).isEmpty();
    try (var files = Files.list(aofDir())) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
          "appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest");
    }
    SortedMap<String, String> before = Datasets.describe(e);
    Engine again = Engine.standard();
    start(again, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    assertThat(Datasets.describe(again)).isEqualTo(before);
    assertThat(again.offset()).isEqualTo(e.offset());
  }

  @Test
  void automaticCompactionWhenTheLogOutgrowsTheBase() throws Exception {
    Engine e = Engine.standard();
    PersistenceService s = start(e, Props.aofAutoRewrite(dir, 100, org.springframework.util.unit.DataSize.ofKilobytes(1)));
    for (int i = 0; i < 100; i++) {
      run(e, "SET", "k", "value-" + i);
    }
    s.tick();
    assertThat(s.awaitIdle(30, TimeUnit.SECONDS)).isTrue();
    assertThat(manifest().base().name()).isEqualTo("appendonly.aof.2.base.rdb");
    assertThat(s.status().aof().incrSize()).isLessThan(100);
  }

  @Test
  void bgsaveAndRewriteExcludeEachOtherAsInRedis() throws Exception {
    Engine e = Engine.standard();
    PersistenceService s = start(e, Props.aof(dir, AppendLog.Fsync.EVERYSEC, true));
    for (int i = 0; i < 300_000; i++) {
      run(e, "SET", "k" + i, "v");
    }
    assertThat(run(e, "BGREWRITEAOF")).isEqualTo(new Reply.Status("Background append only file rewriting started"));
    Reply r = run(e, "BGSAVE");
    if (!s.awaitIdle(0, TimeUnit.SECONDS)) {
      // Still rewriting when BGSAVE arrived (the usual case with this many keys).
      assertThat(r).isEqualTo(Reply.error("ERR Another child process is active (AOF?): can't BGSAVE right now. "
          + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible."));
    }
    assertThat(s.awaitIdle(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run(e, "BGREWRITEAOF")).isEqualTo(new Reply.Status("Background append only file rewriting started"));
    Reply scheduled = run(e, "BGSAVE", "SCHEDULE");
    assertThat(scheduled).isIn(new Reply.Status("Background saving scheduled"), new Reply.Status("Background saving started"));
    assertThat(s.awaitIdle(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.exists(dir.resolve("dump.rdb"))).isTrue();
    assertThat(run(e, "SAVE")).isEqualTo(Reply.OK);
  }

  @Test
  void aGapBetweenBaseAndLogRefusesToStart() throws IOException {
    Engine e = Engine.standard();
    start(e, Props.aof(dir, AppendLog.Fsync.ALWAYS, true));
    run(e, "SET", "a", "1");
    Path incr = aofDir().resolve("appendonly.aof.1.incr.aof");
    String text = Files.readString(incr, StandardCharsets.ISO_8859_1).replace("#restis-offset:0", "#restis-offset:7");
    Files.writeString(incr, text, StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> start(Engine.standard(), Props.aof(dir, AppendLog.Fsync.ALWAYS, true)))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("writes are missing");
  }

  static final class RdbCodecTestAccess {
    static int indexOf(byte[] hay, byte[] needle) {
      return io.restis.persistence.format.RdbCodecTestBridge.indexOf(hay, needle);
    }
  }

  static ByteArrayInputStream bytes(byte[] b) {
    return new ByteArrayInputStream(b);
  }
}
