package io.restis.engine;

import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications, as Redis's notify.c: a write that really changed a key publishes its
 * event on {@code __keyspace@0__:<key>} (message: the event name) and {@code __keyevent@0__:<event>}
 * (message: the key), filtered by the {@code notify-keyspace-events} classes.
 *
 * <p>The type bits and the letters are Redis's: K and E choose the channels, the others the event
 * classes ({@code g} generic, {@code $} string, {@code l} list, {@code s} set, {@code h} hash,
 * {@code z} sorted set, {@code x} expired, {@code e} evicted, {@code t} stream, {@code m} key miss,
 * {@code d} module, {@code n} new key; {@code A} is {@code g$lshzxetd}). The empty string, the
 * default, turns them off, and then {@link #notify} returns after one test, which is what makes it
 * cheap enough to call from every write command.
 */
public final class KeyspaceEvents {

  public static final int KEYSPACE = 1;
  public static final int KEYEVENT = 1 << 1;
  public static final int GENERIC = 1 << 2;
  public static final int STRING = 1 << 3;
  public static final int LIST = 1 << 4;
  public static final int SET = 1 << 5;
  public static final int HASH = 1 << 6;
  public static final int ZSET = 1 << 7;
  public static final int EXPIRED = 1 << 8;
  public static final int EVICTED = 1 << 9;
  public static final int STREAM = 1 << 10;
  public static final int KEY_MISS = 1 << 11;
  public static final int MODULE = 1 << 13;
  public static final int NEW = 1 << 14;
  public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

  private static final byte[] KEYSPACE_PREFIX = "__keyspace@0__:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEYEVENT_PREFIX = "__keyevent@0__:".getBytes(StandardCharsets.US_ASCII);

  private final PubSub pubsub;

  /** The active classes; written under the engine lock, read by every notify under it. */
  @GuardedBy("Engine.lock")
  private int flags;

  KeyspaceEvents(PubSub pubsub) {
    this.pubsub = pubsub;
  }

  /** Redis's keyspaceEventsStringToFlags: the bits for a class string, or -1 for an unknown letter. */
  public static int parse(String classes) {
    int flags = 0;
    for (int i = 0; i < classes.length(); i++) {
      switch (classes.charAt(i)) {
        case 'A' -> flags |= ALL;
        case 'g' -> flags |= GENERIC;
        case '$' -> flags |= STRING;
        case 'l' -> flags |= LIST;
        case 's' -> flags |= SET;
        case 'h' -> flags |= HASH;
        case 'z' -> flags |= ZSET;
        case 'x' -> flags |= EXPIRED;
        case 'e' -> flags |= EVICTED;
        case 'K' -> flags |= KEYSPACE;
        case 'E' -> flags |= KEYEVENT;
        case 't' -> flags |= STREAM;
        case 'm' -> flags |= KEY_MISS;
        case 'd' -> flags |= MODULE;
        case 'n' -> flags |= NEW;
        default -> {
          return -1;
        }
      }
    }
    return flags;
  }

  /** Redis's keyspaceEventsFlagsToString, the form CONFIG GET shows. */
  public static String format(int flags) {
    StringBuilder sb = new StringBuilder();
    if ((flags & ALL) == ALL) {
      sb.append('A');
    } else {
      appendIf(sb, flags, GENERIC, 'g');
      appendIf(sb, flags, STRING, '$');
      appendIf(sb, flags, LIST, 'l');
      appendIf(sb, flags, SET, 's');
      appendIf(sb, flags, HASH, 'h');
      appendIf(sb, flags, ZSET, 'z');
      appendIf(sb, flags, EXPIRED, 'x');
      appendIf(sb, flags, EVICTED, 'e');
      appendIf(sb, flags, STREAM, 't');
      appendIf(sb, flags, MODULE, 'd');
      appendIf(sb, flags, NEW, 'n');
    }
    appendIf(sb, flags, KEYSPACE, 'K');
    appendIf(sb, flags, KEYEVENT, 'E');
    appendIf(sb, flags, KEY_MISS, 'm');
    return sb.toString();
  }

  private static void appendIf(StringBuilder sb, int flags, int bit, char c) {
    if ((flags & bit) != 0) {
      sb.append(c);
    }
  }

  int flags() {
    return flags;
  }

  void setFlags(int flags) {
    this.flags = flags;
  }

  /** Publishes the event when its class is enabled (Redis's notifyKeyspaceEvent). */
  void notify(int type, String event, Bytes key) {
    int f = flags;
    if ((f & type) == 0 || (f & (KEYSPACE | KEYEVENT)) == 0) {
      return;
    }
    byte[] ev = event.getBytes(StandardCharsets.US_ASCII);
    if ((f & KEYSPACE) != 0) {
      pubsub.publish(Bytes.wrap(concat(KEYSPACE_PREFIX, key.bytes())), ev);
    }
    if ((f & KEYEVENT) != 0) {
      pubsub.publish(Bytes.wrap(concat(KEYEVENT_PREFIX, ev)), key.bytes());
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
