package io.restis.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;

/**
 * The parts of the OpenAPI document that every resource operation shares, added where springdoc
 * builds it (so {@code /v3/api-docs} is complete without repeating them on each method):
 *
 * <ul>
 *   <li>the {@code key} path parameter of operations taking a {@link ResourceKey} (springdoc
 *       cannot see through its resolver), and their conditional headers: {@code If-None-Match} on
 *       reads, {@code If-Match} and {@code If-None-Match} on writes;
 *   <li>the problem responses each operation can give: 400 always; 404, 412 (or 304 on reads) and
 *       413 for a key; 409 on {@link TypedResource} controllers; 413 and 415 with a body;
 *   <li>the {@code ETag} and {@value CommandController#SYNC_TOKEN_HEADER} headers of success
 *       answers, and the shared {@code Problem} schema and responses under components;
 *   <li>none of the key's conditions, ETag, 304, 404 or 412 on a {@link MultiKeyRead}.
 * </ul>
 *
 * <p>Responses an operation declares itself are kept as declared.
 */
public final class ResourceApiDocs implements OperationCustomizer, OpenApiCustomizer {

  static {
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(ResourceKey.class);
  }

  public static final String PROBLEM_SCHEMA = "Problem";

  /** The description of every {@code encoding} query parameter. */
  public static final String ENCODING = "How values, members, fields and keys are carried in JSON, both ways: "
      + "utf8 (the default) as text, base64 as standard padded base64 of the bytes (exact for binary values). "
      + "Keys in the path are always percent-encoded, never base64.";
  private static final String REF = "#/components/responses/";

  /** Reusable responses, by component name: status, description, example problem type and detail. */
  private static final Map<String, String[]> RESPONSES = new LinkedHashMap<>();

  static {
    RESPONSES.put("BadRequest", new String[] {"400",
        "The request is malformed (undecodable JSON, a wrong JSON type, a bad parameter, too many elements) "
            + "or the store refused an argument (error ERR).",
        "invalid-argument", "ERR value is not an integer or out of range", "ERR"});
    RESPONSES.put("KeyNotFound", new String[] {"404", "The key does not exist.",
        "key-not-found", "no such key 'user:1'", null});
    RESPONSES.put("WrongType", new String[] {"409", "The key holds another type of value (error WRONGTYPE).",
        "wrong-type", "WRONGTYPE Operation against a key holding the wrong kind of value", "WRONGTYPE"});
    RESPONSES.put("PreconditionFailed", new String[] {"412",
        "If-Match or If-None-Match does not hold for the key's current version; nothing was changed.",
        "precondition-failed", "If-Match/If-None-Match does not hold: the key's current ETag is \"42\"; "
            + "nothing was changed", null});
    RESPONSES.put("TooLarge", new String[] {"413",
        "The body, the key or a value is over its limit (restis.limits.max-body-size, max-key-size, max-value-size).",
        "too-large", "request body exceeds 8388608 bytes (restis.limits.max-body-size)", null});
    RESPONSES.put("UnsupportedMediaType", new String[] {"415", "The Content-Type is not one this operation reads.",
        "unsupported-media-type", "Content-Type 'text/xml' is not supported here; send one of [application/json]", null});
  }

