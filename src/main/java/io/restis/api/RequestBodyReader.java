package io.restis.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Opens request bodies under the size limit ({@code restis.limits.max-body-size}). A declared
 * Content-Length over the limit is refused before a byte is read; a chunked body is counted as it
 * streams and refused when it crosses the limit, so no request can pin more memory than that.
 */
public final class RequestBodyReader {

  private final long maxBytes;

  public RequestBodyReader(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /**
   * The body of a JSON command request. Accepted content types: none, {@code application/json}
   * (and {@code +json} types), and the two that browsers and curl send without being asked:
   * {@code text/plain} (navigator.sendBeacon with a string) and
   * {@code application/x-www-form-urlencoded} (curl -d). Any other is a 415.
   */
  public InputStream json(HttpServletRequest request) throws IOException {
    String contentType = request.getContentType();
    if (contentType != null && !contentType.isBlank() && !acceptsJson(contentType)) {
      throw CommandRequestException.unsupportedMediaType(contentType);
    }
    return open(request);
  }

  /** The whole body as bytes, whatever its content type (path-style commands take it raw). */
  public byte[] raw(HttpServletRequest request) throws IOException {
    return open(request).readAllBytes();
  }

  private InputStream open(HttpServletRequest request) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      throw CommandRequestException.tooLarge(maxBytes);
    }
    return new Limited(request.getInputStream(), maxBytes);
  }

  private static boolean acceptsJson(String contentType) {
    MediaType type;
    try {
      type = MediaType.parseMediaType(contentType);
    } catch (InvalidMediaTypeException e) {
      return false;
    }
    String subtype = type.getSubtype();
    return "application".equals(type.getType())
            && ("json".equals(subtype) || "json".equals(type.getSubtypeSuffix())
                || "x-www-form-urlencoded".equals(subtype))
        || "text".equals(type.getType()) && "plain".equals(subtype);
  }

  /**
   * Counts what is read and fails once the count passes the limit. It throws the unchecked
   * {@link CommandRequestException} rather than an IOException so that it passes through the JSON
   * parser unwrapped and reaches the exception handler as the 413 it is.
   */
  private static final class Limited extends FilterInputStream {
    private final long max;
    private long count;

    Limited(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      // One byte past the limit is enough to know the body is too large.
      int n = super.read(buf, off, (int) Math.min(len, max - count + 1));
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(Math.min(n, max - count + 1));
      count(s);
      return s;
    }

    private void count(long n) {
      count += n;
      if (count > max) {
        throw CommandRequestException.tooLarge(max);
      }
    }
  }
}
