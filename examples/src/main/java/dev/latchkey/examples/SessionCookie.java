package dev.latchkey.examples;

import dev.latchkey.session.NewSession;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;

/**
 * The session cookie: the only place the bearer token travels after sign-in.
 *
 * <ul>
 *   <li>{@code HttpOnly}: page scripts (and so an XSS payload) cannot read the token.
 *   <li>{@code SameSite=Lax}: browsers leave it off cross-site subrequests and cross-site POSTs, the
 *       first line of defence against CSRF ({@link ApiFilters} adds the second).
 *   <li>{@code Secure} whenever the request came over HTTPS, so it never leaks over plain HTTP; it
 *       is left off for plain {@code http://localhost} so the demo works without TLS.
 *   <li>{@code Max-Age} is the session's absolute lifetime; idle expiry is enforced by the server.
 * </ul>
 *
 * <p>The header is written by hand rather than through the servlet cookie API so every attribute
 * above is visible here and nothing is added or dropped by a container default.
 */
final class SessionCookie {
  static final String NAME = "latchkey_session";

  private final ClientRequests requests;
  private final Clock clock;

  SessionCookie(ClientRequests requests, Clock clock) {
    this.requests = requests;
    this.clock = clock;
  }

  /** The token the client sent, or {@code null}. */
  String read(Context ctx) {
    String value = ctx.cookie(NAME);
    return value == null || value.isEmpty() ? null : value;
  }

  /** Hands the new session's token to the browser. */
  void set(Context ctx, NewSession session) {
    long maxAge = Math.max(0, Duration.between(clock.instant(), session.expiresAt()).getSeconds());
    write(ctx, session.token().reveal(), maxAge);
  }

  /** Tells the browser to forget the cookie. */
  void clear(Context ctx) {
    write(ctx, "", 0);
  }

  private void write(Context ctx, String value, long maxAge) {
    StringBuilder header = new StringBuilder(NAME).append('=').append(value)
        .append("; Path=/; Max-Age=").append(maxAge)
        .append("; HttpOnly; SameSite=Lax");
    if (requests.isHttps(ctx)) {
      header.append("; Secure");
    }
    ctx.res().addHeader("Set-Cookie", header.toString());
  }
}
