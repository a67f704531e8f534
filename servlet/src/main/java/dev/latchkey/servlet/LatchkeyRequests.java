package dev.latchkey.servlet;

import dev.latchkey.apikey.AuthenticatedApiKey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.session.ValidatedSession;
import jakarta.servlet.ServletRequest;
import java.util.Optional;

/**
 * What {@link LatchkeyFilter} put on the request, read back in a servlet or a later filter.
 *
 * <pre>{@code
 * ValidatedSession session = LatchkeyRequests.session(request).orElseThrow();
 * List<SessionInfo> rows = latchkey.sessions().list(session);
 * }</pre>
 *
 * <p>The attribute names are public for frameworks that read attributes by name (JSP, templates).
 * Only this package sets the values, and the proof types have no public constructor, so an
 * attribute a host sets by mistake under another type is simply not found.
 */
public final class LatchkeyRequests {
  /** The {@link LatchkeyPrincipal}: {@value}. */
  public static final String PRINCIPAL_ATTRIBUTE = "dev.latchkey.servlet.principal";
  /** The {@link ValidatedSession}, for session-authenticated requests: {@value}. */
  public static final String SESSION_ATTRIBUTE = "dev.latchkey.session.ValidatedSession";
  /** The {@link AuthenticatedApiKey}, for key-authenticated requests: {@value}. */
  public static final String API_KEY_ATTRIBUTE = "dev.latchkey.apikey.AuthenticatedApiKey";
  /** The {@link ClientInfo} (address behind trusted proxies, User-Agent): {@value}. */
  public static final String CLIENT_ATTRIBUTE = "dev.latchkey.client.ClientInfo";
  /** The request id, also sent as {@code X-Request-Id} and in every error body: {@value}. */
  public static final String REQUEST_ID_ATTRIBUTE = "dev.latchkey.servlet.requestId";

  private LatchkeyRequests() {}

  /** Who the request authenticated as; empty for {@link Access#permitAll()} paths and the like. */
  public static Optional<LatchkeyPrincipal> principal(ServletRequest request) {
    return typed(request, PRINCIPAL_ATTRIBUTE, LatchkeyPrincipal.class);
  }

  /** The validated session, when the session cookie authenticated the request. */
  public static Optional<ValidatedSession> session(ServletRequest request) {
    return typed(request, SESSION_ATTRIBUTE, ValidatedSession.class);
  }

  /** The authenticated API key, when a key authenticated the request. */
  public static Optional<AuthenticatedApiKey> apiKey(ServletRequest request) {
    return typed(request, API_KEY_ATTRIBUTE, AuthenticatedApiKey.class);
  }

  /** The client, on every request the filter saw; {@link ClientInfo#unknown()} on others. */
  public static ClientInfo clientInfo(ServletRequest request) {
    return typed(request, CLIENT_ATTRIBUTE, ClientInfo.class).orElseGet(ClientInfo::unknown);
  }

  /** The request id, on every request the filter saw; {@code "-"} on others. */
  public static String requestId(ServletRequest request) {
    return typed(request, REQUEST_ID_ATTRIBUTE, String.class).orElse("-");
  }

  private static <T> Optional<T> typed(ServletRequest request, String name, Class<T> type) {
    Object value = request.getAttribute(name);
    return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
  }
}
