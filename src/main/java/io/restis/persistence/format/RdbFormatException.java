package io.restis.persistence.format;

import java.io.IOException;

/** A malformed RDB stream: the reason and the byte offset where reading went wrong. */
public final class RdbFormatException extends IOException {

  private final long offset;

  public RdbFormatException(String reason, long offset) {
    super(reason + " at byte offset " + offset);
    this.offset = offset;
  }

  public long offset() {
    return offset;
  }
}
