package io.restis.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.persistence.support.RestisProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * SIGTERM to a real server process (a child JVM) while clients write, with the append-only log
 * fsynced on every write: the server stops accepting connections, finishes the request in flight
 * (one whose body is still arriving when the signal comes), then flushes the log and writes the
 * final snapshot, and exits within its grace period. After a restart on the same directory every
 * acknowledged write is there: each writer's list is exactly 1..n with n at least the last number
 * it was acknowledged.
 */
class GracefulShutdownProcessTest {

  static final int WRITERS = 4;
  static final int GRACE_SECONDS = 10;

  @TempDir
  Path dir;

  @Test
  void sigtermDuringWritesDrainsFlushesAndLosesNothingAcknowledged() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path log = dir.resolve("server.log");
    AtomicLongArray acked = new AtomicLongArray(WRITERS);
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    String slowReply;
    long exitMillis;
    int exitCode;
    try (RestisProcess server = RestisProcess.start(data, log,
        "--restis.persistence.appendonly=true",
        "--restis.persistence.appendfsync=always",
        "--restis.persistence.save=3600 1",
        "--spring.lifecycle.timeout-per-shutdown-phase=" + GRACE_SECONDS + "s",
        "--logging.level.org.springframework.boot.tomcat.GracefulShutdown=INFO")) {
      for (int w = 0; w < WRITERS; w++) {
        int id = w;
        Thread t = new Thread(() -> {
          for (long seq = 1; !stop.get(); seq++) {
            try {
              JsonNode r = server.command("RPUSH", "writer-" + id, seq);
              if (!r.has("result")) {
                return; // refused (the server is going away): not acknowledged
              }
              acked.set(id, seq);
            } catch (IOException | InterruptedException e) {
              return; // the connection went with the server: this write is in doubt, not acknowledged
            }
          }
        });
        t.start();
        writers.add(t);
      }
      Thread.sleep(1500);
      for (int w = 0; w < WRITERS; w++) {
        assertThat(acked.get(w)).as("writer %d got going", w).isPositive();
      }

      try (Socket slow = new Socket("127.0.0.1", server.port())) {
        // A request in flight: headers and half its body sent, the rest still to come.
        byte[] body = "[\"RPUSH\",\"in-flight\",\"drained\"]".getBytes(StandardCharsets.UTF_8);
        OutputStream out = slow.getOutputStream();
        out.write(("POST /redis HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, 10);
        out.flush();
        Thread.sleep(500); // dispatched: the controller is reading the body

        long t0 = System.nanoTime();
        server.process().destroy(); // SIGTERM
        awaitLog(log, "Commencing graceful shutdown", 10);
        // The listening socket is closed (just after that line is logged): new clients are turned away.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        boolean refused = false;
        while (!refused && System.nanoTime() < until) {
          refused = refused(server.port());
          Thread.sleep(20);
        }
        assertThat(refused).as("new connections refused during the drain").isTrue();
        Thread.sleep(500);
        assertThat(server.process().isAlive()).as("waiting for the request in flight").isTrue();

        out.write(body, 10, body.length - 10);
        out.flush();
        slowReply = readAll(slow.getInputStream());

        assertThat(server.process().waitFor(GRACE_SECONDS + 20, TimeUnit.SECONDS)).isTrue();
        exitMillis = (System.nanoTime() - t0) / 1_000_000;
        exitCode = server.process().exitValue();
      } finally {
        stop.set(true);
        for (Thread t : writers) {
          t.join(30_000);
        }
      }
    }
    System.out.println("exited " + exitMillis + " ms after SIGTERM with " + exitCode + "; acknowledged " + acked);
    assertThat(slowReply).startsWith("HTTP/1.1 200").contains("{\"result\":1}");
    assertThat(exitMillis).as("exit within the grace period").isLessThan(GRACE_SECONDS * 1000L);
    assertThat(exitCode).isIn(0, 143);

    // The order of the stop: the web server drained and stopped, then persistence flushed and saved.
    List<String> lines = Files.readAllLines(log);
    int drainStart = indexOf(lines, "Commencing graceful shutdown");
    int drained = indexOf(lines, "Graceful shutdown complete");
    int flushed = indexOf(lines, "Calling fsync() on the AOF file: done");
    int saved = indexOf(lines, "Saving the final RDB snapshot before exiting.");
    assertThat(drainStart).isNotNegative();
    assertThat(drained).isGreaterThan(drainStart);
    assertThat(flushed).isGreaterThan(drained);
    assertThat(saved).isGreaterThan(flushed);
    assertThat(Files.exists(data.resolve("dump.rdb"))).isTrue();

    Path log2 = dir.resolve("restarted.log");
    try (RestisProcess server = RestisProcess.start(data, log2, "--restis.persistence.appendonly=true")) {
      for (int w = 0; w < WRITERS; w++) {
        List<Long> values = new ArrayList<>();
        server.command("LRANGE", "writer-" + w, 0, -1).get("result").forEach(v -> values.add(Long.parseLong(
            v.asString())));
        assertThat((long) values.size()).as("writer %d: every acknowledged write survived", w)
            .isGreaterThanOrEqualTo(acked.get(w));
        for (int i = 0; i < values.size(); i++) {
          assertThat(values.get(i)).as("writer %d: no gap, no reordering", w).isEqualTo(i + 1);
        }
      }
      assertThat(server.command("LRANGE", "in-flight", 0, -1).get("result").toString()).isEqualTo("[\"drained\"]");
      server.kill();
    }
  }

  @Test
  void sigtermEndsEventStreamsInsteadOfWaitingOutTheDrain() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path log = dir.resolve("server.log");
    try (RestisProcess server = RestisProcess.start(data, log, "--restis.persistence.save=",
        "--spring.lifecycle.timeout-per-shutdown-phase=30s",
        "--logging.level.org.springframework.boot.tomcat.GracefulShutdown=INFO");
        Socket subscriber = new Socket("127.0.0.1", server.port())) {
      subscriber.getOutputStream().write(("GET /channels/news/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      subscriber.getOutputStream().flush();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (server.command("PUBSUB", "NUMSUB", "news").get("result").get(1).asLong() != 1) {
        assertThat(System.nanoTime()).as("subscribed").isLessThan(until);
        Thread.sleep(20);
      }
      assertThat(server.command("PUBLISH", "news", "before").get("result").asLong()).isEqualTo(1);

      long t0 = System.nanoTime();
      server.process().destroy(); // SIGTERM
      String stream = readAll(subscriber.getInputStream());
      assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      long exitMillis = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("with an open event stream: exited " + exitMillis + " ms after SIGTERM");
      // The message sent before, then the stream's end, named; then the connection closed.
      assertThat(stream).contains("\"message\":\"before\"", ": closed: server shutting down");
      // Well within the 30 s drain limit: the stream did not hold the shutdown.
      assertThat(exitMillis).isLessThan(10_000);
      assertThat(Files.readString(log)).contains("Graceful shutdown complete").doesNotContain("aborted");
    }
  }

  private static boolean refused(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }

  private static void awaitLog(Path log, String text, int seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the log never said '" + text + "':\n" + Files.readString(log));
  }
}
