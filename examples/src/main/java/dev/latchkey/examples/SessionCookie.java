package dev.latchkey.examples;

import dev.latchkey.http.CookieRules;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionRenewal;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * The session cookie ({@link CookieRules#session()}): the only place the bearer token travels
 * after sign-in. {@code HttpOnly}, so page scripts (and so an XSS payload) cannot read it;
 * {@code SameSite=Lax}, the first line of defence against CSRF ({@link ApiFilters} adds the
 * second); {@code __Host-} and {@code Secure} off localhost ({@link BrowserCookie}). {@code Max-Age}
 * is the session's absolute lifetime; idle expiry is enforced by the server.
 */
final class SessionCookie extends BrowserCookie {
  SessionCookie(ClientRequests requests, Clock clock) {
    super(CookieRules.session(), requests, clock);
  }

  /** Hands the new session's token to the browser. */
  void set(Context ctx, NewSession session) {
    set(ctx, session.token(), session.expiresAt());
  }

  /**
   * After a change of factor: Latchkey re-keyed the current session (its old token no longer
   * works), so the new token replaces the cookie. When there is none (another request re-keyed or
   * ended the session meanwhile) the cookie is left as it is and the next request answers 401.
   */
  void renew(Context ctx, SessionRenewal renewal) {
    renewal.newSession().ifPresent(session -> set(ctx, session));
  }
}
