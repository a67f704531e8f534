/**
 * Latchkey on Jakarta Servlet 6.
 *
 * <ul>
 *   <li>{@link dev.latchkey.servlet.LatchkeyFilter}: a {@code Filter} that authenticates each
 *       request as its path's {@link dev.latchkey.servlet.Access} rule asks (session cookie,
 *       {@code Authorization: Bearer} API key, or either), exposes the proof as a request attribute
 *       and as {@code getUserPrincipal()}, and answers 401/403 with RFC 6750 challenges and a JSON
 *       body {@code {"error":{"code":…,"message":…,"request_id":…}}}.
 *   <li>{@link dev.latchkey.servlet.LatchkeyAuthenticator}: the same decision as a typed
 *       {@link dev.latchkey.servlet.RequestAuthentication}, without writing a response, for
 *       integrations that answer in their own way (a Spring Security filter and entry point); also
 *       the session cookie ({@code __Host-}, {@code Secure}, {@code HttpOnly}, {@code SameSite})
 *       and the client's address behind trusted proxies.
 *   <li>{@link dev.latchkey.servlet.LatchkeyRequests}: what the filter put on the request.
 * </ul>
 */
package dev.latchkey.servlet;
