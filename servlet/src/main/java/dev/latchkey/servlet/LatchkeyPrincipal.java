package dev.latchkey.servlet;

import java.security.Principal;

/**
 * Who a request authenticated as, with the proof: a {@link SessionPrincipal} (a session cookie;
 * {@link #getName()} is the account id) or an {@link ApiKeyPrincipal} (an API key;
 * {@link #getName()} is the key's owner). {@link LatchkeyFilter} returns it from
 * {@code request.getUserPrincipal()}.
 *
 * <p>Only this package creates one, from a proof only core can create, so code that receives a
 * {@code LatchkeyPrincipal} knows the request authenticated. Holds no secret; {@code equals} is
 * identity.
 */
public abstract sealed class LatchkeyPrincipal implements Principal
    permits SessionPrincipal, ApiKeyPrincipal {

  LatchkeyPrincipal() {}

  /**
   * The value of {@code request.getAuthType()}: {@value SessionPrincipal#AUTH_TYPE} or
   * {@value ApiKeyPrincipal#AUTH_TYPE}.
   */
  public abstract String authType();
}
