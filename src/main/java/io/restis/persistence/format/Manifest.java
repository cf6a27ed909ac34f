package io.restis.persistence.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The manifest of a Redis 7 multi-part append-only directory: which file is the base snapshot,
 * which incremental logs follow it in order, and which files are history (superseded, waiting to
 * be deleted). One line per file:
 *
 * <pre>file appendonly.aof.2.base.rdb seq 2 type b
 * file appendonly.aof.3.incr.aof seq 3 type i</pre>
 *
 * <p>Immutable: every change yields a new manifest, which is persisted (temp file, fsync, rename)
 * before the files it names are relied upon.
 */
public final class Manifest {

  public enum Type {
    BASE('b'), INCR('i'), HISTORY('h');

    final char code;

    Type(char code) {
      this.code = code;
    }

    static Type of(String s) {
      if (s.length() == 1) {
        for (Type t : values()) {
          if (t.code == s.charAt(0)) {
            return t;
          }
        }
      }
      return null;
    }
  }

  public record FileInfo(String name, long seq, Type type) {}

  private final FileInfo base;
  private final List<FileInfo> incrs;
  private final List<FileInfo> history;

  public Manifest(FileInfo base, List<FileInfo> incrs, List<FileInfo> history) {
    this.base = base;
    this.incrs = List.copyOf(incrs);
    this.history = List.copyOf(history);
  }

  public static Manifest empty() {
    return new Manifest(null, List.of(), List.of());
  }

  /** The base snapshot, or null before the first rewrite. */
  public FileInfo base() {
    return base;
  }

  /** Incremental logs in replay order. */
  public List<FileInfo> incrs() {
    return incrs;
  }

  public List<FileInfo> history() {
    return history;
  }

  /** The last incremental log, the one appended to; null when none. */
  public FileInfo lastIncr() {
    return incrs.isEmpty() ? null : incrs.get(incrs.size() - 1);
  }

  public long maxIncrSeq() {
    return incrs.isEmpty() ? 0 : lastIncr().seq();
  }

  public long baseSeq() {
    return base == null ? 0 : base.seq();
  }

  /** Base and incrementals, in replay order. */
  public List<FileInfo> live() {
    List<FileInfo> out = new ArrayList<>(incrs.size() + 1);
    if (base != null) {
      out.add(base);
    }
    out.addAll(incrs);
    return Collections.unmodifiableList(out);
  }

  public Manifest withIncr(FileInfo incr) {
    List<FileInfo> l = new ArrayList<>(incrs);
    l.add(incr);
    return new Manifest(base, l, history);
  }

  /**
   * The manifest after a rewrite: the new base, the incrementals from {@code firstKeptIncrSeq} on,
   * and the old base and older incrementals moved to history.
   */
  public Manifest rewritten(FileInfo newBase, long firstKeptIncrSeq) {
    List<FileInfo> h = new ArrayList<>(history);
    if (base != null) {
      h.add(new FileInfo(base.name(), base.seq(), Type.HISTORY));
    }
    List<FileInfo> kept = new ArrayList<>();
    for (FileInfo f : incrs) {
      if (f.seq() < firstKeptIncrSeq) {
        h.add(new FileInfo(f.name(), f.seq(), Type.HISTORY));
      } else {
        kept.add(f);
      }
    }
    return new Manifest(newBase, kept, h);
  }

  public Manifest withoutHistory() {
    return new Manifest(base, incrs, List.of());
  }

  /** The text Redis writes: base, history, then incrementals. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    if (base != null) {
      line(sb, base);
    }
    for (FileInfo f : history) {
      line(sb, f);
    }
    for (FileInfo f : incrs) {
      line(sb, f);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, FileInfo f) {
    sb.append("file ").append(quoteIfNeeded(f.name())).append(" seq ").append(f.seq())
        .append(" type ").append(f.type().code).append('\n');
  }

  /** Names with spaces or quotes are written quoted, as Redis's sdscatrepr does. */
  private static String quoteIfNeeded(String name) {
    boolean plain = !name.isEmpty();
    for (int i = 0; i < name.length() && plain; i++) {
      char c = name.charAt(i);
      plain = c > ' ' && c < 127 && c != '"' && c != '\'' && c != '\\';
    }
    if (plain) {
      return name;
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < ' ' || c == 127) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /**
   * Parses a manifest; IllegalArgumentException names the line that is wrong. As Redis's loader:
   * blank lines and {@code #} comments are skipped, one base at most, incrementals in increasing
   * sequence order.
   */
  public static Manifest parse(String text) {
    FileInfo base = null;
    List<FileInfo> incrs = new ArrayList<>();
    List<FileInfo> history = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> words = splitArgs(line, n + 1);
      if (words.size() % 2 != 0) {
        throw new IllegalArgumentException("Invalid AOF manifest file format at line " + (n + 1));
      }
      String name = null;
      Long seq = null;
      Type type = null;
      for (int i = 0; i < words.size(); i += 2) {
        String k = words.get(i);
        String v = words.get(i + 1);
        switch (k) {
          case "file" -> name = v;
          case "seq" -> {
            try {
              seq = Long.parseLong(v);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("Invalid seq '" + v + "' in AOF manifest at line " + (n + 1));
            }
          }
          case "type" -> {
            type = Type.of(v);
            if (type == null) {
              throw new IllegalArgumentException("Unknown AOF file type '" + v + "' at line " + (n + 1));
            }
          }
          default -> {
            // Unknown keys are ignored, as Redis does for forward compatibility.
          }
        }
      }
      if (name == null || seq == null || type == null) {
        throw new IllegalArgumentException("Invalid AOF manifest file format at line " + (n + 1));
      }
      if (name.contains("/")) {
        throw new IllegalArgumentException("AOF file name with a path at line " + (n + 1));
      }
      FileInfo f = new FileInfo(name, seq, type);
      switch (type) {
        case BASE -> {
          if (base != null) {
            throw new IllegalArgumentException("Found duplicate base file information at line " + (n + 1));
          }
          base = f;
        }
        case INCR -> {
          if (!incrs.isEmpty() && incrs.get(incrs.size() - 1).seq() >= seq) {
            throw new IllegalArgumentException("Found a non-monotonic sequence number at line " + (n + 1));
          }
          incrs.add(f);
        }
        case HISTORY -> history.add(f);
      }
    }
    return new Manifest(base, incrs, history);
  }

  /** Words separated by spaces, with double-quoted words and their escapes (sdssplitargs). */
  static List<String> splitArgs(String line, int lineNo) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      StringBuilder w = new StringBuilder();
      if (line.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < n) {
          char c = line.charAt(i++);
          if (c == '\\' && i < n) {
            char e = line.charAt(i++);
            switch (e) {
              case 'n' -> w.append('\n');
              case 'r' -> w.append('\r');
              case 't' -> w.append('\t');
              case 'x' -> {
                if (i + 2 > n) {
                  throw new IllegalArgumentException("Bad escape in AOF manifest at line " + lineNo);
                }
                w.append((char) Integer.parseInt(line.substring(i, i + 2), 16));
                i += 2;
              }
              default -> w.append(e);
            }
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            w.append(c);
          }
        }
        if (!closed || (i < n && !Character.isWhitespace(line.charAt(i)))) {
          throw new IllegalArgumentException("Unbalanced quotes in AOF manifest at line " + lineNo);
        }
      } else {
        while (i < n && !Character.isWhitespace(line.charAt(i))) {
          w.append(line.charAt(i++));
        }
      }
      out.add(w.toString());
    }
    return out;
  }
}
