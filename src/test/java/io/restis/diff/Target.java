package io.restis.diff;

import java.util.List;

/**
 * One side of the comparison: something that runs a batch of commands in order and answers one
 * plain reply per command (String, Long, null, List, {@link Err}).
 */
interface Target extends AutoCloseable {

  String name();

  List<Object> run(List<List<String>> commands) throws Exception;

  @Override
  default void close() throws Exception {}
}
