package io.restis.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The OpenAPI description of the command endpoint ({@link CommandController}). Its handlers read
 * the servlet request themselves (a streaming parse straight into argument bytes), so springdoc
 * sees neither their bodies nor their answers; this fills them in on the operations springdoc
 * found: the request bodies, the {@code {"result"}} and {@code {"error"}} answers (the Upstash wire
 * format, not problem details), operation ids, a tag and examples.
 *
 * <p>The path form is mapped as {@code /redis/{command}/**}, which is not an OpenAPI path template:
 * it is described as the two paths it serves, {@code /redis/{command}} and
 * {@code /redis/{command}/{arguments}}. Only paths springdoc found are described, and whatever else
 * it found on them (a parameter added later) is kept, so the document never hides a mapping.
 */
public final class CommandApiDocs implements OpenApiCustomizer {

  public static final String TAG = "commands";

  private static final String P = CommandController.PREFIX;
  private static final String JSON = "application/json";
  private static final String SCHEMAS = "#/components/schemas/";
  private static final String RESPONSES = "#/components/responses/";

  @Override
  public void customise(OpenAPI openApi) {
    Paths paths = openApi.getPaths();
    if (paths == null) {
      return;
    }
    boolean found = false;
    found |= post(paths.get(P), op -> single(op, "runCommand", "Run one command",
        "The body is the command as a JSON array: its name, then its arguments. Arguments are JSON strings "
            + "(sent as their UTF-8 bytes), numbers (their text exactly as written: 1.50 is \"1.50\") or booleans. "
            + "The answer is the reply as {\"result\": ...} with 200, or the error as {\"error\": \"...\"} with 400. "
            + "Besides application/json, the body is read as JSON with no Content-Type, text/plain, any +json type "
            + "and application/x-www-form-urlencoded (what curl -d sends)."));
    found |= post(paths.get(P + "/"), op -> single(op, "runCommandSlash", "Run one command (trailing slash)",
        "The same as POST " + P + ", for clients that call the base URL with a trailing slash."));
    found |= post(paths.get(P + "/pipeline"), op -> batch(op, "runPipeline",
        "Run several commands one after another (pipeline)",
        "The body is a JSON array of commands, each a JSON array. They run in order, each atomic on its own "
            + "(other clients' commands may run in between). The answer is an array with one item per command: "
            + "{\"result\": ...} or {\"error\": \"...\"}. The whole request is checked before anything runs: a "
            + "malformed pipeline runs nothing.",
        "Every command ran; each item is its reply or its error.",
        example("Replies and an error, in order",
            List.of(Map.of("result", "OK"), Map.of("result", 2), nilResult(),
                Map.of("error", "WRONGTYPE Operation against a key holding the wrong kind of value")))));
    found |= post(paths.get(P + "/multi-exec"), op -> {
      batch(op, "runTransaction", "Run several commands as one transaction (MULTI/EXEC)",
          "The body is a JSON array of commands, each a JSON array. They run as one MULTI/EXEC: no other "
              + "command runs in between. A command that fails while running is an {\"error\"} item in its place, "
              + "the others still run (as in Redis). A command refused before the transaction starts (unknown, "
              + "wrong number of arguments) discards the whole transaction: one {\"error\": \"EXECABORT ...\"} "
              + "with 400, nothing ran.",
          "The transaction ran; each item is its command's reply or error.",
          example("A command that fails inside the transaction",
              List.of(Map.of("result", "OK"), Map.of("error", "ERR value is not an integer or out of range"))));
      op.getResponses().get("400").getContent().get(JSON).getExamples()
          .put("execabort", example("EXECABORT", Map.of("error", "EXECABORT Transaction discarded because of "
              + "previous errors.")));
    });
    PathItem pathForm = paths.get(P + "/{command}/**");
    if (pathForm != null) {
      paths.remove(P + "/{command}/**");
      paths.addPathItem(P + "/{command}", pathForm(pathForm, false));
      paths.addPathItem(P + "/{command}/{arguments}", pathForm(pathForm, true));
      found = true;
    }
    if (!found) {
      return;
    }
    if (openApi.getTags() == null || openApi.getTags().stream().noneMatch(t -> TAG.equals(t.getName()))) {
      openApi.addTagsItem(new Tag().name(TAG).description("Any command of the store, in the Upstash REST wire "
          + "format (an Upstash client pointed at " + P + " works): a JSON array per command, or the command and "
          + "its arguments as path segments. Replies are {\"result\": ...}; errors are {\"error\": \"...\"} with "
          + "Redis's error text (not problem details, which Upstash clients cannot read). With the header "
          + "Upstash-Encoding: base64 every string in a result is base64 of its bytes."));
    }
    components(openApi);
  }

  /** Applies {@code documenter} to the path's POST operation, if springdoc found one. */
  private static boolean post(PathItem item, java.util.function.Consumer<Operation> documenter) {
    if (item == null || item.getPost() == null) {
      return false;
    }
    documenter.accept(item.getPost());
    return true;
  }

  private static void single(Operation op, String id, String summary, String description) {
    common(op, id, summary, description);
    op.setRequestBody(new RequestBody().required(true).description("The command: its name, then its arguments.")
        .content(new Content().addMediaType(JSON, new MediaType().schema(ref("Command"))
            .examples(examples(
                "set", example("SET", List.of("SET", "greeting", "hello")),
                "get", example("GET", List.of("GET", "greeting")),
                "incr", example("INCRBY", List.of("INCRBY", "visits", 5)),
                "lrange", example("LRANGE", List.of("LRANGE", "events", 0, -1)),
                "setex", example("SET with an expiry in seconds", List.of("SET", "session", "abc", "EX", 60)))))));
    ApiResponses r = new ApiResponses();
    r.addApiResponse("200", resultResponse("The command's reply.", JSON, ref("CommandResult"), examples(
        "status", example("A status reply", Map.of("result", "OK")),
        "bulk", example("A string", Map.of("result", "hello")),
        "integer", example("An integer", Map.of("result", 6)),
        "nil", example("Nil", nilResult()),
        "array", example("An array", Map.of("result", List.of("e3", "e2", "e1"))))));
    r.addApiResponse("400", errorResponse(
        "The command ran and answered an error (upstash-sync-token present), or the request was refused before "
            + "running (no upstash-sync-token): invalid JSON, not an array, an empty command, an argument that is "
            + "null, an object or an array, a key over restis.limits.max-key-size.", true, examples(
            "wrongtype", example("An error of the command", Map.of("error",
                "WRONGTYPE Operation against a key holding the wrong kind of value")),
            "unknown", example("An unknown command", Map.of("error",
                "ERR unknown command 'FOO', with args beginning with: ")),
            "refused", example("A refused request", Map.of("error",
                "ERR the request body must be a JSON array of the command name and its arguments, such as "
                    + "[\"SET\",\"key\",\"value\"]")))));
    r.addApiResponse("413", new ApiResponse().$ref(RESPONSES + "CommandTooLarge"));
    r.addApiResponse("415", new ApiResponse().$ref(RESPONSES + "CommandUnsupportedMediaType"));
    op.setResponses(r);
  }

  private static void batch(Operation op, String id, String summary, String description, String ok, Example reply) {
    common(op, id, summary, description);
    op.setRequestBody(new RequestBody().required(true).description("The commands, each a JSON array.")
        .content(new Content().addMediaType(JSON, new MediaType().schema(ref("Commands"))
            .examples(examples("commands", example("Three commands",
                List.of(List.of("SET", "n", "1"), List.of("INCR", "n"), List.of("GET", "nope"))))))));
    ApiResponses r = new ApiResponses();
    r.addApiResponse("200", resultResponse(ok, JSON,
        new ArraySchema().items(ref("CommandAnswer")).description("One item per command, in order."),
        examples("replies", reply)));
    r.addApiResponse("400", errorResponse("The request was refused before anything ran: invalid JSON, not an array "
        + "of arrays, an empty command, an argument that is null, an object or an array, more commands than "
        + "restis.limits.max-commands, a key over restis.limits.max-key-size.", false, examples(
        "refused", example("A refused request", Map.of("error",
            "ERR the request body must be a JSON array of commands, each a JSON array, such as "
                + "[[\"SET\",\"k\",\"v\"],[\"GET\",\"k\"]]")))));
    r.addApiResponse("413", new ApiResponse().$ref(RESPONSES + "CommandTooLarge"));
    r.addApiResponse("415", new ApiResponse().$ref(RESPONSES + "CommandUnsupportedMediaType"));
    op.setResponses(r);
  }

  /** One of the two paths the path form serves, from springdoc's operations on {@code /{command}/**}. */
  private static PathItem pathForm(PathItem mapped, boolean withArguments) {
    PathItem item = new PathItem();
    mapped.readOperationsMap().forEach((method, found) -> {
      boolean post = method == PathItem.HttpMethod.POST;
      Operation op = new Operation();
      op.setParameters(found.getParameters() == null ? new ArrayList<>() : new ArrayList<>(found.getParameters()));
      String id = "runPathCommand" + (withArguments ? "WithArguments" : "") + (post ? "Post" : "");
      String summary = withArguments
          ? (post ? "Run a command, arguments in the path, the body as the last one" : "Run a command, arguments in the path")
          : (post ? "Run a command named in the path, the body as its argument" : "Run a command named in the path");
      common(op, id, summary, "The command name and each argument are path segments, percent-decoded one by one: "
          + P + "/set/user%2F1/Ada runs SET \"user/1\" \"Ada\". " + (post ? "The body, byte for byte and of any "
          + "Content-Type, is appended as the last argument. " : "")
          + "The answer is {\"result\": ...} with 200 or {\"error\": \"...\"} with 400. A malformed percent-escape "
          + "(%zz) is refused by the web server with a 400 problem (application/problem+json).");
      op.getParameters().add(0, new Parameter().name("command").in("path").required(true)
          .description("The command name, in any case.").schema(new StringSchema()).example("get"));
      if (withArguments) {
        op.getParameters().add(1, new Parameter().name("arguments").in("path").required(true)
            .description("The arguments, one percent-encoded path segment each, separated by slashes (a/b/c). "
                + "Swagger UI sends this field as one segment (a slash in it as %2F): one argument.")
            .schema(new StringSchema()).example("greeting"));
      }
      if (post) {
        op.setRequestBody(new RequestBody().required(false)
            .description("Appended as the last argument, byte for byte, whatever its Content-Type.")
            .content(new Content()
                .addMediaType("text/plain", new MediaType().schema(new StringSchema()).example("hello"))
                .addMediaType("application/octet-stream",
                    new MediaType().schema(new StringSchema().format("binary")))));
      }
      ApiResponses r = new ApiResponses();
      r.addApiResponse("200", resultResponse("The command's reply.", JSON, ref("CommandResult"),
          examples("bulk", example("A string", Map.of("result", "hello")))));
      ApiResponse error = errorResponse("The command ran and answered an error (upstash-sync-token present), or "
          + "the request was refused (a key over restis.limits.max-key-size, an undecodable segment). A path the "
          + "web server refuses itself (a malformed percent-escape such as %zz) is a problem detail.", true, examples(
          "wrongtype", example("An error of the command", Map.of("error",
              "WRONGTYPE Operation against a key holding the wrong kind of value"))));
      error.getContent().addMediaType("application/problem+json",
          new MediaType().schema(ref(ResourceApiDocs.PROBLEM_SCHEMA)));
      r.addApiResponse("400", error);
      if (post) {
        r.addApiResponse("413", new ApiResponse().$ref(RESPONSES + "CommandTooLarge"));
      }
      op.setResponses(r);
      item.operation(method, op);
    });
    return item;
  }

  /** Tag, id, texts, and the description of the Upstash-Encoding header springdoc found. */
  private static void common(Operation op, String id, String summary, String description) {
    op.setTags(new ArrayList<>(List.of(TAG)));
    op.setOperationId(id);
    op.setSummary(summary);
    op.setDescription(description);
    if (op.getParameters() != null) {
      for (Parameter p : op.getParameters()) {
        if (CommandController.ENCODING_HEADER.equalsIgnoreCase(p.getName()) && "header".equals(p.getIn())) {
          p.setDescription("base64: every string in the result (status replies too) is standard padded base64 "
              + "of its bytes, exact for binary values; numbers, null and errors stay as they are. Anything else "
              + "or absent: strings are the bytes decoded as UTF-8.");
        }
      }
    }
  }

  private static ApiResponse resultResponse(String description, String mediaType, Schema<?> schema,
      Map<String, Example> examples) {
    return new ApiResponse().description(description)
        .addHeaderObject(CommandController.SYNC_TOKEN_HEADER, syncToken("The store's write offset after this "
            + "request (for read-your-writes)."))
        .content(new Content().addMediaType(mediaType, new MediaType().schema(schema).examples(examples)));
  }

  private static ApiResponse errorResponse(String description, boolean ran, Map<String, Example> examples) {
    ApiResponse r = new ApiResponse().description(description)
        .content(new Content().addMediaType(JSON, new MediaType().schema(ref("CommandError")).examples(examples)));
    if (ran) {
      r.addHeaderObject(CommandController.SYNC_TOKEN_HEADER, syncToken("The store's write offset after this request; "
          + "only when the command ran."));
    }
    return r;
  }

  private static Header syncToken(String description) {
    return new Header().description(description).schema(new IntegerSchema().format("int64"));
  }

  private static void components(OpenAPI openApi) {
    if (openApi.getComponents() == null) {
      openApi.setComponents(new Components());
    }
    Components c = openApi.getComponents();
    Schema<Object> argument = new Schema<>();
    argument.description("A command name or argument: a string (its UTF-8 bytes), a number (its text as written) "
        + "or a boolean.");
    argument.oneOf(new ArrayList<>(List.of(new StringSchema(), new NumberSchema(), new BooleanSchema())));
    c.addSchemas("CommandArgument", argument);
    c.addSchemas("Command", new ArraySchema().items(ref("CommandArgument")).minItems(1)
        .description("A command: its name, then its arguments.")
        .example(List.of("SET", "greeting", "hello")));
    c.addSchemas("Commands", new ArraySchema().items(ref("Command"))
        .description("Commands, in the order to run them.")
        .example(List.of(List.of("SET", "n", "1"), List.of("INCR", "n"))));
    Schema<Object> result = new Schema<>();
    result.description("The reply: a status or bulk reply is a string, an integer a number, an array an array, nil "
        + "null; doubles are strings as Redis formats them.");
    result.example("OK");
    c.addSchemas("CommandResult", new ObjectSchema().description("A command's reply.")
        .addProperty("result", result).required(new ArrayList<>(List.of("result"))));
    c.addSchemas("CommandError", new ObjectSchema().description("A command's error, or why the request was refused.")
        .addProperty("error", new StringSchema().description("Redis's error text, starting with its error word.")
            .example("ERR value is not an integer or out of range"))
        .required(new ArrayList<>(List.of("error"))));
    c.addSchemas("CommandAnswer", new Schema<>().description("One command's answer: its reply or its error.")
        .oneOf(new ArrayList<>(List.of(ref("CommandResult"), ref("CommandError")))));
    c.addResponses("CommandTooLarge", new ApiResponse()
        .description("The body is over restis.limits.max-body-size; nothing ran.")
        .content(new Content().addMediaType(JSON, new MediaType().schema(ref("CommandError"))
            .examples(examples("too-large", example("Too large", Map.of("error",
                "ERR request body exceeds 8388608 bytes (restis.limits.max-body-size)")))))));
    c.addResponses("CommandUnsupportedMediaType", new ApiResponse()
        .description("The Content-Type cannot hold a JSON command; nothing ran.")
        .content(new Content().addMediaType(JSON, new MediaType().schema(ref("CommandError"))
            .examples(examples("unsupported", example("Unsupported media type", Map.of("error",
                "ERR unsupported media type 'text/xml': send the command as a JSON array with Content-Type "
                    + "application/json")))))));
  }

  private static Schema<?> ref(String schema) {
    return new Schema<>().$ref(SCHEMAS + schema);
  }

  private static Example example(String summary, Object value) {
    return new Example().summary(summary).value(value);
  }

  private static Map<String, Example> examples(Object... namesAndExamples) {
    Map<String, Example> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndExamples.length; i += 2) {
      m.put((String) namesAndExamples[i], (Example) namesAndExamples[i + 1]);
    }
    return m;
  }

  /** {@code {"result": null}}: Map.of refuses a null value. */
  private static Map<String, Object> nilResult() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("result", null);
    return m;
  }
}
