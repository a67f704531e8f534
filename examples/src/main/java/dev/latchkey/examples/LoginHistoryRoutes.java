package dev.latchkey.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientLabels;
import dev.latchkey.events.EventPage;
import dev.latchkey.events.EventQuery;
import dev.latchkey.events.LoginHistory;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.session.ValidatedSession;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.util.EnumSet;
import java.util.Set;

/**
 * The "Login history" part of Settings → Security.
 *
 * <pre>
 * GET /api/security/login-history?limit=&amp;cursor=&amp;type=
 *     {"events":[{id,type,at,ip_address,device,location,session_id,suspicious,details}],
 *      "next_cursor": "…" | null}
 *     · 400 invalid_limit (1 to 100, default 20) · 400 invalid_cursor · 400 invalid_type
 * </pre>
 *
 * <p>{@code type} takes event codes ({@code sign_in.succeeded}, {@code password.changed}, …),
 * comma-separated or repeated. Newest first; pass {@code next_cursor} back as {@code cursor} for
 * the next page, with the same {@code type}. {@code device} and {@code location} are the stored
 * structured values in words ({@link ClientLabels#english()}); both are empty for an event that
 * had no client.
 */
final class LoginHistoryRoutes {
  private static final ClientLabels LABELS = ClientLabels.english();

  private final Latchkey latchkey;
  private final SessionAuth auth;

  LoginHistoryRoutes(Latchkey latchkey, SessionAuth auth) {
    this.latchkey = latchkey;
    this.auth = auth;
  }

  void register(JavalinDefaultRouting router) {
    router.get("/api/security/login-history", this::page);
  }

  private void page(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    EventQuery query = query(ctx);
    LoginHistory history;
    try {
      history = latchkey.loginHistory();
    } catch (IllegalStateException e) {
      throw new ApiError(503, "login_history_unavailable",
          "Login history is not kept by this server's storage.");
    }
    EventPage page;
    try {
      page = history.page(session.accountId(), query);
    } catch (IllegalArgumentException e) {
      throw invalidCursor();
    }
    ObjectNode out = Json.object();
    ArrayNode events = out.putArray("events");
    for (SecurityEvent event : page.events()) {
      ObjectNode row = events.addObject();
      row.put("id", event.id());
      row.put("type", event.type().code());
      row.put("at", Json.timestamp(event.at()));
      row.put("ip_address", event.ipAddress());
      row.put("device", LABELS.device(event.device()));
      row.put("location", LABELS.location(event.location()));
      row.put("session_id", event.sessionId());
      row.put("suspicious", event.suspicious());
      ObjectNode details = row.putObject("details");
      event.details().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
          .forEach(d -> details.put(d.getKey(), d.getValue()));
    }
    out.put("next_cursor", page.nextCursor().orElse(null));
    ctx.json(out);
  }

  private static EventQuery query(Context ctx) {
    int limit = EventQuery.DEFAULT_LIMIT;
    String rawLimit = ctx.queryParam("limit");
    if (rawLimit != null && !rawLimit.isBlank()) {
      try {
        limit = Integer.parseInt(rawLimit.strip());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < EventQuery.MIN_LIMIT || limit > EventQuery.MAX_LIMIT) {
        throw ApiError.badRequest("invalid_limit", "The limit must be a whole number from "
            + EventQuery.MIN_LIMIT + " to " + EventQuery.MAX_LIMIT + ".");
      }
    }
    Set<SecurityEventType> types = EnumSet.noneOf(SecurityEventType.class);
    for (String param : ctx.queryParams("type")) {
      for (String code : param.split(",")) {
        if (code.isBlank()) {
          continue;
        }
        types.add(SecurityEventType.fromCode(code.strip()).orElseThrow(() ->
            ApiError.badRequest("invalid_type", "Unknown event type. Use codes such as"
                + " sign_in.succeeded, sign_in.failed or password.changed.")));
      }
    }
    String cursor = ctx.queryParam("cursor");
    if (cursor != null && cursor.isBlank()) {
      cursor = null;
    }
    if (cursor != null && !EventQuery.isWellFormedCursor(cursor)) {
      throw invalidCursor();
    }
    try {
      return EventQuery.of(limit, cursor).withTypes(types);
    } catch (IllegalArgumentException e) {
      throw invalidCursor();
    }
  }

  private static ApiError invalidCursor() {
    return ApiError.badRequest("invalid_cursor",
        "This page link is not valid. Start again from the first page.");
  }
}
