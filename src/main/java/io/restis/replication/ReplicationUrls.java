package io.restis.replication;

import java.net.URI;

/** Base URLs of nodes: checked, normalized (no trailing slash), and resolved against paths. */
final class ReplicationUrls {

  private ReplicationUrls() {}

  static boolean isHttp(URI u) {
    return u != null && u.isAbsolute() && u.getHost() != null
        && ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()));
  }

  /** The URL without a trailing slash, so that paths append cleanly. */
  static String base(URI u) {
    String s = u.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  static URI resolve(String base, String path) {
    return URI.create(base + path);
  }

  /** {@code http://host:port}, with an IPv6 literal in brackets. */
  static String of(String host, int port) {
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port;
  }
}
