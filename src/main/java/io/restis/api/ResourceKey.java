package io.restis.api;

import io.restis.engine.Bytes;

/**
 * The key a resource operation is about, with the request's conditions on it: what a controller
 * method receives for its {@code {key}} path segment (see {@link ResourceKeyResolver}) and hands
 * to {@link ResourceCommands}.
 *
 * @param key the path segment percent-decoded to bytes, exactly (no charset involved)
 * @param preconditions the If-Match / If-None-Match headers of the request
 */
public record ResourceKey(Bytes key, Preconditions preconditions) {

  /** A key without conditions (tests, internal callers). */
  public static ResourceKey of(String key) {
    return new ResourceKey(Bytes.of(key), Preconditions.NONE);
  }
}
