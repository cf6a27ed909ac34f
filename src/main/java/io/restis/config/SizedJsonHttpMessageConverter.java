package io.restis.config;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring's Jackson JSON converter, sending a small answer with its {@code Content-Length}.
 *
 * <p>Spring MVC flushes the response as soon as a body is written, before the container knows
 * how long it is: every JSON answer of the resource endpoints (a few dozen bytes, typically)
 * went out as a chunk, then a closing chunk in a second write when the request ended. Here the
 * JSON is first written to memory; an answer of up to {@link #LIMIT} bytes is then sent with its
 * length, in one write. A longer one streams as before (chunked) once past the limit, so a large
 * answer is never held whole. Only plain servlet responses are buffered: event streams and
 * other streaming outputs write straight through.
 */
final class SizedJsonHttpMessageConverter extends JacksonJsonHttpMessageConverter {

  /** Answers up to this size get a Content-Length (Tomcat's own response buffer is 8 KB). */
  static final int LIMIT = 8192;

  SizedJsonHttpMessageConverter(JsonMapper mapper) {
    super(mapper);
  }

  @Override
  protected void writeInternal(Object object, ResolvableType resolvableType, HttpOutputMessage outputMessage,
      Map<String, Object> hints) throws IOException, HttpMessageNotWritableException {
    if (outputMessage.getClass() != ServletServerHttpResponse.class) {
      super.writeInternal(object, resolvableType, outputMessage, hints);
      return;
    }
    Buffered buffered = new Buffered(outputMessage);
    super.writeInternal(object, resolvableType, buffered, hints);
    buffered.body.finish();
  }

  /** The response, with a body that holds the first {@link #LIMIT} bytes back. */
  private static final class Buffered implements HttpOutputMessage {
    final HttpOutputMessage target;
    final HoldingStream body;

    Buffered(HttpOutputMessage target) {
      this.target = target;
      this.body = new HoldingStream(target);
    }

    @Override
    public OutputStream getBody() {
      return body;
    }

    @Override
    public HttpHeaders getHeaders() {
      return target.getHeaders();
    }
  }

  /**
   * Keeps what is written until {@link #finish()} (then sent with its length) or until it
   * outgrows {@link #LIMIT} (then everything goes to the response as it comes, as without it).
   * Flushes are held back with the bytes; closing is the converter's business, not the stream's.
   */
  private static final class HoldingStream extends OutputStream {
    private final HttpOutputMessage target;
    private byte[] held = new byte[256];
    private int count;
    private OutputStream through; // the response's body once past the limit

    HoldingStream(HttpOutputMessage target) {
      this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (through != null) {
        through.write(b, off, len);
        return;
      }
      if (count + len > LIMIT) {
        through = target.getBody();
        through.write(held, 0, count);
        through.write(b, off, len);
        held = null;
        return;
      }
      if (count + len > held.length) {
        held = Arrays.copyOf(held, Math.min(LIMIT, Math.max(held.length * 2, count + len)));
      }
      System.arraycopy(b, off, held, count, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      if (through != null) {
        through.flush();
      }
    }

    @Override
    public void close() {
      // the converter's generator closes its stream; the response's body stays open
    }

    /** Sends what was held, with its length. */
    void finish() throws IOException {
      if (through == null) {
        target.getHeaders().setContentLength(count);
        target.getBody().write(held, 0, count);
      }
    }
  }
}
