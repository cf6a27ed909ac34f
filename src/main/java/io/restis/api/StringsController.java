package io.restis.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.restis.engine.Reply;
import io.restis.engine.ValueType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Strings as resources under {@code /strings/{key}}, plus bulk get and set on {@code /strings}.
 * Besides JSON, a string's bytes go in and out raw as {@code application/octet-stream}.
 */
@RestController
@TypedResource
@RequestMapping(path = "/strings", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "strings", description = "String values: get and set (with expiry and conditions), delete, "
    + "increment, append, ranges, and bulk get and set. Raw bytes with application/octet-stream.")
class StringsController {

  @Schema(description = "How the write went.")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SetResponse(
      @Schema(description = "Whether the value was written (false when nx or xx did not hold).", example = "true",
          requiredMode = Schema.RequiredMode.REQUIRED)
      boolean written,
      @Schema(description = "With get=true: the value the key held before, absent when it held none.",
          example = "old")
      String previous) {}

  @Schema(description = "The amount to add: an integer (INCRBY) or a number with a fraction or exponent "
      + "(INCRBYFLOAT). Negative to subtract. Default 1.")
  record IncrementRequest(@Schema(example = "5") @NotNull BigDecimal by) {}

  @Schema(description = "The value after the increment.")
  record IncrementResponse(
      @Schema(description = "An integer after an integer increment, else a decimal number as the store "
          + "formats it (17 significant digits at most).", example = "6", requiredMode = Schema.RequiredMode.REQUIRED)
      Number value) {}

