package dev.latchkey.examples.spring;

import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeyCreateResult;
import dev.latchkey.apikey.ApiKeyInfo;
import dev.latchkey.apikey.ApiKeyRevokeResult;
import dev.latchkey.apikey.ApiKeyRotateResult;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.CreatedApiKey;
import dev.latchkey.apikey.Permission;
import dev.latchkey.spring.security.LatchkeyAuthentication;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Settings → API keys. The key itself leaves the server only in the create and rotate answers;
 * the list shows a hint. A powerful key needs a recent authentication (403
 * {@code reauthentication_required}).
 */
@RestController
@RequestMapping("/api/api-keys")
class ApiKeyController {
  record NewKey(String name, String permission) {}

  private static final Duration ROTATION_GRACE = Duration.ofHours(24);

  private final Latchkey latchkey;

  ApiKeyController(Latchkey latchkey) {
    this.latchkey = latchkey;
  }

  @GetMapping
  List<Map<String, Object>> list(LatchkeyAuthentication auth) {
    return latchkey.apiKeys().list(auth.getName()).stream().map(ApiKeyController::row).toList();
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, Object> create(@RequestBody NewKey body, LatchkeyAuthentication auth) {
    Permission permission = Permission.fromCode(body.permission()).orElseThrow(() ->
        new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_permission",
            "permission must be read_only, read_write or admin."));
    ApiKeySpec.Builder spec = ApiKeySpec.builder().name(body.name()).permission(permission);
    if (!spec.violations().isEmpty()) {
      ApiKeySpec.Violation first = spec.violations().get(0);
      throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, first.code(), first.message());
    }
    ApiKeyCreateResult result = latchkey.apiKeys().create(AuthController.session(auth),
        spec.build());
    if (!(result instanceof ApiKeyCreateResult.Created created)) {
      throw ApiException.reauthenticationRequired();
    }
    return shownOnce(created.key());
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(@PathVariable String id, LatchkeyAuthentication auth) {
    if (latchkey.apiKeys().revoke(auth.getName(), id) instanceof ApiKeyRevokeResult.NotFound) {
      throw new ApiException(HttpStatus.NOT_FOUND, "api_key_not_found", "No API key with this id.");
    }
  }

  @PostMapping("/{id}/rotate")
  Map<String, Object> rotate(@PathVariable String id, LatchkeyAuthentication auth) {
    ApiKeyRotateResult result = latchkey.apiKeys().rotate(AuthController.session(auth), id,
        ROTATION_GRACE);
    if (result instanceof ApiKeyRotateResult.Rotated rotated) {
      return shownOnce(rotated.replacement());
    }
    if (result instanceof ApiKeyRotateResult.ReauthenticationRequired) {
      throw ApiException.reauthenticationRequired();
    }
    throw new ApiException(HttpStatus.CONFLICT, result.code(), "This key cannot be rotated.");
  }

  private static Map<String, Object> shownOnce(CreatedApiKey created) {
    Map<String, Object> out = row(created.info());
    out.put("key", created.key().reveal());
    return out;
  }

  private static Map<String, Object> row(ApiKeyInfo info) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", info.id());
    row.put("name", info.name());
    row.put("hint", info.hint());
    row.put("permission", info.permission().code());
    row.put("status", info.status().code());
    row.put("created_at", info.createdAt().toString());
    return row;
  }
}
