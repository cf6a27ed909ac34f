package io.restis.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restis.persistence.format.AofReader;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log writer alone: order, group commit, rotation, failure. */
class AppendLogTest {

  @TempDir
  Path dir;

  private FileChannel open(String name) throws Exception {
    return FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  private static byte[][] cmd(String... parts) {
    byte[][] a = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      a[i] = parts[i].getBytes(StandardCharsets.UTF_8);
    }
    return a;
  }

  private List<String> read(String name) throws Exception {
    List<String> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(dir.resolve(name))) {
      AofReader r = new AofReader(in);
      byte[][] c;
      while ((c = r.next()) != null) {
        out.add(new String(c[1], StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /**
   * Concurrent writers under "always": each waits for its own offset, all are acknowledged, the
   * file holds every write in offset order, and fsyncs were shared.
   */
  @Test
  void groupCommitSharesFsyncsAndKeepsOrder() throws Exception {
    AppendLog log = new AppendLog(open("a.aof"), 0, 0, AppendLog.Fsync.ALWAYS);
    Object engineLock = new Object(); // stands in for the engine lock: offsets in call order
    AtomicLong offset = new AtomicLong();
    int threads = 8;
    int each = 150;
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        for (int i = 0; i < each; i++) {
          long o;
          synchronized (engineLock) {
            o = offset.incrementAndGet();
            log.onWrite(o, cmd("SET", Long.toString(o)));
          }
          log.awaitDurable(o);
          assertThat(log.syncedOffset()).isGreaterThanOrEqualTo(o);
        }
      });
      th.start();
      ts.add(th);
    }
    for (Thread th : ts) {
      th.join();
    }
    int total = threads * each;
    assertThat(log.fsyncCount()).as("fsyncs for %d writes", total).isLessThan(total);
    log.close();
    List<String> keys = read("a.aof");
    assertThat(keys).hasSize(total);
    for (int i = 0; i < total; i++) {
      assertThat(keys.get(i)).isEqualTo(Integer.toString(i + 1));
    }
  }

  @Test
  void rotationSplitsExactlyAtTheOffset() throws Exception {
    AppendLog log = new AppendLog(open("1.aof"), 0, 0, AppendLog.Fsync.EVERYSEC);
    log.onWrite(1, cmd("SET", "1"));
    log.onWrite(2, cmd("SET", "2"));
    FileChannel next = open("2.aof");
    log.rotate(next, AofDirectory.header(2));
    log.onWrite(3, cmd("SET", "3"));
    log.awaitDurable(3);
    log.close();
    assertThat(read("1.aof")).containsExactly("1", "2");
    assertThat(read("2.aof")).containsExactly("3");
    assertThat(Files.readString(dir.resolve("2.aof"))).startsWith("#restis-offset:2\r\n*2\r\n$3\r\nSET");
  }

  @Test
  void aWriteFailureFailsTheWaitersWithMisconf() throws Exception {
    FileChannel ch = open("f.aof");
    AppendLog log = new AppendLog(ch, 0, 0, AppendLog.Fsync.ALWAYS);
    log.onWrite(1, cmd("SET", "1"));
    log.awaitDurable(1);
    ch.close(); // the disk goes away under the writer
    log.onWrite(2, cmd("SET", "2"));
    assertThatThrownBy(() -> log.awaitDurable(2))
        .isInstanceOf(AppendLog.WriteFailedException.class)
        .hasMessageStartingWith("MISCONF Errors writing to the AOF file:");
    assertThat(log.failure()).isNotNull();
  }
}
