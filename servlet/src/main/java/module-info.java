/**
 * Latchkey for Jakarta Servlet 6: {@link dev.latchkey.servlet.LatchkeyFilter} authenticates
 * requests by session cookie or API key, and {@link dev.latchkey.servlet.LatchkeyAuthenticator}
 * does the same for other integrations (Spring Security) without answering the request.
 *
 * <p>Exports one package. The Servlet API is the container's: it is required transitively because
 * the API names {@code HttpServletRequest}.
 */
module dev.latchkey.servlet {
  exports dev.latchkey.servlet;

  // The API names ValidatedSession, AuthenticatedApiKey, ClientInfo, CookieRules, TrustedProxies.
  requires transitive dev.latchkey.core;
  // The API names HttpServletRequest and implements Filter (module-info in the jar).
  requires transitive jakarta.servlet;
  requires org.slf4j;
}
