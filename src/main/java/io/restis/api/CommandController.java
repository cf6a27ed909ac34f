package io.restis.api;

import io.restis.api.ReplyJsonWriter.Encoding;
import io.restis.engine.Caller;
import io.restis.engine.CommandSpec;
import io.restis.engine.Engine;
import io.restis.engine.Reply;
import io.restis.realtime.LongPolls;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The command endpoint in the Upstash REST wire format, under {@value #PREFIX} (the REST resources
 * own the root, where a command named KEYS would collide with {@code /keys}):
 *
 * <ul>
 *   <li>{@code POST /redis} with {@code ["SET","k","v"]}: one command; {@code {"result": ...}}, or
 *       {@code {"error": "..."}} with 400;
 *   <li>{@code POST /redis/pipeline} with {@code [[...],[...]]}: commands one after another, each
 *       atomic on its own; 200 with an array of results and errors;
 *   <li>{@code POST /redis/multi-exec}: the same as one MULTI/EXEC transaction; a transaction
 *       discarded as a whole (EXECABORT) is a single error with 400;
 *   <li>{@code GET|POST /redis/{command}/{arg}/...}: path style, one argument per segment, a POST
 *       body appended as the last argument.
 * </ul>
 *
 * <p>Blocking commands (BLPOP, BZPOPMIN, ...) that have to wait, and pipelines that hold one, are
 * answered as long polls ({@link LongPolls}): the request goes async and holds no thread until
 * the engine serves it or its timeout passes.
 *
 * <p>Every answer to a request that ran carries {@code upstash-sync-token}, the engine's write
 * offset after the call (a refused request changed nothing and carries none).
 * Parsing and rendering live in {@link CommandRequestParser} and {@link ReplyJsonWriter}; refusals
 * become {@code {"error"}} bodies in {@link UpstashExceptionHandler}.
 */
@RestController
@UpstashEndpoint
@RequestMapping(CommandController.PREFIX)
public class CommandController {

  public static final String PREFIX = "/redis";
  public static final String ENCODING_HEADER = "Upstash-Encoding";
  public static final String SYNC_TOKEN_HEADER = "upstash-sync-token";

  private final Engine engine;
  private final CommandRequestParser parser;
  private final RequestBodyReader bodies;
  private final KeySizeLimit keySizeLimit;
  private final ReplyJsonWriter writer;
  private final LongPolls longPolls;
  private final RequestCaller callers;

  public CommandController(Engine engine, CommandRequestParser parser, RequestBodyReader bodies,
      KeySizeLimit keySizeLimit, ReplyJsonWriter writer, LongPolls longPolls, ObjectProvider<RequestCaller> callers) {
    this.engine = engine;
    this.parser = parser;
    this.bodies = bodies;
    this.keySizeLimit = keySizeLimit;
    this.writer = writer;
    this.longPolls = longPolls;
    this.callers = callers.getIfAvailable(() -> RequestCaller.OPEN);
  }

  /** Null when answered at once (written to the response); a long poll when a command waits. */
  @PostMapping({"", "/"})
  public DeferredResult<ResponseEntity<byte[]>> command(HttpServletRequest request, HttpServletResponse response,
      @RequestHeader(name = ENCODING_HEADER, required = false) String encoding) throws IOException {
    byte[][] argv = parser.parseCommand(bodies.json(request));
    keySizeLimit.check(argv);
    return single(response, argv, Encoding.fromHeader(encoding));
  }

  @PostMapping("/pipeline")
  public DeferredResult<ResponseEntity<byte[]>> pipeline(HttpServletRequest request, HttpServletResponse response,
      @RequestHeader(name = ENCODING_HEADER, required = false) String encoding) throws IOException {
    List<byte[][]> commands = parser.parseCommands(bodies.json(request));
    keySizeLimit.checkAll(commands);
    Encoding enc = Encoding.fromHeader(encoding);
    CompletableFuture<List<Reply>> replies = engine.pipelineAsync(callers.current(), commands);
    if (!replies.isDone()) {
      return longPolls.await(replies, response, r -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeResults(out, r, enc);
        return out.toByteArray();
      });
    }
    begin(response, HttpServletResponse.SC_OK);
    writer.writeResults(response.getOutputStream(), replies.join(), enc);
    return null;
  }

  private DeferredResult<ResponseEntity<byte[]>> single(HttpServletResponse response, byte[][] argv,
      Encoding encoding) throws IOException {
    CompletableFuture<Reply> reply = engine.executeAsync(callers.current(), argv);
    if (!reply.isDone()) {
      return longPolls.await(reply, response, r -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeResult(out, r, encoding);
        return out.toByteArray();
      });
    }
    answer(response, reply.join(), encoding);
    return null;
  }

  @PostMapping("/multi-exec")
  public void transaction(HttpServletRequest request, HttpServletResponse response,
      @RequestHeader(name = ENCODING_HEADER, required = false) String encoding) throws IOException {
    List<byte[][]> commands = parser.parseCommands(bodies.json(request));
    keySizeLimit.checkAll(commands);
    Caller caller = callers.current();
    Reply reply = engine.transaction(caller, commands);
    if (reply instanceof Reply.Multi m) {
      begin(response, HttpServletResponse.SC_OK);
      writer.writeResults(response.getOutputStream(), m.items(), Encoding.fromHeader(encoding));
    } else {
      // EXECABORT: one error for the whole transaction; a refused permission is named as such.
      String denied = firstDenial(caller, commands);
      answer(response, denied != null ? Reply.error(denied) : reply, Encoding.TEXT);
    }
  }

  @RequestMapping(path = "/{command}/**", method = {RequestMethod.GET, RequestMethod.POST})
  public DeferredResult<ResponseEntity<byte[]>> pathStyle(HttpServletRequest request, HttpServletResponse response,
      @RequestHeader(name = ENCODING_HEADER, required = false) String encoding) throws IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length() + PREFIX.length() + 1);
    byte[] body = "POST".equals(request.getMethod()) ? bodies.raw(request) : null;
    byte[][] argv = parser.parsePath(path, body);
    keySizeLimit.check(argv);
    return single(response, argv, Encoding.fromHeader(encoding));
  }

  private void answer(HttpServletResponse response, Reply reply, Encoding encoding) throws IOException {
    begin(response, reply instanceof Reply.Error e ? errorStatus(e) : HttpServletResponse.SC_OK);
    writer.writeResult(response.getOutputStream(), reply, encoding);
  }

  /** 403 for a refused permission (NOPERM), 400 for every other error of the store. */
  private static int errorStatus(Reply.Error e) {
    return e.message().startsWith("NOPERM ") ? HttpServletResponse.SC_FORBIDDEN : HttpServletResponse.SC_BAD_REQUEST;
  }

  /** The permission error of the first command of a discarded transaction that the caller may not run. */
  private String firstDenial(Caller caller, List<byte[][]> commands) {
    for (byte[][] argv : commands) {
      CommandSpec spec = argv.length == 0 ? null : engine.table().lookup(argv[0]);
      if (spec != null && spec.arityAccepts(argv.length)) {
        String denied = caller.deny(spec, argv);
        if (denied != null && denied.startsWith("NOPERM ")) {
          return denied;
        }
      }
    }
    return null;
  }

  private void begin(HttpServletResponse response, int status) {
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setHeader(SYNC_TOKEN_HEADER, Long.toString(engine.offset()));
  }
}
