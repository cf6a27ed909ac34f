package io.restis.persistence.format;

import java.io.IOException;

/** Receives what {@link RdbReader} decodes, in file order. */
public interface RdbHandler {

  default void aux(byte[] key, byte[] value) throws IOException {}

  /** A SELECTDB opcode: the keys that follow belong to this database. */
  default void database(long db, long offset) throws IOException {}

  /** The RESIZEDB hint: how many keys, and keys with a TTL, the database holds. */
  default void resizeDb(long size, long expires) throws IOException {}

  /** A function library (Redis 7 functions); Restis has no functions. */
  default void function(byte[] code, long offset) throws IOException {}

  /**
   * One key.
   *
   * @param expireAtMillis absolute unix ms, or -1
   * @param offset byte offset of the key's first byte (its expiry opcode or type), for messages
   */
  void entry(byte[] key, RdbValue value, long expireAtMillis, long offset) throws IOException;
}
