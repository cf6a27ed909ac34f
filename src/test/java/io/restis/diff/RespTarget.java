package io.restis.diff;

import io.restis.support.RespConnection;
import io.restis.support.RespReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server spoken to over RESP, its replies in the same plain shapes the HTTP endpoint's JSON
 * gives: String for bulk and status replies, Long for integers, null for nil (bulk or array), List
 * for arrays, and {@link Err} for errors. A whole batch is written before any reply is read
 * (pipelining).
 */
final class RespTarget implements Target {

  private static final RespReader.Shape SHAPE = RespReader.Shape.text(Err::new);

  private final String name;
  private final RespConnection resp;

  RespTarget(String name, int port) throws IOException {
    this.name = name;
    this.resp = new RespConnection(port, SHAPE);
  }

  @Override
  public String name() {
    return name;
  }

  /** Sends the commands in one write and reads one reply per command. */
  @Override
  public List<Object> run(List<List<String>> commands) throws IOException {
    for (List<String> argv : commands) {
      resp.write(argv);
    }
    resp.flush();
    List<Object> replies = new ArrayList<>(commands.size());
    for (int i = 0; i < commands.size(); i++) {
      replies.add(resp.read());
    }
    return replies;
  }

  @Override
  public void close() throws IOException {
    resp.close();
  }
}
