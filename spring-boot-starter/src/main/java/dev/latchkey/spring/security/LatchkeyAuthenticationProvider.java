package dev.latchkey.spring.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;

/**
 * Lets an {@code AuthenticationManager} accept what Latchkey's filter authenticated: a
 * {@link LatchkeyAuthentication} is returned as it is (only Latchkey's check makes one, and it
 * cannot be marked authenticated again); anything else is not this provider's
 * ({@code null}). As a bean it also tells Spring Boot that the application authenticates users
 * itself, so Boot creates no in-memory user with a generated password.
 */
public final class LatchkeyAuthenticationProvider implements AuthenticationProvider {

  /** A provider; it holds no state. */
  public LatchkeyAuthenticationProvider() {}

  @Override
  public Authentication authenticate(Authentication authentication) {
    return authentication instanceof LatchkeyAuthentication latchkey && latchkey.isAuthenticated()
        ? latchkey : null;
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return LatchkeyAuthentication.class.isAssignableFrom(authentication);
  }
}
