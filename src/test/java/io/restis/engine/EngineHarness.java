package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An engine on a fake clock with a recording write listener, and helpers that turn replies into
 * plain Java values (String, Long, null, List) so tests read like redis-cli sessions.
 */
public final class EngineHarness {

  public static final long START = 1_700_000_000_000L;

  public final FakeClock clock = new FakeClock(START);
  public final Engine engine;
  /** Every propagated write, rendered as a space-joined string, in order. */
  public final List<String> propagated = new ArrayList<>();
  public final List<Long> offsets = new ArrayList<>();

  public EngineHarness() {
    this(CommandTable.standard());
  }

  public EngineHarness(CommandTable table) {
    engine = new Engine(table, clock, new SplittableRandom(42));
    engine.addWriteListener((offset, argv) -> {
      offsets.add(offset);
      propagated.add(render(argv));
    });
  }

  /** Runs a command given as separate string arguments; returns the reply. */
  public Reply exec(String... args) {
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return engine.execute(argv);
  }

  /** Runs a command and converts the reply: String, Long, null, List, or "(error) ..." text. */
  public Object call(String... args) {
    return plain(exec(args));
  }

  /** Runs a command that must succeed with a string or status reply. */
  public String str(String... args) {
    Object o = call(args);
    assertThat(o).as("reply to %s", String.join(" ", args)).isNotInstanceOf(ErrorText.class);
    return (String) o;
  }

  /** Runs a command that must answer an integer. */
  public long num(String... args) {
    Object o = call(args);
    assertThat(o).as("reply to %s", String.join(" ", args)).isInstanceOf(Long.class);
    return (Long) o;
  }

  /** Runs a command that must answer an error; returns its text. */
  public String err(String... args) {
    Object o = call(args);
    assertThat(o).as("reply to %s", String.join(" ", args)).isInstanceOf(ErrorText.class);
    return o.toString();
  }

  /** Runs a command that must answer an array; returns it converted. */
  @SuppressWarnings("unchecked")
  public List<Object> list(String... args) {
    Object o = call(args);
    assertThat(o).as("reply to %s", String.join(" ", args)).isInstanceOf(List.class);
    return (List<Object>) o;
  }

  /** The propagated writes since the last call, and clears them. */
  public List<String> drainPropagated() {
    List<String> out = new ArrayList<>(propagated);
    propagated.clear();
    return out;
  }

  /** An error reply's text, distinguishable from a string reply. */
  public record ErrorText(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  public static Object plain(Reply r) {
    if (r instanceof Reply.Status s) {
      return s.text();
    }
    if (r instanceof Reply.Error e) {
      return new ErrorText(e.message());
    }
    if (r instanceof Reply.Int i) {
      return i.value();
    }
    if (r instanceof Reply.Bulk b) {
      return b.value() == null ? null : new String(b.value(), StandardCharsets.UTF_8);
    }
    Reply.Multi m = (Reply.Multi) r;
    if (m.items() == null) {
      return null;
    }
    List<Object> out = new ArrayList<>();
    for (Reply x : m.items()) {
      out.add(plain(x));
    }
    return out;
  }

  static String render(byte[][] argv) {
    StringBuilder sb = new StringBuilder();
    for (byte[] a : argv) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(new String(a, StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  /**
   * The invariant every engine test ends with: every key with a TTL is in the expiry index and
   * vice versa, no collection is empty, no visible key is expired, and the per-type key counts
   * match the table.
   */
  public void checkInvariants() {
    engine.read(ks -> {
      int withTtl = 0;
      long[] byType = new long[ValueType.values().length];
      for (Dict.Node<Bytes, Entry> n : ks.entries()) {
        Entry e = n.value();
        byType[e.value().type().ordinal()]++;
        assertThat(e.value()).as("value of %s", n.key()).isNotNull();
        if (e.value().type() != ValueType.STRING) {
          assertThat(e.value().size()).as("size of collection %s", n.key()).isPositive();
        }
        if (e.hasExpiry()) {
          withTtl++;
        }
      }
      assertThat(ks.expiresSize()).as("expiry index size").isEqualTo(withTtl);
      assertThat(ks.keysByType()).as("keys per type, counted as they change").containsExactly(byType);
      return null;
    });
  }
}
