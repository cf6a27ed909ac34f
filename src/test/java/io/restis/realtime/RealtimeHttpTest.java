package io.restis.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.engine.Engine;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Pub/sub over SSE, keyspace events and blocking pops, end to end on a real port with
 * java.net.http. Each test uses channels and keys of its own (the context is shared).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "restis.notifications.keyspace-events=KEA",
    "restis.pubsub.heartbeat=200ms",
    "restis.blocking.keepalive=200ms"})
class RealtimeHttpTest {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  @LocalServerPort
  int port;

  @Autowired
  Engine engine;

  @Autowired
  SseStreams streams;

  @Autowired
  LongPolls longPolls;

  private final List<Sse> opened = new ArrayList<>();

  /** Callers parked before the test (another test's leftovers must not count). */
  private int baseline;

  @org.junit.jupiter.api.BeforeEach
  void baseline() {
    baseline = engine.blockedCount();
  }

  @AfterEach
  void closeStreams() {
    opened.forEach(Sse::close);
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /** An open event stream read line by line on a thread of the client. */
  final class Sse {
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final CompletableFuture<HttpResponse<Stream<String>>> response;

    Sse(HttpRequest request) {
      response = HTTP.sendAsync(request, BodyHandlers.ofLines());
      response.thenAcceptAsync(r -> r.body().forEach(lines::add));
      opened.add(this);
    }

    HttpResponse<Stream<String>> head() throws Exception {
      return response.get(5, TimeUnit.SECONDS);
    }

    /** The next line that is not blank, skipping comments unless asked for. */
    String next(boolean comments) throws Exception {
      while (true) {
        String l = lines.poll(5, TimeUnit.SECONDS);
        assertThat(l).as("a line within 5 s").isNotNull();
        if (l.isEmpty() || (!comments && l.startsWith(":"))) {
          continue;
        }
        return l;
      }
    }

    String next() throws Exception {
      return next(false);
    }

    void close() {
      response.thenAccept(r -> r.body().close());
      response.cancel(true);
    }
  }

  private Sse get(String path) {
    return new Sse(HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").GET().build());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
    return HTTP.sendAsync(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
  }

  // ---- pub/sub ----

  @Test
  void channelStreamDeliversPublishedMessagesAsJsonEvents() throws Exception {
    Sse s = get("/channels/news/events");
    assertThat(s.head().headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("text/event-stream"));
    assertThat(s.next()).isEqualTo("event: subscribe");
    assertThat(s.next()).isEqualTo("data: {\"channel\":\"news\",\"subscriptions\":1}");
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/channels/news/messages"))
        .POST(BodyPublishers.ofString("hello \"world\"")).build(), BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"receivers\":1}");
    assertThat(s.next()).isEqualTo("event: message");
    assertThat(s.next()).isEqualTo("data: {\"channel\":\"news\",\"message\":\"hello \\\"world\\\"\"}");
    // The command endpoint publishes to the same registry.
    assertThat(post("/redis", "[\"PUBLISH\",\"news\",\"two\"]").body()).isEqualTo("{\"result\":1}");
    assertThat(s.next()).isEqualTo("event: message");
    assertThat(s.next()).isEqualTo("data: {\"channel\":\"news\",\"message\":\"two\"}");
    assertThat(post("/redis", "[\"PUBSUB\",\"NUMSUB\",\"news\"]").body()).isEqualTo("{\"result\":[\"news\",1]}");
  }

  @Test
  void heartbeatsKeepIdleStreamsAliveAndGoneClientsAreDropped() throws Exception {
    Sse s = get("/channels/quiet/events");
    s.next();
    s.next();
    assertThat(s.next(true)).isEqualTo(": heartbeat");
    assertThat(post("/redis", "[\"PUBSUB\",\"NUMSUB\",\"quiet\"]").body()).isEqualTo("{\"result\":[\"quiet\",1]}");
    s.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    String body;
    do {
      Thread.sleep(100);
      body = post("/redis", "[\"PUBSUB\",\"NUMSUB\",\"quiet\"]").body();
    } while (!body.equals("{\"result\":[\"quiet\",0]}") && System.nanoTime() < deadline);
    assertThat(body).as("a closed client is unsubscribed at the next heartbeat").isEqualTo("{\"result\":[\"quiet\",0]}");
  }

  @Test
  void patternStreamAndChannelListing() throws Exception {
    Sse s = get("/patterns/room:*/events");
    assertThat(s.next()).isEqualTo("event: subscribe");
    assertThat(s.next()).isEqualTo("data: {\"pattern\":\"room:*\",\"subscriptions\":1}");
    Sse c = get("/channels/room:1/events");
    c.next();
    c.next();
    assertThat(post("/redis", "[\"PUBLISH\",\"room:1\",\"hi\"]").body()).isEqualTo("{\"result\":2}");
    assertThat(s.next()).isEqualTo("event: message");
    assertThat(s.next()).isEqualTo("data: {\"pattern\":\"room:*\",\"channel\":\"room:1\",\"message\":\"hi\"}");
    String listing = HTTP.send(HttpRequest.newBuilder(uri("/channels?pattern=room:*")).build(),
        BodyHandlers.ofString()).body();
    assertThat(listing).contains("{\"channel\":\"room:1\",\"subscribers\":1}");
  }

  @Test
  void upstashSubscribeStreams() throws Exception {
    Sse s = new Sse(HttpRequest.newBuilder(uri("/redis/subscribe/up/date")).header("Accept", "text/event-stream")
        .header("Content-Type", "application/json").POST(BodyPublishers.ofString("[]")).build());
    assertThat(s.next()).isEqualTo("data: subscribe,up/date,1");
    Sse p = new Sse(HttpRequest.newBuilder(uri("/redis/psubscribe/up*")).header("Accept", "text/event-stream")
        .POST(BodyPublishers.ofString("[]")).build());
    assertThat(p.next()).isEqualTo("data: psubscribe,up*,1");
    assertThat(post("/redis", "[\"PUBLISH\",\"up/date\",\"a,b\"]").body()).isEqualTo("{\"result\":2}");
    assertThat(s.next()).isEqualTo("data: message,up/date,a,b");
    assertThat(p.next()).isEqualTo("data: pmessage,up*,up/date,a,b");
  }

  @Test
  void keyspaceEventsAsSse() throws Exception {
    Sse space = get("/channels/__keyspace@0__:kse:list/events");
    Sse events = get("/patterns/__keyevent@0__:*/events");
    space.next();
    space.next();
    events.next();
    events.next();
    post("/redis", "[\"RPUSH\",\"kse:list\",\"a\"]");
    post("/redis", "[\"LPOP\",\"kse:list\"]");
    assertThat(space.next()).isEqualTo("event: message");
    assertThat(space.next()).isEqualTo("data: {\"channel\":\"__keyspace@0__:kse:list\",\"message\":\"rpush\"}");
    assertThat(space.next()).isEqualTo("event: message");
    assertThat(space.next()).isEqualTo("data: {\"channel\":\"__keyspace@0__:kse:list\",\"message\":\"lpop\"}");
    assertThat(space.next()).isEqualTo("event: message");
    assertThat(space.next()).isEqualTo("data: {\"channel\":\"__keyspace@0__:kse:list\",\"message\":\"del\"}");
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.next();
      seen.add(events.next());
    }
    assertThat(seen).containsExactly(
        "data: {\"pattern\":\"__keyevent@0__:*\",\"channel\":\"__keyevent@0__:rpush\",\"message\":\"kse:list\"}",
        "data: {\"pattern\":\"__keyevent@0__:*\",\"channel\":\"__keyevent@0__:lpop\",\"message\":\"kse:list\"}",
        "data: {\"pattern\":\"__keyevent@0__:*\",\"channel\":\"__keyevent@0__:del\",\"message\":\"kse:list\"}");
  }

  // ---- blocking pops ----

  @Test
  void aPushFromAnotherRequestWakesTheWaiter() throws Exception {
    CompletableFuture<HttpResponse<String>> waiter = postAsync("/redis", "[\"BLPOP\",\"bp:wake\",\"0\"]");
    awaitBlocked(1);
    assertThat(waiter).isNotDone();
    assertThat(post("/redis", "[\"RPUSH\",\"bp:wake\",\"x\"]").body()).isEqualTo("{\"result\":1}");
    HttpResponse<String> r = waiter.get(5, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().trim()).isEqualTo("{\"result\":[\"bp:wake\",\"x\"]}");
    // Path style and pipelines block too; the pipeline's later commands wait behind it.
    CompletableFuture<HttpResponse<String>> path = HTTP.sendAsync(
        HttpRequest.newBuilder(uri("/redis/bzpopmin/bp:z/0")).GET().build(), BodyHandlers.ofString());
    CompletableFuture<HttpResponse<String>> pipe = postAsync("/redis/pipeline",
        "[[\"BRPOP\",\"bp:p\",\"0\"],[\"SET\",\"bp:after\",\"1\"]]");
    awaitBlocked(2);
    post("/redis", "[\"ZADD\",\"bp:z\",\"1\",\"m\"]");
    post("/redis", "[\"RPUSH\",\"bp:p\",\"v\"]");
    assertThat(path.get(5, TimeUnit.SECONDS).body().trim()).isEqualTo("{\"result\":[\"bp:z\",\"m\",\"1\"]}");
    assertThat(pipe.get(5, TimeUnit.SECONDS).body().trim())
        .isEqualTo("[{\"result\":[\"bp:p\",\"v\"]},{\"result\":\"OK\"}]");
  }

  @Test
  void timeoutsAnswerNullAndMultiExecDoesNotBlock() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = post("/redis", "[\"BLPOP\",\"bp:none\",\"0.3\"]");
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(r.body().trim()).isEqualTo("{\"result\":null}");
    assertThat(ms).isBetween(250L, 3000L);
    assertThat(post("/redis/multi-exec", "[[\"BLPOP\",\"bp:none\",\"0\"],[\"BLMOVE\",\"bp:none\",\"x\",\"LEFT\",\"LEFT\",\"0\"]]")
        .body()).isEqualTo("[{\"result\":null},{\"result\":null}]");
    HttpResponse<String> bad = post("/redis", "[\"BLPOP\",\"bp:none\",\"-1\"]");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("{\"error\":\"ERR timeout is negative\"}");
  }

