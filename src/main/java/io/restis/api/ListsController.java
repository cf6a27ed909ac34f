package io.restis.api;

import io.restis.engine.ValueType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lists as resources under {@code /lists/{key}}: each operation is one list command (push with
 * {@code maxlen} is push and trim in one atomic step), run by {@link ResourceCommands}.
 */
@RestController
@TypedResource
@RequestMapping(path = "/lists", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "lists", description = "Lists of values: range, push and pop at either end (optionally capped), "
    + "index, insert, remove, trim, move. A list exists while it has elements.")
class ListsController {

  /** An end of a list. */
  enum End {
    head("LEFT"),
    tail("RIGHT");

    final String side;

    End(String side) {
      this.side = side;
    }
  }

  /** Where an insert goes relative to its pivot. */
  enum Position {
    before,
    after
  }

  @Schema(description = "Values to push, and an optional cap on the list's length.")
  record PushRequest(
      @Schema(description = "Values to push, in order: at the head the last one ends up first (as LPUSH).",
          example = "[\"event-1\", \"event-2\"]", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotEmpty List<@NotNull String> values,
      @Schema(description = "Keep at most this many elements, dropping from the other end in the same atomic "
          + "step (LTRIM): a capped \"latest N\" list.", example = "100")
      @Positive Long maxlen,
      @Schema(description = "Push only if the list exists (LPUSHX / RPUSHX): 404 otherwise.", example = "false")
      boolean onlyIfExists) {}

  @Schema(description = "An element to insert next to the first occurrence of a pivot.")
  record InsertRequest(
      @Schema(description = "Before or after the pivot.", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull Position position,
      @Schema(description = "The element to insert next to.", example = "b", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull String pivot,
      @Schema(description = "The element to insert.", example = "a2", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull String value) {}

  @Schema(description = "Which occurrences of a value to remove.")
  record RemoveRequest(
      @Schema(description = "The value to remove.", example = "a", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull String value,
      @Schema(description = "0 removes every occurrence; n > 0 the first n from the head; n < 0 the first |n| "
          + "from the tail (as LREM).", example = "0")
      long count) {}

  @Schema(description = "The range of elements to keep; indexes as LTRIM (0 is the head, -1 the tail).")
  record TrimRequest(
      @Schema(description = "First index kept.", example = "0", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull Long start,
      @Schema(description = "Last index kept, inclusive.", example = "99", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull Long stop) {}

  @Schema(description = "Where to move an element: from an end of this list to an end of the destination.")
  record MoveRequest(
      @Schema(description = "The destination list's key (may be this list).", example = "done",
          requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull String destination,
      @Schema(description = "The end of this list to take the element from.", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull End from,
      @Schema(description = "The end of the destination to put it at.", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull End to) {}

  @Schema(description = "How many elements were removed.")
  record RemovedResponse(@Schema(example = "2", requiredMode = Schema.RequiredMode.REQUIRED) long removed) {}

  private final ResourceCommands commands;

  ListsController(ResourceCommands commands) {
    this.commands = commands;
  }

  @GetMapping("/{key}")
  @Operation(operationId = "getListRange", summary = "Elements from start to stop (LRANGE)",
      description = "Indexes count from 0 at the head; negative ones from -1 at the tail; stop is inclusive. "
          + "Out-of-range indexes are clipped, as LRANGE does.")
  @ApiResponse(responseCode = "200", description = "The elements in the range, head first.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"values\":[\"c\",\"b\",\"a\"]}")))
  ResponseEntity<ValuesResponse> range(ResourceKey key,
      @Parameter(description = "First index.", example = "0") @RequestParam(defaultValue = "0") long start,
      @Parameter(description = "Last index, inclusive.", example = "-1") @RequestParam(defaultValue = "-1") long stop,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.read(key, Argv.of("LRANGE").key(key).arg(start).arg(stop));
    return o.ok(new ValuesResponse(encoding.encodeAll(o.reply())));
  }

  @PostMapping(path = "/{key}/{end}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "pushList", summary = "Push at the head or tail (LPUSH / RPUSH), optionally capped to maxlen",
      description = "Pushes the values one after another. With maxlen the list is trimmed to its maxlen elements "
          + "nearest the end pushed to, in the same atomic step (LPUSH + LTRIM 0 maxlen-1, or RPUSH + "
          + "LTRIM -maxlen -1): the capped \"latest N\" list. With onlyIfExists nothing is created (LPUSHX / RPUSHX).")
  @ApiResponse(responseCode = "200", description = "Pushed onto an existing list: its length now.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"length\":3}")))
  @ApiResponse(responseCode = "201", description = "Pushed onto a new list: its length now.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"length\":2}")))
  ResponseEntity<LengthResponse> push(ResourceKey key,
      @Parameter(description = "The end to push at.") @PathVariable End end,
      @Valid @RequestBody PushRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    Argv push = Argv.of((end == End.head ? "LPUSH" : "RPUSH") + (request.onlyIfExists() ? "X" : ""))
        .key(key).elements(encoding.decodeAll(request.values(), "values"));
    if (request.maxlen() == null) {
      KeyOutcome o = request.onlyIfExists() ? commands.update(key, push) : commands.write(key, push);
      return o.ok(new LengthResponse(Replies.integer(o.reply())));
    }
    long max = request.maxlen();
    Argv trim = end == End.head
        ? Argv.of("LTRIM").key(key).arg(0).arg(max - 1)
        : Argv.of("LTRIM").key(key).arg(-max).arg(-1);
    KeyOutcome o = request.onlyIfExists() ? commands.update(key, push, trim) : commands.write(key, push, trim);
    return o.ok(new LengthResponse(Math.min(Replies.integer(o.reply()), max)));
  }

  @DeleteMapping("/{key}/{end}")
  @Operation(operationId = "popList", summary = "Pop from the head or tail (LPOP / RPOP)",
      description = "Removes and answers up to count elements from that end, in the order popped. The list is "
          + "deleted when its last element goes.")
  @ApiResponse(responseCode = "200", description = "The elements popped.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"values\":[\"c\"]}")))
  ResponseEntity<ValuesResponse> pop(ResourceKey key,
      @Parameter(description = "The end to pop from.") @PathVariable End end,
      @Parameter(description = "How many elements to pop at most.", example = "1")
      @RequestParam(defaultValue = "1") @Positive long count,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.update(key, Argv.of(end == End.head ? "LPOP" : "RPOP").key(key).count(count));
    return o.ok(new ValuesResponse(encoding.encodeAll(o.reply())));
  }

  @GetMapping("/{key}/items/{index}")
  @Operation(operationId = "getListElement", summary = "The element at an index (LINDEX)",
      description = "0 is the head, -1 the tail. 404 (element-not-found) when the index is out of range.")
  @ApiResponse(responseCode = "200", description = "The element.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"value\":\"b\"}")))
  ResponseEntity<ValueResponse> index(ResourceKey key,
      @Parameter(description = "The index.", example = "0") @PathVariable long index,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.read(key, Argv.of("LINDEX").key(key).arg(index));
    if (Replies.isNil(o.reply())) {
      throw ProblemException.of(Problem.ELEMENT_NOT_FOUND, "no element at index " + index);
    }
    return o.ok(new ValueResponse(encoding.encode(o.reply())));
  }

