package io.restis.api;

import io.restis.engine.Reply;
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
import jakarta.validation.constraints.PositiveOrZero;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sets as resources under {@code /sets/{key}}: each operation is one set command, run by
 * {@link ResourceCommands}. Union, intersection and difference read the path key first and the
 * {@code with} keys after it; their store variants write the path key from the keys in the body.
 */
@RestController
@TypedResource
@RequestMapping(path = "/sets", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "sets", description = "Sets of unique members: members, add, remove, membership, cardinality, "
    + "random picks and pops, move, union/intersection/difference with other sets and their store variants. "
    + "A set exists while it has members.")
class SetsController {

  private static final String WITH = "The key of another set; repeat for more (UTF-8 text, or base64 with "
      + "encoding=base64). A missing key is an empty set.";

  private static final String MULTI_KEY = "A missing key (this one included) counts as an empty set. The answer "
      + "depends on several keys, so it carries no ETag and takes no If-Match / If-None-Match (400).";

  @Schema(description = "Whether a member is in the set.")
  record Membership(
      @Schema(description = "The member asked about.", example = "a", requiredMode = Schema.RequiredMode.REQUIRED)
      String member,
      @Schema(description = "Whether it is in the set.", example = "true", requiredMode = Schema.RequiredMode.REQUIRED)
      boolean isMember) {}

