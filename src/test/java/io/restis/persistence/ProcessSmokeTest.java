package io.restis.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.persistence.support.RestisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A graceful stop keeps everything: the log is flushed and the final snapshot written. */
class ProcessSmokeTest {

  @TempDir
  Path dir;

  @Test
  void gracefulStopFlushesTheLogAndWritesTheFinalSnapshot() throws Exception {
    Path log = dir.resolve("server.log");
    Path data = Files.createDirectories(dir.resolve("data"));
    long t0 = System.nanoTime();
    try (RestisProcess p = RestisProcess.start(data, log, "--restis.persistence.appendonly=true",
        "--restis.persistence.appendfsync=no", "--restis.persistence.save=3600 1")) {
      System.out.println("started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      assertThat(p.command("SET", "a", "1").get("result").asString()).isEqualTo("OK");
      assertThat(p.command("RPUSH", "l", "x", "y").get("result").asLong()).isEqualTo(2);
      assertThat(p.get("/admin/persistence").get("aof").get("fsync").asString()).isEqualTo("no");
      assertThat(p.stop()).isIn(0, 143);
    }
    assertThat(Files.exists(data.resolve("dump.rdb"))).as("final snapshot").isTrue();
    assertThat(Files.readString(log)).contains("Saving the final RDB snapshot before exiting.");
    try (RestisProcess p = RestisProcess.start(data, log, "--restis.persistence.appendonly=true")) {
      assertThat(p.command("GET", "a").get("result").asString()).isEqualTo("1");
      assertThat(p.command("LRANGE", "l", "0", "-1").get("result").toString()).isEqualTo("[\"x\",\"y\"]");
      p.kill();
    }
    // Corruption in the middle of the log: the server refuses to start, naming file and offset.
    Path incr = data.resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof");
    byte[] bytes = Files.readAllBytes(incr);
    int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("*4\r\n$5\r\nRPUSH");
    bytes[at] = '?';
    Files.write(incr, bytes);
    Path log2 = dir.resolve("refused.log");
    RestisProcess refused = RestisProcess.launch(data, log2, "--restis.persistence.appendonly=true");
    assertThat(refused.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(refused.process().exitValue()).isNotZero();
    assertThat(Files.readString(log2)).contains("Refusing to start: appendonly.aof.1.incr.aof: Bad file format"
        + " reading the append only file: expected '*' found '?' at byte offset " + at);
  }
}
