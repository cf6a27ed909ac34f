package io.restis.api;

import io.restis.engine.Bytes;
import io.restis.engine.Reply;
import io.restis.engine.ValueType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hashes as resources under {@code /hashes/{key}}, each field a sub-resource at
 * {@code /hashes/{key}/fields/{field}}: each operation is one hash command, run by
 * {@link ResourceCommands}.
 *
 * <p>A field in the path is a percent-encoded segment read exactly as the key is
 * ({@link PathSegment}); with {@code encoding=base64} the segment is base64 of the bytes.
 */
@RestController
@TypedResource
@RequestMapping(path = "/hashes", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "hashes", description = "Hashes of fields and values: all or some fields, one field, set and delete "
    + "fields, increment, length, field names, values, existence, value length, random fields. A hash exists "
    + "while it has fields.")
class HashesController {

  private static final String NOT_FOUND = "The key does not exist (key-not-found), or the hash has no such field "
      + "(element-not-found).";
  private static final String FIELD = "The field, one path segment, percent-encoded UTF-8 (a slash is %2F, a space "
      + "%20). With encoding=base64, base64 of the bytes: the way to name a field that is not UTF-8.";

  @Schema(description = "Fields and their values.")
  record FieldsResponse(
      @Schema(description = "Field to value: UTF-8 text, or base64 with encoding=base64 (field names too). When "
          + "some fields were asked for, a field the hash does not have is left out.",
          example = "{\"name\": \"Ada\", \"born\": \"1815\"}", requiredMode = Schema.RequiredMode.REQUIRED)
      Map<String, String> fields) {}

  @Schema(description = "Fields to set, with their values; other fields are left as they are.")
  record FieldsRequest(
      @Schema(description = "Field to value: UTF-8 text, or base64 with encoding=base64 (field names too).",
          example = "{\"name\": \"Ada\", \"born\": \"1815\"}", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotEmpty Map<String, @NotNull String> fields) {}

  @Schema(description = "How many fields were new.")
  record FieldsAddedResponse(
      @Schema(description = "Fields the hash did not have before (the others were overwritten).", example = "1",
          requiredMode = Schema.RequiredMode.REQUIRED)
      long added) {}

  @Schema(description = "Field names.")
  record FieldNamesResponse(
      @Schema(description = "The fields, in the hash's order.", example = "[\"name\", \"born\"]",
          requiredMode = Schema.RequiredMode.REQUIRED)
      List<String> fields) {}

  @Schema(description = "Fields to delete.")
  record FieldNamesRequest(
      @Schema(description = "The fields: UTF-8 text, or base64 with encoding=base64.", example = "[\"born\"]",
          requiredMode = Schema.RequiredMode.REQUIRED)
      @NotEmpty List<@NotNull String> fields) {}

  @Schema(description = "How the write of one field went.")
  record FieldWriteResponse(
      @Schema(description = "Whether the value was written (false only with nx when the field existed).",
          example = "true", requiredMode = Schema.RequiredMode.REQUIRED)
      boolean written,
      @Schema(description = "Whether the field was new to the hash.", example = "true",
          requiredMode = Schema.RequiredMode.REQUIRED)
      boolean newField) {}

  @Schema(description = "Whether the field exists.")
  record ExistsResponse(
      @Schema(example = "true", requiredMode = Schema.RequiredMode.REQUIRED) boolean exists) {}

  @Schema(description = "A field and its value.")
  record FieldValue(
      @Schema(example = "name", requiredMode = Schema.RequiredMode.REQUIRED) String field,
      @Schema(example = "Ada", requiredMode = Schema.RequiredMode.REQUIRED) String value) {}

  @Schema(description = "Fields picked at random, with their values.")
  record RandomFieldsResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<FieldValue> entries) {}

  private final ResourceCommands commands;

  HashesController(ResourceCommands commands) {
    this.commands = commands;
  }

