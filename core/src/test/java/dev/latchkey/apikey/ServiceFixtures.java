package dev.latchkey.apikey;

import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.contract.MutableClock;
import java.security.SecureRandom;
import java.util.Set;

/** Test helpers that need package access. */
final class ServiceFixtures {
  private ServiceFixtures() {}

  static ApiKeyService service(ApiKeyStore store) {
    return ApiKeyService.using(store, MutableClock.atEpochOfTests(), new SecureRandom(),
        ApiKeySettings.defaults());
  }

  /** A proof made directly: only tests in this package can do this. */
  static AuthenticatedApiKey key(Permission permission, Set<String> scopes) {
    return new AuthenticatedApiKey("id-1", "owner-1", "test key", permission, scopes, "live", null);
  }
}
