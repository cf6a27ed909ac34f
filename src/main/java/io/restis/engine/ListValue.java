package io.restis.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A list value: a growable circular array of elements.
 *
 * <p>Why this representation. Lists are used as queues and stacks (push and pop at both ends) and
 * as capped logs (push, then trim the other end), and LINDEX, LSET and LRANGE address elements by
 * position. A circular array answers all of these directly: the ends are a head index and a size,
 * so push and pop at either end are amortized O(1) with no allocation per element, and position i
 * is {@code slots[(head + i) & mask]}, O(1). A linked list would make pops O(1) too but indexing
 * O(n), and pay a node object per element. Redis's quicklist (a linked list of packed arrays)
 * exists to save memory on pointers in C; in Java the elements are references to byte arrays
 * anyway, so one reference per element in one array is already the compact form.
 *
 * <p>Complexity. Push and pop at either end: amortized O(1). get/set by index: O(1). range: O(k)
 * for k elements returned. trim: amortized O(removed), since it only clears the slots it drops and
 * moves the head. insert: O(min(i, n - i)), shifting whichever side of position i is shorter.
 * remove: one O(n) compaction pass, however many elements it drops. Search (iteration): O(n).
 *
 * <p>Capacity is a power of two so that wrapping is a mask. It doubles when full and shrinks (to
 * the smallest power of two holding twice the elements) when fewer than a quarter of the slots are
 * used, so a list that was once large does not pin its memory. The gap between the two thresholds
 * (full, a quarter) keeps alternating push/pop at a boundary from resizing every time: a resize
 * leaves the list about half full (more than a quarter, above the minimum capacity), so reaching
 * either threshold again takes pushes or removals in proportion to the elements the next resize
 * copies. Resizing costs amortized O(1) per element pushed or removed.
 *
 * <p>Indexes in this API follow Redis: 0 is the head, -1 the tail, negative counts from the tail.
 * Elements are byte arrays shared, not copied: callers must not mutate them after handing them
 * over, and must not mutate the ones they get back (replies reference them after the lock is
 * released). Like every value, a list is guarded by the engine lock.
 */
public final class ListValue implements Value, Iterable<byte[]> {

  private static final int MIN_CAPACITY = 8;
  private static final int MAX_CAPACITY = 1 << 30;

  private byte[][] slots;
  private int head; // slot of element 0
  private int size;

  public ListValue() {
    slots = new byte[MIN_CAPACITY][];
  }

  private ListValue(byte[][] slots, int size) {
    this.slots = slots;
    this.size = size;
  }

  @Override
  public ValueType type() {
    return ValueType.LIST;
  }

  @Override
  public long size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** A copy with its own array; the elements are shared, as they are immutable. */
  @Override
  public ListValue copy() {
    byte[][] a = new byte[capacityFor(size)][];
    copyOut(a);
    return new ListValue(a, size);
  }

  // ---- ends ----

  public void pushLeft(byte[] element) {
    ensureRoom();
    head = (head - 1) & mask();
    slots[head] = element;
    size++;
  }

  public void pushRight(byte[] element) {
    ensureRoom();
    slots[(head + size) & mask()] = element;
    size++;
  }

  /** Removes and returns the head element, or null when the list is empty. */
  public byte[] popLeft() {
    if (size == 0) {
      return null;
    }
    byte[] e = slots[head];
    slots[head] = null;
    head = (head + 1) & mask();
    size--;
    maybeShrink();
    return e;
  }

  /** Removes and returns the tail element, or null when the list is empty. */
  public byte[] popRight() {
    if (size == 0) {
      return null;
    }
    int i = (head + size - 1) & mask();
    byte[] e = slots[i];
    slots[i] = null;
    size--;
    maybeShrink();
    return e;
  }

