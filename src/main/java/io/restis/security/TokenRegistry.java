package io.restis.security;

import io.restis.engine.CommandTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configured tokens, held as SHA-256 digests only, and their lookup.
 *
 * <p>Lookup hashes what the client presented and compares the digest with every stored digest
 * through {@link MessageDigest#isEqual} (constant time for equal lengths), without stopping at a
 * match: neither the secret's bytes nor its position in the list shows in the time an answer
 * takes. Comparing digests rather than the secrets also makes every comparison the same length,
 * whatever the client sent.
 *
 * <p>Built at start from the settings and the command table: every rule is parsed and checked
 * (unknown commands and categories, syntax), names and secrets must be unique, and no token may
 * equal the replication secret, which authenticates the replication endpoints and nothing else.
 */
public final class TokenRegistry {

  /** What a token is for. */
  public enum Kind {
    /** A client token with ACL rules. */
    CLIENT,
    /** A public tracker token: page views for its sites, nothing else. */
    TRACKER,
    /** No token configured: a loopback client (or any, with protected mode off) runs as this. */
    DEFAULT
  }

  /**
   * Who a request runs as.
   *
   * @param name the token's name ({@code default} for {@link Kind#DEFAULT})
   * @param kind what it is for
   * @param caller its permissions in the engine; for a tracker token, none (see {@link #trackerCaller})
   * @param trackerCallers for a tracker token, the caller per site it may record views for
   */
  public record Principal(String name, Kind kind, AclCaller caller, Map<String, AclCaller> trackerCallers) {

    public boolean adminScope() {
      return caller != null && caller.adminScope();
    }

    /** For a tracker token, the caller that records views for the site; null when it may not. */
    public AclCaller trackerCaller(String site) {
      return trackerCallers.get(site);
    }

    @Override
    public String toString() {
      return kind.name().toLowerCase() + " token '" + name + "'";
    }
  }

  /**
   * The commands one page view runs (TrackerController's transaction), on the site's keys
   * ({@code tracker:<site>:*}) and its channel ({@code tracker:<site>:views}). Commands this table
   * does not have are left out.
   */
  static final List<String> TRACKER_COMMANDS = List.of("lpush", "ltrim", "hincrby", "expire", "pfadd", "publish");

  private record Entry(byte[] digest, Principal principal) {}

  private final List<Entry> entries;
  private final boolean hasClientTokens;
  private final Principal defaultPrincipal;

  private TokenRegistry(List<Entry> entries, boolean hasClientTokens, Principal defaultPrincipal) {
    this.entries = entries;
    this.hasClientTokens = hasClientTokens;
    this.defaultPrincipal = defaultPrincipal;
  }

  /**
   * Builds the registry from the settings.
   *
   * @param replicationSecret {@code restis.replication.secret}, or null/blank when none
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  public static TokenRegistry of(SecurityProperties settings, CommandTable table, String replicationSecret) {
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<SecurityProperties.ClientToken> tokens = settings.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      SecurityProperties.ClientToken t = tokens.get(i);
      String where = "restis.security.tokens[" + i + "] ('" + t.name() + "')";
      if (!names.add(t.name())) {
        throw new IllegalArgumentException(where + ": the name is used twice");
      }
      AclCaller caller = clientCaller(t, table, where);
      entries.add(new Entry(digest(t.token(), t.sha256()), new Principal(t.name(), Kind.CLIENT, caller, Map.of())));
    }
    List<SecurityProperties.TrackerToken> trackers = settings.trackerTokens();
    for (int i = 0; i < trackers.size(); i++) {
      SecurityProperties.TrackerToken t = trackers.get(i);
      String where = "restis.security.tracker-tokens[" + i + "] ('" + t.name() + "')";
      if (!names.add(t.name())) {
        throw new IllegalArgumentException(where + ": the name is used twice");
      }
      Map<String, AclCaller> perSite = new LinkedHashMap<>();
      for (String site : t.sites()) {
        perSite.put(site, trackerCaller(t.name(), site, table));
      }
      entries.add(new Entry(digest(t.token(), t.sha256()),
          new Principal(t.name(), Kind.TRACKER, null, Map.copyOf(perSite))));
    }
    for (int i = 0; i < entries.size(); i++) {
      for (int j = i + 1; j < entries.size(); j++) {
        if (MessageDigest.isEqual(entries.get(i).digest, entries.get(j).digest)) {
          throw new IllegalArgumentException("restis.security: the tokens '" + entries.get(i).principal.name()
              + "' and '" + entries.get(j).principal.name() + "' have the same secret");
        }
      }
    }
    if (replicationSecret != null && !replicationSecret.isBlank()) {
      byte[] secret = sha256(replicationSecret);
      for (Entry e : entries) {
        if (MessageDigest.isEqual(secret, e.digest)) {
          throw new IllegalArgumentException("restis.security: the token '" + e.principal.name()
              + "' equals restis.replication.secret; the replication secret must be used for replication only");
        }
      }
    }
    AclCaller full = new AclCaller("default", Acl.parse("+@all allkeys allchannels", table), true, false);
    return new TokenRegistry(List.copyOf(entries), !tokens.isEmpty(), new Principal("default", Kind.DEFAULT, full,
        Map.of()));
  }

  private static AclCaller clientCaller(SecurityProperties.ClientToken t, CommandTable table, String where) {
    Acl acl;
    try {
      if (t.readOnly()) {
        Acl given = Acl.parse(t.rules(), table);
        String rules = "+@read +@connection +subscribe +psubscribe"
            + (given.namesKeys() ? "" : " allkeys")
            + (given.namesChannels() ? "" : " allchannels")
            + " " + t.rules();
        acl = Acl.parse(rules, table);
      } else {
        acl = Acl.parse(t.rules(), table);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ".rules: " + e.getMessage(), e);
    }
    boolean admin = t.admin() || acl.grantsAdminCategory(table);
    return new AclCaller(t.name(), acl, admin, t.readOnly());
  }

  /** The rules of a tracker token for one site: the view's commands on the site's keys and channel. */
  static AclCaller trackerCaller(String name, String site, CommandTable table) {
    StringBuilder rules = new StringBuilder();
    for (String c : TRACKER_COMMANDS) {
      if (table.lookup(c) != null) {
        rules.append('+').append(c).append(' ');
      }
    }
    rules.append("~tracker:").append(site).append(":* &tracker:").append(site).append(":views");
    return new AclCaller(name + "@" + site, Acl.parse(rules.toString(), table), false, false);
  }

  /** True when client tokens are configured: requests then need one (and protected mode is over). */
  public boolean hasClientTokens() {
    return hasClientTokens;
  }

  /** Who a request runs as when no client token is configured. */
  public Principal defaultPrincipal() {
    return defaultPrincipal;
  }

  /** The token's principal, or null when the secret is unknown. Constant time in the secret. */
  public Principal lookup(String presented) {
    byte[] d = sha256(presented);
    Principal found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(d, e.digest) && found == null) {
        found = e.principal;
      }
    }
    return found;
  }

  private static byte[] digest(String token, String sha256Hex) {
    return token != null ? sha256(token) : HexFormat.of().parseHex(sha256Hex.toLowerCase());
  }

  static byte[] sha256(String s) {
    return sha256Bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256Bytes(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
