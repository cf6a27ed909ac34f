package io.restis.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the command endpoint: writes arrays of strings, reads any value into
 * String, Long, Double, Boolean, null, List and Map. Written here so the test depends on no JSON
 * library version and sees exactly what went over the wire.
 */
final class Json {

  private Json() {}

  static String commands(List<List<String>> commands) {
    StringBuilder sb = new StringBuilder(commands.size() * 32);
    sb.append('[');
    for (int i = 0; i < commands.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      strings(sb, commands.get(i));
    }
    return sb.append(']').toString();
  }

  private static void strings(StringBuilder sb, List<String> argv) {
    sb.append('[');
    for (int j = 0; j < argv.size(); j++) {
      if (j > 0) {
        sb.append(',');
      }
      quote(sb, argv.get(j));
    }
    sb.append(']');
  }

  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  static Object parse(String text) {
    Json.Reader r = new Json.Reader(text);
    Object v = r.value();
    r.skipWs();
    if (r.pos != text.length()) {
      throw r.error("trailing characters");
    }
    return v;
  }

  private static final class Reader {
    final String s;
    int pos;

    Reader(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String what) {
      int from = Math.max(0, pos - 40);
      return new IllegalArgumentException(what + " at " + pos + " near: " + s.substring(from, Math.min(s.length(), pos + 40)));
    }

    void skipWs() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    Object value() {
      skipWs();
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        case 't':
          expect("true");
          return Boolean.TRUE;
        case 'f':
          expect("false");
          return Boolean.FALSE;
        case 'n':
          expect("null");
          return null;
        default:
          return number();
      }
    }

    void expect(String word) {
      if (!s.startsWith(word, pos)) {
        throw error("expected " + word);
      }
      pos += word.length();
    }

    Map<String, Object> object() {
      Map<String, Object> m = new LinkedHashMap<>();
      pos++;
      skipWs();
      if (s.charAt(pos) == '}') {
        pos++;
        return m;
      }
      while (true) {
        skipWs();
        String k = string();
        skipWs();
        if (s.charAt(pos++) != ':') {
          throw error("expected :");
        }
        m.put(k, value());
        skipWs();
        char c = s.charAt(pos++);
        if (c == '}') {
          return m;
        }
        if (c != ',') {
          throw error("expected , or }");
        }
      }
    }

    List<Object> array() {
      List<Object> l = new ArrayList<>();
      pos++;
      skipWs();
      if (s.charAt(pos) == ']') {
        pos++;
        return l;
      }
      while (true) {
        l.add(value());
        skipWs();
        char c = s.charAt(pos++);
        if (c == ']') {
          return l;
        }
        if (c != ',') {
          throw error("expected , or ]");
        }
      }
    }

    String string() {
      if (s.charAt(pos) != '"') {
        throw error("expected string");
      }
      pos++;
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = s.charAt(pos++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> sb.append(e);
        }
      }
    }

    Object number() {
      int start = pos;
      while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      String n = s.substring(start, pos);
      if (n.isEmpty()) {
        throw error("unexpected character");
      }
      if (n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0) {
        return Long.parseLong(n);
      }
      return Double.parseDouble(n);
    }
  }
}