  @Schema(description = "Membership of each member asked about, in the order asked.")
  record MembershipResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Membership> members) {}

  @Schema(description = "How many members were added.")
  record AddedResponse(
      @Schema(description = "Members that were not in the set before (the others were there already).",
          example = "2", requiredMode = Schema.RequiredMode.REQUIRED)
      long added) {}

  @Schema(description = "A member to move to another set.")
  record SetMoveRequest(
      @Schema(description = "The destination set's key (created if needed).", example = "done",
          requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull String destination,
      @Schema(description = "The member to move.", example = "job-7", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull String member) {}

  @Schema(description = "Whether the member was moved.")
  record MovedResponse(
      @Schema(description = "False when the member is not in this set: nothing was moved.", example = "true",
          requiredMode = Schema.RequiredMode.REQUIRED)
      boolean moved) {}

  @Schema(description = "Sets to combine into this key, replacing what it held.")
  record SetStoreRequest(
      @Schema(description = "How to combine them.", example = "intersection", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull Combination operation,
      @Schema(description = "The keys of the sets, in order (for a difference: the first minus the others). A "
          + "missing key is an empty set; the path key may be one of them.", example = "[\"tags:1\", \"tags:2\"]",
          requiredMode = Schema.RequiredMode.REQUIRED)
      @NotEmpty List<@NotNull String> keys) {}

  private final ResourceCommands commands;

  SetsController(ResourceCommands commands) {
    this.commands = commands;
  }

  @GetMapping("/{key}")
  @Operation(operationId = "getSetMembers", summary = "All members (SMEMBERS)",
      description = "The members in no particular order.")
  @ApiResponse(responseCode = "200", description = "The members.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"members\":[\"red\",\"green\"]}")))
  ResponseEntity<MembersResponse> members(ResourceKey key,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.read(key, Argv.of("SMEMBERS").key(key));
    return o.ok(new MembersResponse(encoding.encodeAll(o.reply())));
  }

  @PostMapping(path = "/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "addSetMembers", summary = "Add members (SADD)",
      description = "Members already in the set are left as they are. A missing key is created.")
  @ApiResponse(responseCode = "200", description = "Added to an existing set.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"added\":1}")))
  @ApiResponse(responseCode = "201", description = "Created the set.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"added\":2}")))
  ResponseEntity<AddedResponse> add(ResourceKey key, @Valid @RequestBody MembersRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.write(key,
        Argv.of("SADD").key(key).elements(encoding.decodeAll(request.members(), "members")));
    return o.ok(new AddedResponse(Replies.integer(o.reply())));
  }

  @PostMapping(path = "/{key}/remove", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "removeSetMembers", summary = "Remove members (SREM)",
      description = "Members not in the set are ignored. The set is deleted when its last member goes.")
  @ApiResponse(responseCode = "200", description = "How many were removed.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"removed\":1}")))
  ResponseEntity<ListsController.RemovedResponse> remove(ResourceKey key, @Valid @RequestBody MembersRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.update(key,
        Argv.of("SREM").key(key).elements(encoding.decodeAll(request.members(), "members")));
    return o.ok(new ListsController.RemovedResponse(Replies.integer(o.reply())));
  }

  @GetMapping("/{key}/contains")
  @Operation(operationId = "getSetMembership", summary = "Whether members are in the set (SISMEMBER / SMISMEMBER)",
      description = "Repeat the member parameter to ask about several at once: /sets/colors/contains?member=red"
          + "&member=blue. One member asks SISMEMBER, several SMISMEMBER.")
  @ApiResponse(responseCode = "200", description = "Each member's membership, in the order asked.",
      useReturnTypeSchema = true, content = @Content(examples = @ExampleObject(
          "{\"members\":[{\"member\":\"red\",\"isMember\":true},{\"member\":\"blue\",\"isMember\":false}]}")))
  ResponseEntity<MembershipResponse> contains(ResourceKey key,
      @Parameter(description = "A member; repeat for more.", example = "red") @RequestParam("member") String[] members,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    List<byte[]> decoded = encoding.decodeAll(List.of(members), "member");
    Argv command = decoded.size() == 1 ? Argv.of("SISMEMBER").key(key).elements(decoded)
        : Argv.of("SMISMEMBER").key(key).elements(decoded);
    KeyOutcome o = commands.read(key, command);
    List<Reply> answers = decoded.size() == 1 ? List.of(o.reply()) : Replies.items(o.reply());
    List<Membership> out = new ArrayList<>(members.length);
    for (int i = 0; i < members.length; i++) {
      out.add(new Membership(members[i], Replies.integer(answers.get(i)) == 1));
    }
    return o.ok(new MembershipResponse(out));
  }

  @GetMapping("/{key}/cardinality")
  @Operation(operationId = "getSetCardinality", summary = "How many members (SCARD)")
  @ApiResponse(responseCode = "200", description = "The number of members.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"cardinality\":3}")))
  ResponseEntity<CardinalityResponse> cardinality(ResourceKey key) {
    KeyOutcome o = commands.read(key, Argv.of("SCARD").key(key));
    return o.ok(new CardinalityResponse(Replies.integer(o.reply())));
  }

  @GetMapping("/{key}/random")
  @Operation(operationId = "getRandomSetMembers", summary = "Random members, leaving them in the set (SRANDMEMBER)",
      description = "Up to count distinct members (all of them when count is more than the set has); with "
          + "repeats=true exactly count members, each picked independently, so the same one may come more than "
          + "once (SRANDMEMBER with a negative count).")
  @ApiResponse(responseCode = "200", description = "The members picked.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"members\":[\"green\"]}")))
  ResponseEntity<MembersResponse> random(ResourceKey key,
      @Parameter(description = "How many members.", example = "1") @RequestParam(defaultValue = "1") @Positive long count,
      @Parameter(description = "Pick each member independently, allowing repeats.")
      @RequestParam(defaultValue = "false") boolean repeats,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    commands.limits().checkElements(count);
    KeyOutcome o = commands.read(key, Argv.of("SRANDMEMBER").key(key).arg(repeats ? -count : count));
    return o.ok(new MembersResponse(encoding.encodeAll(o.reply())));
  }

  @DeleteMapping("/{key}/random")
  @Operation(operationId = "popSetMembers", summary = "Remove and answer random members (SPOP)",
      description = "Up to count distinct members. The set is deleted when its last member goes.")
  @ApiResponse(responseCode = "200", description = "The members removed.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"members\":[\"red\"]}")))
  ResponseEntity<MembersResponse> pop(ResourceKey key,
      @Parameter(description = "How many members to remove at most.", example = "1")
      @RequestParam(defaultValue = "1") @Positive long count,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.update(key, Argv.of("SPOP").key(key).count(count));
    return o.ok(new MembersResponse(encoding.encodeAll(o.reply())));
  }

  @PostMapping(path = "/{key}/move", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "moveSetMember", summary = "Move a member to another set (SMOVE)",
      description = "Removes the member from this set and adds it to the destination, atomically. The "
          + "destination is created if needed; 409 if it holds another type (and nothing moves).")
  @ApiResponse(responseCode = "200", description = "Whether the member was moved.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"moved\":true}")))
  ResponseEntity<MovedResponse> move(ResourceKey key, @Valid @RequestBody SetMoveRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.update(key, Argv.of("SMOVE").key(key)
        .arg(encoding.decode(request.destination(), "destination")).arg(encoding.decode(request.member(), "member")));
    return o.ok(new MovedResponse(Replies.integer(o.reply()) == 1));
  }

  @GetMapping("/{key}/union")
  @MultiKeyRead
  @Operation(operationId = "getSetUnion", summary = "Union with other sets (SUNION)",
      description = "The members of this set and of each with set. " + MULTI_KEY)
  @ApiResponse(responseCode = "200", description = "The members of the union.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"members\":[\"red\",\"green\",\"blue\"]}")))
  ResponseEntity<MembersResponse> union(ResourceKey key,
      @Parameter(description = WITH) @RequestParam(name = "with", required = false) String[] with,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    return combine(Combination.union, key, with, encoding);
  }

  @GetMapping("/{key}/intersection")
  @MultiKeyRead
  @Operation(operationId = "getSetIntersection", summary = "Intersection with other sets (SINTER)",
      description = "The members of this set that are in every with set. " + MULTI_KEY)
  @ApiResponse(responseCode = "200", description = "The members of the intersection.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"members\":[\"red\"]}")))
  ResponseEntity<MembersResponse> intersection(ResourceKey key,
      @Parameter(description = WITH) @RequestParam(name = "with", required = false) String[] with,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    return combine(Combination.intersection, key, with, encoding);
  }

  @GetMapping("/{key}/difference")
  @MultiKeyRead
  @Operation(operationId = "getSetDifference", summary = "Difference from other sets (SDIFF)",
      description = "The members of this set that are in none of the with sets. " + MULTI_KEY)
  @ApiResponse(responseCode = "200", description = "The members of the difference.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"members\":[\"green\"]}")))
  ResponseEntity<MembersResponse> difference(ResourceKey key,
      @Parameter(description = WITH) @RequestParam(name = "with", required = false) String[] with,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    return combine(Combination.difference, key, with, encoding);
  }

  @GetMapping("/{key}/intersection/cardinality")
  @MultiKeyRead
  @Operation(operationId = "getSetIntersectionCardinality", summary = "Size of the intersection with other sets "
      + "(SINTERCARD)", description = "Counts the intersection without answering it; with limit, counting stops "
          + "there (0: no limit). " + MULTI_KEY)
  @ApiResponse(responseCode = "200", description = "The number of members in the intersection (at most limit).",
      useReturnTypeSchema = true, content = @Content(examples = @ExampleObject("{\"cardinality\":1}")))
  ResponseEntity<CardinalityResponse> intersectionCardinality(ResourceKey key,
      @Parameter(description = WITH) @RequestParam(name = "with", required = false) String[] with,
      @Parameter(description = "Stop counting at this many (0: count them all).", example = "0")
      @RequestParam(defaultValue = "0") @PositiveOrZero long limit,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    refuseConditions(key);
    List<byte[]> others = others(with, encoding);
    Argv command = Argv.of("SINTERCARD").arg(1 + others.size()).key(key).elements(others);
    if (limit > 0) {
      command.arg("LIMIT").arg(limit);
    }
    return commands.ok(new CardinalityResponse(Replies.integer(commands.execute(command))));
  }

  @PostMapping(path = "/{key}/store", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "storeSetCombination", summary = "Store the union, intersection or difference of sets "
      + "(SUNIONSTORE / SINTERSTORE / SDIFFSTORE)",
      description = "Computes the combination of the keys in the body and stores it at this key, replacing what "
          + "it held (of any type) and its TTL. An empty result deletes the key.")
  @ApiResponse(responseCode = "200", description = "Stored over an existing key (or deleted it: cardinality 0).",
      useReturnTypeSchema = true, content = @Content(examples = @ExampleObject("{\"cardinality\":2}")))
  @ApiResponse(responseCode = "201", description = "Stored at a new key.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"cardinality\":2}")))
  ResponseEntity<CardinalityResponse> store(ResourceKey key, @Valid @RequestBody SetStoreRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.write(key, Argv.of(request.operation().command("S", "STORE")).key(key)
        .elements(encoding.decodeAll(request.keys(), "keys")));
    return o.ok(new CardinalityResponse(Replies.integer(o.reply())));
  }

  @DeleteMapping("/{key}")
  @Operation(operationId = "deleteSet", summary = "Delete the set (DEL)",
      description = "409 when the key holds another type: nothing is deleted.")
  @ApiResponse(responseCode = "204", description = "Deleted.")
  ResponseEntity<Void> delete(ResourceKey key) {
    return commands.delete(key, ValueType.SET);
  }

  private ResponseEntity<MembersResponse> combine(Combination how, ResourceKey key, String[] with,
      ValueEncoding encoding) {
    refuseConditions(key);
    Reply reply = commands.execute(Argv.of(how.command("S", "")).key(key).elements(others(with, encoding)));
    return commands.ok(new MembersResponse(encoding.encodeAll(reply)));
  }

  private static List<byte[]> others(String[] with, ValueEncoding encoding) {
    return with == null ? List.of() : encoding.decodeAll(List.of(with), "with");
  }

  /** See {@link MultiKeyRead}: a condition on the path key alone would not say what it seems to. */
  private static void refuseConditions(ResourceKey key) {
    if (!key.preconditions().isEmpty()) {
      throw ProblemException.invalidRequest("If-Match / If-None-Match cannot apply here: the answer depends on "
          + "several keys and has no ETag");
    }
  }
}
