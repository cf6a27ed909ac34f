package io.restis.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a handler sees of one command call: its arguments, the keyspace, the command's time, and
 * the controls over what the call propagates.
 *
 * <p>Propagation follows Redis's {@code call()}: when the handler reported changes through
 * {@link #dirty} and named no other form, the command is propagated as it was sent. A handler
 * whose command is not deterministic (relative TTLs, random picks, float arithmetic) names the
 * deterministic form with {@link #propagate} instead: absolute expiry times, popped members, final
 * values.
 */
public final class CommandContext {

  private final Engine engine;
  private final Keyspace keyspace;
  private final CommandSpec spec;
  private final byte[][] argv;
  private final boolean inTransaction;
  private long dirty;
  private List<byte[][]> forms;
  /** Set while the engine serves a parked blocking call: the key that became ready. */
  private Bytes servingKey;
  private BlockRequest block;

  /** What a blocking command asks for when it found nothing to pop. */
  record BlockRequest(List<Bytes> keys, Class<? extends Value> type, long deadline) {}
  private java.util.function.Supplier<Reply> deferred;

  CommandContext(Engine engine, Keyspace keyspace, CommandSpec spec, byte[][] argv, boolean inTransaction) {
    this.engine = engine;
    this.keyspace = keyspace;
    this.spec = spec;
    this.argv = argv;
    this.inTransaction = inTransaction;
  }

  public Keyspace keyspace() {
    return keyspace;
  }

  /** The engine running the command, for handlers that reach the layers it holds. */
  Engine engine() {
    return engine;
  }

  public CommandSpec spec() {
    return spec;
  }

  /** The command's time in unix ms, fixed for the whole call. */
  public long now() {
    return keyspace.now;
  }

  /** Microseconds, for TIME. */
  public long nowMicros() {
    return engine.clock().micros();
  }

  /** True inside MULTI/EXEC, where blocking commands must not block. */
  public boolean inTransaction() {
    return inTransaction;
  }

  public int argc() {
    return argv.length;
  }

  public byte[][] argv() {
    return argv;
  }

  public byte[] arg(int i) {
    return argv[i];
  }

  public Bytes key(int i) {
    return Bytes.wrap(argv[i]);
  }

  /** The argument as text, for keywords and error messages. */
  public String str(int i) {
    return new String(argv[i], StandardCharsets.UTF_8);
  }

  /** True when argument i is the keyword, compared case-insensitively as Redis does. */
  public boolean is(int i, String keyword) {
    byte[] a = argv[i];
    if (a.length != keyword.length()) {
      return false;
    }
    for (int j = 0; j < a.length; j++) {
      int c = a[j];
      if (c >= 'a' && c <= 'z') {
        c -= 32;
      }
      int k = keyword.charAt(j);
      if (k >= 'a' && k <= 'z') {
        k -= 32;
      }
      if (c != k) {
        return false;
      }
    }
    return true;
  }

  /** The argument upper-cased (ASCII), for switch statements over keywords. */
  public String upper(int i) {
    return new String(argv[i], StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
  }

  /** The argument as a long (string2ll), or the integer error. */
  public long longArg(int i) {
    return Numbers.parseLong(argv[i]);
  }

  /** The argument as a double (strtod), or the float error. */
  public double doubleArg(int i) {
    return Numbers.parseDouble(argv[i]);
  }

  /** Records n changes to the dataset (Redis's server.dirty). */
  public void dirty(long n) {
    dirty += n;
  }

  public void dirty() {
    dirty++;
  }

  long dirtyCount() {
    return dirty;
  }

  /**
   * Names a deterministic form to propagate in place of the command; may be called several times
   * for several commands, in order. Only meaningful when the call also reports {@link #dirty}.
   */
  public void propagate(byte[]... form) {
    if (forms == null) {
      forms = new ArrayList<>(2);
    }
    forms.add(form);
  }

  /** Convenience: a form given as text and byte arrays mixed. */
  public void propagate(Object... parts) {
    byte[][] form = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      Object p = parts[i];
      form[i] = p instanceof byte[] b ? b
          : p instanceof Bytes b ? b.bytes()
          : String.valueOf(p).getBytes(StandardCharsets.UTF_8);
    }
    propagate(form);
  }

  List<byte[][]> forms() {
    return forms;
  }

  // ---- keyspace notifications and pub/sub ----

  /**
   * Fires a keyspace notification (Redis's notifyKeyspaceEvent): call it once the key has really
   * changed, with the event class ({@link KeyspaceEvents#LIST}, ...) and Redis's event name. One
   * test and a return when notifications are off.
   */
  public void notify(int type, String event, Bytes key) {
    engine.events().notify(type, event, key);
  }

  /** Publishes a message; the number of receivers (PUBLISH). */
  long publish(Bytes channel, byte[] message) {
    return engine.pubsub().publish(channel, message);
  }

  PubSub pubsub() {
    return engine.pubsub();
  }

  KeyspaceEvents events() {
    return engine.events();
  }

  // ---- blocking commands ----

  /**
   * Called by a blocking command that found nothing to pop: parks the caller on the keys until
   * {@code deadline} (unix ms, 0 = forever) and returns {@code nonBlocking}, the reply the command
   * gives when it may not block (inside MULTI/EXEC, and while the engine re-runs it for a key that
   * became ready but was emptied again).
   */
  public Reply block(List<Bytes> keys, Class<? extends Value> type, long deadline, Reply nonBlocking) {
    if (!inTransaction) {
      block = new BlockRequest(keys, type, deadline);
    }
    return nonBlocking;
  }

  /**
   * While the engine serves parked callers, the key that became ready: the command must only pop
   * from that key (Redis 7.0 serves a blocked client from the key that was signalled). Null on a
   * normal call.
   */
  public Bytes servingKey() {
    return servingKey;
  }

  void serving(Bytes key) {
    this.servingKey = key;
  }

  BlockRequest blockRequest() {
    return block;
  }

  /**
   * Computes the reply after the engine lock is released, for a command that must wait for I/O
   * (SAVE waits for its snapshot, which needs the lock to walk the keyspace). The handler's own
   * return value is discarded. The supplier must not touch the keyspace.
   */
  public void deferReply(java.util.function.Supplier<Reply> reply) {
    this.deferred = reply;
  }

  java.util.function.Supplier<Reply> deferred() {
    return deferred;
  }
}
