package io.restis.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A client's address as the servlet container reports it ({@code getRemoteAddr()}, which is the
 * peer of the TCP connection, or the forwarded client once {@code server.forward-headers-strategy}
 * trusts a proxy). Only IP literals are parsed, never a name (no DNS lookup on a request path).
 */
final class ClientAddress {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z_.-]+)?");

  private ClientAddress() {}

  /** The address, or null when it is not an IP literal. */
  static InetAddress parse(String remoteAddr) {
    if (remoteAddr == null) {
      return null;
    }
    String a = remoteAddr.startsWith("[") && remoteAddr.endsWith("]")
        ? remoteAddr.substring(1, remoteAddr.length() - 1) : remoteAddr;
    if (!IPV4.matcher(a).matches() && !(a.indexOf(':') >= 0 && IPV6.matcher(a).matches())) {
      return null;
    }
    try {
      return InetAddress.getByName(a); // a literal: parsed, not looked up
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** True for 127.0.0.0/8, ::1 and ::ffff:127.x.x.x: what Redis's protected mode calls local. */
  static boolean isLoopback(String remoteAddr) {
    InetAddress a = parse(remoteAddr);
    return a != null && a.isLoopbackAddress();
  }

  /**
   * The key a rate limit counts a client under: the IPv4 address, or the /64 prefix of an IPv6
   * one (a single host usually holds a whole /64, so counting its addresses apart would let it
   * multiply its allowance).
   */
  static String bucketKey(String remoteAddr) {
    InetAddress a = parse(remoteAddr);
    if (a == null) {
      return remoteAddr == null ? "" : remoteAddr;
    }
    if (a instanceof Inet6Address) {
      byte[] b = a.getAddress();
      StringBuilder s = new StringBuilder("v6:");
      for (int i = 0; i < 8; i++) {
        s.append(String.format("%02x", b[i] & 0xff));
      }
      return s.toString();
    }
    return a.getHostAddress();
  }
}
