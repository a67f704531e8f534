package dev.latchkey.examples;

import dev.latchkey.common.Secret;
import dev.latchkey.http.CookieRules;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One of the demo's cookies, named and shaped by core's {@link CookieRules}: {@code HttpOnly},
 * {@code SameSite=Lax}, {@code Path=/}, and the {@code __Host-} name with {@code Secure} whenever
 * the page is not served from localhost over plain HTTP ({@link CookieRules#isSecureContext}, with
 * the scheme from {@link ClientRequests#isHttps}). On {@code http://localhost} both are left off so
 * the demo works without TLS; anywhere else serve it over HTTPS, or the browser will not send the
 * cookie back.
 *
 * <p>The demo's cookies: the session ({@link SessionCookie}), the known device
 * ({@link CookieRules#device()}: the device token of each completed sign-in, sent back at the next
 * one so this browser counts against an attempt allowance of its own), and the passwordless
 * passkey ceremony ({@link PasskeyRoutes#CEREMONY_COOKIE}). The header is written in full by
 * {@link CookieRules}, so no container default adds or drops an attribute.
 */
class BrowserCookie {
  private final CookieRules rules;
  private final ClientRequests requests;
  private final Clock clock;

  BrowserCookie(CookieRules rules, ClientRequests requests, Clock clock) {
    this.rules = rules;
    this.requests = requests;
    this.clock = clock;
  }

  /** The value the client sent, or {@code null}. */
  final String read(Context ctx) {
    // Only the name this request's context uses: off localhost a cookie without the prefix may
    // have been set by a sibling subdomain and is ignored.
    String value = ctx.cookie(rules.name(secureContext(ctx)));
    return value == null || value.isEmpty() ? null : value;
  }

  /** Hands {@code value} to the browser until {@code expiresAt} ({@code Max-Age}). */
  final void set(Context ctx, Secret value, Instant expiresAt) {
    ctx.res().addHeader("Set-Cookie", rules.setCookie(value,
        Duration.between(clock.instant(), expiresAt), secureContext(ctx)));
  }

  /** Tells the browser to forget the cookie. */
  final void clear(Context ctx) {
    ctx.res().addHeader("Set-Cookie", rules.clearCookie(secureContext(ctx)));
  }

  private boolean secureContext(Context ctx) {
    return CookieRules.isSecureContext(ctx.host(), requests.isHttps(ctx));
  }
}
