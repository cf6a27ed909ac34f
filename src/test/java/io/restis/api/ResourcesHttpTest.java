package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.restis.api.Http.Answer;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The REST resources end to end: the whole application on a real port, driven over HTTP as a
 * client would. Each test uses keys of its own (the context and its store are shared).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ResourcesHttpTest {

  @LocalServerPort
  int port;

  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isNull() ? null : n.asString()));
    return out;
  }

  @Test
  void cappedLatestNList() throws Exception {
    for (int i = 1; i <= 8; i++) {
      Answer a = http.post("/lists/e2e:latest/head", "{\"values\":[\"event-" + i + "\"],\"maxlen\":5}");
      assertThat(a.status()).isEqualTo(i == 1 ? 201 : 200);
      assertThat(a.json().get("length").asLong()).isEqualTo(Math.min(i, 5));
      assertThat(a.header("ETag")).matches("\"\\d+\"");
      assertThat(a.header("upstash-sync-token")).matches("\\d+");
    }
    Answer range = http.get("/lists/e2e:latest");
    assertThat(range.status()).isEqualTo(200);
    assertThat(range.contentType()).startsWith("application/json");
    assertThat(texts(range.json().get("values"))).containsExactly("event-8", "event-7", "event-6", "event-5", "event-4");
    Answer popped = http.delete("/lists/e2e:latest/tail?count=2");
    assertThat(texts(popped.json().get("values"))).containsExactly("event-4", "event-5");
    Answer moved = http.post("/lists/e2e:latest/move", "{\"destination\":\"e2e:archive\",\"from\":\"head\",\"to\":\"tail\"}");
    assertThat(moved.json().get("value").asString()).isEqualTo("event-8");
    assertThat(texts(http.get("/lists/e2e:archive").json().get("values"))).containsExactly("event-8");
    assertThat(http.get("/lists/e2e:latest/items/0").json().get("value").asString()).isEqualTo("event-7");
    assertThat(http.send("PUT", "/lists/e2e:latest/items/0", "application/json",
        BodyPublishers.ofString("{\"value\":\"seven\"}")).status()).isEqualTo(204);
    assertThat(http.post("/lists/e2e:latest/insert", "{\"position\":\"after\",\"pivot\":\"seven\",\"value\":\"6.5\"}")
        .json().get("length").asLong()).isEqualTo(3);
    assertThat(http.post("/lists/e2e:latest/remove", "{\"value\":\"event-6\"}").json().get("removed").asLong()).isEqualTo(1);
    assertThat(http.post("/lists/e2e:latest/trim", "{\"start\":0,\"stop\":0}").status()).isEqualTo(204);
    assertThat(texts(http.get("/lists/e2e:latest").json().get("values"))).containsExactly("seven");
    assertThat(http.delete("/lists/e2e:latest").status()).isEqualTo(204);
    assertThat(http.get("/lists/e2e:latest").status()).isEqualTo(404);
  }

  @Test
  void stringsJsonRawAndBulk() throws Exception {
    assertThat(http.put("/strings/e2e:greeting", "{\"value\":\"h\u00e9llo\"}").status()).isEqualTo(201);
    Answer got = http.get("/strings/e2e:greeting");
    assertThat(got.json().get("value").asString()).isEqualTo("h\u00e9llo");
    Answer raw = http.get("/strings/e2e:greeting", "Accept", "application/octet-stream");
    assertThat(raw.contentType()).isEqualTo("application/octet-stream");
    assertThat(raw.bytes()).isEqualTo("h\u00e9llo".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    byte[] blob = new byte[256];
    for (int i = 0; i < blob.length; i++) {
      blob[i] = (byte) i;
    }
    assertThat(http.send("PUT", "/strings/e2e:blob", "application/octet-stream", BodyPublishers.ofByteArray(blob))
        .status()).isEqualTo(201);
    assertThat(http.get("/strings/e2e:blob", "Accept", "application/octet-stream").bytes()).isEqualTo(blob);
    assertThat(http.get("/strings/e2e:blob?encoding=base64").json().get("value").asString())
        .isEqualTo(java.util.Base64.getEncoder().encodeToString(blob));
    assertThat(http.post("/strings/e2e:counter/increment", "{\"by\":10}").json().get("value").asLong()).isEqualTo(10);
    assertThat(http.post("/strings/e2e:counter/increment", "{\"by\":0.25}").json().get("value").decimalValue())
        .isEqualByComparingTo("10.25");
    assertThat(http.post("/strings/e2e:greeting/append", "{\"value\":\"!\"}").json().get("length").asLong()).isEqualTo(7);
    assertThat(http.get("/strings/e2e:greeting/range?start=-1").json().get("value").asString()).isEqualTo("!");
    assertThat(http.post("/strings", "{\"entries\":[{\"key\":\"e2e:m1\",\"value\":\"a\"},{\"key\":\"e2e:m2\",\"value\":\"b\"}]}")
        .json().get("written").asBoolean()).isTrue();
    JsonNode entries = http.get("/strings?key=e2e:m1&key=e2e:m2&key=e2e:none").json().get("entries");
    assertThat(entries.get(0).get("value").asString()).isEqualTo("a");
    assertThat(entries.get(1).get("value").asString()).isEqualTo("b");
    assertThat(entries.get(2).get("value").isNull()).isTrue();
    assertThat(http.put("/strings/e2e:tmp?px=100000&get=true", "{\"value\":\"t\"}").json().has("previous")).isFalse();
    assertThat(http.delete("/strings/e2e:tmp").status()).isEqualTo(204);
  }

  @Test
  void keysInspectRenameExpireScan() throws Exception {
    http.post("/lists/e2e:k:list/tail", "{\"values\":[\"a\",\"b\"]}");
    Answer info = http.get("/keys/e2e:k:list");
    assertThat(info.json().get("type").asString()).isEqualTo("list");
    assertThat(info.json().get("size").asLong()).isEqualTo(2);
    assertThat(info.json().get("ttl").asLong()).isEqualTo(-1);
    assertThat(info.header("ETag")).isEqualTo("\"" + info.json().get("version").asLong() + "\"");
    assertThat(http.put("/keys/e2e:k:list/ttl", "{\"milliseconds\":60000}").json().get("updated").asBoolean()).isTrue();
    assertThat(http.get("/keys/e2e:k:list").json().get("ttl").asLong()).isBetween(1L, 60000L);
    assertThat(http.post("/keys/e2e:k:list/rename", "{\"newKey\":\"e2e:k:renamed\"}").status()).isEqualTo(200);
    assertThat(http.get("/keys/e2e:k:list").status()).isEqualTo(404);
    assertThat(http.get("/keys/e2e:k:renamed").json().get("ttl").asLong()).isPositive();
    assertThat(http.delete("/keys/e2e:k:renamed/ttl").json().get("updated").asBoolean()).isTrue();
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    do {
      JsonNode page = http.get("/keys?match=e2e:k:*&count=3&cursor=" + cursor).json();
      cursor = page.get("cursor").asString();
      page.get("keys").forEach(k -> seen.add(k.asString()));
    } while (!cursor.equals("0"));
    assertThat(seen).containsExactly("e2e:k:renamed");
    assertThat(http.delete("/keys/e2e:k:renamed").status()).isEqualTo(204);
    assertThat(http.delete("/keys/e2e:k:renamed").status()).isEqualTo(404);
  }

  @Test
  void keysWithSlashesSpacesAndUnicodeInThePath() throws Exception {
    assertThat(http.put("/strings/e2e%2Fuser%2F1%20caf%C3%A9%3Bx", "{\"value\":\"v\"}").status()).isEqualTo(201);
    assertThat(http.redis("[\"GET\",\"e2e/user/1 caf\u00e9;x\"]").asString()).isEqualTo("v");
    assertThat(http.get("/strings/e2e%2Fuser%2F1%20caf%C3%A9%3Bx").json().get("value").asString()).isEqualTo("v");
    assertThat(http.get("/keys/e2e%2Fuser%2F1%20caf%C3%A9%3Bx").json().get("type").asString()).isEqualTo("string");
  }

  @Test
  void optimisticConcurrencyWithIfMatch() throws Exception {
    http.put("/strings/e2e:occ", "{\"value\":\"0\"}");
    // Several clients read the value and its ETag, then each writes value+1 only if unchanged; the
    // losers re-read and retry. No increment may be lost.
    int clients = 4;
    int rounds = 10;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Integer>> conflicts = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Callable<Integer> client = () -> {
        Http mine = new Http(port);
        int lost = 0;
        for (int r = 0; r < rounds; r++) {
          while (true) {
            Answer read = mine.get("/strings/e2e:occ");
            long n = Long.parseLong(read.json().get("value").asString());
            Answer write = mine.put("/strings/e2e:occ", "{\"value\":\"" + (n + 1) + "\"}", "If-Match", read.header("ETag"));
            if (write.status() == 200) {
              break;
            }
            assertThat(write.status()).isEqualTo(412);
            lost++;
          }
        }
        return lost;
      };
      conflicts.add(pool.submit(client));
    }
    for (Future<Integer> f : conflicts) {
      f.get();
    }
    pool.shutdown();
    assertThat(http.get("/strings/e2e:occ").json().get("value").asString()).isEqualTo(String.valueOf(clients * rounds));
  }

  @Test
  void notModifiedAndCreateOnly() throws Exception {
    Answer created = http.put("/strings/e2e:once", "{\"value\":\"1\"}", "If-None-Match", "*");
    assertThat(created.status()).isEqualTo(201);
    Answer again = http.put("/strings/e2e:once", "{\"value\":\"2\"}", "If-None-Match", "*");
    assertThat(again.status()).isEqualTo(412);
    assertThat(again.contentType()).isEqualTo("application/problem+json");
    assertThat(again.header("ETag")).isEqualTo(created.header("ETag"));
    Answer cached = http.get("/strings/e2e:once", "If-None-Match", created.header("ETag"));
    assertThat(cached.status()).isEqualTo(304);
    assertThat(cached.bytes()).isEmpty();
    assertThat(http.get("/strings/e2e:once").json().get("value").asString()).isEqualTo("1");
  }
}
