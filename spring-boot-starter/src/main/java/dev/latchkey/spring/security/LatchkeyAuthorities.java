package dev.latchkey.spring.security;

import dev.latchkey.apikey.AuthenticatedApiKey;
import dev.latchkey.apikey.Permission;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authorities of a {@link LatchkeyAuthentication}, named as Spring Security names OAuth 2.0
 * scopes ({@code SCOPE_…}), so {@code @PreAuthorize("hasAuthority('SCOPE_read_write')")} reads the
 * same for API keys as for Spring's own bearer tokens.
 *
 * <table>
 *   <caption>Authorities by credential</caption>
 *   <tr><th>credential</th><th>authorities</th></tr>
 *   <tr><td>API key, {@code read_only}</td>
 *       <td>{@code LATCHKEY_API_KEY}, {@code SCOPE_read_only}</td></tr>
 *   <tr><td>API key, {@code read_write}</td>
 *       <td>{@code LATCHKEY_API_KEY}, {@code SCOPE_read_only}, {@code SCOPE_read_write}</td></tr>
 *   <tr><td>API key, {@code admin}</td>
 *       <td>{@code LATCHKEY_API_KEY}, {@code SCOPE_read_only}, {@code SCOPE_read_write},
 *           {@code SCOPE_admin}</td></tr>
 *   <tr><td>API key with custom scopes</td>
 *       <td>also {@code SCOPE_} + each scope as the key lists it ({@code SCOPE_messages:send})</td></tr>
 *   <tr><td>session cookie, fully signed in</td>
 *       <td>{@code LATCHKEY_SESSION}, {@code SCOPE_read_only}, {@code SCOPE_read_write},
 *           {@code SCOPE_admin}: the account's own user may do whatever a key of theirs may</td></tr>
 *   <tr><td>enrolment-only session, on an {@code allowEnrollment} path</td>
 *       <td>{@code LATCHKEY_ENROLLMENT_ONLY} only</td></tr>
 * </table>
 *
 * <p>A permission includes the lower ones ({@code admin} ⊇ {@code read_write} ⊇ {@code read_only}),
 * so each level is granted as its own authority and a rule names just the level it needs. Custom
 * scopes are granted as the key lists them: a wildcard ({@code messages:*}) and an admin key's
 * power over every custom scope are not expanded; check those with
 * {@code apiKeys().authorize(key, scope)}.
 */
public final class LatchkeyAuthorities {
  /** The prefix of scope authorities, as Spring Security's resource server uses it: {@value}. */
  public static final String SCOPE_PREFIX = "SCOPE_";
  /** Granted to every request authenticated by an API key: {@value}. */
  public static final String API_KEY = "LATCHKEY_API_KEY";
  /** Granted to every request authenticated by a full session cookie: {@value}. */
  public static final String SESSION = "LATCHKEY_SESSION";
  /**
   * The only authority of an enrolment-only session (the account must set up two-factor
   * authentication first), on the paths that allow one: {@value}.
   */
  public static final String ENROLLMENT_ONLY = "LATCHKEY_ENROLLMENT_ONLY";

  private LatchkeyAuthorities() {}

  /** {@code SCOPE_read_only}, {@code SCOPE_read_write} or {@code SCOPE_admin}. */
  public static String scope(Permission permission) {
    return SCOPE_PREFIX + permission.code();
  }

  static List<GrantedAuthority> ofApiKey(AuthenticatedApiKey key) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    authorities.add(new SimpleGrantedAuthority(API_KEY));
    for (Permission p : Permission.values()) {
      if (key.permission().includes(p)) {
        authorities.add(new SimpleGrantedAuthority(scope(p)));
      }
    }
    key.scopes().stream().sorted()
        .forEach(s -> authorities.add(new SimpleGrantedAuthority(SCOPE_PREFIX + s)));
    return authorities;
  }

  static List<GrantedAuthority> ofSession(boolean fullyAuthenticated) {
    if (!fullyAuthenticated) {
      return List.of(new SimpleGrantedAuthority(ENROLLMENT_ONLY));
    }
    List<GrantedAuthority> authorities = new ArrayList<>();
    authorities.add(new SimpleGrantedAuthority(SESSION));
    for (Permission p : Permission.values()) {
      authorities.add(new SimpleGrantedAuthority(scope(p)));
    }
    return authorities;
  }
}
