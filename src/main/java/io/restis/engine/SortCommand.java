package io.restis.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * SORT and SORT_RO, as Redis 7.0's sort.c answers them.
 *
 * <h2>What is sorted, and in which order ties stay</h2>
 * The elements of a list, set or sorted set are loaded into a vector, given a score (numeric
 * sort) or a comparison string (ALPHA with BY), sorted, and cut to the LIMIT window. Redis sorts
 * with the C library's qsort, which on glibc is a merge sort: elements that compare equal keep
 * their input order. That is observable (ALPHA BY a pattern whose weights are missing or equal
 * leaves a list in its own order, DESC included, since DESC negates the comparison instead of
 * reversing the result), so this class sorts with Java's stable sort. Two differences remain, both
 * where Redis's own answer is an accident of its data structures: Redis feeds a set or a sorted set
 * in its hash-table order (here: the set's iteration order and the sorted set's score order), and
 * with BY and a LIMIT narrower than the whole it uses its partial quicksort, which does not keep
 * ties in input order (here they stay stable).
 *
 * <h2>BY nosort</h2>
 * A BY pattern without '*' means "do not sort": lists and sorted sets come in their own order
 * (reversed by DESC, LIMIT applied to that order), sets in their iteration order. With STORE a
 * set is sorted ALPHA anyway, as Redis forces it, so that what is stored does not depend on hash
 * order.
 *
 * <h2>Numbers</h2>
 * A numeric sort reads each score as C's strtod does and refuses, with Redis's error, any text it
 * does not consume whole, NaN, and any value strtod flags with ERANGE: overflow, and an underflow
 * that loses precision (subnormal or zero results). Unlike the parsing of command arguments,
 * leading white space is accepted and the empty string reads as 0. Equal scores fall back to the
 * elements' byte order, which makes the numeric order total.
 *
 * <h2>Propagation</h2>
 * SORT ... STORE is logged by its result, not by its request: DEL of the destination followed by
 * an RPUSH of the stored elements (or the DEL alone when the result is empty), so that a replica
 * stores exactly this order even where the order came from a set's iteration.
 */
final class SortCommand {

  static final String NOT_DOUBLE = "ERR One or more scores can't be converted into double";

  private static final byte[] EMPTY = new byte[0];

  private SortCommand() {}

  static List<CommandSpec> specs() {
    EnumSet<AclCategory> types = EnumSet.of(AclCategory.SET, AclCategory.SORTEDSET, AclCategory.LIST,
        AclCategory.DANGEROUS);
    return List.of(
        new CommandSpec("sort", -2, EnumSet.of(CommandFlag.WRITE, CommandFlag.DENYOOM), 1, 1, 1, types,
            SortCommand::sortKeys, ctx -> sort(ctx, false)),
        CommandSpec.of("sort_ro", -2, EnumSet.of(CommandFlag.READONLY), 1, 1, 1, types,
            ctx -> sort(ctx, true)));
  }

  /**
   * The keys of SORT: the sorted key and the last STORE destination, found as Redis's
   * sortGetKeys finds them (skipping the arguments of LIMIT, GET and BY).
   */
  static int[] sortKeys(byte[][] argv) {
    if (argv.length < 2) {
      return new int[0];
    }
    int store = -1;
    for (int i = 2; i < argv.length; i++) {
      if (keyword(argv[i], "LIMIT")) {
        i += 2;
      } else if (keyword(argv[i], "GET") || keyword(argv[i], "BY")) {
        i += 1;
      } else if (keyword(argv[i], "STORE") && i + 1 < argv.length) {
        store = i + 1;
      }
    }
    return store < 0 ? new int[] {1} : new int[] {1, store};
  }

  private static boolean keyword(byte[] a, String word) {
    return new String(a, StandardCharsets.ISO_8859_1).equalsIgnoreCase(word);
  }

  /** One element of the vector being sorted: the element, its score, its comparison string. */
  private static final class Item {
    final byte[] element;
    double score;
    byte[] weight; // ALPHA with BY: the looked-up string, null when missing

    Item(byte[] element) {
      this.element = element;
    }
  }

  // SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA]
  //      [STORE destination]
  // SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA]
  private static Reply sort(CommandContext ctx, boolean readOnly) {
    boolean desc = false;
    boolean alpha = false;
    boolean dontSort = false;
    long limitStart = 0;
    long limitCount = -1;
    byte[] sortBy = null;
    Bytes store = null;
    List<byte[]> gets = new ArrayList<>();
    for (int j = 2; j < ctx.argc(); j++) {
      int left = ctx.argc() - j - 1;
      if (ctx.is(j, "ASC")) {
        desc = false;
      } else if (ctx.is(j, "DESC")) {
        desc = true;
      } else if (ctx.is(j, "ALPHA")) {
        alpha = true;
      } else if (ctx.is(j, "LIMIT") && left >= 2) {
        limitStart = ctx.longArg(j + 1);
        limitCount = ctx.longArg(j + 2);
        j += 2;
      } else if (!readOnly && ctx.is(j, "STORE") && left >= 1) {
        store = ctx.key(j + 1);
        j++;
      } else if (ctx.is(j, "BY") && left >= 1) {
        sortBy = ctx.arg(j + 1);
        if (indexOf(sortBy, (byte) '*', 0) < 0) {
          dontSort = true; // a constant pattern: nothing to sort by, and it stays so
        }
        j++;
      } else if (ctx.is(j, "GET") && left >= 1) {
        gets.add(ctx.arg(j + 1));
        j++;
      } else {
        throw Errors.syntax();
      }
    }

    Keyspace ks = ctx.keyspace();
    Entry entry = ks.lookupRead(ctx.key(1));
    Value value = entry == null ? null : entry.value();
    if (value != null && !(value instanceof ListValue || value instanceof SetValue || value instanceof ZSetValue)) {
      throw Errors.wrongType();
    }
    if (value instanceof ZSetValue z) {
      z.expand(); // Redis converts a sorted set to its skiplist encoding for good before sorting it
    }
    boolean writeLookups = store != null;
    if (dontSort && value instanceof SetValue && store != null) {
      // A set has no order of its own: what is stored must not depend on hash order.
      dontSort = false;
      alpha = true;
      sortBy = null;
    }

    int length = value == null ? 0 : (int) Math.min(Integer.MAX_VALUE, value.size());
    long start = Math.min(Math.max(limitStart, 0), length);
    long count = Math.min(Math.max(limitCount, -1), length);
    long end = count < 0 ? length - 1 : start + count - 1;
    if (start >= length) {
      start = length - 1;
      end = length - 2;
    }
    if (end >= length) {
      end = length - 1;
    }

    List<Item> vector;
    boolean ordered = value instanceof ListValue || value instanceof ZSetValue;
    if (ordered && dontSort) {
      // Already in order: load just the window, walking from the tail for DESC.
      vector = new ArrayList<>();
      if (end >= start) {
        for (byte[] e : window(value, start, end - start + 1, desc)) {
          vector.add(new Item(e));
        }
      }
      end -= start;
      start = 0;
    } else {
      vector = new ArrayList<>(length);
      if (value != null) {
        for (byte[] e : all(value)) {
          vector.add(new Item(e));
        }
      }
    }

    boolean conversionError = false;
    if (!dontSort) {
      for (Item item : vector) {
        byte[] by;
        if (sortBy != null) {
          by = lookupByPattern(ks, sortBy, item.element, writeLookups);
          if (by == null) {
            continue; // missing weight: score 0, or the smallest string
          }
        } else {
          by = item.element;
        }
        if (alpha) {
          if (sortBy != null) {
            item.weight = by;
          }
        } else {
          Double d = strtod(by);
          if (d == null) {
            conversionError = true;
          } else {
            item.score = d;
          }
        }
      }
      if (!conversionError) {
        vector.sort(comparator(alpha, sortBy != null, store != null, desc));
      }
    }

    if (conversionError) {
      throw new CommandException(NOT_DOUBLE);
    }
    int first = (int) start;
    int last = (int) end;
    long outputLength = gets.isEmpty() ? last - first + 1 : (long) gets.size() * (last - first + 1);
    if (store == null) {
      List<Reply> out = new ArrayList<>((int) Math.max(0, outputLength));
      for (int j = first; j <= last; j++) {
        byte[] element = vector.get(j).element;
        if (gets.isEmpty()) {
          out.add(Reply.bulk(element));
        }
        for (byte[] pattern : gets) {
          out.add(Reply.bulk(lookupByPattern(ks, pattern, element, false)));
        }
      }
      return Reply.array(out);
    }

    List<byte[]> stored = new ArrayList<>((int) Math.max(0, outputLength));
    for (int j = first; j <= last; j++) {
      byte[] element = vector.get(j).element;
      if (gets.isEmpty()) {
        stored.add(element);
      }
      for (byte[] pattern : gets) {
        byte[] v = lookupByPattern(ks, pattern, element, true);
        stored.add(v == null ? EMPTY : v); // a list cannot hold nil: Redis stores ""
      }
    }
    if (!stored.isEmpty()) {
      ListValue list = new ListValue();
      for (byte[] e : stored) {
        list.pushRight(e);
      }
      ks.set(store, list, false);
      ctx.notify(KeyspaceEvents.LIST, "sortstore", store);
      ctx.dirty(stored.size());
      ctx.propagate("DEL", store);
      Object[] rpush = new Object[stored.size() + 2];
      rpush[0] = "RPUSH";
      rpush[1] = store;
      for (int i = 0; i < stored.size(); i++) {
        rpush[i + 2] = stored.get(i);
      }
      ctx.propagate(rpush);
    } else if (ks.delete(store)) {
      ctx.notify(KeyspaceEvents.GENERIC, "del", store);
      ctx.dirty();
      ctx.propagate("DEL", store);
    }
    return Reply.integer(stored.size());
  }

