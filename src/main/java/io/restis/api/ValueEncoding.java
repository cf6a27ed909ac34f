package io.restis.api;

import io.restis.engine.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * How the REST resources carry keys, values, members and fields inside JSON: the
 * {@code encoding} query parameter of every resource operation.
 *
 * <ul>
 *   <li>{@code utf8} (the default): JSON strings are the text of the bytes. Request strings are
 *       stored as their UTF-8 bytes; stored bytes are answered decoded as UTF-8, so bytes that are
 *       not UTF-8 come back altered (U+FFFD).
 *   <li>{@code base64}: JSON strings are standard padded base64 of the bytes, both ways: exact for
 *       any binary value.
 * </ul>
 *
 * <p>Keys in the path are never base64: they are percent-encoded bytes. The constants are lower
 * case because they are what the query parameter says.
 */
public enum ValueEncoding {
  utf8,
  base64;

  /**
   * The bytes a request string stands for.
   *
   * @param field where the string came from, for the detail of a 400 on invalid base64
   */
  public byte[] decode(String value, String field) {
    if (this == utf8) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalidRequest(field + " is not valid base64 (encoding=base64): " + e.getMessage());
    }
  }

  /** Decodes each string of a list; the field names carry the index ({@code values[2]}). */
  public List<byte[]> decodeAll(List<String> values, String field) {
    List<byte[]> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      out.add(decode(values.get(i), field + "[" + i + "]"));
    }
    return out;
  }

  /** The JSON string for stored bytes; null stays null. */
  public String encode(byte[] value) {
    if (value == null) {
      return null;
    }
    return this == utf8 ? new String(value, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(value);
  }

  /** A bulk reply (null for nil) or a status reply as a JSON string. */
  public String encode(Reply reply) {
    if (reply instanceof Reply.Bulk b) {
      return encode(b.value());
    }
    if (reply instanceof Reply.Status s) {
      return encode(s.text().getBytes(StandardCharsets.UTF_8));
    }
    throw new IllegalStateException("not a string reply: " + reply);
  }

  /** An array reply of strings; a nil array is an empty list. */
  public List<String> encodeAll(Reply reply) {
    List<Reply> items = Replies.items(reply);
    List<String> out = new ArrayList<>(items.size());
    for (Reply r : items) {
      out.add(encode(r));
    }
    return out;
  }
}
