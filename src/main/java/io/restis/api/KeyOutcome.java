package io.restis.api;

import io.restis.engine.Reply;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What a resource operation on one key did: the replies of its commands (all successful, errors
 * having become problems already), the key's version before and after, and the engine's offset
 * after it. It builds the answer: 200, or 201 when the call created the key; the key's ETag when
 * it exists afterwards; the sync token ({@value CommandController#SYNC_TOKEN_HEADER}) always.
 */
public final class KeyOutcome {

  private final List<Reply> replies;
  private final long versionBefore;
  private final long version;
  private final long offset;

  KeyOutcome(List<Reply> replies, long versionBefore, long version, long offset) {
    this.replies = replies;
    this.versionBefore = versionBefore;
    this.version = version;
    this.offset = offset;
  }

  /** The reply of the first (usually the only) command. */
  public Reply reply() {
    return replies.get(0);
  }

  public Reply reply(int i) {
    return replies.get(i);
  }

  /** The key's version before the call (0: it did not exist). */
  public long versionBefore() {
    return versionBefore;
  }

  /** The key's version after the call (0: it does not exist). */
  public long version() {
    return version;
  }

  /** Whether the key exists after the call. */
  public boolean exists() {
    return version != 0;
  }

  /** Whether the call created the key. */
  public boolean created() {
    return versionBefore == 0 && version != 0;
  }

  /** Whether the call wrote the key (every write gives it a new version, or deletes it). */
  public boolean changed() {
    return versionBefore != version;
  }

  /** 201 with the body when the call created the key, else 200. */
  public <T> ResponseEntity<T> ok(T body) {
    return respond(created() ? HttpStatus.CREATED : HttpStatus.OK, body);
  }

  public <T> ResponseEntity<T> respond(HttpStatus status, T body) {
    return ResponseEntity.status(status).headers(headers()).body(body);
  }

  /** 204, for writes that have nothing to say beyond the new ETag. */
  public ResponseEntity<Void> noContent() {
    return ResponseEntity.noContent().headers(headers()).build();
  }

  HttpHeaders headers() {
    HttpHeaders h = new HttpHeaders();
    if (version != 0) {
      h.setETag(Preconditions.etag(version));
    }
    h.set(CommandController.SYNC_TOKEN_HEADER, Long.toString(offset));
    return h;
  }
}