  @Test
  void firstComeFirstServed() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> waiters = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      waiters.add(postAsync("/redis", "[\"BLPOP\",\"bp:fifo\",\"10\"]"));
      awaitBlocked(i + 1); // arrival order is fixed before the next one is sent
    }
    post("/redis", "[\"RPUSH\",\"bp:fifo\",\"0\",\"1\",\"2\",\"3\",\"4\"]");
    for (int i = 0; i < 5; i++) {
      assertThat(waiters.get(i).get(5, TimeUnit.SECONDS).body().trim())
          .isEqualTo("{\"result\":[\"bp:fifo\",\"" + i + "\"]}");
    }
  }

  @Test
  void aWaiterWhoseClientLeftIsRemoved() throws Exception {
    CompletableFuture<HttpResponse<String>> waiter = postAsync("/redis", "[\"BLPOP\",\"bp:gone\",\"0\"]");
    awaitBlocked(1);
    waiter.cancel(true); // the JDK client closes the connection
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (engine.blockedCount() > baseline && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(engine.blockedCount()).as("removed at the next keepalive").isEqualTo(baseline);
    post("/redis", "[\"RPUSH\",\"bp:gone\",\"kept\"]");
    assertThat(post("/redis", "[\"LRANGE\",\"bp:gone\",\"0\",\"-1\"]").body()).isEqualTo("{\"result\":[\"kept\"]}");
  }

  @Test
  void aThousandWaitersWithoutAThousandThreads() throws Exception {
    int n = 1000;
    int before = ManagementFactory.getThreadMXBean().getThreadCount();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<String>>> waiters = new ArrayList<>();
    // In waves of 100, so that 1000 simultaneous connects do not overflow the accept backlog.
    for (int i = 0; i < n; i++) {
      waiters.add(client.sendAsync(HttpRequest.newBuilder(uri("/redis")).header("Content-Type", "application/json")
          .POST(BodyPublishers.ofString("[\"BLPOP\",\"bp:many\",\"120\"]")).build(), BodyHandlers.ofString()));
      if (i % 100 == 99) {
        awaitBlocked(i + 1);
      }
    }
    awaitBlocked(n);
    int during = ManagementFactory.getThreadMXBean().getThreadCount();
    System.out.printf("platform threads: %d before, %d with %d parked requests%n", before, during, n);
    assertThat(during).as("platform threads with %d parked requests (%d before)", n, before).isLessThan(before + 250);
    assertThat(longPolls.waiting()).isEqualTo(n);
    StringBuilder push = new StringBuilder("[\"RPUSH\",\"bp:many\"");
    for (int i = 0; i < n; i++) {
      push.append(",\"").append(i).append('"');
    }
    assertThat(post("/redis", push.append("]").toString()).statusCode()).isEqualTo(200);
    List<String> got = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> w : waiters) {
      got.add(w.get(30, TimeUnit.SECONDS).body().trim());
    }
    assertThat(got).doesNotHaveDuplicates().hasSize(n).allMatch(b -> b.startsWith("{\"result\":[\"bp:many\""));
    assertThat(engine.blockedCount()).isEqualTo(baseline);
  }

  private void awaitBlocked(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (engine.blockedCount() - baseline < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(engine.blockedCount() - baseline).as("parked callers").isEqualTo(n);
  }

  /**
   * HEAD on an event stream answers its headers and ends: the client sends its next request on the
   * same connection, which must be answered (a stream left open behind a HEAD held the connection
   * forever, found by the fuzz run), and nothing stays subscribed.
   */
  @Test
  void headOnAnEventStreamEndsTheExchange() throws Exception {
    int streamsBefore = streams.openStreams();
    for (String path : List.of("/channels/head-only/events", "/patterns/head-only*/events",
        "/redis/subscribe/head-only")) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(5_000);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write(("HEAD " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHeaders(in);
        assertThat(head).as(path).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/event-stream");
        byte[] body = "[\"PUBSUB\",\"NUMSUB\",\"head-only\"]".getBytes(StandardCharsets.US_ASCII);
        out.write(("POST /redis HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String next = readHeaders(in);
        assertThat(next).as("the request after HEAD " + path).startsWith("HTTP/1.1 200");
        int length = Integer.parseInt(next.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
        assertThat(new String(in.readNBytes(length), StandardCharsets.UTF_8))
            .isEqualTo("{\"result\":[\"head-only\",0]}");
      }
    }
    assertThat(streams.openStreams()).as("streams opened by HEAD").isEqualTo(streamsBefore);
  }

  private static String readHeaders(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      s.append((char) c);
      if (s.length() >= 4 && s.substring(s.length() - 4).equals("\r\n\r\n")) {
        return s.toString();
      }
    }
    throw new EOFException("connection closed after: " + s);
  }
}
