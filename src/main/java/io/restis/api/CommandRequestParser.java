package io.restis.api;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.json.JsonFactory;

/**
 * Turns a request into command argument vectors, the engine's input: a JSON body
 * ({@code ["SET","k","v"]}, or a 2-D array for pipelines and transactions) or a path
 * ({@code set/k/v}).
 *
 * <p>The body is read token by token with a streaming parser, so each argument goes straight from
 * the request bytes to its {@code byte[]} without a tree in between. The whole request is parsed
 * before anything runs: a malformed pipeline is refused as a whole, never half-executed.
 *
 * <p>Arguments may be JSON strings (sent as their UTF-8 bytes), numbers (their text exactly as
 * written: {@code 1.50} stays "1.50", never a re-formatted double) or booleans ("true", "false"),
 * as the Upstash SDK sends them. Anything else is refused with a {@link CommandRequestException}.
 */
public final class CommandRequestParser {

  private static final String ARGUMENT_KINDS = "arguments must be JSON strings, numbers or booleans";

  private static final JsonFactory JSON = JsonFactory.builder()
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE) // the servlet container owns the stream
      // The body size limit bounds strings already; Jackson's own default (tens of MB) would
      // otherwise answer a raised limit with a confusing "invalid JSON".
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build();

  private final int maxCommands;

  /** @param maxCommands most commands one pipeline or transaction may hold */
  public CommandRequestParser(int maxCommands) {
    this.maxCommands = maxCommands;
  }

  /** A single command: a JSON array of the name and its arguments. */
  public byte[][] parseCommand(InputStream body) {
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw CommandRequestException.badRequest(
            "ERR empty request body: send the command as a JSON array, such as [\"PING\"]");
      }
      if (t != JsonToken.START_ARRAY) {
        throw CommandRequestException.badRequest("ERR the request body must be a JSON array of the "
            + "command name and its arguments, such as [\"SET\",\"key\",\"value\"]");
      }
      byte[][] argv = readCommand(p, -1);
      if (argv.length == 0) {
        throw CommandRequestException.badRequest(
            "ERR empty command: the array must start with the command name");
      }
      expectEnd(p);
      return argv;
    } catch (JacksonIOException e) {
      throw new UncheckedIOException(e.getCause());
    } catch (JacksonException e) {
      throw invalidJson(e);
    }
  }

  /**
   * The commands of a pipeline or transaction: a JSON array of commands, each a JSON array. An
   * empty outer array is zero commands (answered with an empty array, as an empty MULTI/EXEC).
   */
  public List<byte[][]> parseCommands(InputStream body) {
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw CommandRequestException.badRequest("ERR empty request body: send the commands as a "
            + "JSON array of arrays, such as [[\"SET\",\"k\",\"v\"],[\"GET\",\"k\"]]");
      }
      if (t != JsonToken.START_ARRAY) {
        throw notBatch();
      }
      List<byte[][]> commands = new ArrayList<>();
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t != JsonToken.START_ARRAY) {
          throw notBatch();
        }
        if (commands.size() == maxCommands) {
          throw CommandRequestException.badRequest("ERR too many commands: at most " + maxCommands
              + " per request (restis.limits.max-commands)");
        }
        byte[][] argv = readCommand(p, commands.size());
        if (argv.length == 0) {
          throw CommandRequestException.badRequest("ERR command " + commands.size()
              + " is empty: each command must start with its name");
        }
        commands.add(argv);
      }
      expectEnd(p);
      return commands;
    } catch (JacksonIOException e) {
      throw new UncheckedIOException(e.getCause());
    } catch (JacksonException e) {
      throw invalidJson(e);
    }
  }

  /**
   * A path-style command: {@code path} is what follows the endpoint's prefix, still
   * percent-encoded ({@code set/foo/bar%2Fbaz}). Each segment, decoded to bytes, is one argument,
   * empty ones included (the only way to say an empty string in a path); the body, when not null
   * and not empty, is appended as the last argument, byte for byte.
   */
  public byte[][] parsePath(String path, byte[] body) {
    List<byte[]> args = new ArrayList<>();
    int start = 0;
    while (true) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      args.add(percentDecode(path, start, end));
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    if (args.get(0).length == 0) {
      throw CommandRequestException.badRequest("ERR empty command: the path must start with the command name");
    }
    if (body != null && body.length > 0) {
      args.add(body);
    }
    return args.toArray(new byte[0][]);
  }

  /** Reads the arguments of one command; the parser stands on its START_ARRAY. */
  private static byte[][] readCommand(JsonParser p, int commandIndex) {
    List<byte[]> args = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      args.add(argument(p, t, args.size(), commandIndex));
    }
    return args.toArray(new byte[0][]);
  }

  private static byte[] argument(JsonParser p, JsonToken t, int index, int commandIndex) {
    switch (t) {
      case VALUE_STRING:
        return p.getString().getBytes(StandardCharsets.UTF_8);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return p.getString().getBytes(StandardCharsets.US_ASCII); // the token text as written
      case VALUE_TRUE:
        return "true".getBytes(StandardCharsets.US_ASCII);
      case VALUE_FALSE:
        return "false".getBytes(StandardCharsets.US_ASCII);
      default:
        String what = t == JsonToken.VALUE_NULL ? "null"
            : t == JsonToken.START_ARRAY ? "an array"
            : t == JsonToken.START_OBJECT ? "an object"
            : t.name();
        String where = commandIndex < 0 ? "argument " + index : "argument " + index + " of command " + commandIndex;
        throw CommandRequestException.badRequest("ERR " + where + " is " + what + ": " + ARGUMENT_KINDS);
    }
  }

  /** Nothing but whitespace may follow the array. */
  private static void expectEnd(JsonParser p) {
    if (p.nextToken() != null) {
      throw CommandRequestException.badRequest("ERR invalid JSON: unexpected content after the array");
    }
  }

  private static CommandRequestException notBatch() {
    return CommandRequestException.badRequest("ERR the request body must be a JSON array of commands, "
        + "each a JSON array, such as [[\"SET\",\"k\",\"v\"],[\"GET\",\"k\"]]");
  }

  private static CommandRequestException invalidJson(JacksonException e) {
    String detail = e.getOriginalMessage();
    int nl = detail == null ? -1 : detail.indexOf('\n');
    if (nl >= 0) {
      detail = detail.substring(0, nl);
    }
    if (detail != null) {
      detail = detail.replaceAll(", from `[^`]*`", ""); // Jackson's accessor names mean nothing to a client
    }
    return CommandRequestException.badRequest("ERR invalid JSON: " + detail);
  }

  /**
   * Decodes {@code %XX} escapes straight to bytes, so a segment may carry any binary value; other
   * characters are taken as their UTF-8 bytes. {@code +} is a plus sign: this is a path, not a
   * form.
   */
  static byte[] percentDecode(String s, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 2 < to ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = i + 2 < to ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw CommandRequestException.badRequest(
              "ERR invalid percent-encoding in path segment '" + s.substring(from, to) + "'");
        }
        out.write(hi << 4 | lo);
        i += 3;
      } else if (c < 0x80) {
        out.write(c);
        i++;
      } else {
        int cp = s.codePointAt(i);
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
      }
    }
    return out.toByteArray();
  }
}
