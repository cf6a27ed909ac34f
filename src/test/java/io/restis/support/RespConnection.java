package io.restis.support;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The tests' one RESP2 client, on one socket to a redis-server: commands go out as arrays of bulk
 * strings (written here alone), replies are read by a {@link RespReader} in the caller's {@link
 * RespReader.Shape}.
 *
 * <p>Writes are buffered and only go out at {@link #flush()}: a caller may write a whole batch and
 * then read one reply per command (pipelining). Redis buffers the replies, so the two directions
 * cannot deadlock on the batches the tests send.
 */
public final class RespConnection implements AutoCloseable {

  private static final int READ_TIMEOUT_MS = 60_000;
  private static final byte[] CRLF = {'\r', '\n'};

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final RespReader reader;

  public RespConnection(String host, int port, RespReader.Shape shape) throws IOException {
    socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      reader = new RespReader(in, shape);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  public RespConnection(int port, RespReader.Shape shape) throws IOException {
    this("127.0.0.1", port, shape);
  }

  /** Sends one command and reads its reply. */
  public Object call(Object... argv) throws IOException {
    write(Arrays.asList(argv));
    flush();
    return read();
  }

  /**
   * Buffers one command; each argument a {@code byte[]} as it is, anything else as the UTF-8 of
   * its {@code String.valueOf}.
   */
  public void write(List<?> argv) throws IOException {
    writeHeader('*', argv.size());
    for (Object a : argv) {
      byte[] b = a instanceof byte[] bytes ? bytes : String.valueOf(a).getBytes(StandardCharsets.UTF_8);
      writeHeader('$', b.length);
      out.write(b);
      out.write(CRLF);
    }
  }

  public void flush() throws IOException {
    out.flush();
  }

  /** Reads the next reply, in this connection's shape. */
  public Object read() throws IOException {
    return reader.read();
  }

  /**
   * The next reply if one starts within {@code millis}, else null; the connection stays usable
   * either way (a reply that starts in time is read whole, under the usual timeout).
   */
  public Object readWithin(long millis) throws IOException {
    try {
      socket.setSoTimeout((int) millis);
      in.mark(1);
      if (in.read() < 0) {
        throw new EOFException("connection closed by redis-server");
      }
      in.reset();
    } catch (SocketTimeoutException e) {
      return null;
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(READ_TIMEOUT_MS);
      }
    }
    return read();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void writeHeader(char type, long n) throws IOException {
    out.write(type);
    out.write(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
    out.write(CRLF);
  }
}
