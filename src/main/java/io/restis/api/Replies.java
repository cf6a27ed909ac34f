package io.restis.api;

import io.restis.engine.Reply;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the shapes of successful replies for the resource controllers. A reply of a shape the
 * command never answers is a bug of the caller, hence IllegalStateException (a 500), never a 4xx.
 */
public final class Replies {

  private Replies() {}

  /** An integer reply. */
  public static long integer(Reply reply) {
    if (reply instanceof Reply.Int i) {
      return i.value();
    }
    throw new IllegalStateException("not an integer reply: " + reply);
  }

  /** Whether a reply is the nil bulk or the nil array. */
  public static boolean isNil(Reply reply) {
    return reply instanceof Reply.Bulk b && b.value() == null || reply instanceof Reply.Multi m && m.items() == null;
  }

  /** The bytes of a bulk reply (null for nil). */
  public static byte[] bytes(Reply reply) {
    if (reply instanceof Reply.Bulk b) {
      return b.value();
    }
    throw new IllegalStateException("not a bulk reply: " + reply);
  }

  /** A number the store formatted as text (INCRBYFLOAT, ZSCORE): exact, as a JSON number. */
  public static BigDecimal decimal(Reply reply) {
    byte[] b = bytes(reply);
    return new BigDecimal(new String(b, StandardCharsets.US_ASCII));
  }

  /**
   * A score or other double the store formatted as text, as a JSON value: an exact number, or the
   * strings {@code "+inf"} / {@code "-inf"} for the infinities JSON numbers cannot say.
   */
  public static Object score(Reply reply) {
    String text = new String(bytes(reply), StandardCharsets.US_ASCII);
    if (text.equals("inf") || text.equals("+inf")) {
      return "+inf";
    }
    if (text.equals("-inf")) {
      return "-inf";
    }
    return new BigDecimal(text);
  }

  /** The items of an array reply; a nil array has none. */
  public static List<Reply> items(Reply reply) {
    if (reply instanceof Reply.Multi m) {
      return m.items() == null ? List.of() : m.items();
    }
    throw new IllegalStateException("not an array reply: " + reply);
  }

  /** The text of a status reply (TYPE). */
  public static String status(Reply reply) {
    if (reply instanceof Reply.Status s) {
      return s.text();
    }
    throw new IllegalStateException("not a status reply: " + reply);
  }
}