  /**
   * Redis's sortCompare: scores (ties by the elements' bytes), or strings. Strings compare as
   * strcoll does under the C locale, up to the first NUL byte, except when storing, where Redis
   * compares the full binary strings; a missing weight is smaller than any present one.
   */
  private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean storing, boolean desc) {
    Comparator<Item> c;
    if (!alpha) {
      c = (a, b) -> {
        // < and > rather than Double.compare: -0 and 0 are equal, as in C
        if (a.score > b.score) {
          return 1;
        }
        if (a.score < b.score) {
          return -1;
        }
        return Bytes.compare(a.element, b.element);
      };
    } else if (byPattern) {
      c = (a, b) -> {
        if (a.weight == null || b.weight == null) {
          return a.weight == b.weight ? 0 : a.weight == null ? -1 : 1;
        }
        return storing ? Bytes.compare(a.weight, b.weight) : compareCString(a.weight, b.weight);
      };
    } else {
      c = (a, b) -> storing ? Bytes.compare(a.element, b.element) : compareCString(a.element, b.element);
    }
    return desc ? (a, b) -> -c.compare(a, b) : c;
  }

  /** strcmp: unsigned bytes up to the first NUL of either string. */
  private static int compareCString(byte[] a, byte[] b) {
    int la = cLength(a);
    int lb = cLength(b);
    return Arrays.compareUnsigned(a, 0, la, b, 0, lb);
  }

  private static int cLength(byte[] a) {
    int n = indexOf(a, (byte) 0, 0);
    return n < 0 ? a.length : n;
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Redis's lookupKeyByPattern: "#" is the element itself; otherwise the first '*' of the pattern
   * is replaced by the element to name a key, which must hold a string, or, when "->field" follows
   * the '*' with a non-empty field, a hash whose field is read. Null when there is no such value,
   * and always for a pattern without '*'. The pattern is read as a C string, up to a NUL byte.
   */
  static byte[] lookupByPattern(Keyspace ks, byte[] pattern, byte[] element, boolean forWrite) {
    int plen = cLength(pattern);
    if (plen == 1 && pattern[0] == '#') {
      return element;
    }
    int star = -1;
    for (int i = 0; i < plen; i++) {
      if (pattern[i] == '*') {
        star = i;
        break;
      }
    }
    if (star < 0) {
      return null;
    }
    int arrow = -1;
    for (int i = star + 1; i + 1 < plen; i++) {
      if (pattern[i] == '-' && pattern[i + 1] == '>') {
        arrow = i;
        break;
      }
    }
    boolean hashField = arrow >= 0 && arrow + 2 < plen;
    // The key takes the full pattern length after the '*' (NULs included), as Redis copies by sds
    // length; only the searches above stop at a NUL.
    int suffixEnd = hashField ? arrow : pattern.length;
    byte[] key = new byte[star + element.length + (suffixEnd - star - 1)];
    System.arraycopy(pattern, 0, key, 0, star);
    System.arraycopy(element, 0, key, star, element.length);
    System.arraycopy(pattern, star + 1, key, star + element.length, suffixEnd - star - 1);
    Bytes k = Bytes.wrap(key);
    Entry e = forWrite ? ks.lookupWrite(k) : ks.lookupRead(k);
    if (e == null) {
      return null;
    }
    if (hashField) {
      if (!(e.value() instanceof HashValue h)) {
        return null;
      }
      byte[] field = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
      return hashGet(h, field);
    }
    return e.value() instanceof StringValue s ? s.bytes() : null;
  }

  // ---------------------------------------------------------------- strtod

  private static final Pattern STRTOD = Pattern.compile(
      "[ \\t\\n\\u000b\\f\\r]*[+-]?("
          + "(?i:inf|infinity)"
          + "|0[xX](?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?"
          + "|(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)");

  /**
   * C's strtod as sort.c checks it: the whole C string consumed, no NaN, no ERANGE. Returns null
   * when Redis would refuse the score.
   */
  static Double strtod(byte[] bytes) {
    int len = cLength(bytes);
    if (len == 0) {
      return 0.0; // no conversion, and the end pointer is at the terminator: accepted as 0
    }
    String s = new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
    if (!STRTOD.matcher(s).matches()) {
      return null;
    }
    String t = s.strip(); // only C's white space can be there: the pattern let nothing else through
    boolean negative = t.charAt(0) == '-';
    String body = t.charAt(0) == '-' || t.charAt(0) == '+' ? t.substring(1) : t;
    char c0 = Character.toLowerCase(body.charAt(0));
    if (c0 == 'i') {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    boolean hex = body.length() > 1 && (body.charAt(1) == 'x' || body.charAt(1) == 'X');
    double d = Double.parseDouble(hex && body.indexOf('p') < 0 && body.indexOf('P') < 0 ? body + "p0" : body);
    if (Double.isInfinite(d)) {
      return null; // ERANGE: overflow
    }
    if (d == 0) {
      if (hasNonZeroDigit(body, hex)) {
        return null; // ERANGE: a non-zero value underflowed to zero
      }
    } else if (d < Double.MIN_NORMAL) {
      // subnormal: ERANGE unless the text is exactly representable
      BigDecimal exact = hex ? exactHex(body) : new BigDecimal(body);
      if (new BigDecimal(d).compareTo(exact) != 0) {
        return null;
      }
    }
    return negative ? -d : d;
  }

  /** True when the significand (the part before the exponent) has a non-zero digit. */
  private static boolean hasNonZeroDigit(String body, boolean hex) {
    for (int i = hex ? 2 : 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (hex ? c == 'p' || c == 'P' : c == 'e' || c == 'E') {
        return false;
      }
      if (c != '0' && c != '.') {
        return true;
      }
    }
    return false;
  }

  /** The exact value of a hexadecimal float body ("0x1.8p3"), for the underflow check. */
  private static BigDecimal exactHex(String body) {
    String s = body.substring(2);
    int p = Math.max(s.indexOf('p'), s.indexOf('P'));
    long exp = 0;
    if (p >= 0) {
      String e = s.substring(p + 1);
      // exponents beyond any double's range: clamp, the value is then zero or infinite anyway
      exp = e.length() > 8 ? (e.startsWith("-") ? -100_000 : 100_000) : Long.parseLong(e.replace("+", ""));
      s = s.substring(0, p);
    }
    int dot = s.indexOf('.');
    String digits = dot < 0 ? s : s.substring(0, dot) + s.substring(dot + 1);
    if (dot >= 0) {
      exp -= 4L * (s.length() - dot - 1);
    }
    BigInteger mantissa = digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, 16);
    BigDecimal m = new BigDecimal(mantissa);
    if (exp >= 0) {
      return m.multiply(new BigDecimal(BigInteger.TWO.pow((int) Math.min(exp, 100_000))));
    }
    return m.divide(new BigDecimal(BigInteger.TWO.pow((int) Math.min(-exp, 100_000))));
  }

  // ---------------------------------------------------------------- the types

  /** Every element in the value's own order: a list's, a set's iteration, a sorted set's scores. */
  private static List<byte[]> all(Value v) {
    if (v instanceof ListValue l) {
      return l.range(0, -1);
    }
    List<byte[]> out = new ArrayList<>((int) v.size());
    if (v instanceof SetValue set) {
      for (Bytes m : set.members()) {
        out.add(m.bytes());
      }
    } else {
      for (ZSetValue.Element e : ((ZSetValue) v).elements()) {
        out.add(e.member().bytes());
      }
    }
    return out;
  }

  /** count elements of a list or sorted set from position start, counted from the tail for desc. */
  private static List<byte[]> window(Value v, long start, long count, boolean desc) {
    if (v instanceof ListValue l) {
      if (!desc) {
        return l.range(start, start + count - 1);
      }
      long size = l.size();
      List<byte[]> out = new ArrayList<>(l.range(size - start - count, size - start - 1));
      Collections.reverse(out);
      return out;
    }
    List<byte[]> out = new ArrayList<>((int) count);
    for (ZSetValue.Element e : ((ZSetValue) v).rangeByRank(start, start + count - 1, desc)) {
      out.add(e.member().bytes());
    }
    return out;
  }

  private static byte[] hashGet(HashValue h, byte[] field) {
    return h.get(Bytes.wrap(field));
  }
}
