package dev.latchkey.apikey;

import dev.latchkey.spi.ApiKeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

/** Test helpers that need package access. */
final class ServiceFixtures {
  /** A clock standing still at the tests' epoch: nothing in these tests needs time to pass. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private ServiceFixtures() {}

  static ApiKeyService service(ApiKeyStore store) {
    return ApiKeyService.using(store, CLOCK, new SecureRandom(),
        ApiKeySettings.defaults());
  }

  /** A proof made directly: only tests in this package can do this. */
  static AuthenticatedApiKey key(Permission permission, Set<String> scopes) {
    return new AuthenticatedApiKey("id-1", "owner-1", "test key", permission, scopes, "live", null);
  }
}
