package io.restis.diff;

import java.io.IOException;
import java.util.List;

/** A redis-server spoken to over RESP. */
final class RespTarget implements Target {

  private final String name;
  private final RespClient client;

  RespTarget(String name, RespClient client) {
    this.name = name;
    this.client = client;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Object> run(List<List<String>> commands) throws IOException {
    return client.pipeline(commands);
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