  @PutMapping(path = "/{key}/items/{index}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "setListElement", summary = "Replace the element at an index (LSET)",
      description = "400 (ERR index out of range) when there is no element at that index.")
  @ApiResponse(responseCode = "204", description = "Replaced.")
  ResponseEntity<Void> set(ResourceKey key,
      @Parameter(description = "The index.", example = "0") @PathVariable long index,
      @Valid @RequestBody ValueRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    return commands.update(key, Argv.of("LSET").key(key).arg(index).arg(encoding.decode(request.value(), "value")))
        .noContent();
  }

  @PostMapping(path = "/{key}/insert", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "insertListElement", summary = "Insert before or after a pivot (LINSERT)",
      description = "Inserts next to the first occurrence of the pivot, from the head. 409 (conflict) when the "
          + "pivot is not in the list: nothing is inserted.")
  @ApiResponse(responseCode = "200", description = "Inserted: the list's length now.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"length\":4}")))
  @ApiResponse(responseCode = "409", description = "The pivot is not in the list (conflict), or the key holds "
      + "another type (wrong-type).", content = @Content(mediaType = "application/problem+json",
          schema = @Schema(ref = "#/components/schemas/" + ResourceApiDocs.PROBLEM_SCHEMA)))
  ResponseEntity<LengthResponse> insert(ResourceKey key, @Valid @RequestBody InsertRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.update(key, Argv.of("LINSERT").key(key).arg(request.position().name().toUpperCase(Locale.ROOT))
        .arg(encoding.decode(request.pivot(), "pivot")).arg(encoding.decode(request.value(), "value")));
    long length = Replies.integer(o.reply());
    if (length < 0) {
      throw ProblemException.of(Problem.CONFLICT, "the pivot is not in the list; nothing was inserted");
    }
    return o.ok(new LengthResponse(length));
  }

  @PostMapping(path = "/{key}/remove", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "removeListElements", summary = "Remove occurrences of a value (LREM)")
  @ApiResponse(responseCode = "200", description = "How many were removed (0 when none matched).", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"removed\":2}")))
  ResponseEntity<RemovedResponse> remove(ResourceKey key, @Valid @RequestBody RemoveRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.update(key,
        Argv.of("LREM").key(key).arg(request.count()).arg(encoding.decode(request.value(), "value")));
    return o.ok(new RemovedResponse(Replies.integer(o.reply())));
  }

  @PostMapping(path = "/{key}/trim", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "trimList", summary = "Keep only a range of elements (LTRIM)",
      description = "Elements outside start..stop (inclusive) are dropped; a range that keeps nothing deletes the list.")
  @ApiResponse(responseCode = "204", description = "Trimmed.")
  ResponseEntity<Void> trim(ResourceKey key, @Valid @RequestBody TrimRequest request) {
    return commands.update(key, Argv.of("LTRIM").key(key).arg(request.start()).arg(request.stop())).noContent();
  }

  @PostMapping(path = "/{key}/move", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "moveListElement", summary = "Move an element to another list (LMOVE)",
      description = "Pops from an end of this list and pushes at an end of the destination, atomically. The "
          + "destination is created if needed; 409 if it holds another type (and nothing moves).")
  @ApiResponse(responseCode = "200", description = "The element moved.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"value\":\"job-7\"}")))
  ResponseEntity<ValueResponse> move(ResourceKey key, @Valid @RequestBody MoveRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.update(key, Argv.of("LMOVE").key(key)
        .arg(encoding.decode(request.destination(), "destination"))
        .arg(request.from().side).arg(request.to().side));
    return o.ok(new ValueResponse(encoding.encode(o.reply())));
  }

  @DeleteMapping("/{key}")
  @Operation(operationId = "deleteList", summary = "Delete the list (DEL)", description = "409 when the key holds another type: nothing is deleted.")
  @ApiResponse(responseCode = "204", description = "Deleted.")
  ResponseEntity<Void> delete(ResourceKey key) {
    return commands.delete(key, ValueType.LIST);
  }
}
