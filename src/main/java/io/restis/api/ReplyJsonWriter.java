package io.restis.api;

import io.restis.engine.Reply;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.Base64Variants;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes engine replies as Upstash JSON with a streaming generator, straight to the response.
 *
 * <p>The RESP2 shapes map as the Upstash REST API maps them: status and bulk replies are strings
 * (bulk bytes decoded as UTF-8), integers are numbers, arrays are arrays, a nil bulk and a nil
 * array are {@code null} (always written, never dropped), and an error nested in an array (an EXEC
 * answer) is an {@code {"error": "..."}} object in its place. A top-level reply is wrapped as
 * {@code {"result": ...}} or {@code {"error": "..."}}.
 *
 * <p>With {@link Encoding#BASE64} (the {@code Upstash-Encoding: base64} request header, which the
 * SDK always sends) every string in a result is standard padded base64 of its bytes, status replies
 * included; numbers and nulls stay as they are, and error texts are never encoded.
 */
public final class ReplyJsonWriter {

  /** How strings in results are written. */
  public enum Encoding {
    /** Strings as text, bulk bytes decoded as UTF-8 (invalid sequences become U+FFFD). */
    TEXT,
    /** Strings as standard padded base64 of their bytes: exact for binary values. */
    BASE64;

    /** The encoding an {@code Upstash-Encoding} request header asks for (null when absent). */
    public static Encoding fromHeader(String header) {
      return header != null && "base64".equals(header.trim().toLowerCase(Locale.ROOT)) ? BASE64 : TEXT;
    }
  }

  private static final JsonFactory JSON = JsonFactory.builder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET) // the servlet container owns the stream
      // Nor is the stream flushed when a reply is done: every reply written here is the whole
      // answer, so the container sends it when the request ends, with a Content-Length when it
      // fits its buffer (one write) instead of a chunk now and the closing chunk later.
      .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
      .build();

  /** {@code {"result": ...}} or, for an error reply, {@code {"error": "..."}}. */
  public void writeResult(OutputStream out, Reply reply, Encoding encoding) {
    try (JsonGenerator g = generator(out)) {
      writeItem(g, reply, encoding);
    }
  }

  /** An array of {@code {"result": ...}} / {@code {"error": "..."}} items, one per reply. */
  public void writeResults(OutputStream out, List<Reply> replies, Encoding encoding) {
    try (JsonGenerator g = generator(out)) {
      g.writeStartArray();
      for (Reply r : replies) {
        writeItem(g, r, encoding);
      }
      g.writeEndArray();
    }
  }

  /** {@code {"error": "..."}}. */
  public void writeError(OutputStream out, String message) {
    try (JsonGenerator g = generator(out)) {
      writeErrorObject(g, message);
    }
  }

  /** One wrapped item: {@code {"result": ...}} or {@code {"error": "..."}}. */
  public void writeItem(JsonGenerator g, Reply reply, Encoding encoding) {
    if (reply instanceof Reply.Error e) {
      writeErrorObject(g, e.message());
      return;
    }
    g.writeStartObject();
    g.writeName("result");
    writeValue(g, reply, encoding);
    g.writeEndObject();
  }

  /** A reply as a bare JSON value, for writers that wrap it their own way. */
  public void writeValue(JsonGenerator g, Reply reply, Encoding encoding) {
    if (reply instanceof Reply.Bulk b) {
      writeBytes(g, b.value(), encoding);
    } else if (reply instanceof Reply.Int i) {
      g.writeNumber(i.value());
    } else if (reply instanceof Reply.Status s) {
      if (encoding == Encoding.BASE64) {
        writeBytes(g, s.text().getBytes(StandardCharsets.UTF_8), encoding);
      } else {
        g.writeString(s.text());
      }
    } else if (reply instanceof Reply.Multi m) {
      if (m.items() == null) {
        g.writeNull();
        return;
      }
      g.writeStartArray();
      for (Reply item : m.items()) {
        if (item instanceof Reply.Error e) {
          writeErrorObject(g, e.message());
        } else {
          writeValue(g, item, encoding);
        }
      }
      g.writeEndArray();
    } else if (reply instanceof Reply.Error e) {
      writeErrorObject(g, e.message());
    } else {
      throw new IllegalArgumentException("unknown reply " + reply);
    }
  }

  private static void writeBytes(JsonGenerator g, byte[] value, Encoding encoding) {
    if (value == null) {
      g.writeNull();
    } else if (encoding == Encoding.BASE64) {
      g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, value, 0, value.length);
    } else if (isAscii(value)) {
      // The common case (keys, numbers, most values): the bytes are the text, escaped as a string
      // would be, without decoding them into a String first.
      g.writeUTF8String(value, 0, value.length);
    } else {
      g.writeString(new String(value, StandardCharsets.UTF_8));
    }
  }

  private static boolean isAscii(byte[] value) {
    for (byte b : value) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static void writeErrorObject(JsonGenerator g, String message) {
    g.writeStartObject();
    g.writeName("error");
    g.writeString(message);
    g.writeEndObject();
  }

  private static JsonGenerator generator(OutputStream out) {
    return JSON.createGenerator(ObjectWriteContext.empty(), out);
  }
}
