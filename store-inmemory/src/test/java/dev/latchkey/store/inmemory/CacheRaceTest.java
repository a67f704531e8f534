package dev.latchkey.store.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.apikey.ApiKeyAuthentication;
import dev.latchkey.apikey.ApiKeyCacheSettings;
import dev.latchkey.apikey.ApiKeyRevokeResult;
import dev.latchkey.apikey.ApiKeyService;
import dev.latchkey.apikey.ApiKeySettings;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.CreatedApiKey;
import dev.latchkey.store.tck.MutableClock;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The one interleaving the cache must survive, forced deterministically: a lookup reads an active
 * row, a revoke completes, then the lookup caches what it read. The stale entry must never be
 * served afterwards.
 */
class CacheRaceTest {

  @Test
  void lookupThatReadBeforeARevokeNeverCachesPastIt() throws Exception {
    CountingApiKeyStore store = CountingApiKeyStore.overInMemory();
    ApiKeyService keys = ApiKeyService.using(store, MutableClock.atEpochOfTests(),
        new SecureRandom(),
        ApiKeySettings.builder().cache(ApiKeyCacheSettings.enabled().build()).build());
    CreatedApiKey k = keys.create("o", ApiKeySpec.builder().name("k").build());
    String header = "Bearer " + k.key().reveal();

    CountDownLatch readRow = new CountDownLatch(1);
    CountDownLatch revoked = new CountDownLatch(1);
    store.afterLookup = () -> {
      readRow.countDown();
      await(revoked);
    };
    CompletableFuture<ApiKeyAuthentication> slow =
        CompletableFuture.supplyAsync(() -> keys.authenticate(header));
    assertThat(readRow.await(10, TimeUnit.SECONDS)).isTrue();
    store.afterLookup = () -> {};
    assertThat(keys.revoke("o", k.id())).isEqualTo(new ApiKeyRevokeResult.Revoked());
    revoked.countDown();

    // The slow request started before the revoke returned, so either answer is allowed for it...
    slow.get(10, TimeUnit.SECONDS);
    // ...but every request after the revoke is refused, although the slow one cached its row.
    for (int i = 0; i < 3; i++) {
      assertThat(keys.authenticate(header).isAuthenticated()).isFalse();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
