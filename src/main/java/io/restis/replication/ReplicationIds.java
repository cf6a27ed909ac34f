package io.restis.replication;

import java.security.SecureRandom;

/**
 * The node's replication ids, as Redis keeps them: the id of the history its data belongs to, and
 * after a promotion the previous id with the offset where the histories part, so that followers of
 * the old leader can continue partially with the new one.
 */
final class ReplicationIds {

  private static final SecureRandom RANDOM = new SecureRandom();
  static final String NONE = "0000000000000000000000000000000000000000";

  private String id = random();
  private String id2 = NONE;
  private long secondOffset = -1;

  /** 40 random hex characters, as Redis's replication ids. */
  static String random() {
    byte[] b = new byte[20];
    RANDOM.nextBytes(b);
    StringBuilder sb = new StringBuilder(40);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
    }
    return sb.toString();
  }

  static boolean isValid(String id) {
    if (id == null || id.length() != 40) {
      return false;
    }
    for (int i = 0; i < 40; i++) {
      if (Character.digit(id.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  synchronized String id() {
    return id;
  }

  synchronized String id2() {
    return id2;
  }

  synchronized long secondOffset() {
    return secondOffset;
  }

  /** A follower's data now belongs to the leader's history: takes its id, forgets any previous one. */
  synchronized void follow(String leaderId) {
    id = leaderId;
    id2 = NONE;
    secondOffset = -1;
  }

  /**
   * A promotion at {@code offset}: a new history begins; the old id stays valid up to that offset
   * (Redis's shiftReplicationId).
   */
  synchronized void shift(long offset) {
    id2 = id;
    secondOffset = offset;
    id = random();
  }

  /**
   * Whether a node of history {@code theirId} at {@code theirOffset} is on this node's history:
   * the same id, or the previous one and not past the point where they parted.
   */
  synchronized boolean sameHistory(String theirId, long theirOffset) {
    return id.equals(theirId) || (!NONE.equals(id2) && id2.equals(theirId) && theirOffset <= secondOffset);
  }
}