  /** Removes up to count (>= 0) elements from the head, in pop order (head first). */
  public List<byte[]> popLeft(long count) {
    int n = (int) Math.min(count, size);
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(slots[(head + i) & mask()]);
    }
    clearAndDropLeft(n);
    maybeShrink();
    return out;
  }

  /** Removes up to count (>= 0) elements from the tail, in pop order (tail first). */
  public List<byte[]> popRight(long count) {
    int n = (int) Math.min(count, size);
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(slots[(head + size - 1 - i) & mask()]);
    }
    clearAndDropRight(n);
    maybeShrink();
    return out;
  }

  // ---- positions ----

  /** The element at a Redis index (negative from the tail), or null when out of range. */
  public byte[] get(long index) {
    int i = position(index);
    return i < 0 ? null : slots[(head + i) & mask()];
  }

  /** Replaces the element at a Redis index; false when the index is out of range. */
  public boolean set(long index, byte[] element) {
    int i = position(index);
    if (i < 0) {
      return false;
    }
    slots[(head + i) & mask()] = element;
    return true;
  }

  /**
   * The elements from start to stop inclusive, Redis LRANGE semantics: negative indexes count from
   * the tail, the range is clamped to the list, and an empty list comes back when nothing is left.
   */
  public List<byte[]> range(long start, long stop) {
    long[] r = clamp(start, stop);
    if (r == null) {
      return List.of();
    }
    int from = (int) r[0];
    int n = (int) (r[1] - r[0] + 1);
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(slots[(head + from + i) & mask()]);
    }
    return out;
  }

  /**
   * Keeps only the elements from start to stop inclusive (LTRIM semantics, as {@link #range});
   * returns how many were removed. Amortized O(removed): the kept elements stay where they are.
   */
  public long trim(long start, long stop) {
    long[] r = clamp(start, stop);
    int left;
    int right;
    if (r == null) {
      left = size;
      right = 0;
    } else {
      left = (int) r[0];
      right = (int) (size - 1 - r[1]);
    }
    clearAndDropLeft(left);
    clearAndDropRight(right);
    maybeShrink();
    return (long) left + right;
  }

  /**
   * Inserts the element before or after the first occurrence of pivot (searching from the head).
   * Returns the new length, or -1 when the pivot is absent.
   */
  public long insert(byte[] pivot, byte[] element, boolean after) {
    int at = -1;
    for (int i = 0; i < size; i++) {
      if (Arrays.equals(slots[(head + i) & mask()], pivot)) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      return -1;
    }
    insertAt(after ? at + 1 : at, element);
    return size;
  }

  /**
   * Removes occurrences of element (LREM semantics): count > 0 the first count from the head,
   * count < 0 the first -count from the tail, 0 (or Long.MIN_VALUE, as in Redis) all. Returns how
   * many were removed.
   */
  public long remove(long count, byte[] element) {
    // Long.MIN_VALUE has no positive counterpart; Redis's C negation leaves it negative, which
    // never equals the removed count, so it removes every occurrence (from the tail).
    long quota = count == 0 || count == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(count);
    int removed = 0;
    int m = mask();
    if (count >= 0) {
      // Compact towards the head: r reads, w writes; nothing moves until the first match.
      int w = 0;
      for (int r = 0; r < size; r++) {
        byte[] e = slots[(head + r) & m];
        if (removed < quota && Arrays.equals(e, element)) {
          removed++;
        } else {
          if (w != r) {
            slots[(head + w) & m] = e;
          }
          w++;
        }
      }
      for (int i = w; i < size; i++) {
        slots[(head + i) & m] = null;
      }
    } else {
      // Mirror image: compact towards the tail and move the head forward.
      int w = size - 1;
      for (int r = size - 1; r >= 0; r--) {
        byte[] e = slots[(head + r) & m];
        if (removed < quota && Arrays.equals(e, element)) {
          removed++;
        } else {
          if (w != r) {
            slots[(head + w) & m] = e;
          }
          w--;
        }
      }
      for (int i = 0; i <= w; i++) {
        slots[(head + i) & m] = null;
      }
      head = (head + removed) & m;
    }
    size -= removed;
    maybeShrink();
    return removed;
  }

  // ---- iteration ----

  /** Head to tail. The list must not change while iterating. */
  @Override
  public Iterator<byte[]> iterator() {
    return new Cursor(true);
  }

  /** Tail to head. The list must not change while iterating. */
  public Iterator<byte[]> descendingIterator() {
    return new Cursor(false);
  }

  private final class Cursor implements Iterator<byte[]> {
    private final boolean forward;
    private int next; // logical index of the next element

    Cursor(boolean forward) {
      this.forward = forward;
      this.next = forward ? 0 : size - 1;
    }

    @Override
    public boolean hasNext() {
      return forward ? next < size : next >= 0;
    }

    @Override
    public byte[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      byte[] e = slots[(head + next) & mask()];
      next += forward ? 1 : -1;
      return e;
    }
  }

  // ---- internals ----

  private int mask() {
    return slots.length - 1;
  }

  /** The 0-based position of a Redis index, or -1 when out of range. */
  private int position(long index) {
    long i = index < 0 ? size + index : index;
    return i < 0 || i >= size ? -1 : (int) i;
  }

  /** {from, to} 0-based inclusive for a Redis range, or null when it selects nothing. */
  private long[] clamp(long start, long stop) {
    long n = size;
    if (start < 0) {
      start = n + start;
    }
    if (stop < 0) {
      stop = n + stop;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > stop || start >= n) {
      return null;
    }
    if (stop >= n) {
      stop = n - 1;
    }
    return new long[] {start, stop};
  }

  private void insertAt(int i, byte[] element) {
    ensureRoom();
    int m = mask();
    if (i < size - i) {
      // Shift elements 0..i-1 one slot towards the head.
      head = (head - 1) & m;
      for (int k = 0; k < i; k++) {
        slots[(head + k) & m] = slots[(head + k + 1) & m];
      }
    } else {
      // Shift elements i..size-1 one slot towards the tail.
      for (int k = size; k > i; k--) {
        slots[(head + k) & m] = slots[(head + k - 1) & m];
      }
    }
    slots[(head + i) & m] = element;
    size++;
  }

  private void clearAndDropLeft(int n) {
    int m = mask();
    for (int i = 0; i < n; i++) {
      slots[(head + i) & m] = null;
    }
    head = (head + n) & m;
    size -= n;
  }

  private void clearAndDropRight(int n) {
    int m = mask();
    for (int i = 1; i <= n; i++) {
      slots[(head + size - i) & m] = null;
    }
    size -= n;
  }

  private void ensureRoom() {
    if (size == slots.length) {
      if (slots.length == MAX_CAPACITY) {
        throw new IllegalStateException("list too long");
      }
      resize(slots.length << 1);
    }
  }

  private void maybeShrink() {
    if (slots.length > MIN_CAPACITY && size < slots.length >>> 2) {
      resize(capacityFor(size));
    }
  }

  /** The smallest power of two at least twice n, and at least the minimum. */
  private static int capacityFor(int n) {
    if (n > MAX_CAPACITY >>> 1) {
      return MAX_CAPACITY;
    }
    int want = Math.max(MIN_CAPACITY, n << 1);
    return Integer.highestOneBit(want - 1) << 1;
  }

  private void resize(int capacity) {
    byte[][] a = new byte[capacity][];
    copyOut(a);
    slots = a;
    head = 0;
  }

  /** Copies the elements in order to the start of a. */
  private void copyOut(byte[][] a) {
    int first = Math.min(size, slots.length - head);
    System.arraycopy(slots, head, a, 0, first);
    System.arraycopy(slots, 0, a, first, size - first);
  }

  /** The slot count, for tests of growth and shrinking. */
  int capacity() {
    return slots.length;
  }
}
