package io.restis.engine;

/**
 * One delivered pub/sub message: what Redis sends a subscriber as {@code message} (pattern null)
 * or {@code pmessage} (the pattern that matched). Immutable: the byte arrays are never changed
 * after publication, so subscribers may hold them after the engine lock is released.
 *
 * @param pattern the subscribed pattern that matched, or null for a channel subscription
 * @param channel the channel the message was published to
 * @param payload the message
 */
public record PubSubMessage(Bytes pattern, Bytes channel, byte[] payload) {

  public boolean isPatternMessage() {
    return pattern != null;
  }
}
