package dev.latchkey.examples;

import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionRenewal;
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
 *   <li>{@code Secure} and the {@code __Host-} name prefix whenever the page is not served from
 *       localhost over plain HTTP: the browser then sends the cookie only over HTTPS, and only a
 *       page of this exact host (no sibling subdomain, no {@code Domain}, {@code Path=/}) can set
 *       it, so a subdomain cannot plant a session of its choosing. On {@code http://localhost} (and
 *       127.0.0.1, [::1]) both are left off so the demo works without TLS; browsers refuse
 *       {@code __Host-} cookies without {@code Secure}. A deployment without TLS elsewhere gets a
 *       cookie its browser will not send back: serve it over HTTPS.
 *   <li>{@code Max-Age} is the session's absolute lifetime; idle expiry is enforced by the server.
 * </ul>
 *
 * <p>The header is written by hand rather than through the servlet cookie API so every attribute
 * above is visible here and nothing is added or dropped by a container default.
 */
final class SessionCookie {
  /** The cookie's name on plain-HTTP localhost. */
  static final String NAME = "latchkey_session";
  /** The cookie's name everywhere else (with {@code Secure}). */
  static final String SECURE_NAME = "__Host-" + NAME;

  private final ClientRequests requests;
  private final Clock clock;

  SessionCookie(ClientRequests requests, Clock clock) {
    this.requests = requests;
    this.clock = clock;
  }

  /** The token the client sent, or {@code null}. */
  String read(Context ctx) {
    // Only the name this request's origin uses: off localhost a cookie without the prefix may have
    // been set by a sibling subdomain and is ignored.
    String value = ctx.cookie(secure(ctx) ? SECURE_NAME : NAME);
    return value == null || value.isEmpty() ? null : value;
  }

  /** Hands the new session's token to the browser. */
  void set(Context ctx, NewSession session) {
    long maxAge = Math.max(0, Duration.between(clock.instant(), session.expiresAt()).getSeconds());
    write(ctx, session.token().reveal(), maxAge);
  }

  /**
   * After a change of factor: Latchkey re-keyed the current session (its old token no longer
   * works), so the new token replaces the cookie. When there is none (another request re-keyed or
   * ended the session meanwhile) the cookie is left as it is and the next request answers 401.
   */
  void renew(Context ctx, SessionRenewal renewal) {
    renewal.newSession().ifPresent(session -> set(ctx, session));
  }

  /** Tells the browser to forget the cookie. */
  void clear(Context ctx) {
    write(ctx, "", 0);
  }

  private void write(Context ctx, String value, long maxAge) {
    boolean secure = secure(ctx);
    StringBuilder header = new StringBuilder(secure ? SECURE_NAME : NAME).append('=').append(value)
        .append("; Path=/; Max-Age=").append(maxAge)
        .append("; HttpOnly; SameSite=Lax");
    if (secure) {
      header.append("; Secure");
    }
    ctx.res().addHeader("Set-Cookie", header.toString());
  }

  private boolean secure(Context ctx) {
    return secureFor(ctx.host(), requests.isHttps(ctx));
  }

  /**
   * Whether the cookie is {@code __Host-} and {@code Secure}: always over HTTPS, and over plain HTTP
   * unless the page is served from a loopback host name.
   *
   * @param host the request's {@code Host} header, with or without a port
   */
  static boolean secureFor(String host, boolean https) {
    return https || !isLoopbackHost(host);
  }

  private static boolean isLoopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.strip().toLowerCase(java.util.Locale.ROOT);
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      h = close < 0 ? h : h.substring(1, close);
    } else if (h.indexOf(':') == h.lastIndexOf(':') && h.indexOf(':') >= 0) {
      h = h.substring(0, h.indexOf(':')); // host:port
    }
    return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1")
        || h.matches("127(\\.[0-9]{1,3}){3}");
  }
}
