package io.restis.persistence.format;

import java.io.IOException;

/**
 * A log that cannot be replayed. {@link #truncated()} tells a log that merely ends in the middle
 * of an entry (a crash during a write: the tail may be cut off) from one that is malformed
 * (corruption: refuse to start). {@link #offset()} is where the bad entry starts, or where the
 * malformed byte is.
 */
public final class AofFormatException extends IOException {

  private final long offset;
  private final boolean truncated;

  public AofFormatException(String reason, long offset, boolean truncated) {
    super(reason + " at byte offset " + offset);
    this.offset = offset;
    this.truncated = truncated;
  }

  public long offset() {
    return offset;
  }

  public boolean truncated() {
    return truncated;
  }
}
