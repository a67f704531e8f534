package dev.latchkey.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.client.ClientLabels;
import dev.latchkey.session.SessionInfo;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SignInService;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;

/**
 * The "Active sessions" part of Settings → Security.
 *
 * <pre>
 * GET    /api/security/sessions               [{id,device,location,ip_address,last_active,created_at,current}]
 * DELETE /api/security/sessions/{id}          204 · 404 session_not_found
 * POST   /api/security/sessions/revoke-others 200 {revoked:n}
 * POST   /api/security/sessions/revoke-all    200 {revoked:n}, clears the cookie, forgets the
 *                                             account's known devices (and the device cookie)
 * </pre>
 *
 * <p>Every call acts on the account of the caller's validated session, never on an id from the
 * request, so one account can neither see nor end another's sessions. An id that belongs to another
 * account answers exactly like an unknown id.
 *
 * <p>Latchkey stores the device and location as structured values; they become the {@code device}
 * and {@code location} strings here, through {@link ClientLabels#english()}. A page in another
 * language would pass its own {@link ClientLabels}.
 */
final class SessionRoutes {
  private static final ClientLabels LABELS = ClientLabels.english();

  private final SessionRegistry sessions;
  private final SessionAuth auth;
  private final SessionCookie cookie;
  private final SignInService signIn;
  private final BrowserCookie deviceCookie;
  private final ClientRequests requests;

  SessionRoutes(SessionRegistry sessions, SessionAuth auth, SessionCookie cookie,
      SignInService signIn, BrowserCookie deviceCookie, ClientRequests requests) {
    this.requests = requests;
    this.sessions = sessions;
    this.auth = auth;
    this.cookie = cookie;
    this.signIn = signIn;
    this.deviceCookie = deviceCookie;
  }

  void register(JavalinDefaultRouting router) {
    router.get("/api/security/sessions", this::list);
    // Registered before "/{id}" so the literal paths are never read as ids.
    router.post("/api/security/sessions/revoke-others", this::revokeOthers);
    router.post("/api/security/sessions/revoke-all", this::revokeAll);
    router.delete("/api/security/sessions/{id}", this::revoke);
  }

  private void list(Context ctx) {
    ValidatedSession current = auth.require(ctx);
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (SessionInfo s : sessions.list(current)) {
      ObjectNode row = out.addObject();
      row.put("id", s.id());
      row.put("device", LABELS.device(s.device()));
      row.put("location", LABELS.location(s.location()));
      row.put("ip_address", s.ipAddress());
      row.put("last_active", Json.timestamp(s.lastActiveAt()));
      row.put("created_at", Json.timestamp(s.createdAt()));
      row.put("current", s.current());
    }
    ctx.json(out);
  }

  private void revoke(Context ctx) {
    ValidatedSession current = auth.require(ctx);
    String id = ctx.pathParam("id");
    if (!sessions.revoke(current, id, requests.clientInfo(ctx)).isRevoked()) {
      // Unknown, another account's, or ended already: none is an active session of this account.
      throw ApiError.notFound("session_not_found", "No active session with this id.");
    }
    if (id.equals(current.sessionId())) {
      cookie.clear(ctx);
    }
    ctx.status(204);
  }

  private void revokeOthers(Context ctx) {
    ValidatedSession current = auth.require(ctx);
    ctx.json(revoked(sessions.revokeOthers(current, requests.clientInfo(ctx))));
  }

  private void revokeAll(Context ctx) {
    ValidatedSession current = auth.require(ctx);
    int count = sessions.revokeAll(current, requests.clientInfo(ctx));
    // Signed out everywhere: a device token that went along with a stolen session is worth nothing
    // now, and every browser's next sign-in counts against the account's allowance until it
    // succeeds.
    signIn.forgetKnownDevices(current.accountId());
    cookie.clear(ctx);
    deviceCookie.clear(ctx);
    ctx.json(revoked(count));
  }

  private static ObjectNode revoked(int count) {
    ObjectNode out = Json.object();
    out.put("revoked", count);
    return out;
  }
}