  @GetMapping("/{key}")
  @Operation(operationId = "getHash", summary = "All fields (HGETALL), or some of them (HMGET)",
      description = "Without field parameters, every field and value as one JSON object. With them (repeat for "
          + "more: /hashes/user:1?field=name&field=email), just those fields; one the hash does not have is left out.")
  @ApiResponse(responseCode = "200", description = "The fields and values.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"fields\":{\"name\":\"Ada\",\"born\":\"1815\"}}")))
  ResponseEntity<FieldsResponse> get(ResourceKey key,
      @Parameter(description = "A field to read; repeat for more. None: all fields.")
      @RequestParam(name = "field", required = false) String[] fields,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    Map<String, String> out = new LinkedHashMap<>();
    if (fields == null || fields.length == 0) {
      KeyOutcome o = commands.read(key, Argv.of("HGETALL").key(key));
      List<Reply> pairs = Replies.items(o.reply());
      for (int i = 0; i + 1 < pairs.size(); i += 2) {
        out.put(encoding.encode(pairs.get(i)), encoding.encode(pairs.get(i + 1)));
      }
      return o.ok(new FieldsResponse(out));
    }
    KeyOutcome o = commands.read(key,
        Argv.of("HMGET").key(key).elements(encoding.decodeAll(List.of(fields), "field")));
    List<Reply> values = Replies.items(o.reply());
    for (int i = 0; i < fields.length; i++) {
      if (!Replies.isNil(values.get(i))) {
        out.put(fields[i], encoding.encode(values.get(i)));
      }
    }
    return o.ok(new FieldsResponse(out));
  }

  @PostMapping(path = "/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "setHashFields", summary = "Set fields (HSET)",
      description = "Sets every field in the body, overwriting values already there; other fields stay. A "
          + "missing key is created.")
  @ApiResponse(responseCode = "200", description = "Set on an existing hash.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"added\":1}")))
  @ApiResponse(responseCode = "201", description = "Created the hash.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"added\":2}")))
  ResponseEntity<FieldsAddedResponse> set(ResourceKey key, @Valid @RequestBody FieldsRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    Argv hset = Argv.of("HSET").key(key);
    for (Map.Entry<String, String> e : request.fields().entrySet()) {
      hset.element(encoding.decode(e.getKey(), "the field name '" + e.getKey() + "'"))
          .arg(encoding.decode(e.getValue(), "fields." + e.getKey()));
    }
    KeyOutcome o = commands.write(key, hset);
    return o.ok(new FieldsAddedResponse(Replies.integer(o.reply())));
  }

  @PostMapping(path = "/{key}/remove", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "deleteHashFields", summary = "Delete fields (HDEL)",
      description = "Fields the hash does not have are ignored. The hash is deleted when its last field goes.")
  @ApiResponse(responseCode = "200", description = "How many fields were deleted.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"removed\":1}")))
  ResponseEntity<ListsController.RemovedResponse> remove(ResourceKey key, @Valid @RequestBody FieldNamesRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.update(key,
        Argv.of("HDEL").key(key).elements(encoding.decodeAll(request.fields(), "fields")));
    return o.ok(new ListsController.RemovedResponse(Replies.integer(o.reply())));
  }

  @GetMapping("/{key}/fields")
  @Operation(operationId = "getHashFieldNames", summary = "The field names (HKEYS)")
  @ApiResponse(responseCode = "200", description = "The fields.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"fields\":[\"name\",\"born\"]}")))
  ResponseEntity<FieldNamesResponse> fieldNames(ResourceKey key,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.read(key, Argv.of("HKEYS").key(key));
    return o.ok(new FieldNamesResponse(encoding.encodeAll(o.reply())));
  }

  @GetMapping("/{key}/values")
  @Operation(operationId = "getHashValues", summary = "The values (HVALS)",
      description = "In the same order as the field names.")
  @ApiResponse(responseCode = "200", description = "The values.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"values\":[\"Ada\",\"1815\"]}")))
  ResponseEntity<ValuesResponse> values(ResourceKey key,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.read(key, Argv.of("HVALS").key(key));
    return o.ok(new ValuesResponse(encoding.encodeAll(o.reply())));
  }

  @GetMapping("/{key}/length")
  @Operation(operationId = "getHashLength", summary = "How many fields (HLEN)")
  @ApiResponse(responseCode = "200", description = "The number of fields.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"length\":2}")))
  ResponseEntity<LengthResponse> length(ResourceKey key) {
    KeyOutcome o = commands.read(key, Argv.of("HLEN").key(key));
    return o.ok(new LengthResponse(Replies.integer(o.reply())));
  }

  @GetMapping("/{key}/random")
  @Operation(operationId = "getRandomHashFields", summary = "Random fields with their values (HRANDFIELD ... "
      + "WITHVALUES)", description = "Up to count distinct fields (all of them when count is more than the hash "
          + "has); with repeats=true exactly count, each picked independently, so a field may come more than once.")
  @ApiResponse(responseCode = "200", description = "The fields picked.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"entries\":[{\"field\":\"name\",\"value\":\"Ada\"}]}")))
  ResponseEntity<RandomFieldsResponse> random(ResourceKey key,
      @Parameter(description = "How many fields.", example = "1") @RequestParam(defaultValue = "1") @Positive long count,
      @Parameter(description = "Pick each field independently, allowing repeats.")
      @RequestParam(defaultValue = "false") boolean repeats,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    commands.limits().checkElements(count);
    KeyOutcome o = commands.read(key,
        Argv.of("HRANDFIELD").key(key).arg(repeats ? -count : count).arg("WITHVALUES"));
    List<Reply> pairs = Replies.items(o.reply());
    List<FieldValue> out = new ArrayList<>(pairs.size() / 2);
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      out.add(new FieldValue(encoding.encode(pairs.get(i)), encoding.encode(pairs.get(i + 1))));
    }
    return o.ok(new RandomFieldsResponse(out));
  }

  @GetMapping("/{key}/fields/{field}")
  @Operation(operationId = "getHashField", summary = "One field's value (HGET)",
      description = "404 (element-not-found) when the hash does not have the field.")
  @ApiResponse(responseCode = "200", description = "The value.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"value\":\"Ada\"}")))
  @ApiResponse(responseCode = "404", description = NOT_FOUND, content = @Content(
      mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/"
          + ResourceApiDocs.PROBLEM_SCHEMA)))
  @Parameter(name = "field", in = ParameterIn.PATH, required = true, description = FIELD, example = "name")
  ResponseEntity<ValueResponse> getField(ResourceKey key, HttpServletRequest http,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    byte[] field = PathSegment.bytes(http, "field", encoding);
    KeyOutcome o = commands.read(key, Argv.of("HGET").key(key).arg(field));
    if (Replies.isNil(o.reply())) {
      throw noSuchField(field);
    }
    return o.ok(new ValueResponse(encoding.encode(o.reply())));
  }

  @PutMapping(path = "/{key}/fields/{field}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "setHashField", summary = "Set one field (HSET), or only if it is new (HSETNX)",
      description = "A missing key is created. With nx the value is written only if the field does not exist.")
  @ApiResponse(responseCode = "200", description = "Set on an existing hash, or not written (nx).",
      useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"written\":true,\"newField\":false}")))
  @ApiResponse(responseCode = "201", description = "Created the hash.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"written\":true,\"newField\":true}")))
  @Parameter(name = "field", in = ParameterIn.PATH, required = true, description = FIELD, example = "name")
  ResponseEntity<FieldWriteResponse> setField(ResourceKey key, HttpServletRequest http,
      @Valid @RequestBody ValueRequest request,
      @Parameter(description = "Only if the field does not exist (HSETNX).") @RequestParam(defaultValue = "false")
      boolean nx,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    byte[] field = PathSegment.bytes(http, "field", encoding);
    KeyOutcome o = commands.write(key,
        Argv.of(nx ? "HSETNX" : "HSET").key(key).arg(field).arg(encoding.decode(request.value(), "value")));
    boolean one = Replies.integer(o.reply()) == 1;
    return o.ok(new FieldWriteResponse(!nx || one, one));
  }

  @DeleteMapping("/{key}/fields/{field}")
  @Operation(operationId = "deleteHashField", summary = "Delete one field (HDEL)",
      description = "404 (element-not-found) when the hash does not have the field: nothing changes. The hash is "
          + "deleted when its last field goes.")
  @ApiResponse(responseCode = "204", description = "Deleted.")
  @ApiResponse(responseCode = "404", description = NOT_FOUND, content = @Content(
      mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/"
          + ResourceApiDocs.PROBLEM_SCHEMA)))
  @Parameter(name = "field", in = ParameterIn.PATH, required = true, description = FIELD, example = "name")
  ResponseEntity<Void> deleteField(ResourceKey key, HttpServletRequest http,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    byte[] field = PathSegment.bytes(http, "field", encoding);
    KeyOutcome o = commands.update(key, Argv.of("HDEL").key(key).arg(field));
    if (Replies.integer(o.reply()) == 0) {
      throw noSuchField(field);
    }
    return o.noContent();
  }

  @PostMapping(path = "/{key}/fields/{field}/increment", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "incrementHashField", summary = "Add to the number in a field (HINCRBY / HINCRBYFLOAT)",
      description = "An integer amount adds as HINCRBY (the field must hold a 64-bit integer), one with a fraction "
          + "or exponent as HINCRBYFLOAT. A missing field (or key) counts as 0. The body may be omitted: +1.")
  @ApiResponse(responseCode = "200", description = "The value after.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"value\":6}")))
  @ApiResponse(responseCode = "201", description = "The hash was created with the field at the amount.",
      useReturnTypeSchema = true, content = @Content(examples = @ExampleObject("{\"value\":1.5}")))
  @Parameter(name = "field", in = ParameterIn.PATH, required = true, description = FIELD, example = "visits")
  ResponseEntity<StringsController.IncrementResponse> increment(ResourceKey key, HttpServletRequest http,
      @Valid @RequestBody(required = false) StringsController.IncrementRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    BigDecimal by = request == null ? BigDecimal.ONE : request.by();
    byte[] field = PathSegment.bytes(http, "field", encoding);
    if (by.scale() == 0) { // written as a plain integer: no fraction, no exponent
      KeyOutcome o = commands.write(key, Argv.of("HINCRBY").key(key).arg(field).arg(by.toBigInteger().toString()));
      return o.ok(new StringsController.IncrementResponse(Replies.integer(o.reply())));
    }
    // In scientific notation as written (strtold reads it): the plain form of 1e999999999 is a billion digits.
    KeyOutcome o = commands.write(key, Argv.of("HINCRBYFLOAT").key(key).arg(field).arg(by.toString()));
    return o.ok(new StringsController.IncrementResponse(Replies.decimal(o.reply())));
  }

  @GetMapping("/{key}/fields/{field}/exists")
  @Operation(operationId = "getHashFieldExists", summary = "Whether the hash has a field (HEXISTS)")
  @ApiResponse(responseCode = "200", description = "Whether the field exists.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"exists\":true}")))
  @Parameter(name = "field", in = ParameterIn.PATH, required = true, description = FIELD, example = "name")
  ResponseEntity<ExistsResponse> exists(ResourceKey key, HttpServletRequest http,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.read(key, Argv.of("HEXISTS").key(key).arg(PathSegment.bytes(http, "field", encoding)));
    return o.ok(new ExistsResponse(Replies.integer(o.reply()) == 1));
  }

  @GetMapping("/{key}/fields/{field}/length")
  @Operation(operationId = "getHashFieldLength", summary = "The length of a field's value in bytes (HSTRLEN)",
      description = "0 when the hash does not have the field, as HSTRLEN answers.")
  @ApiResponse(responseCode = "200", description = "The length in bytes.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"length\":3}")))
  @Parameter(name = "field", in = ParameterIn.PATH, required = true, description = FIELD, example = "name")
  ResponseEntity<LengthResponse> fieldLength(ResourceKey key, HttpServletRequest http,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.read(key, Argv.of("HSTRLEN").key(key).arg(PathSegment.bytes(http, "field", encoding)));
    return o.ok(new LengthResponse(Replies.integer(o.reply())));
  }

  @DeleteMapping("/{key}")
  @Operation(operationId = "deleteHash", summary = "Delete the hash (DEL)",
      description = "409 when the key holds another type: nothing is deleted.")
  @ApiResponse(responseCode = "204", description = "Deleted.")
  ResponseEntity<Void> delete(ResourceKey key) {
    return commands.delete(key, ValueType.HASH);
  }

  private static ProblemException noSuchField(byte[] field) {
    return ProblemException.of(Problem.ELEMENT_NOT_FOUND,
        "the hash has no field '" + ProblemException.printable(Bytes.wrap(field)) + "'");
  }
}
