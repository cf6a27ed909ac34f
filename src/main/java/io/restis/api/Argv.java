package io.restis.api;

import io.restis.engine.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Builds the argument vector of one command for {@link ResourceCommands}: the same bytes a client
 * would send to the command endpoint, so a resource operation runs exactly the command it names.
 *
 * <p>It also counts the elements the call carries (values, members, keys, or a COUNT asked for),
 * which {@link ResourceCommands} holds against {@code restis.limits.max-elements}.
 */
public final class Argv {

  private final List<byte[]> parts = new ArrayList<>();
  private long elements;

  private Argv(String command) {
    parts.add(ascii(command));
  }

  /** A command by name: {@code Argv.of("LRANGE").key(k).arg(0).arg(-1)}. */
  public static Argv of(String command) {
    return new Argv(command);
  }

  public Argv key(Bytes key) {
    parts.add(key.bytes());
    return this;
  }

  public Argv key(ResourceKey key) {
    return key(key.key());
  }

  /** A raw argument: a value, member, field, pattern or key from a request. */
  public Argv arg(byte[] value) {
    parts.add(value);
    return this;
  }

  /** A keyword or option text, such as {@code NX} or {@code BEFORE}. */
  public Argv arg(String word) {
    parts.add(word.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  public Argv arg(long n) {
    parts.add(ascii(Long.toString(n)));
    return this;
  }

  /** The keyword when the flag is on. */
  public Argv flag(boolean on, String word) {
    return on ? arg(word) : this;
  }

  /** The keyword and its number when the number is given. */
  public Argv option(String word, Long value) {
    return value == null ? this : arg(word).arg(value);
  }

  /** Values that each count as one element against the limit. */
  public Argv elements(Collection<byte[]> values) {
    parts.addAll(values);
    elements += values.size();
    return this;
  }

  /** One argument that counts as one element (a key or value of a bulk call). */
  public Argv element(byte[] value) {
    parts.add(value);
    elements++;
    return this;
  }

  /** A COUNT: the number of elements the reply may hold, counted against the limit. */
  public Argv count(long n) {
    elements = Math.max(elements, n);
    return arg(n);
  }

  long elements() {
    return elements;
  }

  byte[][] toArray() {
    return parts.toArray(new byte[0][]);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (byte[] p : parts) {
      b.append(b.length() == 0 ? "" : " ").append(new String(p, StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
