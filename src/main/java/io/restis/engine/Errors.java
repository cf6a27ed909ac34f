package io.restis.engine;

/** Redis 7's error texts, word for word: clients and tests match on them. */
public final class Errors {

  public static final String WRONGTYPE =
      "WRONGTYPE Operation against a key holding the wrong kind of value";
  public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  public static final String NOT_FLOAT = "ERR value is not a valid float";
  public static final String SYNTAX = "ERR syntax error";
  public static final String NO_SUCH_KEY = "ERR no such key";
  public static final String INDEX_OUT_OF_RANGE = "ERR index out of range";
  public static final String OVERFLOW = "ERR increment or decrement would overflow";
  public static final String NAN_OR_INF = "ERR increment would produce NaN or Infinity";
  public static final String OUT_OF_RANGE_POSITIVE = "ERR value is out of range, must be positive";
  public static final String READONLY = "READONLY You can't write against a read only replica.";
  public static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";

  private Errors() {}

  public static CommandException wrongType() {
    return new CommandException(WRONGTYPE);
  }

  public static CommandException syntax() {
    return new CommandException(SYNTAX);
  }

  public static CommandException notInteger() {
    return new CommandException(NOT_INTEGER);
  }

  public static CommandException notFloat() {
    return new CommandException(NOT_FLOAT);
  }

  public static CommandException wrongArity(String command) {
    return new CommandException(
        "ERR wrong number of arguments for '" + command.toLowerCase(java.util.Locale.ROOT) + "' command");
  }
}