  @Schema(description = "Bytes to write at an offset.")
  record SetRangeRequest(
      @Schema(description = "Where to write, in bytes from the start; the string is zero-padded to reach it.",
          example = "6", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull Long offset,
      @Schema(description = "What to write.", example = "Restis", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull String value) {}

  @Schema(description = "A key and its value.")
  record Entry(
      @Schema(description = "The key.", example = "user:1", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull String key,
      @Schema(description = "The value; in answers, null when the key does not exist or is not a string.",
          example = "Ada", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull String value) {}

  @Schema(description = "Values of several keys, in the order asked.")
  record EntriesResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Entry> entries) {}

  @Schema(description = "Keys and values to set together, atomically.")
  record BulkSetRequest(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotEmpty List<@NotNull @Valid Entry> entries,
      @Schema(description = "Set nothing unless none of the keys exists (MSETNX).", example = "false")
      boolean nx) {}

  @Schema(description = "Whether the values were written.")
  record WrittenResponse(
      @Schema(description = "False only with nx when a key existed: then nothing was written.", example = "true",
          requiredMode = Schema.RequiredMode.REQUIRED)
      boolean written) {}

  private final ResourceCommands commands;

  StringsController(ResourceCommands commands) {
    this.commands = commands;
  }

  @GetMapping(path = "/{key}", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
  @Operation(operationId = "getString", summary = "Get the value (GET)",
      description = "JSON by default; with Accept: application/octet-stream the raw bytes.")
  @ApiResponse(responseCode = "200", description = "The value.", content = {
      @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ValueResponse.class),
          examples = @ExampleObject("{\"value\":\"hello\"}")),
      @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary"))})
  ResponseEntity<Object> get(ResourceKey key,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding,
      @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    KeyOutcome o = commands.read(key, Argv.of("GET").key(key));
    if (wantsRaw(accept)) {
      return ResponseEntity.status(200).headers(o.headers()).contentType(MediaType.APPLICATION_OCTET_STREAM)
          .body(Replies.bytes(o.reply()));
    }
    return o.ok(new ValueResponse(encoding.encode(o.reply())));
  }

  @PutMapping(path = "/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "setString", summary = "Set the value (SET)",
      description = "Options as query parameters, as SET's: at most one of ex, px, exat, pxat, keepttl; nx or xx; "
          + "get. Without an expiry option the key's TTL is removed. The value is a JSON body {\"value\": ...} or, "
          + "with Content-Type: application/octet-stream, the raw bytes.")
  @RequestBody(content = {
      @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ValueRequest.class),
          examples = @ExampleObject("{\"value\":\"hello\"}")),
      @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary"))})
  @ApiResponse(responseCode = "200", description = "Written over an existing key, or not written (nx/xx).",
      useReturnTypeSchema = true, content = @Content(examples = @ExampleObject("{\"written\":true}")))
  @ApiResponse(responseCode = "201", description = "Written to a new key.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"written\":true}")))
  ResponseEntity<SetResponse> set(ResourceKey key,
      @Valid @org.springframework.web.bind.annotation.RequestBody ValueRequest request,
      @Parameter(description = "Expire after this many seconds (EX).") @RequestParam(required = false) Long ex,
      @Parameter(description = "Expire after this many milliseconds (PX).") @RequestParam(required = false) Long px,
      @Parameter(description = "Expire at this unix time in seconds (EXAT).") @RequestParam(required = false) Long exat,
      @Parameter(description = "Expire at this unix time in milliseconds (PXAT).") @RequestParam(required = false) Long pxat,
      @Parameter(description = "Only if the key does not exist (NX).") @RequestParam(defaultValue = "false") boolean nx,
      @Parameter(description = "Only if the key exists (XX).") @RequestParam(defaultValue = "false") boolean xx,
      @Parameter(description = "Keep the key's current TTL (KEEPTTL).") @RequestParam(defaultValue = "false") boolean keepttl,
      @Parameter(description = "Answer the previous value (GET).") @RequestParam(defaultValue = "false") boolean get,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    return set(key, encoding.decode(request.value(), "value"), ex, px, exat, pxat, nx, xx, keepttl, get, encoding);
  }

  @PutMapping(path = "/{key}", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
  @Operation(operationId = "setString")
  ResponseEntity<SetResponse> setRaw(ResourceKey key,
      @org.springframework.web.bind.annotation.RequestBody byte[] body,
      @RequestParam(required = false) Long ex, @RequestParam(required = false) Long px,
      @RequestParam(required = false) Long exat, @RequestParam(required = false) Long pxat,
      @RequestParam(defaultValue = "false") boolean nx, @RequestParam(defaultValue = "false") boolean xx,
      @RequestParam(defaultValue = "false") boolean keepttl, @RequestParam(defaultValue = "false") boolean get,
      @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    return set(key, body, ex, px, exat, pxat, nx, xx, keepttl, get, encoding);
  }

  private ResponseEntity<SetResponse> set(ResourceKey key, byte[] value, Long ex, Long px, Long exat, Long pxat,
      boolean nx, boolean xx, boolean keepttl, boolean get, ValueEncoding encoding) {
    Argv set = Argv.of("SET").key(key).arg(value).flag(nx, "NX").flag(xx, "XX").flag(get, "GET")
        .option("EX", ex).option("PX", px).option("EXAT", exat).option("PXAT", pxat).flag(keepttl, "KEEPTTL");
    KeyOutcome o = commands.write(key, set);
    return o.ok(new SetResponse(o.changed(), get ? encoding.encode(o.reply()) : null));
  }

  @DeleteMapping("/{key}")
  @Operation(operationId = "deleteString", summary = "Delete the string (DEL)",
      description = "409 when the key holds another type: nothing is deleted.")
  @ApiResponse(responseCode = "204", description = "Deleted.")
  ResponseEntity<Void> delete(ResourceKey key) {
    return commands.delete(key, ValueType.STRING);
  }

  @PostMapping(path = "/{key}/increment", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "incrementString", summary = "Add to the number stored (INCRBY / INCRBYFLOAT)",
      description = "An integer amount adds as INCRBY (the value must hold a 64-bit integer), one with a fraction "
          + "or exponent as INCRBYFLOAT. A missing key counts as 0. The body may be omitted: +1.")
  @ApiResponse(responseCode = "200", description = "The value after.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"value\":6}")))
  @ApiResponse(responseCode = "201", description = "The key was created with the amount.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"value\":1.5}")))
  ResponseEntity<IncrementResponse> increment(ResourceKey key,
      @Valid @org.springframework.web.bind.annotation.RequestBody(required = false) IncrementRequest request) {
    BigDecimal by = request == null ? BigDecimal.ONE : request.by();
    if (by.scale() == 0) { // written as a plain integer: no fraction, no exponent
      KeyOutcome o = commands.write(key, Argv.of("INCRBY").key(key).arg(by.toBigInteger().toString()));
      return o.ok(new IncrementResponse(Replies.integer(o.reply())));
    }
    KeyOutcome o = commands.write(key, Argv.of("INCRBYFLOAT").key(key).arg(by.toString()));
    return o.ok(new IncrementResponse(Replies.decimal(o.reply())));
  }

  @PostMapping(path = "/{key}/append", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "appendString", summary = "Append to the value (APPEND)",
      description = "A missing key is created with the value.")
  @ApiResponse(responseCode = "200", description = "The length after, in bytes.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"length\":11}")))
  @ApiResponse(responseCode = "201", description = "Created: the length, in bytes.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"length\":5}")))
  ResponseEntity<LengthResponse> append(ResourceKey key, @Valid @org.springframework.web.bind.annotation.RequestBody
      ValueRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.write(key, Argv.of("APPEND").key(key).arg(encoding.decode(request.value(), "value")));
    return o.ok(new LengthResponse(Replies.integer(o.reply())));
  }

  @GetMapping("/{key}/range")
  @Operation(operationId = "getStringRange", summary = "A substring by byte offsets (GETRANGE)",
      description = "Offsets count from 0; negative ones from the end (-1 is the last byte); end is inclusive.")
  @ApiResponse(responseCode = "200", description = "The bytes in the range (empty when the range is).",
      useReturnTypeSchema = true, content = @Content(examples = @ExampleObject("{\"value\":\"hell\"}")))
  ResponseEntity<ValueResponse> getRange(ResourceKey key,
      @Parameter(description = "First byte.", example = "0") @RequestParam(defaultValue = "0") long start,
      @Parameter(description = "Last byte, inclusive.", example = "-1") @RequestParam(defaultValue = "-1") long end,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.read(key, Argv.of("GETRANGE").key(key).arg(start).arg(end));
    return o.ok(new ValueResponse(encoding.encode(o.reply())));
  }

  @PutMapping(path = "/{key}/range", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "setStringRange", summary = "Overwrite part of the value (SETRANGE)",
      description = "Writes the bytes at the offset, zero-padding a shorter string (or a missing key) up to it. "
          + "413 when offset plus length is over restis.limits.max-value-size.")
  @ApiResponse(responseCode = "200", description = "The length after, in bytes.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"length\":12}")))
  @ApiResponse(responseCode = "201", description = "Created: the length, in bytes.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"length\":12}")))
  ResponseEntity<LengthResponse> setRange(ResourceKey key,
      @Valid @org.springframework.web.bind.annotation.RequestBody SetRangeRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    byte[] value = encoding.decode(request.value(), "value");
    if (request.offset() >= 0) {
      commands.limits().checkValue(request.offset() + value.length);
    }
    KeyOutcome o = commands.write(key, Argv.of("SETRANGE").key(key).arg(request.offset()).arg(value));
    return o.ok(new LengthResponse(Replies.integer(o.reply())));
  }

  @GetMapping
  @Operation(operationId = "getStrings", summary = "Get several values at once (MGET)",
      description = "Repeat the key parameter for each key: /strings?key=a&key=b. A key that does not exist or "
          + "holds another type answers null.")
  @ApiResponse(responseCode = "200", description = "The values, in the order of the keys.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"entries\":[{\"key\":\"a\",\"value\":\"1\"},"
          + "{\"key\":\"b\",\"value\":null}]}")))
  ResponseEntity<EntriesResponse> getAll(
      @Parameter(description = "A key; repeat for more (UTF-8 text, or base64 with encoding=base64).",
          example = "user:1")
      @RequestParam("key") String[] keys,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    Argv mget = Argv.of("MGET");
    for (int i = 0; i < keys.length; i++) {
      mget.element(encoding.decode(keys[i], "key[" + i + "]"));
    }
    List<Reply> values = Replies.items(commands.execute(mget));
    List<Entry> entries = new ArrayList<>(keys.length);
    for (int i = 0; i < keys.length; i++) {
      entries.add(new Entry(keys[i], encoding.encode(values.get(i))));
    }
    return commands.ok(new EntriesResponse(entries));
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "setStrings", summary = "Set several values at once, atomically (MSET / MSETNX)",
      description = "Every key is set in one step; existing values (and their TTLs) are replaced. With nx nothing "
          + "is set if any key exists.")
  @ApiResponse(responseCode = "200", description = "Whether the values were written.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"written\":true}")))
  ResponseEntity<WrittenResponse> setAll(@Valid @org.springframework.web.bind.annotation.RequestBody BulkSetRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    Argv mset = Argv.of(request.nx() ? "MSETNX" : "MSET");
    for (int i = 0; i < request.entries().size(); i++) {
      Entry e = request.entries().get(i);
      mset.element(encoding.decode(e.key(), "entries[" + i + "].key"))
          .arg(encoding.decode(e.value(), "entries[" + i + "].value"));
    }
    Reply reply = commands.execute(mset);
    return commands.ok(new WrittenResponse(!request.nx() || Replies.integer(reply) == 1));
  }

  /**
   * Whether the Accept header prefers the raw bytes: the first acceptable type by quality that
   * is either octet-stream (raw) or covers JSON (JSON, including {@code *}/{@code *}).
   */
  static boolean wantsRaw(String accept) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    List<MediaType> types = new ArrayList<>(MediaType.parseMediaTypes(accept));
    types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
    for (MediaType t : types) {
      if (t.getQualityValue() == 0) {
        continue;
      }
      if (t.equalsTypeAndSubtype(MediaType.APPLICATION_OCTET_STREAM)) {
        return true;
      }
      if (t.isCompatibleWith(MediaType.APPLICATION_JSON)) {
        return false;
      }
    }
    return false;
  }
}
