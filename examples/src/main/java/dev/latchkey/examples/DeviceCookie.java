package dev.latchkey.examples;

import dev.latchkey.signin.KnownDeviceToken;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;

/**
 * The device cookie: the device token Latchkey hands out with every completed sign-in, sent back
 * at the next one so this browser counts against an attempt allowance of its own. Someone guessing
 * the password from elsewhere can lock the account for browsers it does not know, but not for this
 * one.
 *
 * <p>The same rules as {@link SessionCookie}: {@code HttpOnly}, {@code SameSite=Lax}, and
 * {@code Secure} with the {@code __Host-} name prefix whenever the page is not served from
 * localhost over plain HTTP ({@link SessionCookie#secureFor}). {@code Max-Age} runs to the token's
 * expiry; each sign-in replaces the token. The token opens nothing by itself: it is no session and
 * no password.
 */
final class DeviceCookie {
  /** The cookie's name on plain-HTTP localhost. */
  static final String NAME = "latchkey_device";
  /** The cookie's name everywhere else (with {@code Secure}). */
  static final String SECURE_NAME = "__Host-" + NAME;

  private final ClientRequests requests;
  private final Clock clock;

  DeviceCookie(ClientRequests requests, Clock clock) {
    this.requests = requests;
    this.clock = clock;
  }

  /** The device token the browser sent, or {@code null}. */
  String read(Context ctx) {
    // Only the name this request's origin uses, as for the session cookie.
    String value = ctx.cookie(secure(ctx) ? SECURE_NAME : NAME);
    return value == null || value.isEmpty() ? null : value;
  }

  /** Hands the browser its new device token. */
  void set(Context ctx, KnownDeviceToken token) {
    long maxAge = Math.max(0, Duration.between(clock.instant(), token.expiresAt()).getSeconds());
    write(ctx, token.token().reveal(), maxAge);
  }

  /** Tells the browser to forget the cookie (its token was forgotten on the server). */
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
    return SessionCookie.secureFor(ctx.host(), requests.isHttps(ctx));
  }
}
