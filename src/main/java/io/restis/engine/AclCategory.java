package io.restis.engine;

import java.util.Locale;

/** Redis ACL categories; the security layer grants and denies by these names. */
public enum AclCategory {
  KEYSPACE, READ, WRITE, SET, SORTEDSET, LIST, HASH, STRING, BITMAP, HYPERLOGLOG, GEO, STREAM,
  PUBSUB, ADMIN, FAST, SLOW, BLOCKING, DANGEROUS, CONNECTION, TRANSACTION, SCRIPTING;

  /** The name without the '@', lower case, as ACL rules spell it. */
  public String aclName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
