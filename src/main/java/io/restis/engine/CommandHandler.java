package io.restis.engine;

/**
 * The body of one command. Runs under the engine lock with the arity already checked. Contract:
 * parse and validate every argument before changing anything, then change through the value
 * type's API, call {@link CommandContext#dirty} for each change, and return the reply. Throwing
 * {@link CommandException} answers an error and must leave the keyspace untouched.
 */
@FunctionalInterface
public interface CommandHandler {
  Reply execute(CommandContext ctx);
}
