package io.restis.persistence;

import java.io.IOException;

/**
 * A persistence file that cannot be loaded: the server refuses to start rather than run on part
 * of its data. The message names the file and the byte offset.
 */
public final class CorruptFileException extends IOException {

  private final String file;
  private final long offset;

  public CorruptFileException(String file, String reason, long offset) {
    super(file + ": " + reason + (reason.contains("at byte offset") ? "" : " at byte offset " + offset));
    this.file = file;
    this.offset = offset;
  }

  public String file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}
