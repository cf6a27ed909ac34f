package io.restis.api;

import io.restis.engine.CommandSpec;
import io.restis.engine.Engine;
import io.restis.engine.Engine.KeyedResult;
import io.restis.engine.Entry;
import io.restis.engine.Errors;
import io.restis.engine.Reply;
import io.restis.engine.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongPredicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What every REST resource controller calls: it runs the commands of one operation through the
 * engine, exactly as the command endpoint would run them, and turns the outcome into HTTP.
 *
 * <ul>
 *   <li>{@link #read}, {@link #write}, {@link #update}: the operation's command(s) on one key, run
 *       atomically by {@link Engine#executeOnKey} under the request's If-Match / If-None-Match
 *       (evaluated against the key's version under the engine's lock, so nothing can slip in
 *       between check and change). A failed condition answers 412 (304 for a read's
 *       If-None-Match) and runs nothing. Reads and updates need the key: 404 when it is missing,
 *       and nothing runs.
 *   <li>{@link #delete}: DELETE of a typed resource: 409 if the key holds another type.
 *   <li>{@link #execute}: a command not about one key (SCAN, MGET, MSET).
 *   <li>{@link #inspect}: the type, TTL, size and version of a key in one consistent read.
 * </ul>
 *
 * <p>Before anything runs, every command is held against the limits (key and value sizes,
 * elements per call). An error reply becomes a {@link ProblemException} with the store's error
 * text and word. Every answer carries the sync token, the engine's offset after the call.
 */
public final class ResourceCommands {

  /** A typed delete retries when the key changes between its type check and its delete. */
  private static final int DELETE_ATTEMPTS = 16;

  private enum Mode {
    READ(true, true),
    WRITE(false, false),
    UPDATE(false, true);

    final boolean read;
    final boolean needsKey;

    Mode(boolean read, boolean needsKey) {
      this.read = read;
      this.needsKey = needsKey;
    }
  }

  /** A key's state as {@code GET /keys/{key}} reports it. */
  public record KeyState(ValueType type, long ttlMillis, long size, long version) {}

  private final Engine engine;
  private final ResourceLimits limits;
  private final RequestCaller callers;

  public ResourceCommands(Engine engine, ResourceLimits limits) {
    this(engine, limits, RequestCaller.OPEN);
  }

  /** @param callers who sends the request being served: every command runs as that caller */
  public ResourceCommands(Engine engine, ResourceLimits limits, RequestCaller callers) {
    this.engine = engine;
    this.limits = limits;
    this.callers = callers;
  }

  public ResourceLimits limits() {
    return limits;
  }

  /** A read of the key: 404 when it does not exist, 304 when If-None-Match names its ETag. */
  public KeyOutcome read(ResourceKey key, Argv... commands) {
    return run(key, Mode.READ, commands);
  }

  /** A write that may create the key. */
  public KeyOutcome write(ResourceKey key, Argv... commands) {
    return run(key, Mode.WRITE, commands);
  }

  /** A write that needs the key to exist: 404 when it does not, and nothing runs. */
  public KeyOutcome update(ResourceKey key, Argv... commands) {
    return run(key, Mode.UPDATE, commands);
  }

  /**
   * Deletes the key if it holds the given type: 204; 404 when missing; 409 (WRONGTYPE) when it
   * holds another type. The type check and the delete are two steps, the second guarded by the
   * version the first saw (WATCH), so a key that changes in between is never deleted unseen.
   */
  public ResponseEntity<Void> delete(ResourceKey key, ValueType type) {
    for (int attempt = 0; attempt < DELETE_ATTEMPTS; attempt++) {
      KeyOutcome typed = update(key, Argv.of("TYPE").key(key));
      if (!type.redisName().equals(Replies.status(typed.reply()))) {
        throw ProblemException.fromErrorReply(Errors.WRONGTYPE);
      }
      long seen = typed.version();
      KeyedResult r = engine.executeOnKey(callers.current(), key.key(), v -> v == seen,
          List.<byte[][]>of(Argv.of("DEL").key(key).toArray()));
      if (!r.preconditionFailed()) {
        failOnError(r.replies());
        return new KeyOutcome(r.replies(), seen, r.version(), engine.offset()).noContent();
      }
    }
    throw ProblemException.of(Problem.CONFLICT, "the key kept changing while it was being deleted; try again");
  }

  /** A command not about one key: its reply, or a problem for an error reply. */
  public Reply execute(Argv command) {
    limits.check(engine.table(), command);
    Reply reply = engine.execute(callers.current(), command.toArray());
    if (reply instanceof Reply.Error e) {
      throw ProblemException.fromErrorReply(e.message());
    }
    return reply;
  }

  /** 200 with the body and the sync token: the answer to {@link #execute}. */
  public <T> ResponseEntity<T> ok(T body) {
    return ResponseEntity.ok().header(CommandController.SYNC_TOKEN_HEADER, Long.toString(engine.offset())).body(body);
  }

  /**
   * The key's type, TTL (ms, -1 when none), size and version, read together under the engine's
   * lock; 404 when missing, 304 when If-None-Match names its ETag. The answer carries the ETag.
   */
  public <T> ResponseEntity<T> inspect(ResourceKey key, Function<KeyState, T> body) {
    // A read outside the command path: the caller must be one that may run TYPE on the key.
    CommandSpec type = engine.table().lookup("type");
    String denied = callers.current().deny(type, Argv.of("TYPE").key(key).toArray());
    if (denied != null) {
      throw ProblemException.fromErrorReply(denied);
    }
    KeyState state = engine.read(ks -> {
      Entry e = ks.lookupRead(key.key());
      if (e == null) {
        return null;
      }
      long ttl = e.hasExpiry() ? Math.max(0, e.expireAt() - ks.now()) : -1;
      return new KeyState(e.value().type(), ttl, e.value().size(), e.version());
    });
    if (state == null) {
      throw ProblemException.keyNotFound(key.key());
    }
    Preconditions.Verdict verdict = key.preconditions().evaluate(state.version(), true);
    if (verdict == Preconditions.Verdict.NOT_MODIFIED) {
      throw new NotModifiedException(Preconditions.etag(state.version()));
    }
    if (verdict == Preconditions.Verdict.FAILED) {
      throw preconditionFailed(state.version());
    }
    return new KeyOutcome(List.of(), state.version(), state.version(), engine.offset())
        .respond(HttpStatus.OK, body.apply(state));
  }

  private KeyOutcome run(ResourceKey key, Mode mode, Argv[] commands) {
    List<byte[][]> argvs = new ArrayList<>(commands.length);
    for (Argv c : commands) {
      limits.check(engine.table(), c);
      argvs.add(c.toArray());
    }
    Guard guard = new Guard(key.preconditions(), mode);
    KeyedResult r = engine.executeOnKey(callers.current(), key.key(), guard, argvs);
    if (r.preconditionFailed()) {
      if (guard.missing) {
        throw ProblemException.keyNotFound(key.key());
      }
      if (guard.verdict == Preconditions.Verdict.NOT_MODIFIED) {
        throw new NotModifiedException(Preconditions.etag(r.version()));
      }
      throw preconditionFailed(r.version());
    }
    failOnError(r.replies());
    return new KeyOutcome(r.replies(), guard.before, r.version(), engine.offset());
  }

  private static void failOnError(List<Reply> replies) {
    for (Reply reply : replies) {
      if (reply instanceof Reply.Error e) {
        throw ProblemException.fromErrorReply(e.message());
      }
    }
  }

  private static ProblemException preconditionFailed(long version) {
    if (version == 0) {
      return ProblemException.of(Problem.PRECONDITION_FAILED,
          "If-Match/If-None-Match does not hold: the key does not exist; nothing was changed");
    }
    String etag = Preconditions.etag(version);
    return ProblemException.of(Problem.PRECONDITION_FAILED,
        "If-Match/If-None-Match does not hold: the key's current ETag is " + etag + "; nothing was changed")
        .withHeader(HttpHeaders.ETAG, etag);
  }

  /**
   * The precondition the engine tests under its lock: existence first (a missing key is a 404
   * whatever the conditions say, as RFC 9110 has it), then the request's conditions. It records
   * what it saw for the answer.
   */
  private static final class Guard implements LongPredicate {
    final Preconditions conditions;
    final Mode mode;
    long before;
    boolean missing;
    Preconditions.Verdict verdict = Preconditions.Verdict.PASS;

    Guard(Preconditions conditions, Mode mode) {
      this.conditions = conditions;
      this.mode = mode;
    }

    @Override
    public boolean test(long version) {
      before = version;
      if (mode.needsKey && version == 0) {
        missing = true;
        return false;
      }
      verdict = conditions.evaluate(version, mode.read);
      return verdict == Preconditions.Verdict.PASS;
    }
  }
}
