package io.restis.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A bearer token as Spring Security carries it: unauthenticated, it holds what the client sent;
 * authenticated, the {@link TokenRegistry.Principal} it stands for, with authorities the URL rules
 * read: {@code ROLE_CLIENT} for client tokens (and the default principal), {@code ROLE_ADMIN} for
 * the admin scope, {@code ROLE_TRACKER} for tracker tokens. The secret is never kept after
 * authentication.
 */
final class TokenAuthentication extends AbstractAuthenticationToken {

  static final String CLIENT = "ROLE_CLIENT";
  static final String ADMIN = "ROLE_ADMIN";
  static final String TRACKER = "ROLE_TRACKER";

  private final TokenRegistry.Principal principal;
  private transient String presented;

  private TokenAuthentication(String presented, TokenRegistry.Principal principal,
      Collection<? extends GrantedAuthority> authorities) {
    super(authorities);
    this.presented = presented;
    this.principal = principal;
    setAuthenticated(principal != null);
  }

  /** What a client presented, to be checked. */
  static TokenAuthentication unauthenticated(String presented) {
    return new TokenAuthentication(presented, null, List.of());
  }

  /** The principal a token (or protected mode's loopback default) stands for. */
  static TokenAuthentication authenticated(TokenRegistry.Principal principal) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    if (principal.kind() == TokenRegistry.Kind.TRACKER) {
      authorities.add(new SimpleGrantedAuthority(TRACKER));
    } else {
      authorities.add(new SimpleGrantedAuthority(CLIENT));
      if (principal.adminScope()) {
        authorities.add(new SimpleGrantedAuthority(ADMIN));
      }
    }
    return new TokenAuthentication(null, principal, authorities);
  }

  @Override
  public Object getCredentials() {
    return presented;
  }

  @Override
  public TokenRegistry.Principal getPrincipal() {
    return principal;
  }

  @Override
  public String getName() {
    return principal == null ? "" : principal.name();
  }

  @Override
  public void eraseCredentials() {
    presented = null;
    super.eraseCredentials();
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
