package io.restis.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The conditional request headers of RFC 9110 over a key's version, the HTTP form of WATCH.
 *
 * <p>A key's entity tag is its version as a strong ETag, {@code "<version>"} ({@link #etag}); a
 * key that does not exist has none. {@code If-Match} holds when the key exists and its tag is
 * listed (strong comparison: a weak tag never matches), {@code If-Match: *} when it exists at all.
 * {@code If-None-Match} holds when the key's tag is not listed (weak comparison),
 * {@code If-None-Match: *} when the key does not exist. If-Match is evaluated first; a failed
 * If-None-Match means 304 Not Modified on a read and 412 Precondition Failed on a write.
 *
 * <p>{@link #evaluate} is a pure function of the version, cheap enough to run under the engine's
 * lock, which is where {@link ResourceCommands} runs it.
 */
public final class Preconditions {

  /** No conditions: every version passes. */
  public static final Preconditions NONE = new Preconditions(null, null);

  /** The outcome of evaluating the conditions against a version. */
  public enum Verdict {
    PASS,
    /** If-None-Match failed on a read: answer 304. */
    NOT_MODIFIED,
    /** A condition failed on a write (or If-Match on a read): answer 412. */
    FAILED
  }

  private final Condition ifMatch;
  private final Condition ifNoneMatch;

  private Preconditions(Condition ifMatch, Condition ifNoneMatch) {
    this.ifMatch = ifMatch;
    this.ifNoneMatch = ifNoneMatch;
  }

  /**
   * Parses the two header values (null when absent).
   *
   * @throws ProblemException 400 when a header is not a list of entity tags
   */
  public static Preconditions parse(String ifMatch, String ifNoneMatch) {
    if (ifMatch == null && ifNoneMatch == null) {
      return NONE;
    }
    return new Preconditions(Condition.parse("If-Match", ifMatch), Condition.parse("If-None-Match", ifNoneMatch));
  }

  /** The strong ETag of a version: the number in double quotes. */
  public static String etag(long version) {
    return "\"" + version + "\"";
  }

  public boolean isEmpty() {
    return ifMatch == null && ifNoneMatch == null;
  }

  /**
   * Evaluates the conditions against the key's version (0 when the key does not exist).
   *
   * @param read whether the request is a read (GET or HEAD), for which a failed If-None-Match is a
   *     304 rather than a 412
   */
  public Verdict evaluate(long version, boolean read) {
    if (ifMatch != null && !ifMatch.matches(version, true)) {
      return Verdict.FAILED;
    }
    if (ifNoneMatch != null && ifNoneMatch.matches(version, false)) {
      return read ? Verdict.NOT_MODIFIED : Verdict.FAILED;
    }
    return Verdict.PASS;
  }

  /** One header: {@code *} or a list of tags; tags that are not versions match nothing. */
  private static final class Condition {
    final boolean any;
    final List<Long> strong = new ArrayList<>();
    final List<Long> weak = new ArrayList<>();

    private Condition(boolean any) {
      this.any = any;
    }

    /** Whether the version is listed; never for an absent key (version 0) except by nothing. */
    boolean matches(long version, boolean strongComparison) {
      if (version == 0) {
        return false;
      }
      if (any) {
        return true;
      }
      return strong.contains(version) || !strongComparison && weak.contains(version);
    }

    static Condition parse(String header, String value) {
      if (value == null) {
        return null;
      }
      String v = value.trim();
      if (v.equals("*")) {
        return new Condition(true);
      }
      Condition c = new Condition(false);
      int i = 0;
      int n = v.length();
      while (i < n) {
        boolean weak = v.startsWith("W/", i);
        if (weak) {
          i += 2;
        }
        if (i >= n || v.charAt(i) != '"') {
          throw invalid(header, value);
        }
        int close = v.indexOf('"', i + 1);
        if (close < 0) {
          throw invalid(header, value);
        }
        Long version = version(v.substring(i + 1, close));
        if (version != null) {
          (weak ? c.weak : c.strong).add(version);
        }
        i = close + 1;
        while (i < n && (v.charAt(i) == ' ' || v.charAt(i) == '\t')) {
          i++;
        }
        if (i < n) {
          if (v.charAt(i) != ',') {
            throw invalid(header, value);
          }
          i++;
          while (i < n && (v.charAt(i) == ' ' || v.charAt(i) == '\t')) {
            i++;
          }
          if (i >= n) {
            throw invalid(header, value);
          }
        }
      }
      if (c.strong.isEmpty() && c.weak.isEmpty() && v.isEmpty()) {
        throw invalid(header, value);
      }
      return c;
    }

    /** The version a tag names, or null for a tag that cannot be one of ours. */
    private static Long version(String opaque) {
      if (opaque.isEmpty() || opaque.length() > 19) {
        return null;
      }
      for (int i = 0; i < opaque.length(); i++) {
        if (opaque.charAt(i) < '0' || opaque.charAt(i) > '9') {
          return null;
        }
      }
      try {
        long v = Long.parseLong(opaque);
        return v > 0 ? v : null;
      } catch (NumberFormatException e) {
        return null; // past Long.MAX_VALUE
      }
    }

    private static ProblemException invalid(String header, String value) {
      return ProblemException.invalidRequest(header + " must be * or a list of entity tags such as \"42\", got '"
          + value + "'");
    }
  }
}
