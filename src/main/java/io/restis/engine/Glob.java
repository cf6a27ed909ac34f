package io.restis.engine;

/**
 * Redis's glob matcher ({@code stringmatchlen}), byte for byte: {@code *}, {@code ?},
 * {@code [abc]}, {@code [^a-z]}, backslash escapes, the same treatment of an unclosed bracket, and
 * the same cut-off that keeps {@code a*a*a*...b} patterns from going exponential. Used by KEYS,
 * SCAN MATCH, and later by ACL key patterns and pub/sub channel patterns.
 */
public final class Glob {

  private Glob() {}

  public static boolean matches(byte[] pattern, byte[] string) {
    return match(pattern, 0, pattern.length, string, 0, string.length, false, new boolean[1]);
  }

  public static boolean matchesIgnoreCase(byte[] pattern, byte[] string) {
    return match(pattern, 0, pattern.length, string, 0, string.length, true, new boolean[1]);
  }

  private static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  private static boolean match(byte[] pat, int p, int plen, byte[] str, int s, int slen, boolean nocase,
      boolean[] skipLonger) {
    while (plen > 0 && slen > 0) {
      switch (pat[p]) {
        case '*':
          while (plen > 1 && pat[p + 1] == '*') {
            p++;
            plen--;
          }
          if (plen == 1) {
            return true;
          }
          while (slen > 0) {
            if (match(pat, p + 1, plen - 1, str, s, slen, nocase, skipLonger)) {
              return true;
            }
            if (skipLonger[0]) {
              return false;
            }
            s++;
            slen--;
          }
          skipLonger[0] = true;
          return false;
        case '?':
          s++;
          slen--;
          break;
        case '[': {
          p++;
          plen--;
          boolean not = plen > 0 && pat[p] == '^';
          if (not) {
            p++;
            plen--;
          }
          boolean matched = false;
          while (true) {
            if (plen >= 2 && pat[p] == '\\') {
              p++;
              plen--;
              if (pat[p] == str[s]) {
                matched = true;
              }
            } else if (plen == 0) {
              p--;
              plen++;
              break;
            } else if (pat[p] == ']') {
              break;
            } else if (plen >= 3 && pat[p + 1] == '-') {
              int start = pat[p];
              int end = pat[p + 2];
              int c = str[s];
              if (start > end) {
                int t = start;
                start = end;
                end = t;
              }
              if (nocase) {
                start = lower(start);
                end = lower(end);
                c = lower(c);
              }
              p += 2;
              plen -= 2;
              if (c >= start && c <= end) {
                matched = true;
              }
            } else if (nocase ? lower(pat[p]) == lower(str[s]) : pat[p] == str[s]) {
              matched = true;
            }
            p++;
            plen--;
          }
          if (not) {
            matched = !matched;
          }
          if (!matched) {
            return false;
          }
          s++;
          slen--;
          break;
        }
        case '\\':
          if (plen >= 2) {
            p++;
            plen--;
          }
          // fall through
        default:
          if (nocase ? lower(pat[p]) != lower(str[s]) : pat[p] != str[s]) {
            return false;
          }
          s++;
          slen--;
          break;
      }
      p++;
      plen--;
      if (slen == 0) {
        while (plen > 0 && pat[p] == '*') {
          p++;
          plen--;
        }
        break;
      }
    }
    return plen == 0 && slen == 0;
  }
}
