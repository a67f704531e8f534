package dev.latchkey.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.apikey.ApiKeyAuthentication.Reason;
import dev.latchkey.apikey.ApiKeyAuthentication.Rejected;
import dev.latchkey.internal.Hashing;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.tck.MutableClock;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * The per-thread buffer the format check copies a key into (and SHA-256 hashes it from) holds a
 * secret while it is filled: whatever the outcome, nothing of the key is left in it afterwards.
 */
class KeyBufferTest {
  private final MutableClock clock = MutableClock.atEpochOfTests();

  private ApiKeyService service(ApiKeySettings settings) {
    return ApiKeyService.using(InMemoryStores.create().apiKeys(), clock, new SecureRandom(),
        settings);
  }

  private static String create(ApiKeyService service) {
    return service.create("owner-1", ApiKeySpec.builder().name("k").build()).key().reveal();
  }

  private static void assertBufferZeroed() {
    ApiKeyFormat.KeyBuffer buffer = ApiKeyFormat.KeyBuffer.get();
    assertThat(buffer.length).isZero();
    assertThat(buffer.bytes).containsOnly((byte) 0);
  }

  private static Reason reasonOf(ApiKeyAuthentication a) {
    return ((Rejected) a).reason();
  }

  @Test
  void theKeyIsZeroedAfterEveryOutcomeWithTheCacheOffAndOn() {
    for (ApiKeySettings settings : new ApiKeySettings[] {ApiKeySettings.defaults(),
        ApiKeySettings.builder().cache(ApiKeyCacheSettings.enabled().build()).build()}) {
      ApiKeyService service = service(settings);
      String key = create(service);
      assertBufferZeroed();
      // Valid: a miss, then (cache on) a hit.
      assertThat(service.authenticate("Bearer " + key).isAuthenticated()).isTrue();
      assertBufferZeroed();
      assertThat(service.authenticate("Bearer " + key).isAuthenticated()).isTrue();
      assertBufferZeroed();
      assertThat(service.authenticateKey(key).isAuthenticated()).isTrue();
      assertBufferZeroed();
      // Well-formed, right checksum, never issued: hashed, looked up, refused.
      assertThat(reasonOf(service.authenticate("Bearer " + create(service(settings)))))
          .isEqualTo(Reason.UNKNOWN);
      assertBufferZeroed();
      // A typo in the checksum: the body was copied before the checksum refused it.
      char last = key.charAt(key.length() - 1);
      String typo = key.substring(0, key.length() - 1) + (last == '0' ? '1' : '0');
      assertThat(reasonOf(service.authenticate("Bearer " + typo))).isEqualTo(Reason.BAD_CHECKSUM);
      assertBufferZeroed();
      // A character outside the alphabet late in the body: everything before it was copied.
      String bad = key.substring(0, key.length() - 8) + "-" + key.substring(key.length() - 7);
      assertThat(reasonOf(service.authenticate("Bearer " + bad))).isEqualTo(Reason.MALFORMED);
      assertBufferZeroed();
      // A look-alike whose low bytes are a valid key (see ApiKeyFormatTest): refused, zeroed.
      String twin = key.substring(0, key.length() - 8) + (char) (key.charAt(key.length() - 8)
          | 0x100) + key.substring(key.length() - 7);
      assertThat(reasonOf(service.authenticate("Bearer " + twin))).isEqualTo(Reason.MALFORMED);
      assertBufferZeroed();
      assertThat(ApiKeyFormat.defaults().isWellFormed(key)).isTrue();
      assertBufferZeroed();
    }
  }

  @Test
  void theCacheKeyIsTheDigestAndGivesBackTheHexTheStoreKeeps() {
    ApiKeyService service = service(ApiKeySettings.defaults());
    String key = create(service);
    ApiKeyFormat.KeyBuffer buffer = ApiKeyFormat.KeyBuffer.get();
    try {
      assertThat(ApiKeyFormat.defaults().check(key, 0, key.length(), buffer))
          .isEqualTo(ApiKeyFormat.Check.OK);
      byte[] digest = buffer.sha256();
      assertThat(digest).isEqualTo(Hashing.sha256(key.getBytes(
          java.nio.charset.StandardCharsets.US_ASCII)));
      String cacheKey = VerificationCache.key(digest);
      assertThat(cacheKey).hasSize(32);
      assertThat(VerificationCache.hex(cacheKey, buffer)).isEqualTo(Hashing.sha256Hex(key));
    } finally {
      buffer.clear();
    }
    assertBufferZeroed();
  }
}
