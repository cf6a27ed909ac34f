package io.restis.persistence;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis's save points: {@code "3600 1 300 100 60 10000"} means save after 3600 s if at least one
 * key changed, after 300 s if at least 100 changed, after 60 s if at least 10000 changed.
 */
public record SavePoints(List<Point> points) {

  public record Point(long seconds, long changes) {}

  public static SavePoints parse(String text) {
    String t = text.trim();
    List<Point> out = new ArrayList<>();
    if (t.isEmpty()) {
      return new SavePoints(out);
    }
    String[] words = t.split("\\s+");
    if (words.length % 2 != 0) {
      throw new IllegalArgumentException("Invalid save parameters: '" + text + "' (seconds/changes pairs expected)");
    }
    for (int i = 0; i < words.length; i += 2) {
      try {
        long seconds = Long.parseLong(words[i]);
        long changes = Long.parseLong(words[i + 1]);
        if (seconds < 1 || changes < 0) {
          throw new NumberFormatException();
        }
        out.add(new Point(seconds, changes));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid save parameters: '" + words[i] + " " + words[i + 1] + "'");
      }
    }
    return new SavePoints(List.copyOf(out));
  }

  public boolean isEmpty() {
    return points.isEmpty();
  }

  /** Whether a save is due: some point's changes reached and its time passed. */
  public boolean due(long changes, long millisSinceLastSave) {
    for (Point p : points) {
      if (changes >= p.changes() && millisSinceLastSave > p.seconds() * 1000) {
        return true;
      }
    }
    return false;
  }
}
