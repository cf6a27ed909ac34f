package io.restis.diff;

/** An error reply, kept apart from string replies so the comparison never confuses the two. */
record Err(String text) {
  @Override
  public String toString() {
    return "(error) " + text;
  }
}
