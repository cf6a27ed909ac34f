package io.restis.api;

import io.restis.api.ResourceCommands.KeyState;
import io.restis.engine.Reply;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.List;
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
 * Keys of any type under {@code /keys}: paging through them (SCAN), a key's type, TTL, size and
 * version, delete, rename, expire and persist.
 */
@RestController
@RequestMapping(path = "/keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "keys", description = "Keys of any type: list them page by page, inspect, delete, rename, "
    + "set or remove a time to live.")
class KeysController {

  /** The value types, as TYPE names them. */
  enum KeyType {
    string,
    list,
    set,
    hash,
    zset
  }

  @Schema(description = "One page of keys. Keep asking with the cursor until it is \"0\".")
  record KeyPage(
      @Schema(description = "The cursor for the next page; \"0\" when the iteration is complete. A string: "
          + "cursors are unsigned 64-bit numbers.", example = "0", requiredMode = Schema.RequiredMode.REQUIRED)
      String cursor,
      @Schema(description = "Keys of this page (a key may appear on more than one page, as with SCAN).",
          example = "[\"user:1\", \"user:2\"]", requiredMode = Schema.RequiredMode.REQUIRED)
      List<String> keys) {}

  @Schema(description = "What a key holds.")
  record KeyInfo(
      @Schema(description = "The value's type.", requiredMode = Schema.RequiredMode.REQUIRED) KeyType type,
      @Schema(description = "Time to live in milliseconds; -1 when the key does not expire.", example = "-1",
          requiredMode = Schema.RequiredMode.REQUIRED)
      long ttl,
      @Schema(description = "Elements of a collection, bytes of a string.", example = "3",
          requiredMode = Schema.RequiredMode.REQUIRED)
      long size,
      @Schema(description = "The key's version: it changes on every write; the ETag is this number in quotes.",
          example = "42", requiredMode = Schema.RequiredMode.REQUIRED)
      long version) {}

