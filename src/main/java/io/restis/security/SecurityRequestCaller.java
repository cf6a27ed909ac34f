package io.restis.security;

import io.restis.api.RequestCaller;
import io.restis.engine.Caller;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The engine caller of the request this thread serves, as {@link TokenAuthenticationFilter} set
 * it. Fails closed: a thread that serves no request, or a request the filter did not see, gets a
 * caller that may run nothing.
 */
final class SecurityRequestCaller implements RequestCaller {

  @Override
  public Caller current() {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    Object caller = attributes == null ? null
        : attributes.getAttribute(TokenAuthenticationFilter.CALLER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    return caller instanceof Caller c ? c : TokenAuthenticationFilter.NOBODY;
  }
}
