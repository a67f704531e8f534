package dev.latchkey.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.http.CrossSiteCheck;
import dev.latchkey.spi.StoreException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.JavalinDefaultRouting;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs around every route: request ids, response headers, the cross-site rule, and the
 * mapping of every failure to the one error shape
 * {@code {"error":{"code":…,"message":…,"request_id":…}}}.
 */
final class ApiFilters {
  private static final Logger LOG = LoggerFactory.getLogger(ApiFilters.class);
  /**
   * What a 503 asks the client to wait: about what a database restart or a Redis reconnect takes,
   * and the pool's connection timeout.
   */
  static final long STORAGE_RETRY_AFTER_SECONDS = 2;

  private final RequestIds requestIds;

  ApiFilters(RequestIds requestIds) {
    this.requestIds = requestIds;
  }

  void register(JavalinDefaultRouting router) {
    router.before(this::beforeEveryRequest);
    router.before("/api/*", ApiFilters::refuseCrossSiteStateChanges);

    router.exception(ApiError.class, (e, ctx) -> {
      e.headers().forEach(ctx::header);
      ObjectNode body = errorBody(ctx, e.code(), e.getMessage());
      if (!e.violations().isEmpty()) {
        ArrayNode list = ((ObjectNode) body.get("error")).putArray("violations");
        for (ApiError.Violation v : e.violations()) {
          ObjectNode item = list.addObject();
          item.put("code", v.code());
          item.put("message", v.message());
          item.set("params", Json.MAPPER.valueToTree(v.params()));
        }
      }
      ctx.status(e.status()).json(body);
    });
    // Javalin's own "no such route", "method not allowed", "body too large"…
    router.exception(HttpResponseException.class, (e, ctx) -> render(ctx, e.getStatus(),
        codeFor(e.getStatus()), messageFor(e.getStatus())));
    // The database or Redis is unreachable (a restart, a failover, a full pool): Latchkey's stores
    // and the demo's users table throw StoreException, never a wrong answer. The request may be
    // retried as it is; the log gets one line, not a stack trace per request of the outage.
    router.exception(StoreException.class, (e, ctx) -> {
      LOG.warn("Storage unavailable in {} {} (request_id={}): {}", ctx.method(), ctx.path(),
          RequestIds.of(ctx), describe(e));
      ctx.header("Retry-After", Long.toString(STORAGE_RETRY_AFTER_SECONDS));
      render(ctx, 503, "service_unavailable",
          "The service is briefly unavailable. Try again in a few seconds.");
    });
    router.exception(Exception.class, (e, ctx) -> {
      // The only place a stack trace goes: the server log, keyed by the id the client sees.
      LOG.error("Unhandled error in {} {} (request_id={})", ctx.method(), ctx.path(),
          RequestIds.of(ctx), e);
      render(ctx, 500, "internal_error",
          "Something went wrong on our side. Quote the request id if you contact support.");
    });
  }

  private void beforeEveryRequest(Context ctx) {
    requestIds.assign(ctx);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("X-Frame-Options", "DENY");
    // The page loads only its own script and stylesheet: an injected <script> would not run.
    ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    if (ctx.path().startsWith("/api/") || ctx.path().startsWith("/v1/")) {
      // Answers carry account data and change after every sign-in: never cache them.
      ctx.header("Cache-Control", "no-store");
    }
  }

  /**
   * CSRF, second line of defence (the SameSite=Lax cookie is the first): core's
   * {@link CrossSiteCheck} on every state-changing {@code /api} request, which cookies
   * authenticate. A browser says where a request comes from ({@code Sec-Fetch-Site}, else
   * {@code Origin}): another site or a sibling subdomain is refused with 403
   * {@code cross_site_request}. A client that says neither must send JSON, which a cross-site form
   * or simple fetch cannot do without a CORS preflight this app never approves: else 403
   * {@code json_content_type_required}. {@code /v1} is not checked: nothing there is
   * authenticated by a cookie.
   */
  private static void refuseCrossSiteStateChanges(Context ctx) {
    CrossSiteCheck verdict = CrossSiteCheck.of(ctx.method().name(), ctx.host(),
        ctx.header("Origin"), ctx.header("Sec-Fetch-Site"), ctx.header("Content-Type"));
    if (verdict == CrossSiteCheck.CROSS_SITE) {
      throw ApiError.forbidden(verdict.code(), "Requests that change data must come from this"
          + " site's own pages.");
    }
    if (verdict == CrossSiteCheck.JSON_REQUIRED) {
      throw ApiError.forbidden(verdict.code(),
          "Send requests that change data with Content-Type: application/json.");
    }
  }

  /**
   * The failure on one line: its message (stores name the operation, never a value) and the class
   * and SQLState of each cause, whose messages are left out because a driver's may quote values.
   */
  private static String describe(Throwable e) {
    StringBuilder line = new StringBuilder(String.valueOf(e.getMessage()));
    int depth = 0;
    for (Throwable t = e.getCause(); t != null && depth < 8; t = t.getCause(), depth++) {
      line.append(" <- ").append(t.getClass().getSimpleName());
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        line.append(" (SQLState ").append(sql.getSQLState()).append(')');
      }
    }
    return line.toString();
  }

  static void render(Context ctx, int status, String code, String message) {
    ctx.status(status).json(errorBody(ctx, code, message));
  }

  private static ObjectNode errorBody(Context ctx, String code, String message) {
    ObjectNode error = Json.object();
    error.put("code", code);
    error.put("message", message);
    error.put("request_id", RequestIds.of(ctx));
    ObjectNode body = Json.object();
    body.set("error", error);
    return body;
  }

  private static String codeFor(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "too_many_requests";
      default -> status >= 500 ? "internal_error" : "http_" + status;
    };
  }

  private static String messageFor(int status) {
    return switch (status) {
      case 404 -> "There is nothing at this address.";
      case 405 -> "This address does not accept that method.";
      case 413 -> "The request body is too large.";
      default -> status >= 500 ? "Something went wrong on our side." : "The request was refused.";
    };
  }
}
