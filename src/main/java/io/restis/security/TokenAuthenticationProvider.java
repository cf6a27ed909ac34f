package io.restis.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Checks a presented token against the {@link TokenRegistry}: the principal, or WRONGPASS. */
final class TokenAuthenticationProvider implements AuthenticationProvider {

  private final TokenRegistry registry;

  TokenAuthenticationProvider(TokenRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    Object presented = authentication.getCredentials();
    TokenRegistry.Principal principal = presented instanceof String s ? registry.lookup(s) : null;
    if (principal == null) {
      throw new BadCredentialsException(SecurityAnswers.WRONGPASS);
    }
    return TokenAuthentication.authenticated(principal);
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return TokenAuthentication.class.isAssignableFrom(authentication);
  }
}
