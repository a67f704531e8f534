package dev.latchkey.spring.security;

import dev.latchkey.apikey.AuthenticatedApiKey;
import dev.latchkey.servlet.ApiKeyPrincipal;
import dev.latchkey.servlet.LatchkeyPrincipal;
import dev.latchkey.servlet.SessionPrincipal;
import dev.latchkey.session.ValidatedSession;
import java.util.Optional;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request Latchkey authenticated, as Spring Security's {@code Authentication}: the principal is
 * a {@link SessionPrincipal} or an {@link ApiKeyPrincipal} (both carry the proof), the name is the
 * account id or the key's owner, and the authorities are those {@link LatchkeyAuthorities}
 * describes.
 *
 * <pre>{@code
 * @PostMapping("/v1/messages")
 * @PreAuthorize("hasAuthority('SCOPE_read_write')")
 * Map<String, Object> send(LatchkeyAuthentication auth) {
 *   String owner = auth.getName();
 *   ...
 * }
 * }</pre>
 *
 * <p>Only this package creates one, from a proof only Latchkey creates. It holds no credentials
 * ({@link #getCredentials()} is {@code null}: the token or key is never kept), and cannot be
 * marked authenticated again once marked otherwise.
 */
public final class LatchkeyAuthentication extends AbstractAuthenticationToken {
  private final transient LatchkeyPrincipal principal;

  LatchkeyAuthentication(LatchkeyPrincipal principal) {
    super(principal instanceof ApiKeyPrincipal k ? LatchkeyAuthorities.ofApiKey(k.apiKey())
        : LatchkeyAuthorities.ofSession(
            ((SessionPrincipal) principal).session().isFullyAuthenticated()));
    this.principal = principal;
    super.setAuthenticated(true);
  }

  /** A {@link SessionPrincipal} or an {@link ApiKeyPrincipal}. */
  @Override
  public LatchkeyPrincipal getPrincipal() {
    return principal;
  }

  /** Always {@code null}: Latchkey keeps no token or key beyond the check. */
  @Override
  public Object getCredentials() {
    return null;
  }

  /** The validated session, when the session cookie authenticated the request. */
  public Optional<ValidatedSession> session() {
    return principal instanceof SessionPrincipal s ? Optional.of(s.session()) : Optional.empty();
  }

  /** The authenticated API key, when a key authenticated the request. */
  public Optional<AuthenticatedApiKey> apiKey() {
    return principal instanceof ApiKeyPrincipal k ? Optional.of(k.apiKey()) : Optional.empty();
  }

  /**
   * Refuses {@code true}: only Latchkey's check marks an authentication as authenticated.
   *
   * @throws IllegalArgumentException when {@code authenticated} is {@code true}
   */
  @Override
  public void setAuthenticated(boolean authenticated) {
    if (authenticated) {
      throw new IllegalArgumentException(
          "A LatchkeyAuthentication is authenticated only by Latchkey's check");
    }
    super.setAuthenticated(false);
  }
}
