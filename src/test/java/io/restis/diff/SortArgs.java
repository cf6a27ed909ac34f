package io.restis.diff;

import java.util.List;
import java.util.Locale;

/**
 * The options of a SORT command, read the way Redis's sortCommand reads them, for deciding how a
 * reply may be compared. Only meaningful when the command succeeded (a bad one is compared by its
 * error text).
 */
final class SortArgs {

  boolean alpha;
  boolean store;
  boolean limit;
  /** Redis sets this for any BY pattern without '*', and it stays set even if a later BY has one. */
  boolean dontSort;
  /** The last BY pattern, or null. */
  String sortBy;
  int gets;

  static SortArgs parse(List<String> argv) {
    SortArgs s = new SortArgs();
    int argc = argv.size();
    for (int j = 2; j < argc; j++) {
      String a = argv.get(j).toUpperCase(Locale.ROOT);
      int left = argc - j - 1;
      switch (a) {
        case "ALPHA" -> s.alpha = true;
        case "LIMIT" -> {
          if (left >= 2) {
            s.limit = true;
            j += 2;
          }
        }
        case "STORE" -> {
          if (left >= 1) {
            s.store = true;
            j++;
          }
        }
        case "BY" -> {
          if (left >= 1) {
            s.sortBy = argv.get(j + 1);
            if (s.sortBy.indexOf('*') < 0) {
              s.dontSort = true;
            }
            j++;
          }
        }
        case "GET" -> {
          if (left >= 1) {
            s.gets++;
            j++;
          }
        }
        default -> {
          // a syntax error: the reply is an error and is compared as such
        }
      }
    }
    return s;
  }
}