  private static final Set<String> DOCUMENTED_PACKAGES =
      Set.of(ResourceApiDocs.class.getPackageName(), "io.restis.realtime");

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    Class<?> type = handler.getBeanType();
    // The resources and the real-time endpoints share the problem answers; the Upstash-format
    // command endpoint answers in its own {"error": ...} shape.
    if (!DOCUMENTED_PACKAGES.contains(type.getPackageName()) || type.isAnnotationPresent(UpstashEndpoint.class)) {
      return operation;
    }
    boolean keyed = false;
    boolean body = false;
    for (MethodParameter p : handler.getMethodParameters()) {
      keyed |= p.getParameterType() == ResourceKey.class;
      body |= p.hasParameterAnnotation(RequestBody.class);
    }
    boolean read = AnnotatedElementUtils.hasAnnotation(handler.getMethod(), GetMapping.class);
    if (operation.getResponses() == null) {
      operation.setResponses(new ApiResponses());
    }
    successHeaders(operation.getResponses(), keyed);
    if (keyed) {
      keyParameters(operation, read);
    }
    ApiResponses r = operation.getResponses();
    add(r, "BadRequest");
    if (keyed) {
      add(r, "KeyNotFound");
      if (type.isAnnotationPresent(TypedResource.class)) {
        add(r, "WrongType");
      }
      if (read) {
        r.putIfAbsent("304", new ApiResponse().description("If-None-Match names the key's current ETag: "
            + "the representation is unchanged. No body.").addHeaderObject("ETag", etagHeader()));
      }
      add(r, "PreconditionFailed");
    }
    if (keyed || body) {
      add(r, "TooLarge");
    }
    if (body) {
      add(r, "UnsupportedMediaType");
    }
    if (keyed && handler.hasMethodAnnotation(MultiKeyRead.class)) {
      withoutConditions(operation);
    }
    return operation;
  }

  /** A {@link MultiKeyRead}: no ETag, no conditional headers, no 304/404/412. */
  private static void withoutConditions(Operation operation) {
    operation.getParameters().removeIf(p -> "header".equals(p.getIn())
        && ("If-Match".equals(p.getName()) || "If-None-Match".equals(p.getName())));
    operation.getResponses().keySet().removeAll(java.util.List.of("304", "404", "412"));
    operation.getResponses().values().forEach(response -> {
      if (response.getHeaders() != null) {
        response.getHeaders().remove("ETag");
      }
    });
  }

  @Override
  public void customise(OpenAPI openApi) {
    if (openApi.getInfo() == null) {
      openApi.setInfo(new Info());
    }
    openApi.getInfo()
        .title("Restis")
        .version("0.1.0")
        .description("An in-memory data store in the spirit of Redis with a REST/JSON face. Resources per "
            + "type (/keys, /strings, /lists, ...) run the same commands as the command endpoint (/redis). "
            + "Keys are single path segments, percent-encoded (a slash is %2F). Values are UTF-8 JSON strings, "
            + "or base64 with ?encoding=base64. Reads carry the key's ETag; If-Match / If-None-Match make "
            + "writes conditional (412 when they do not hold) and reads cheap (304). Errors are RFC 9457 "
            + "problem details with the Redis error word in `error`.");
    if (openApi.getComponents() == null) {
      openApi.setComponents(new Components());
    }
    Components c = openApi.getComponents();
    c.addSchemas(PROBLEM_SCHEMA, problemSchema());
    RESPONSES.forEach((name, d) -> c.addResponses(name, problemResponse(d)));
  }

  private static void add(ApiResponses responses, String name) {
    responses.putIfAbsent(RESPONSES.get(name)[0], new ApiResponse().$ref(REF + name));
  }

  private static void keyParameters(Operation operation, boolean read) {
    if (operation.getParameters() == null) {
      operation.setParameters(new ArrayList<>());
    }
    addParameter(operation, 0, new Parameter().name("key").in("path").required(true)
        .description("The key, one path segment, percent-encoded: any bytes (a slash is %2F, a space %20).")
        .schema(new StringSchema()).example("user:1"));
    if (!read) {
      addParameter(operation, -1, new Parameter().name("If-Match").in("header").required(false)
          .description("Run only if the key's current ETag is listed (\"42\", or * for: if the key exists); else 412.")
          .schema(new StringSchema())); // no example: Swagger UI would send it with every "Try it out"
    }
    addParameter(operation, -1, new Parameter().name("If-None-Match").in("header").required(false)
        .description(read
            ? "Answer 304 without a body if the key's current ETag is listed (\"42\", or * for: if the key exists)."
            : "Run only if the key's current ETag is not listed (\"42\"; or * for: only if the key does not exist); "
                + "else 412.")
        .schema(new StringSchema())); // no example: Swagger UI would send it with every "Try it out"
  }

  /** Adds a parameter unless one of that name and place is there (operations merged by springdoc). */
  private static void addParameter(Operation operation, int index, Parameter parameter) {
    boolean present = operation.getParameters().stream()
        .anyMatch(p -> parameter.getName().equals(p.getName()) && parameter.getIn().equals(p.getIn()));
    if (!present) {
      if (index < 0) {
        operation.getParameters().add(parameter);
      } else {
        operation.getParameters().add(index, parameter);
      }
    }
  }

  private static void successHeaders(ApiResponses responses, boolean keyed) {
    responses.forEach((code, response) -> {
      if (code.startsWith("2") && response.get$ref() == null) {
        response.addHeaderObject(CommandController.SYNC_TOKEN_HEADER, new Header()
            .description("The store's write offset after this request (for read-your-writes).")
            .schema(new IntegerSchema().format("int64")));
        if (keyed) {
          response.addHeaderObject("ETag", etagHeader());
        }
      }
    });
  }

  private static Header etagHeader() {
    return new Header().description("The key's version as a strong entity tag; absent when the key does not exist.")
        .schema(new StringSchema()).example("\"42\"");
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Schema<?> problemSchema() {
    ObjectSchema s = new ObjectSchema();
    s.description("An RFC 9457 problem detail.");
    s.addProperty("type", new StringSchema().format("uri")
        .description("Identifies the kind of problem: " + Problem.TYPE_BASE + "<kind>")
        .example(Problem.TYPE_BASE + "wrong-type"));
    s.addProperty("title", new StringSchema().description("The kind's short title.").example("Wrong type"));
    s.addProperty("status", new IntegerSchema().description("The HTTP status.").example(409));
    s.addProperty("detail", new StringSchema().description("What went wrong: the store's error text where there is one.")
        .example("WRONGTYPE Operation against a key holding the wrong kind of value"));
    s.addProperty("instance", new StringSchema().format("uri-reference").description("The request path.")
        .example("/lists/user:1"));
    s.addProperty("error", new StringSchema()
        .description("The Redis error word (WRONGTYPE, ERR, READONLY, NOPERM, ...) for errors of the store.")
        .example("WRONGTYPE"));
    s.required(new ArrayList<>(List.of("type", "title", "status")));
    return s;
  }

  private static ApiResponse problemResponse(String[] d) {
    Map<String, Object> example = new LinkedHashMap<>();
    example.put("type", Problem.TYPE_BASE + d[2]);
    example.put("title", titleOf(d[2]));
    example.put("status", Integer.parseInt(d[0]));
    example.put("detail", d[3]);
    example.put("instance", "/lists/user:1");
    if (d[4] != null) {
      example.put("error", d[4]);
    }
    return new ApiResponse().description(d[1]).content(new Content().addMediaType("application/problem+json",
        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))
            .addExamples(d[2], new Example().value(example))));
  }

  private static String titleOf(String slug) {
    for (Problem p : Problem.values()) {
      if (p.type().toString().endsWith("/" + slug)) {
        return p.title();
      }
    }
    return slug;
  }
}
