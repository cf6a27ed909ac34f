package io.restis.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pub/sub registry, as Redis's pubsub.c: channel names to their subscribers, patterns to
 * theirs. Guarded by the engine lock like the keyspace, so PUBLISH, keyspace notifications and
 * (un)subscribing are ordered with the commands around them.
 *
 * <p>Delivery is at-most-once and fire-and-forget: {@link #publish} appends the message to each
 * receiver's bounded {@link Subscription} mailbox and counts the receivers. A subscription that
 * matches a channel and one or more patterns receives the message once per match, the channel's
 * copy first, as Redis does. Subscribers whose mailbox overflows are closed and dropped from the
 * registry (Redis disconnects them); those whose mailbox went from empty to non-empty are woken
 * after the engine releases its lock.
 *
 * <p>Cost: a channel publish is a hash lookup plus one append per subscriber; patterns are
 * matched one by one (Redis does the same), so many patterns make every publish slower.
 */
final class PubSub {

  private final Map<Bytes, Set<Subscription>> channels = new LinkedHashMap<>();
  private final Map<Bytes, Set<Subscription>> patterns = new LinkedHashMap<>();

  /** Subscriptions to wake once the lock is released. */
  private final List<Subscription> toWake = new ArrayList<>();

  /** Subscribes to channels; returns the subscription's count of channels and patterns after each. */
  int[] subscribe(Subscription s, List<Bytes> names) {
    int[] counts = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      Bytes c = names.get(i);
      if (!s.isClosed() && s.channels.add(c)) {
        channels.computeIfAbsent(c, k -> new LinkedHashSet<>()).add(s);
      }
      counts[i] = s.channels.size() + s.patterns.size();
    }
    return counts;
  }

  /** Subscribes to patterns; returns the subscription's count after each. */
  int[] psubscribe(Subscription s, List<Bytes> globs) {
    int[] counts = new int[globs.size()];
    for (int i = 0; i < globs.size(); i++) {
      Bytes p = globs.get(i);
      if (!s.isClosed() && s.patterns.add(p)) {
        patterns.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(s);
      }
      counts[i] = s.channels.size() + s.patterns.size();
    }
    return counts;
  }

  /** Drops every channel and pattern of the subscription and closes it. */
  void unsubscribeAll(Subscription s, String reason) {
    for (Bytes c : s.channels) {
      remove(channels, c, s);
    }
    for (Bytes p : s.patterns) {
      remove(patterns, p, s);
    }
    s.channels.clear();
    s.patterns.clear();
    if (s.close(reason)) {
      toWake.add(s);
    }
  }

  private static void remove(Map<Bytes, Set<Subscription>> map, Bytes name, Subscription s) {
    Set<Subscription> subs = map.get(name);
    if (subs != null && subs.remove(s) && subs.isEmpty()) {
      map.remove(name);
    }
  }

  /** Delivers a message to the channel's and the matching patterns' subscribers; the receiver count. */
  long publish(Bytes channel, byte[] payload) {
    long receivers = 0;
    List<Subscription> overflowed = null;
    Set<Subscription> subs = channels.get(channel);
    if (subs != null) {
      PubSubMessage m = new PubSubMessage(null, channel, payload);
      for (Subscription s : subs) {
        receivers++;
        overflowed = deliver(s, m, overflowed);
      }
    }
    if (!patterns.isEmpty()) {
      byte[] name = channel.bytes();
      for (Map.Entry<Bytes, Set<Subscription>> e : patterns.entrySet()) {
        if (!Glob.matches(e.getKey().bytes(), name)) {
          continue;
        }
        PubSubMessage m = new PubSubMessage(e.getKey(), channel, payload);
        for (Subscription s : e.getValue()) {
          receivers++;
          overflowed = deliver(s, m, overflowed);
        }
      }
    }
    if (overflowed != null) {
      for (Subscription s : overflowed) {
        unsubscribeAll(s, s.closedReason());
      }
    }
    return receivers;
  }

  private List<Subscription> deliver(Subscription s, PubSubMessage m, List<Subscription> overflowed) {
    if (s.offer(m)) {
      toWake.add(s);
      if (s.isClosed()) {
        // Removing it now would change the set being iterated: drop it after the loop.
        if (overflowed == null) {
          overflowed = new ArrayList<>(1);
        }
        overflowed.add(s);
      }
    }
    return overflowed;
  }

  /** PUBSUB CHANNELS [pattern]: the channels with at least one subscriber. */
  List<Bytes> channels(byte[] pattern) {
    List<Bytes> out = new ArrayList<>();
    for (Bytes c : channels.keySet()) {
      if (pattern == null || Glob.matches(pattern, c.bytes())) {
        out.add(c);
      }
    }
    return out;
  }

  /** PUBSUB NUMSUB: the subscriber count of one channel (patterns not counted). */
  int numsub(Bytes channel) {
    Set<Subscription> subs = channels.get(channel);
    return subs == null ? 0 : subs.size();
  }

  /** PUBSUB NUMPAT: the number of distinct patterns subscribed to. */
  int numpat() {
    return patterns.size();
  }

  /** True when nobody listens at all: notifications then skip building their channel names. */
  boolean isEmpty() {
    return channels.isEmpty() && patterns.isEmpty();
  }

  /** The wake-ups collected since the last call, to run after the lock is released. */
  List<Subscription> takeWakeUps() {
    if (toWake.isEmpty()) {
      return List.of();
    }
    List<Subscription> out = new ArrayList<>(toWake);
    toWake.clear();
    return out;
  }
}
