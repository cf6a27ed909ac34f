package io.restis.engine;

/**
 * The shared arguments of SCAN, SSCAN, HSCAN and ZSCAN: a cursor, then MATCH pattern, COUNT n and
 * (SCAN only) TYPE name, in any order, as Redis's scanGenericCommand parses them.
 *
 * @param cursor the unsigned cursor
 * @param pattern the MATCH pattern, or null for all
 * @param count how many elements to aim for per call (default 10)
 * @param type the TYPE filter name as given, or null
 */
public record ScanArgs(long cursor, byte[] pattern, long count, String type) {

  /**
   * Parses from argv: the cursor at {@code cursorIndex}, options after it.
   *
   * @param allowType whether TYPE is accepted (SCAN only)
   */
  public static ScanArgs parse(CommandContext ctx, int cursorIndex, boolean allowType) {
    long cursor = parseCursor(ctx.arg(cursorIndex));
    byte[] pattern = null;
    long count = 10;
    String type = null;
    for (int i = cursorIndex + 1; i < ctx.argc(); i += 2) {
      boolean hasValue = i + 1 < ctx.argc();
      if (ctx.is(i, "COUNT") && hasValue) {
        count = ctx.longArg(i + 1);
        if (count < 1) {
          throw Errors.syntax();
        }
      } else if (ctx.is(i, "MATCH") && hasValue) {
        pattern = ctx.arg(i + 1);
        if (pattern.length == 1 && pattern[0] == '*') {
          pattern = null; // matches everything: skip the matcher
        }
      } else if (allowType && ctx.is(i, "TYPE") && hasValue) {
        type = ctx.str(i + 1);
      } else {
        throw Errors.syntax();
      }
    }
    return new ScanArgs(cursor, pattern, count, type);
  }

  /**
   * Redis parses the cursor with strtoul and rejects only a leading space, trailing garbage and
   * overflow: so "" is 0, a '+' is allowed, leading zeros are allowed, and "-n" wraps to 2^64 - n.
   */
  static long parseCursor(byte[] a) {
    int i = 0;
    boolean negative = false;
    if (a.length > 0 && (a[0] == '+' || a[0] == '-')) {
      negative = a[0] == '-';
      i = 1;
      if (a.length == 1) {
        throw new CommandException("ERR invalid cursor"); // a sign without digits
      }
    }
    long v = 0;
    for (; i < a.length; i++) {
      int d = a[i] - '0';
      if (d < 0 || d > 9) {
        throw new CommandException("ERR invalid cursor");
      }
      // v * 10 + d must stay within 64 unsigned bits.
      if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
        throw new CommandException("ERR invalid cursor");
      }
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }

  /** True when the element passes MATCH. */
  public boolean matches(byte[] element) {
    return pattern == null || Glob.matches(pattern, element);
  }

  /** The cursor as SCAN replies it: unsigned decimal. */
  public static String formatCursor(long cursor) {
    return Long.toUnsignedString(cursor);
  }
}
