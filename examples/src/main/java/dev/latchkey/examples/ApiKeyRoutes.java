package dev.latchkey.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.apikey.ApiKeyCreateResult;
import dev.latchkey.apikey.ApiKeyInfo;
import dev.latchkey.apikey.ApiKeyRevokeResult;
import dev.latchkey.apikey.ApiKeyRotateResult;
import dev.latchkey.apikey.ApiKeyService;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.CreatedApiKey;
import dev.latchkey.apikey.Permission;
import dev.latchkey.session.ValidatedSession;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.time.Duration;
import java.util.List;

/**
 * The "API keys" part of Settings → Security. The owner of every key is the signed-in account.
 *
 * <pre>
 * GET    /api/api-keys                                   [{id,name,hint,permission,environment,
 *                                                          created_at,last_used_at,expires_at,status}]
 * POST   /api/api-keys {name,permission,environment?}    201 {key, api_key} · 422 name_empty, …
 *                                                        · 403 reauthentication_required
 * DELETE /api/api-keys/{id}                              204 · 404 api_key_not_found
 * POST   /api/api-keys/{id}/rotate {grace_seconds?}      201 {key, api_key} · 404 · 409
 *                                                        · 403 reauthentication_required
 * </pre>
 *
 * <p>The key itself appears only in the create and rotate answers; Latchkey keeps only its hash.
 * A {@code read_write} or {@code admin} key (new, or the replacement of one) needs the session to
 * have authenticated recently: otherwise 403 {@code reauthentication_required}, and the page asks
 * for the password or a code ({@link ReauthenticationRoutes}) and retries.
 */
final class ApiKeyRoutes {
  private final ApiKeyService keys;
  private final SessionAuth auth;
  private final ClientRequests requests;

  ApiKeyRoutes(ApiKeyService keys, SessionAuth auth, ClientRequests requests) {
    this.keys = keys;
    this.auth = auth;
    this.requests = requests;
  }

  void register(JavalinDefaultRouting router) {
    router.get("/api/api-keys", this::list);
    router.post("/api/api-keys", this::create);
    router.delete("/api/api-keys/{id}", this::revoke);
    router.post("/api/api-keys/{id}/rotate", this::rotate);
  }

  private void list(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (ApiKeyInfo info : keys.list(session.accountId())) {
      out.add(json(info));
    }
    ctx.json(out);
  }

  private void create(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    ObjectNode body = Json.body(ctx);
    String name = Json.requiredString(body, "name");
    Permission permission = Permission.fromCode(Json.requiredString(body, "permission"))
        .orElseThrow(() -> ApiError.unprocessable("invalid_permission",
            "Choose a permission: read_only, read_write or admin."));
    String environment = optionalString(body, "environment");
    if (environment != null && !keys.format().environments().contains(environment)) {
      throw ApiError.unprocessable("invalid_environment",
          "Choose an environment: " + String.join(", ", keys.format().environments()) + ".");
    }
    ApiKeySpec.Builder spec = ApiKeySpec.builder().name(name).permission(permission)
        .environment(environment);
    List<ApiKeySpec.Violation> violations = spec.violations();
    if (!violations.isEmpty()) {
      ApiKeySpec.Violation first = violations.get(0);
      String message = first.message();
      throw ApiError.unprocessable(first.code(),
          Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".");
    }
    ApiKeyCreateResult result = keys.create(session, spec.build(), requests.clientInfo(ctx));
    if (!(result instanceof ApiKeyCreateResult.Created created)) {
      throw ApiError.reauthenticationRequired();
    }
    ctx.status(201).json(created(created.key()));
  }

  private void revoke(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    ApiKeyRevokeResult result =
        keys.revoke(session, ctx.pathParam("id"), requests.clientInfo(ctx));
    if (result instanceof ApiKeyRevokeResult.NotFound) {
      throw notFound();
    }
    // Revoking twice is fine: the key is revoked either way.
    ctx.status(204);
  }

  private void rotate(Context ctx) {
    ValidatedSession session = auth.require(ctx);
    ObjectNode body = ctx.bodyAsBytes().length == 0 ? Json.object() : Json.body(ctx);
    Duration grace = Duration.ZERO;
    JsonNode graceSeconds = body.get("grace_seconds");
    if (graceSeconds != null && !graceSeconds.isNull()) {
      long max = keys.settings().maxRotationGrace().toSeconds();
      if (!graceSeconds.canConvertToLong() || !graceSeconds.isIntegralNumber()
          || graceSeconds.asLong() < 0 || graceSeconds.asLong() > max) {
        throw ApiError.unprocessable("invalid_grace",
            "grace_seconds must be a whole number from 0 to " + max + ".");
      }
      grace = Duration.ofSeconds(graceSeconds.asLong());
    }
    ApiKeyRotateResult result =
        keys.rotate(session, ctx.pathParam("id"), grace, requests.clientInfo(ctx));
    if (result instanceof ApiKeyRotateResult.Rotated rotated) {
      ctx.status(201).json(created(rotated.replacement()));
      return;
    }
    if (result instanceof ApiKeyRotateResult.ReauthenticationRequired) {
      throw ApiError.reauthenticationRequired();
    }
    ApiKeyRotateResult.Reason reason = ((ApiKeyRotateResult.NotRotated) result).reason();
    throw switch (reason) {
      case NOT_FOUND -> notFound();
      case REVOKED -> ApiError.conflict("api_key_revoked", "A revoked key cannot be rotated.");
      case EXPIRED -> ApiError.conflict("api_key_expired", "An expired key cannot be rotated.");
      case ALREADY_ROTATED -> ApiError.conflict("api_key_already_rotated",
          "This key was already rotated; rotate its replacement instead.");
    };
  }

  private static ObjectNode created(CreatedApiKey created) {
    ObjectNode out = Json.object();
    out.put("key", created.key().reveal());
    out.set("api_key", json(created.info()));
    return out;
  }

  static ObjectNode json(ApiKeyInfo info) {
    ObjectNode row = Json.object();
    row.put("id", info.id());
    row.put("name", info.name());
    row.put("hint", info.hint());
    row.put("permission", info.permission().code());
    row.put("environment", info.environment());
    row.put("created_at", Json.timestamp(info.createdAt()));
    row.put("last_used_at", Json.timestamp(info.lastUsedAt()));
    row.put("expires_at", Json.timestamp(info.expiresAt()));
    row.put("status", info.status().code());
    row.put("grace_until", Json.timestamp(info.graceUntil()));
    row.put("replaced_by", info.replacedBy());
    return row;
  }

  private static String optionalString(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiError.badRequest("invalid_request", "The field '" + field + "' must be a string.");
    }
    return value.textValue();
  }

  private static ApiError notFound() {
    return ApiError.notFound("api_key_not_found", "No API key with this id.");
  }
}
