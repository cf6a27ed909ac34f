package io.restis.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A command's answer in RESP2 shapes: status, error, integer, bulk (nil when null), array (nil
 * array when null). Doubles are bulk strings, formatted as Redis formats them ({@link Numbers}).
 * The HTTP layers map these shapes to JSON; the engine never knows about JSON.
 */
public sealed interface Reply {

  Reply OK = new Status("OK");
  Reply PONG = new Status("PONG");
  Reply QUEUED = new Status("QUEUED");
  Reply NIL = new Bulk(null);
  Reply NIL_ARRAY = new Multi(null);
  Reply EMPTY_ARRAY = new Multi(List.of());
  Reply ZERO = new Int(0);
  Reply ONE = new Int(1);

  /** A status reply such as OK or PONG. */
  record Status(String text) implements Reply {}

  /** An error reply; the message starts with its error word (ERR, WRONGTYPE, ...). */
  record Error(String message) implements Reply {}

  record Int(long value) implements Reply {}

  /** A bulk string; {@code value == null} is the nil bulk. */
  record Bulk(byte[] value) implements Reply {
    @Override
    public boolean equals(Object o) {
      return o instanceof Bulk b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return value == null ? "Bulk[nil]" : "Bulk[" + new String(value, StandardCharsets.UTF_8) + "]";
    }
  }

  /** An array; {@code items == null} is the nil array. */
  record Multi(List<Reply> items) implements Reply {}

  static Reply integer(long v) {
    return v == 0 ? ZERO : v == 1 ? ONE : new Int(v);
  }

  static Reply bool(boolean b) {
    return b ? ONE : ZERO;
  }

  static Reply bulk(byte[] v) {
    return v == null ? NIL : new Bulk(v);
  }

  static Reply bulk(Bytes v) {
    return v == null ? NIL : new Bulk(v.bytes());
  }

  static Reply bulk(String v) {
    return v == null ? NIL : new Bulk(v.getBytes(StandardCharsets.UTF_8));
  }

  /** A double as Redis 7.0 replies it: {@code %.17g}, or inf / -inf. */
  static Reply dbl(double d) {
    return new Bulk(Numbers.formatDouble(d).getBytes(StandardCharsets.US_ASCII));
  }

  static Reply error(String message) {
    return new Error(message);
  }

  static Reply array(List<Reply> items) {
    return new Multi(items);
  }

  static Reply bulks(Collection<?> items) {
    List<Reply> out = new ArrayList<>(items.size());
    for (Object o : items) {
      out.add(o instanceof Bytes b ? bulk(b) : o instanceof byte[] a ? bulk(a) : bulk((String) o));
    }
    return new Multi(out);
  }
}
