package io.restis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRequestParserTest {

  private final CommandRequestParser parser = new CommandRequestParser(3);

  private static InputStream json(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> strings(byte[][] argv) {
    return Arrays.stream(argv).map(a -> new String(a, StandardCharsets.UTF_8)).toList();
  }

  private void refused(String body, String message) {
    assertThatThrownBy(() -> parser.parseCommand(json(body)))
        .isInstanceOfSatisfying(CommandRequestException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo(message);
        });
  }

  @Test
  void stringsAreTheirUtf8Bytes() {
    byte[][] argv = parser.parseCommand(json("[\"SET\",\"k\u00e9y\",\"\\u00e9\\n\",\"\"]"));
    assertThat(strings(argv)).containsExactly("SET", "k\u00e9y", "\u00e9\n", "");
    assertThat(argv[1]).containsExactly('k', 0xC3, 0xA9, 'y');
  }

  @Test
  void numbersKeepTheirTextAndBooleansBecomeWords() {
    byte[][] argv = parser.parseCommand(json("[\"x\", 100, 1.5, 1.50, -0, 1e3, 2.5E-3, 12345678901234567890123, true, false]"));
    assertThat(strings(argv)).containsExactly(
        "x", "100", "1.5", "1.50", "-0", "1e3", "2.5E-3", "12345678901234567890123", "true", "false");
  }

  @Test
  void refusesWhatIsNotACommand() {
    refused("", "ERR empty request body: send the command as a JSON array, such as [\"PING\"]");
    refused("  ", "ERR empty request body: send the command as a JSON array, such as [\"PING\"]");
    refused("{\"cmd\":\"PING\"}", "ERR the request body must be a JSON array of the command name and "
        + "its arguments, such as [\"SET\",\"key\",\"value\"]");
    refused("\"PING\"", "ERR the request body must be a JSON array of the command name and "
        + "its arguments, such as [\"SET\",\"key\",\"value\"]");
    refused("[]", "ERR empty command: the array must start with the command name");
    refused("[\"SET\",\"k\",null]",
        "ERR argument 2 is null: arguments must be JSON strings, numbers or booleans");
    refused("[\"SET\",{\"a\":1}]",
        "ERR argument 1 is an object: arguments must be JSON strings, numbers or booleans");
    refused("[\"SET\",[\"a\"]]",
        "ERR argument 1 is an array: arguments must be JSON strings, numbers or booleans");
    refused("[\"PING\"] [\"PING\"]", "ERR invalid JSON: unexpected content after the array");
  }

  @Test
  void invalidJsonIsABadRequestNamingTheProblem() {
    for (String body : List.of("[\"SET\",", "[\"SET\" \"k\"]", "[SET]", "[\"a\",01]", "[\"PING\"] x")) {
      assertThatThrownBy(() -> parser.parseCommand(json(body)))
          .as(body)
          .isInstanceOfSatisfying(CommandRequestException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).startsWith("ERR invalid JSON: ").doesNotContain("\n");
          });
    }
  }

  @Test
  void batchesAreArraysOfCommands() {
    List<byte[][]> commands = parser.parseCommands(json("[[\"SET\",\"k\",1],[\"GET\",\"k\"]]"));
    assertThat(commands).hasSize(2);
    assertThat(strings(commands.get(0))).containsExactly("SET", "k", "1");
    assertThat(strings(commands.get(1))).containsExactly("GET", "k");
    assertThat(parser.parseCommands(json("[]"))).isEmpty();
  }

  @Test
  void batchesRefuseFlatArraysEmptyCommandsAndTooMany() {
    String notBatch = "ERR the request body must be a JSON array of commands, each a JSON array, "
        + "such as [[\"SET\",\"k\",\"v\"],[\"GET\",\"k\"]]";
    assertThatThrownBy(() -> parser.parseCommands(json("[\"PING\"]"))).hasMessage(notBatch);
    assertThatThrownBy(() -> parser.parseCommands(json("{}"))).hasMessage(notBatch);
    assertThatThrownBy(() -> parser.parseCommands(json("[[\"PING\"],[]]")))
        .hasMessage("ERR command 1 is empty: each command must start with its name");
    assertThatThrownBy(() -> parser.parseCommands(json("[[\"PING\"],[\"ECHO\",null]]")))
        .hasMessage("ERR argument 1 of command 1 is null: arguments must be JSON strings, numbers or booleans");
    assertThatThrownBy(() -> parser.parseCommands(json("[[\"PING\"],[\"PING\"],[\"PING\"],[\"PING\"]]")))
        .hasMessage("ERR too many commands: at most 3 per request (restis.limits.max-commands)");
    assertThat(parser.parseCommands(json("[[\"PING\"],[\"PING\"],[\"PING\"]]"))).hasSize(3);
  }

  @Test
  void pathSegmentsArePercentDecodedToBytes() {
    byte[][] argv = parser.parsePath("set/a%2Fb/x%20y+z", null);
    assertThat(strings(argv)).containsExactly("set", "a/b", "x y+z");
    assertThat(parser.parsePath("set/k/%FF%00", null)[2]).containsExactly(0xFF, 0x00);
    assertThat(strings(parser.parsePath("set/k%C3%A9/", null))).containsExactly("set", "k\u00e9", "");
    assertThat(strings(parser.parsePath("ping", null))).containsExactly("ping");
  }

  @Test
  void aPostBodyIsTheLastArgumentVerbatim() {
    byte[] body = {0, (byte) 0xFF, '"'};
    byte[][] argv = parser.parsePath("set/k", body);
    assertThat(argv).hasNumberOfRows(3);
    assertThat(argv[2]).isSameAs(body);
    assertThat(parser.parsePath("get/k", new byte[0])).hasNumberOfRows(2);
  }

  @Test
  void badPathsAreRefused() {
    assertThatThrownBy(() -> parser.parsePath("set/k/%zz", null))
        .hasMessage("ERR invalid percent-encoding in path segment '%zz'");
    assertThatThrownBy(() -> parser.parsePath("set/k/abc%4", null))
        .hasMessage("ERR invalid percent-encoding in path segment 'abc%4'");
    assertThatThrownBy(() -> parser.parsePath("/k", null))
        .hasMessage("ERR empty command: the path must start with the command name");
  }
}
