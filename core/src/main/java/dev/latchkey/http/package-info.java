/**
 * The HTTP rules every web integration of Latchkey applies, free of any web framework so that a
 * servlet filter, a Javalin handler and a Spring Security filter apply the same ones: how the
 * session cookie is named and which attributes it carries ({@link dev.latchkey.http.CookieRules}),
 * and which state-changing requests a cookie may authenticate
 * ({@link dev.latchkey.http.CrossSiteCheck}).
 *
 * <p>Whether a request arrived over HTTPS, and from which client address, is decided by
 * {@link dev.latchkey.client.TrustedProxies}.
 */
package dev.latchkey.http;
