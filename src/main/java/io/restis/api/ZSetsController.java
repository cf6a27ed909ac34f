package io.restis.api;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sorted sets as resources under {@code /zsets/{key}}: each operation is one sorted-set command,
 * run by {@link ResourceCommands}. Scores are JSON numbers, the infinities the strings
 * {@code "+inf"} and {@code "-inf"} ({@link Score}). Ranges by rank, score and lex are read with
 * GET and removed with DELETE on the same path; a member is a sub-resource at
 * {@code /zsets/{key}/members/{member}}.
 */
@RestController
@TypedResource
@RequestMapping(path = "/zsets", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "zsets", description = "Sorted sets: members ordered by score. Add (nx/xx/gt/lt/ch), ranges by rank, "
    + "score or lex (rev, limit), rank, score(s), increment, remove by member, rank, score or lex range, pop the "
    + "lowest or highest, cardinality and counts, union/intersection/difference store. Scores are JSON numbers; "
    + "the infinities are the strings \"+inf\" and \"-inf\". A sorted set exists while it has members.")
class ZSetsController {

  private static final String NOT_FOUND = "The key does not exist (key-not-found), or the member is not in the "
      + "sorted set (element-not-found).";
  private static final String MEMBER = "The member, one path segment, percent-encoded UTF-8 (a slash is %2F, a "
      + "space %20). With encoding=base64, base64 of the bytes: the way to name a member that is not UTF-8.";
  private static final String SCORE_BOUND = "A score bound: a number (inclusive), ( before it for exclusive, or "
      + "-inf / +inf (in a URL, + is %2B).";
  private static final String LEX_BOUND = "A lex bound: [member (inclusive) or (member (exclusive), or - / + for "
      + "the lowest / highest (in a URL, [ is %5B and + is %2B). With encoding=base64 the member after [ or ( is "
      + "base64.";
  private static final String REV = "Highest first: ranks count from the highest score (ZRANGE ... REV).";

  /** The lowest or highest end of a sorted set. */
  enum End {
    min("ZPOPMIN"),
    max("ZPOPMAX");

    final String pop;

    End(String pop) {
      this.pop = pop;
    }
  }

  /** How the scores of a member found in several sets combine (AGGREGATE). */
  enum Aggregate {
    sum,
    min,
    max
  }

  @Schema(description = "A member with its score.")
  record ScoredMember(
      @Schema(description = "The member: UTF-8 text, or base64 with encoding=base64.", example = "ada",
          requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull String member,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotNull Score score) {}

  @Schema(description = "Members with their scores, in the order of the range.")
  record ScoredMembersResponse(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
          example = "[{\"member\": \"ada\", \"score\": 10}, {\"member\": \"bob\", \"score\": \"+inf\"}]")
      List<ScoredMember> members) {}

  @Schema(description = "A member and its score, which is absent when the member is not in the set.")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record MemberScore(
      @Schema(example = "ada", requiredMode = Schema.RequiredMode.REQUIRED) String member,
      @Schema(description = "The score; absent when the member is not in the set.") Score score) {}

