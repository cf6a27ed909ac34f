package io.restis.api;

import io.restis.engine.Caller;

/**
 * Who sends the request being served, as the engine's {@link Caller}: what the controllers pass
 * to every engine call, so that the executor's permission check ({@link Caller#deny}) sees the
 * client's token. The security layer provides it (a bean); without one, every client may run
 * every command ({@link #OPEN}), as before authentication existed.
 */
@FunctionalInterface
public interface RequestCaller {

  /** Every client may run every command. */
  RequestCaller OPEN = new RequestCaller() {
    private final Caller client = new Caller() {};

    @Override
    public Caller current() {
      return client;
    }
  };

  /** The caller of the request this thread is serving. */
  Caller current();
}
