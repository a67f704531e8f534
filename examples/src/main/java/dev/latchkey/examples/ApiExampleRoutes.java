package dev.latchkey.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.apikey.ApiKeyAuthentication;
import dev.latchkey.apikey.ApiKeyService;
import dev.latchkey.apikey.AuthenticatedApiKey;
import dev.latchkey.apikey.Authorization;
import dev.latchkey.apikey.Permission;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny API authenticated with keys ({@code Authorization: Bearer lk_live_…}), no cookies. What a
 * host's public API does on every request: authenticate, then authorize the operation.
 *
 * <pre>
 * GET  /v1/credits      any valid key       {credits, currency}
 * POST /v1/messages     read_write or admin 202 {id, status:"queued"}
 * GET  /v1/admin/usage  admin               {owner, period:"since_start", since, requests,
 *                                           messages_sent}
 * </pre>
 *
 * <p>Usage is counted for real, per owner, in this process's memory since it started: every
 * authenticated {@code /v1} request (this one included) and every message accepted. A host would
 * keep such counters in its metering system; they are not Latchkey's business.
 *
 * <p>401 (no key, or a bad, revoked or expired one) carries {@code WWW-Authenticate: Bearer …} from
 * the rejection; 403 (valid key, permission too low) carries {@code error="insufficient_scope"}.
 * The 401 answer is built only from what the rejection gives the caller ({@code description()},
 * {@code wwwAuthenticate}), never from its precise {@code reason()}: a revoked, rotated-away,
 * expired and never-issued key get byte-identical answers, so nobody can test a leaked list for
 * keys that once existed. The precise reason goes to the log.
 * The CSRF content-type rule does not apply here: no cookie authenticates these requests, so a
 * cross-site page has nothing to ride on.
 */
final class ApiExampleRoutes {
  /** The realm in every {@code WWW-Authenticate} challenge. */
  static final String REALM = "latchkey-demo";
  private static final String KEY = "latchkey.apiKey";
  private static final Logger LOG = LoggerFactory.getLogger(ApiExampleRoutes.class);

  private final ApiKeyService keys;
  private final SecureRandom random;
  private final Instant since;
  private final ConcurrentMap<String, Usage> usage = new ConcurrentHashMap<>();

  ApiExampleRoutes(ApiKeyService keys, SecureRandom random, Clock clock) {
    this.keys = keys;
    this.random = random;
    this.since = clock.instant();
  }

  /** One owner's counters. */
  private static final class Usage {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong messages = new AtomicLong();
  }

  private Usage usageOf(String owner) {
    return usage.computeIfAbsent(owner, o -> new Usage());
  }

  void register(JavalinDefaultRouting router) {
    router.before("/v1/*", this::authenticate);
    router.get("/v1/credits", this::credits);
    router.post("/v1/messages", this::sendMessage);
    router.get("/v1/admin/usage", this::usage);
  }

  private void authenticate(Context ctx) {
    ApiKeyAuthentication result = keys.authenticate(ctx.header("Authorization"));
    if (result instanceof ApiKeyAuthentication.Authenticated authenticated) {
      ctx.attribute(KEY, authenticated.key());
      // Authenticated requests count, whatever they ask for (a 403 was still a call with the key).
      usageOf(authenticated.key().owner()).requests.incrementAndGet();
      return;
    }
    ApiKeyAuthentication.Rejected rejected = (ApiKeyAuthentication.Rejected) result;
    // For the operator only: the caller's answer below does not depend on it.
    LOG.debug("API key rejected: {}", rejected.reason().code());
    ApiError error = rejected.description() == null
        ? new ApiError(rejected.httpStatus(), "missing_api_key",
            "Send your API key in the header: Authorization: Bearer <key>.")
        : new ApiError(rejected.httpStatus(), "invalid_api_key", rejected.description() + ".");
    throw error.withHeader("WWW-Authenticate", rejected.wwwAuthenticate(REALM));
  }

  private AuthenticatedApiKey require(Context ctx, Permission permission) {
    AuthenticatedApiKey key = ctx.attribute(KEY);
    if (key == null) { // the before-filter always sets it; be safe anyway
      throw new ApiError(401, "missing_api_key", "Send your API key.");
    }
    Authorization authorization = keys.authorize(key, permission);
    if (authorization instanceof Authorization.Forbidden forbidden) {
      throw new ApiError(forbidden.httpStatus(), "insufficient_scope",
          "This API key's permission (" + key.permission().code() + ") does not allow this;"
              + " it needs " + permission.code() + ".")
          .withHeader("WWW-Authenticate", forbidden.wwwAuthenticate(REALM));
    }
    return key;
  }

  private void credits(Context ctx) {
    require(ctx, Permission.READ_ONLY);
    ObjectNode out = Json.object();
    out.put("credits", 1000);
    out.put("currency", "USD");
    ctx.json(out);
  }

  private void sendMessage(Context ctx) {
    AuthenticatedApiKey key = require(ctx, Permission.READ_WRITE);
    usageOf(key.owner()).messages.incrementAndGet();
    byte[] id = new byte[12];
    random.nextBytes(id);
    ObjectNode out = Json.object();
    out.put("id", "msg_" + HexFormat.of().formatHex(id));
    out.put("status", "queued");
    ctx.status(202).json(out);
  }

  private void usage(Context ctx) {
    AuthenticatedApiKey key = require(ctx, Permission.ADMIN);
    ObjectNode out = Json.object();
    out.put("owner", key.owner());
    Usage counted = usageOf(key.owner());
    out.put("period", "since_start");
    out.put("since", Json.timestamp(since));
    out.put("requests", counted.requests.get());
    out.put("messages_sent", counted.messages.get());
    ctx.json(out);
  }
}