  @Schema(description = "The score of each member asked about, in the order asked.")
  record ScoresResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<MemberScore> scores) {}

  @Schema(description = "Members to add with their scores, and the conditions of ZADD.")
  record ZAddRequest(
      @Schema(description = "The members and scores.", requiredMode = Schema.RequiredMode.REQUIRED,
          example = "[{\"member\": \"ada\", \"score\": 10}, {\"member\": \"bob\", \"score\": 7.5}]")
      @NotEmpty List<@NotNull @Valid ScoredMember> members,
      @Schema(description = "Only add new members; never update a score (NX).") boolean nx,
      @Schema(description = "Only update members already there; never add (XX).") boolean xx,
      @Schema(description = "Only update a score when the new one is greater (GT); new members are still added.")
      boolean gt,
      @Schema(description = "Only update a score when the new one is less (LT); new members are still added.")
      boolean lt,
      @Schema(description = "Answer how many members were added or had their score changed (CH).") boolean ch) {}

  @Schema(description = "How many members the add touched: added, or with ch, changed (added or updated).")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ZAddResponse(
      @Schema(description = "Members added (without ch).", example = "2") Long added,
      @Schema(description = "Members added or whose score changed (with ch).", example = "3") Long changed) {}

  @Schema(description = "The amount to add to a member's score, and the conditions of ZADD ... INCR.")
  record ZIncrementRequest(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The amount; negative to subtract.")
      @NotNull Score by,
      @Schema(description = "Only if the member is not in the set yet (ZADD NX INCR).") boolean nx,
      @Schema(description = "Only if the member is in the set (ZADD XX INCR).") boolean xx,
      @Schema(description = "Only if the new score is greater than the current (ZADD GT INCR).") boolean gt,
      @Schema(description = "Only if the new score is less than the current (ZADD LT INCR).") boolean lt) {}

  @Schema(description = "The member's score after the increment.")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ZIncrementResponse(
      @Schema(description = "False when a condition (nx/xx/gt/lt) did not hold: nothing changed and there is no "
          + "score.", example = "true", requiredMode = Schema.RequiredMode.REQUIRED)
      boolean incremented,
      @Schema(description = "The score after (absent when not incremented).") Score score) {}

  @Schema(description = "A member's rank: its 0-based position by score.")
  record RankResponse(
      @Schema(description = "0 is the lowest score (the highest with rev).", example = "0",
          requiredMode = Schema.RequiredMode.REQUIRED)
      long rank) {}

  @Schema(description = "How many members are in the range.")
  record CountResponse(@Schema(example = "2", requiredMode = Schema.RequiredMode.REQUIRED) long count) {}

  @Schema(description = "Sorted sets (or sets, whose members count as scoring 1) to combine into this key.")
  record ZStoreRequest(
      @Schema(description = "How to combine them.", example = "union", requiredMode = Schema.RequiredMode.REQUIRED)
      @NotNull Combination operation,
      @Schema(description = "The keys, in order (for a difference: the first minus the others). A missing key is "
          + "empty; the path key may be one of them.", example = "[\"scores:mon\", \"scores:tue\"]",
          requiredMode = Schema.RequiredMode.REQUIRED)
      @NotEmpty List<@NotNull String> keys,
      @Schema(description = "A factor for each key's scores, one per key (WEIGHTS; not for a difference).",
          example = "[1, 2]")
      List<@NotNull Score> weights,
      @Schema(description = "How the scores of a member in several sets combine (AGGREGATE; default sum; not for "
          + "a difference).")
      Aggregate aggregate) {}

  private final ResourceCommands commands;

  ZSetsController(ResourceCommands commands) {
    this.commands = commands;
  }

  @GetMapping("/{key}")
  @Operation(operationId = "getZSetRange", summary = "Members with scores by rank (ZRANGE ... WITHSCORES)",
      description = "Ranks count from 0 at the lowest score (the highest with rev); negative ones from -1 at the "
          + "other end; stop is inclusive. The default range is the whole set.")
  @ApiResponse(responseCode = "200", description = "The members in the range with their scores.",
      useReturnTypeSchema = true, content = @Content(examples = @ExampleObject(
          "{\"members\":[{\"member\":\"bob\",\"score\":7.5},{\"member\":\"ada\",\"score\":10}]}")))
  ResponseEntity<ScoredMembersResponse> range(ResourceKey key,
      @Parameter(description = "First rank.", example = "0") @RequestParam(defaultValue = "0") long start,
      @Parameter(description = "Last rank, inclusive.", example = "-1") @RequestParam(defaultValue = "-1") long stop,
      @Parameter(description = REV) @RequestParam(defaultValue = "false") boolean rev,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.read(key,
        Argv.of("ZRANGE").key(key).arg(start).arg(stop).flag(rev, "REV").arg("WITHSCORES"));
    return o.ok(new ScoredMembersResponse(scored(o.reply(), encoding)));
  }

  @GetMapping("/{key}/by-score")
  @Operation(operationId = "getZSetRangeByScore", summary = "Members with scores in a score range "
      + "(ZRANGE ... BYSCORE [REV] [LIMIT] WITHSCORES)",
      description = "min is always the lower bound, with rev too (then the highest come first). offset and count "
          + "page through the range (LIMIT).")
  @ApiResponse(responseCode = "200", description = "The members in the range with their scores.",
      useReturnTypeSchema = true, content = @Content(examples = @ExampleObject(
          "{\"members\":[{\"member\":\"ada\",\"score\":10},{\"member\":\"cy\",\"score\":\"+inf\"}]}")))
  ResponseEntity<ScoredMembersResponse> rangeByScore(ResourceKey key,
      @Parameter(description = SCORE_BOUND) @RequestParam(defaultValue = "-inf") String min,
      @Parameter(description = SCORE_BOUND, example = "+inf") @RequestParam(defaultValue = "+inf") String max,
      @Parameter(description = REV) @RequestParam(defaultValue = "false") boolean rev,
      @Parameter(description = "Skip this many members of the range first.", example = "0")
      @RequestParam(defaultValue = "0") @PositiveOrZero long offset,
      @Parameter(description = "Answer at most this many (default: all).")
      @RequestParam(required = false) @PositiveOrZero Long count,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    byte[] lo = min.getBytes(StandardCharsets.UTF_8);
    byte[] hi = max.getBytes(StandardCharsets.UTF_8);
    Argv z = Argv.of("ZRANGE").key(key).arg(rev ? hi : lo).arg(rev ? lo : hi).arg("BYSCORE").flag(rev, "REV");
    limit(z, offset, count).arg("WITHSCORES");
    KeyOutcome o = commands.read(key, z);
    return o.ok(new ScoredMembersResponse(scored(o.reply(), encoding)));
  }

  @GetMapping("/{key}/by-lex")
  @Operation(operationId = "getZSetRangeByLex", summary = "Members in a lex range (ZRANGE ... BYLEX [REV] [LIMIT])",
      description = "For members that share one score (ordered by their bytes). min is always the lower bound, "
          + "with rev too. No scores: ZRANGE does not give them with BYLEX.")
  @ApiResponse(responseCode = "200", description = "The members in the range.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"members\":[\"apple\",\"banana\"]}")))
  ResponseEntity<MembersResponse> rangeByLex(ResourceKey key,
      @Parameter(description = LEX_BOUND) @RequestParam(defaultValue = "-") String min,
      @Parameter(description = LEX_BOUND) @RequestParam(defaultValue = "+") String max,
      @Parameter(description = REV) @RequestParam(defaultValue = "false") boolean rev,
      @Parameter(description = "Skip this many members of the range first.", example = "0")
      @RequestParam(defaultValue = "0") @PositiveOrZero long offset,
      @Parameter(description = "Answer at most this many (default: all).")
      @RequestParam(required = false) @PositiveOrZero Long count,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    byte[] lo = lexBound(min, "min", encoding);
    byte[] hi = lexBound(max, "max", encoding);
    Argv z = Argv.of("ZRANGE").key(key).arg(rev ? hi : lo).arg(rev ? lo : hi).arg("BYLEX").flag(rev, "REV");
    KeyOutcome o = commands.read(key, limit(z, offset, count));
    return o.ok(new MembersResponse(encoding.encodeAll(o.reply())));
  }

  @GetMapping("/{key}/by-score/count")
  @Operation(operationId = "countZSetByScore", summary = "How many members are in a score range (ZCOUNT)")
  @ApiResponse(responseCode = "200", description = "The count.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"count\":2}")))
  ResponseEntity<CountResponse> countByScore(ResourceKey key,
      @Parameter(description = SCORE_BOUND) @RequestParam(defaultValue = "-inf") String min,
      @Parameter(description = SCORE_BOUND, example = "+inf") @RequestParam(defaultValue = "+inf") String max) {
    KeyOutcome o = commands.read(key, Argv.of("ZCOUNT").key(key).arg(min).arg(max));
    return o.ok(new CountResponse(Replies.integer(o.reply())));
  }

  @GetMapping("/{key}/by-lex/count")
  @Operation(operationId = "countZSetByLex", summary = "How many members are in a lex range (ZLEXCOUNT)")
  @ApiResponse(responseCode = "200", description = "The count.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"count\":2}")))
  ResponseEntity<CountResponse> countByLex(ResourceKey key,
      @Parameter(description = LEX_BOUND) @RequestParam(defaultValue = "-") String min,
      @Parameter(description = LEX_BOUND) @RequestParam(defaultValue = "+") String max,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.read(key,
        Argv.of("ZLEXCOUNT").key(key).arg(lexBound(min, "min", encoding)).arg(lexBound(max, "max", encoding)));
    return o.ok(new CountResponse(Replies.integer(o.reply())));
  }

  @GetMapping("/{key}/cardinality")
  @Operation(operationId = "getZSetCardinality", summary = "How many members (ZCARD)")
  @ApiResponse(responseCode = "200", description = "The number of members.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"cardinality\":3}")))
  ResponseEntity<CardinalityResponse> cardinality(ResourceKey key) {
    KeyOutcome o = commands.read(key, Argv.of("ZCARD").key(key));
    return o.ok(new CardinalityResponse(Replies.integer(o.reply())));
  }

  @PostMapping(path = "/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "addZSetMembers", summary = "Add members or update their scores (ZADD)",
      description = "nx and xx, gt and lt exclude each other (as in ZADD; gt/lt with nx too). A missing key is "
          + "created unless xx (or nothing is added).")
  @ApiResponse(responseCode = "200", description = "Added to an existing sorted set.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"added\":1}")))
  @ApiResponse(responseCode = "201", description = "Created the sorted set.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"added\":2}")))
  ResponseEntity<ZAddResponse> add(ResourceKey key, @Valid @RequestBody ZAddRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    Argv zadd = Argv.of("ZADD").key(key).flag(request.nx(), "NX").flag(request.xx(), "XX")
        .flag(request.gt(), "GT").flag(request.lt(), "LT").flag(request.ch(), "CH");
    for (int i = 0; i < request.members().size(); i++) {
      ScoredMember m = request.members().get(i);
      zadd.element(m.score().argument()).arg(encoding.decode(m.member(), "members[" + i + "].member"));
    }
    KeyOutcome o = commands.write(key, zadd);
    long n = Replies.integer(o.reply());
    return o.ok(request.ch() ? new ZAddResponse(null, n) : new ZAddResponse(n, null));
  }

  @PostMapping(path = "/{key}/remove", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "removeZSetMembers", summary = "Remove members (ZREM)",
      description = "Members not in the set are ignored. The sorted set is deleted when its last member goes.")
  @ApiResponse(responseCode = "200", description = "How many were removed.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"removed\":1}")))
  ResponseEntity<ListsController.RemovedResponse> remove(ResourceKey key, @Valid @RequestBody MembersRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.update(key,
        Argv.of("ZREM").key(key).elements(encoding.decodeAll(request.members(), "members")));
    return o.ok(new ListsController.RemovedResponse(Replies.integer(o.reply())));
  }

  @DeleteMapping("/{key}/by-rank")
  @Operation(operationId = "removeZSetRangeByRank", summary = "Remove the members in a rank range (ZREMRANGEBYRANK)",
      description = "Ranks count from 0 at the lowest score; negative ones from -1 at the highest; stop is "
          + "inclusive. start=0&stop=-11 keeps the 10 highest.")
  @ApiResponse(responseCode = "200", description = "How many were removed.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"removed\":2}")))
  ResponseEntity<ListsController.RemovedResponse> removeByRank(ResourceKey key,
      @Parameter(description = "First rank.", example = "0", required = true) @RequestParam long start,
      @Parameter(description = "Last rank, inclusive.", example = "-11", required = true) @RequestParam long stop) {
    KeyOutcome o = commands.update(key, Argv.of("ZREMRANGEBYRANK").key(key).arg(start).arg(stop));
    return o.ok(new ListsController.RemovedResponse(Replies.integer(o.reply())));
  }

  @DeleteMapping("/{key}/by-score")
  @Operation(operationId = "removeZSetRangeByScore", summary = "Remove the members in a score range "
      + "(ZREMRANGEBYSCORE)")
  @ApiResponse(responseCode = "200", description = "How many were removed.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"removed\":2}")))
  ResponseEntity<ListsController.RemovedResponse> removeByScore(ResourceKey key,
      @Parameter(description = SCORE_BOUND, example = "-inf", required = true) @RequestParam String min,
      @Parameter(description = SCORE_BOUND, example = "(5", required = true) @RequestParam String max) {
    KeyOutcome o = commands.update(key, Argv.of("ZREMRANGEBYSCORE").key(key).arg(min).arg(max));
    return o.ok(new ListsController.RemovedResponse(Replies.integer(o.reply())));
  }

  @DeleteMapping("/{key}/by-lex")
  @Operation(operationId = "removeZSetRangeByLex", summary = "Remove the members in a lex range (ZREMRANGEBYLEX)")
  @ApiResponse(responseCode = "200", description = "How many were removed.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"removed\":2}")))
  ResponseEntity<ListsController.RemovedResponse> removeByLex(ResourceKey key,
      @Parameter(description = LEX_BOUND, example = "[a", required = true) @RequestParam String min,
      @Parameter(description = LEX_BOUND, example = "(c", required = true) @RequestParam String max,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.update(key, Argv.of("ZREMRANGEBYLEX").key(key)
        .arg(lexBound(min, "min", encoding)).arg(lexBound(max, "max", encoding)));
    return o.ok(new ListsController.RemovedResponse(Replies.integer(o.reply())));
  }

  @DeleteMapping("/{key}/{end}")
  @Operation(operationId = "popZSet", summary = "Remove and answer the lowest or highest members (ZPOPMIN / ZPOPMAX)",
      description = "Up to count members, from the lowest (min) or highest (max) score, in the order popped. The "
          + "sorted set is deleted when its last member goes.")
  @ApiResponse(responseCode = "200", description = "The members removed, with their scores.",
      useReturnTypeSchema = true, content = @Content(examples = @ExampleObject(
          "{\"members\":[{\"member\":\"bob\",\"score\":7.5}]}")))
  ResponseEntity<ScoredMembersResponse> pop(ResourceKey key,
      @Parameter(description = "The end to pop from.") @PathVariable End end,
      @Parameter(description = "How many members to pop at most.", example = "1")
      @RequestParam(defaultValue = "1") @Positive long count,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.update(key, Argv.of(end.pop).key(key).count(count));
    return o.ok(new ScoredMembersResponse(scored(o.reply(), encoding)));
  }

  @GetMapping("/{key}/scores")
  @Operation(operationId = "getZSetScores", summary = "The scores of several members (ZMSCORE)",
      description = "Repeat the member parameter: /zsets/board/scores?member=ada&member=bob. A member not in the "
          + "set has no score.")
  @ApiResponse(responseCode = "200", description = "Each member's score, in the order asked.",
      useReturnTypeSchema = true, content = @Content(examples = @ExampleObject(
          "{\"scores\":[{\"member\":\"ada\",\"score\":10},{\"member\":\"zed\"}]}")))
  ResponseEntity<ScoresResponse> scores(ResourceKey key,
      @Parameter(description = "A member; repeat for more.", example = "ada") @RequestParam("member") String[] members,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    KeyOutcome o = commands.read(key,
        Argv.of("ZMSCORE").key(key).elements(encoding.decodeAll(List.of(members), "member")));
    List<Reply> scores = Replies.items(o.reply());
    List<MemberScore> out = new ArrayList<>(members.length);
    for (int i = 0; i < members.length; i++) {
      byte[] score = Replies.bytes(scores.get(i));
      out.add(new MemberScore(members[i], score == null ? null : Score.fromReply(score)));
    }
    return o.ok(new ScoresResponse(out));
  }

  @GetMapping("/{key}/members/{member}")
  @Operation(operationId = "getZSetMember", summary = "A member's score (ZSCORE)",
      description = "404 (element-not-found) when the member is not in the set.")
  @ApiResponse(responseCode = "200", description = "The member and its score.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"member\":\"ada\",\"score\":10}")))
  @ApiResponse(responseCode = "404", description = NOT_FOUND, content = @Content(
      mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/"
          + ResourceApiDocs.PROBLEM_SCHEMA)))
  @Parameter(name = "member", in = ParameterIn.PATH, required = true, description = MEMBER, example = "ada")
  ResponseEntity<ScoredMember> score(ResourceKey key, HttpServletRequest http,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    byte[] member = PathSegment.bytes(http, "member", encoding);
    KeyOutcome o = commands.read(key, Argv.of("ZSCORE").key(key).arg(member));
    if (Replies.isNil(o.reply())) {
      throw noSuchMember(member);
    }
    return o.ok(new ScoredMember(encoding.encode(member), Score.fromReply(Replies.bytes(o.reply()))));
  }

  @GetMapping("/{key}/members/{member}/rank")
  @Operation(operationId = "getZSetMemberRank", summary = "A member's rank (ZRANK / ZREVRANK)",
      description = "Its 0-based position from the lowest score, or with rev from the highest. 404 "
          + "(element-not-found) when the member is not in the set.")
  @ApiResponse(responseCode = "200", description = "The rank.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"rank\":0}")))
  @ApiResponse(responseCode = "404", description = NOT_FOUND, content = @Content(
      mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/"
          + ResourceApiDocs.PROBLEM_SCHEMA)))
  @Parameter(name = "member", in = ParameterIn.PATH, required = true, description = MEMBER, example = "ada")
  ResponseEntity<RankResponse> rank(ResourceKey key, HttpServletRequest http,
      @Parameter(description = "Count from the highest score (ZREVRANK).") @RequestParam(defaultValue = "false")
      boolean rev,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    byte[] member = PathSegment.bytes(http, "member", encoding);
    KeyOutcome o = commands.read(key, Argv.of(rev ? "ZREVRANK" : "ZRANK").key(key).arg(member));
    if (Replies.isNil(o.reply())) {
      throw noSuchMember(member);
    }
    return o.ok(new RankResponse(Replies.integer(o.reply())));
  }

  @PostMapping(path = "/{key}/members/{member}/increment", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "incrementZSetMember", summary = "Add to a member's score (ZINCRBY, or ZADD ... INCR "
      + "with conditions)", description = "A member not in the set is added with the amount as its score, and a "
          + "missing key is created. With nx/xx/gt/lt it is ZADD with those conditions and INCR: when one does not "
          + "hold nothing changes (incremented false). The body may be omitted: +1.")
  @ApiResponse(responseCode = "200", description = "The score after.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"incremented\":true,\"score\":12.5}")))
  @ApiResponse(responseCode = "201", description = "The sorted set was created with the member.",
      useReturnTypeSchema = true, content = @Content(examples = @ExampleObject("{\"incremented\":true,\"score\":1}")))
  @Parameter(name = "member", in = ParameterIn.PATH, required = true, description = MEMBER, example = "ada")
  ResponseEntity<ZIncrementResponse> increment(ResourceKey key, HttpServletRequest http,
      @Valid @RequestBody(required = false) ZIncrementRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    ZIncrementRequest r = request == null ? new ZIncrementRequest(Score.of("1"), false, false, false, false) : request;
    byte[] member = PathSegment.bytes(http, "member", encoding);
    Argv command = r.nx() || r.xx() || r.gt() || r.lt()
        ? Argv.of("ZADD").key(key).flag(r.nx(), "NX").flag(r.xx(), "XX").flag(r.gt(), "GT").flag(r.lt(), "LT")
            .arg("INCR").arg(r.by().argument()).arg(member)
        : Argv.of("ZINCRBY").key(key).arg(r.by().argument()).arg(member);
    KeyOutcome o = commands.write(key, command);
    byte[] score = Replies.bytes(o.reply());
    return o.ok(new ZIncrementResponse(score != null, score == null ? null : Score.fromReply(score)));
  }

  @PostMapping(path = "/{key}/store", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "storeZSetCombination", summary = "Store the union, intersection or difference of sorted "
      + "sets (ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE)",
      description = "Combines the keys in the body and stores the result at this key, replacing what it held (of "
          + "any type) and its TTL. Union and intersection take weights (one per key) and aggregate. An empty "
          + "result deletes the key.")
  @ApiResponse(responseCode = "200", description = "Stored over an existing key (or deleted it: cardinality 0).",
      useReturnTypeSchema = true, content = @Content(examples = @ExampleObject("{\"cardinality\":3}")))
  @ApiResponse(responseCode = "201", description = "Stored at a new key.", useReturnTypeSchema = true,
      content = @Content(examples = @ExampleObject("{\"cardinality\":3}")))
  ResponseEntity<CardinalityResponse> store(ResourceKey key, @Valid @RequestBody ZStoreRequest request,
      @Parameter(description = ResourceApiDocs.ENCODING) @RequestParam(defaultValue = "utf8") ValueEncoding encoding) {
    Argv z = Argv.of(request.operation().command("Z", "STORE")).key(key).arg(request.keys().size())
        .elements(encoding.decodeAll(request.keys(), "keys"));
    if (request.weights() != null) {
      z.arg("WEIGHTS");
      request.weights().forEach(w -> z.arg(w.argument()));
    }
    if (request.aggregate() != null) {
      z.arg("AGGREGATE").arg(request.aggregate().name().toUpperCase(Locale.ROOT));
    }
    KeyOutcome o = commands.write(key, z);
    return o.ok(new CardinalityResponse(Replies.integer(o.reply())));
  }

  @DeleteMapping("/{key}")
  @Operation(operationId = "deleteZSet", summary = "Delete the sorted set (DEL)",
      description = "409 when the key holds another type: nothing is deleted.")
  @ApiResponse(responseCode = "204", description = "Deleted.")
  ResponseEntity<Void> delete(ResourceKey key) {
    return commands.delete(key, ValueType.ZSET);
  }

  /** LIMIT offset count when either is given (count -1: the rest of the range). */
  private static Argv limit(Argv z, long offset, Long count) {
    if (offset == 0 && count == null) {
      return z;
    }
    z.arg("LIMIT").arg(offset);
    return count == null ? z.arg(-1) : z.count(count);
  }

  /** A lex bound as the store reads it; with base64 the member after its [ or ( is base64. */
  private static byte[] lexBound(String bound, String name, ValueEncoding encoding) {
    if (encoding == ValueEncoding.utf8 || bound.equals("-") || bound.equals("+") || bound.isEmpty()
        || bound.charAt(0) != '[' && bound.charAt(0) != '(') {
      return bound.getBytes(StandardCharsets.UTF_8);
    }
    byte[] member = encoding.decode(bound.substring(1), name);
    byte[] out = new byte[member.length + 1];
    out[0] = (byte) bound.charAt(0);
    System.arraycopy(member, 0, out, 1, member.length);
    return out;
  }

  /** A WITHSCORES reply (member, score, member, score, ...) as members with scores. */
  private static List<ScoredMember> scored(Reply reply, ValueEncoding encoding) {
    List<Reply> items = Replies.items(reply);
    List<ScoredMember> out = new ArrayList<>(items.size() / 2);
    for (int i = 0; i + 1 < items.size(); i += 2) {
      out.add(new ScoredMember(encoding.encode(items.get(i)), Score.fromReply(Replies.bytes(items.get(i + 1)))));
    }
    return out;
  }

  private static ProblemException noSuchMember(byte[] member) {
    return ProblemException.of(Problem.ELEMENT_NOT_FOUND,
        "the sorted set has no member '" + ProblemException.printable(Bytes.wrap(member)) + "'");
  }
}
