package io.restis.engine;

/**
 * Thrown by a handler to answer with an error reply. Handlers validate every argument before
 * changing anything, so throwing never leaves a half-applied write. No stack trace: this is
 * control flow on a hot path, not a fault.
 */
public final class CommandException extends RuntimeException {

  public CommandException(String message) {
    super(message, null, false, false);
  }
}
