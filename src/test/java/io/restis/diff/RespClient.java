package io.restis.diff;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The smallest RESP2 client that serves the differential test: it writes commands as arrays of bulk
 * strings and reads replies into the same plain shapes the HTTP endpoint's JSON gives: String for
 * bulk and status replies, Long for integers, null for nil (bulk or array), List for arrays, and
 * {@link Err} for errors. A whole batch is written before any reply is read (pipelining); Redis
 * buffers the replies, so the two directions cannot deadlock on batches of this size.
 */
final class RespClient implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RespClient(String host, int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), 5_000);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(60_000);
    in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
  }

  /** Sends the commands in one write and reads one reply per command. */
  List<Object> pipeline(List<List<String>> commands) throws IOException {
    for (List<String> argv : commands) {
      writeCommand(argv);
    }
    out.flush();
    List<Object> replies = new ArrayList<>(commands.size());
    for (int i = 0; i < commands.size(); i++) {
      replies.add(readReply());
    }
    return replies;
  }

  Object call(String... argv) throws IOException {
    return pipeline(List.of(List.of(argv))).get(0);
  }

  private void writeCommand(List<String> argv) throws IOException {
    writeLine('*', argv.size());
    for (String a : argv) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      writeLine('$', b.length);
      out.write(b);
      out.write('\r');
      out.write('\n');
    }
  }

  private void writeLine(char type, long n) throws IOException {
    out.write(type);
    out.write(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
    out.write('\r');
    out.write('\n');
  }

  private Object readReply() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed by redis-server");
    }
    String line = readLine();
    switch (type) {
      case '+':
        return line;
      case '-':
        return new Err(line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int len = Integer.parseInt(line);
        if (len < 0) {
          return null;
        }
        byte[] b = in.readNBytes(len);
        if (b.length != len || in.read() != '\r' || in.read() != '\n') {
          throw new IOException("truncated bulk reply");
        }
        return new String(b, StandardCharsets.UTF_8);
      }
      case '*': {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          items.add(readReply());
        }
        return items;
      }
      default:
        throw new IOException("unexpected RESP type byte " + type);
    }
  }

  private String readLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed by redis-server");
      }
      if (c == '\r') {
        if (in.read() != '\n') {
          throw new IOException("bad line ending");
        }
        return sb.toString();
      }
      sb.append((char) c);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