  @Schema(description = "The new name of a key.")
  record RenameRequest(
      @Schema(description = "The new key (overwritten if it exists, unless nx).", example = "user:2",
          requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull String newKey,
      @Schema(description = "Rename only if newKey does not exist (RENAMENX).", example = "false")
      boolean nx) {}

  @Schema(description = "Whether the key was renamed.")
  record RenameResponse(
      @Schema(description = "False only with nx when newKey exists.", example = "true",
          requiredMode = Schema.RequiredMode.REQUIRED)
      boolean renamed) {}

  @Schema(description = "When the key expires: exactly one of the four times, and optional conditions (as EXPIRE).")
  record ExpireRequest(
      @Schema(description = "Seconds from now (EXPIRE). Zero or negative deletes the key.", example = "60")
      Long seconds,
      @Schema(description = "Milliseconds from now (PEXPIRE).", example = "1500") Long milliseconds,
      @Schema(description = "A unix time in seconds (EXPIREAT).", example = "1893456000") Long unixTimeSeconds,
      @Schema(description = "A unix time in milliseconds (PEXPIREAT).", example = "1893456000000")
      Long unixTimeMilliseconds,
      @Schema(description = "Only if the key has no TTL.") boolean nx,
      @Schema(description = "Only if the key has a TTL.") boolean xx,
      @Schema(description = "Only if the new expiry is later than the current one (no TTL counts as infinite).")
      boolean gt,
      @Schema(description = "Only if the new expiry is earlier than the current one.") boolean lt) {}

  @Schema(description = "Whether the TTL was changed.")
  record TtlResponse(
      @Schema(description = "False when a condition (nx/xx/gt/lt) did not hold, or there was no TTL to remove.",
          example = "true", requiredMode = Schema.RequiredMode.REQUIRED)
      boolean updated) {}

  private final ResourceCommands commands;

  KeysController(ResourceCommands commands) {
    this.commands = commands;
  }

  @GetMapping
  @Operation(operationId = "scanKeys", summary = "Page through keys (SCAN)",
      description = "Start with cursor 0 and repeat with the returned cursor until it is \"0\". Every key present "
          + "for the whole iteration is returned at least once; match is a glob pattern (*, ?, [abc], \\x).")
  @ApiResponse(responseCode = "200", description = "One page.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"cursor\":\"0\",\"keys\":[\"user:1\",\"queue\"]}")))
  ResponseEntity<KeyPage> scan(
      @Parameter(description = "Glob pattern the keys must match.")
      @RequestParam(required = false) String match,
      @Parameter(description = "Only keys of this type.") @RequestParam(required = false) KeyType type,
      @Parameter(description = "Where to continue: 0 to start, then the cursor of the previous page.", example = "0")
      @RequestParam(defaultValue = "0") String cursor,
      @Parameter(description = "How much work to do for this page (a hint, as SCAN's COUNT; default 10).",
          example = "10")
      @RequestParam(required = false) @Positive Long count,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    Argv scan = Argv.of("SCAN").arg(cursor);
    if (match != null) {
      scan.arg("MATCH").arg(encoding.decode(match, "match"));
    }
    if (count != null) {
      scan.arg("COUNT").count(count);
    }
    if (type != null) {
      scan.arg("TYPE").arg(type.name());
    }
    List<Reply> page = Replies.items(commands.execute(scan));
    return commands.ok(new KeyPage(ValueEncoding.utf8.encode(page.get(0)), encoding.encodeAll(page.get(1))));
  }

  @GetMapping("/{key}")
  @Operation(operationId = "getKey", summary = "A key's type, TTL, size and version (TYPE, PTTL)",
      description = "Read together in one step. The ETag is the version.")
  @ApiResponse(responseCode = "200", description = "The key.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"type\":\"list\",\"ttl\":-1,\"size\":3,\"version\":42}")))
  ResponseEntity<KeyInfo> get(ResourceKey key) {
    return commands.inspect(key, KeysController::info);
  }

  @DeleteMapping("/{key}")
  @Operation(operationId = "deleteKey", summary = "Delete a key of any type (DEL)")
  @ApiResponse(responseCode = "204", description = "Deleted.")
  ResponseEntity<Void> delete(ResourceKey key) {
    return commands.update(key, Argv.of("DEL").key(key)).noContent();
  }

  @PostMapping(path = "/{key}/rename", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "renameKey", summary = "Rename a key (RENAME / RENAMENX)",
      description = "The value and its TTL move to newKey, replacing what was there (unless nx).")
  @ApiResponse(responseCode = "200", description = "Renamed, or not (nx and newKey exists).", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"renamed\":true}")))
  ResponseEntity<RenameResponse> rename(ResourceKey key, @Valid @RequestBody RenameRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    byte[] newKey = encoding.decode(request.newKey(), "newKey");
    KeyOutcome o = commands.update(key, Argv.of(request.nx() ? "RENAMENX" : "RENAME").key(key).arg(newKey));
    return o.ok(new RenameResponse(!request.nx() || Replies.integer(o.reply()) == 1));
  }

  @PutMapping(path = "/{key}/ttl", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "expireKey", summary = "Set when a key expires (EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT)",
      description = "Give exactly one of seconds, milliseconds, unixTimeSeconds, unixTimeMilliseconds. A time "
          + "in the past deletes the key. nx/xx/gt/lt make it conditional, as in EXPIRE.")
  @ApiResponse(responseCode = "200", description = "Whether the TTL was set.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"updated\":true}")))
  ResponseEntity<TtlResponse> expire(ResourceKey key, @Valid @RequestBody ExpireRequest request) {
    List<String> given = new ArrayList<>();
    Argv expire = null;
    if (request.seconds() != null) {
      given.add("seconds");
      expire = Argv.of("EXPIRE").key(key).arg(request.seconds());
    }
    if (request.milliseconds() != null) {
      given.add("milliseconds");
      expire = Argv.of("PEXPIRE").key(key).arg(request.milliseconds());
    }
    if (request.unixTimeSeconds() != null) {
      given.add("unixTimeSeconds");
      expire = Argv.of("EXPIREAT").key(key).arg(request.unixTimeSeconds());
    }
    if (request.unixTimeMilliseconds() != null) {
      given.add("unixTimeMilliseconds");
      expire = Argv.of("PEXPIREAT").key(key).arg(request.unixTimeMilliseconds());
    }
    if (given.size() != 1) {
      throw ProblemException.invalidRequest("give exactly one of seconds, milliseconds, unixTimeSeconds, "
          + "unixTimeMilliseconds" + (given.isEmpty() ? "" : "; got " + String.join(", ", given)));
    }
    expire.flag(request.nx(), "NX").flag(request.xx(), "XX").flag(request.gt(), "GT").flag(request.lt(), "LT");
    KeyOutcome o = commands.update(key, expire);
    return o.ok(new TtlResponse(Replies.integer(o.reply()) == 1));
  }

  @DeleteMapping("/{key}/ttl")
  @Operation(operationId = "persistKey", summary = "Remove a key's TTL (PERSIST)")
  @ApiResponse(responseCode = "200", description = "Whether there was a TTL to remove.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"updated\":true}")))
  ResponseEntity<TtlResponse> persist(ResourceKey key) {
    KeyOutcome o = commands.update(key, Argv.of("PERSIST").key(key));
    return o.ok(new TtlResponse(Replies.integer(o.reply()) == 1));
  }

  private static KeyInfo info(KeyState s) {
    return new KeyInfo(KeyType.valueOf(s.type().redisName()), s.ttlMillis(), s.size(), s.version());
  }
}
