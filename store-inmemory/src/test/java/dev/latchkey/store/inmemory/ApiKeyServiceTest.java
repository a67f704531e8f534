package dev.latchkey.store.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeyAuthentication;
import dev.latchkey.apikey.ApiKeyAuthentication.Reason;
import dev.latchkey.apikey.ApiKeyAuthentication.Rejected;
import dev.latchkey.apikey.ApiKeyCacheSettings;
import dev.latchkey.apikey.ApiKeyFormat;
import dev.latchkey.apikey.ApiKeyInfo;
import dev.latchkey.apikey.ApiKeyRevokeResult;
import dev.latchkey.apikey.ApiKeyRotateResult;
import dev.latchkey.apikey.ApiKeyService;
import dev.latchkey.apikey.ApiKeySettings;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.ApiKeyStatus;
import dev.latchkey.apikey.AuthenticatedApiKey;
import dev.latchkey.apikey.CreatedApiKey;
import dev.latchkey.apikey.LeakedKeyRevocation;
import dev.latchkey.apikey.Permission;
import dev.latchkey.apikey.StaleApiKey;
import dev.latchkey.internal.Hashing;
import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.store.tck.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyServiceTest {
  private final MutableClock clock = MutableClock.atEpochOfTests();
  private final CountingApiKeyStore store = CountingApiKeyStore.overInMemory();
  private final ApiKeyService keys = service(ApiKeySettings.defaults());

  private ApiKeyService service(ApiKeySettings settings) {
    return ApiKeyService.using(store, clock, new SecureRandom(), settings);
  }

  private CreatedApiKey create(String owner, String name, Permission permission) {
    return keys.create(owner, ApiKeySpec.builder().name(name).permission(permission).build());
  }

  private static String bearer(CreatedApiKey k) {
    return "Bearer " + k.key().reveal();
  }

  private static Reason reason(ApiKeyAuthentication a) {
    assertThat(a).isInstanceOf(Rejected.class);
    return ((Rejected) a).reason();
  }

  private static AuthenticatedApiKey proof(ApiKeyAuthentication a) {
    assertThat(a).isInstanceOf(ApiKeyAuthentication.Authenticated.class);
    return ((ApiKeyAuthentication.Authenticated) a).key();
  }

  // ---- create and list ----

  @Test
  void createReturnsThePlaintextOnceAndStoresOnlyItsHash() {
    CreatedApiKey k = keys.create("acct-1", ApiKeySpec.builder().name(" Deploy bot ")
        .permission(Permission.READ_WRITE).scopes("messages:send").build());
    String plaintext = k.key().reveal();
    assertThat(plaintext).matches(ApiKeyFormat.REGEX).startsWith("lk_live_");
    ApiKeyInfo info = k.info();
    assertThat(info.name()).isEqualTo("Deploy bot");
    assertThat(info.owner()).isEqualTo("acct-1");
    assertThat(info.permission()).isEqualTo(Permission.READ_WRITE);
    assertThat(info.scopes()).containsExactly("messages:send");
    assertThat(info.environment()).isEqualTo("live");
    assertThat(info.hint()).isEqualTo("lk_live_\u2026" + plaintext.substring(plaintext.length() - 4));
    assertThat(info.createdAt()).isEqualTo(clock.instant());
    assertThat(info.status()).isEqualTo(ApiKeyStatus.ACTIVE);
    ApiKeyRecord row = store.findById(k.id()).orElseThrow();
    assertThat(row.keyHash()).isEqualTo(Hashing.sha256Hex(plaintext));
    assertThat(row.toString()).doesNotContain(plaintext).doesNotContain(row.keyHash());
    assertThat(k.toString()).doesNotContain(plaintext).contains("redacted");
    assertThat(k.key().toString()).doesNotContain(plaintext);
    assertThat(info.toString()).doesNotContain(plaintext.substring(8, 40));
  }

  @Test
  void createInAnotherEnvironmentWithExpiry() {
    Instant expiry = clock.instant().plus(Duration.ofDays(90));
    CreatedApiKey k = keys.create("acct-1", ApiKeySpec.builder().name("staging")
        .environment("test").expiresAt(expiry).build());
    assertThat(k.key().reveal()).startsWith("lk_test_");
    assertThat(k.info().expiresAt()).isEqualTo(expiry);
    assertThat(proof(keys.authenticate(bearer(k))).environment()).isEqualTo("test");
  }

  @Test
  void createRefusesUnknownEnvironmentsAndExpiriesNotInTheFuture() {
    assertThatThrownBy(() -> keys.create("acct-1",
        ApiKeySpec.builder().name("n").environment("prod").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'prod'");
    assertThatThrownBy(() -> keys.create("acct-1",
        ApiKeySpec.builder().name("n").expiresAt(clock.instant()).build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> keys.create("acct-1",
        ApiKeySpec.builder().name("n").expiresAt(clock.instant().minusSeconds(1)).build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> keys.create("acct-1",
        ApiKeySpec.builder().name("n").expiresAt(Instant.MAX).build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> keys.create("", ApiKeySpec.builder().name("n").build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.listByOwner("acct-1")).isEmpty();
  }

  @Test
  void listShowsEveryKeyOfTheOwnerNewestFirstWithItsStatus() {
    CreatedApiKey first = create("acct-1", "first", Permission.READ_ONLY);
    clock.advance(Duration.ofSeconds(1));
    CreatedApiKey second = create("acct-1", "second", Permission.ADMIN);
    clock.advance(Duration.ofSeconds(1));
    create("acct-2", "someone else's", Permission.ADMIN);
    keys.revoke("acct-1", first.id());
    List<ApiKeyInfo> list = keys.list("acct-1");
    assertThat(list).extracting(ApiKeyInfo::id).containsExactly(second.id(), first.id());
    assertThat(list).extracting(ApiKeyInfo::status)
        .containsExactly(ApiKeyStatus.ACTIVE, ApiKeyStatus.REVOKED);
    assertThat(list.get(1).revokedAt()).isEqualTo(clock.instant());
    assertThat(keys.list("nobody")).isEmpty();
  }

  // ---- authenticate ----

  @Test
  void createdKeyAuthenticatesWithItsMetadataAsProof() {
    CreatedApiKey k = keys.create("acct-1", ApiKeySpec.builder().name("bot")
        .permission(Permission.READ_WRITE).scopes("messages:send").build());
    AuthenticatedApiKey p = proof(keys.authenticate(bearer(k)));
    assertThat(p.id()).isEqualTo(k.id());
    assertThat(p.owner()).isEqualTo("acct-1");
    assertThat(p.name()).isEqualTo("bot");
    assertThat(p.permission()).isEqualTo(Permission.READ_WRITE);
    assertThat(p.scopes()).containsExactly("messages:send");
    assertThat(p.environment()).isEqualTo("live");
    assertThat(p.toString()).doesNotContain(k.key().reveal());
    assertThat(keys.authorize(p, Permission.READ_ONLY).isAllowed()).isTrue();
    assertThat(keys.authorize(p, Permission.ADMIN).isAllowed()).isFalse();
    assertThat(keys.authorize(p, "messages:send").isAllowed()).isTrue();
  }

  @Test
  void unknownAndRevokedKeysCostOneLookupEach() {
    CreatedApiKey k = create("acct-1", "k", Permission.READ_ONLY);
    String never = ApiKeyFormat.defaults().pattern().pattern(); // not a key
    keys.revoke("acct-1", k.id());
    store.lookups.set(0);
    assertThat(reason(keys.authenticate(bearer(k)))).isEqualTo(Reason.REVOKED);
    assertThat(store.lookups).hasValue(1);
    CreatedApiKey other = ApiKeyService.using(InMemoryStores.create().apiKeys(), clock,
        new SecureRandom(), ApiKeySettings.defaults())
        .create("acct-9", ApiKeySpec.builder().name("elsewhere").build());
    assertThat(reason(keys.authenticate(bearer(other)))).isEqualTo(Reason.UNKNOWN);
    assertThat(store.lookups).hasValue(2);
    assertThat(reason(keys.authenticate("Bearer " + never))).isEqualTo(Reason.MALFORMED);
    assertThat(store.lookups).hasValue(2);
  }

  @Test
  void expiredKeyIsRefusedFromItsExpiryOn() {
    Instant expiry = clock.instant().plus(Duration.ofHours(1));
    CreatedApiKey k = keys.create("acct-1",
        ApiKeySpec.builder().name("temp").expiresAt(expiry).build());
    clock.set(expiry.minusMillis(1));
    assertThat(keys.authenticate(bearer(k)).isAuthenticated()).isTrue();
    clock.set(expiry);
    assertThat(reason(keys.authenticate(bearer(k)))).isEqualTo(Reason.EXPIRED);
    assertThat(keys.list("acct-1").get(0).status()).isEqualTo(ApiKeyStatus.EXPIRED);
  }

  /** What the caller sees: status, challenge, code and description. */
  private static List<Object> answer(ApiKeyAuthentication a) {
    Rejected r = (Rejected) a;
    return List.of(r.httpStatus(), r.wwwAuthenticate("api"), r.code(), r.description());
  }

  @Test
  void revokedRotatedAwayExpiredAndNeverIssuedKeysAnswerTheCallerAlike() {
    CreatedApiKey revoked = create("acct-1", "revoked", Permission.ADMIN);
    keys.revoke("acct-1", revoked.id());
    CreatedApiKey rotated = create("acct-1", "rotated", Permission.READ_ONLY);
    keys.rotate("acct-1", rotated.id(), Duration.ZERO);
    CreatedApiKey expiring = keys.create("acct-1", ApiKeySpec.builder().name("temp")
        .expiresAt(clock.instant().plusSeconds(60)).build());
    CreatedApiKey never = ApiKeyService.using(InMemoryStores.create().apiKeys(), clock,
        new SecureRandom(), ApiKeySettings.defaults())
        .create("acct-9", ApiKeySpec.builder().name("elsewhere").build());
    clock.advance(Duration.ofSeconds(60));

    List<Object> invalid = List.of(401,
        "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The API key is invalid\"",
        "invalid", "The API key is invalid");
    assertThat(answer(keys.authenticate(bearer(never)))).isEqualTo(invalid);
    assertThat(answer(keys.authenticate(bearer(revoked)))).isEqualTo(invalid);
    assertThat(answer(keys.authenticate(bearer(rotated)))).isEqualTo(invalid);
    assertThat(answer(keys.authenticate(bearer(expiring)))).isEqualTo(invalid);
    // The host still knows which is which.
    assertThat(reason(keys.authenticate(bearer(never)))).isEqualTo(Reason.UNKNOWN);
    assertThat(reason(keys.authenticate(bearer(revoked)))).isEqualTo(Reason.REVOKED);
    assertThat(reason(keys.authenticate(bearer(rotated)))).isEqualTo(Reason.REVOKED);
    assertThat(reason(keys.authenticate(bearer(expiring)))).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void revealingKeyStateRestoresThePreciseAnswers() {
    ApiKeyService revealing = service(ApiKeySettings.builder().revealKeyStateToCallers().build());
    CreatedApiKey revoked = create("acct-1", "revoked", Permission.ADMIN);
    keys.revoke("acct-1", revoked.id());
    CreatedApiKey expiring = keys.create("acct-1", ApiKeySpec.builder().name("temp")
        .expiresAt(clock.instant().plusSeconds(60)).build());
    clock.advance(Duration.ofSeconds(60));
    String never = bearer(ApiKeyService.using(InMemoryStores.create().apiKeys(), clock,
        new SecureRandom(), ApiKeySettings.defaults())
        .create("acct-9", ApiKeySpec.builder().name("elsewhere").build()));

    assertThat(answer(revealing.authenticate(bearer(revoked)))).isEqualTo(List.of(401,
        Reason.REVOKED.wwwAuthenticate("api"), "revoked", "The API key has been revoked"));
    assertThat(answer(revealing.authenticate(bearer(expiring)))).isEqualTo(List.of(401,
        Reason.EXPIRED.wwwAuthenticate("api"), "expired", "The API key has expired"));
    assertThat(answer(revealing.authenticate(never))).isEqualTo(List.of(401,
        Reason.UNKNOWN.wwwAuthenticate("api"), "unknown", "The API key is invalid"));
  }

  @Test
  void lastUsedIsWrittenAtMostOncePerInterval() {
    CreatedApiKey k = create("acct-1", "busy", Permission.READ_ONLY);
    Instant start = clock.instant();
    for (int i = 0; i < 100; i++) {
      assertThat(keys.authenticate(bearer(k)).isAuthenticated()).isTrue();
      clock.advance(Duration.ofMillis(500)); // 50 s in all
    }
    assertThat(store.touchWrites).hasValue(1);
    assertThat(store.touches).hasValue(1);
    assertThat(keys.list("acct-1").get(0).lastUsedAt()).isEqualTo(start);
    clock.set(start.plusSeconds(61));
    keys.authenticate(bearer(k));
    assertThat(store.touchWrites).hasValue(2);
    assertThat(keys.list("acct-1").get(0).lastUsedAt()).isEqualTo(start.plusSeconds(61));
  }

  @Test
  void failingLastUsedWriteDoesNotFailAuthentication() {
    CreatedApiKey k = create("acct-1", "k", Permission.READ_ONLY);
    store.failTouches = true;
    assertThat(keys.authenticate(bearer(k)).isAuthenticated()).isTrue();
    assertThat(store.touches).hasValue(1);
  }

  // ---- revoke ----

  @Test
  void revokeIsOwnerScopedAndImmediate() {
    CreatedApiKey k = create("acct-1", "k", Permission.ADMIN);
    assertThat(keys.revoke("acct-2", k.id())).isEqualTo(new ApiKeyRevokeResult.NotFound());
    assertThat(keys.authenticate(bearer(k)).isAuthenticated()).isTrue();
    assertThat(keys.revoke("acct-1", k.id())).isEqualTo(new ApiKeyRevokeResult.Revoked());
    assertThat(reason(keys.authenticate(bearer(k)))).isEqualTo(Reason.REVOKED);
    assertThat(keys.revoke("acct-1", k.id())).isEqualTo(new ApiKeyRevokeResult.AlreadyRevoked());
    assertThat(keys.revoke("acct-2", k.id())).isEqualTo(new ApiKeyRevokeResult.NotFound());
    assertThat(keys.revoke("acct-1", "unknown")).isEqualTo(new ApiKeyRevokeResult.NotFound());
    assertThat(keys.revoke("acct-1", null)).isEqualTo(new ApiKeyRevokeResult.NotFound());
    assertThat(keys.revoke("acct-1", "x".repeat(10_000))).isEqualTo(new ApiKeyRevokeResult.NotFound());
    assertThat(new ApiKeyRevokeResult.NotFound().code()).isEqualTo("not_found");
  }

  @Test
  void revokeAllRevokesEveryKeyOfTheOwnerOnly() {
    CreatedApiKey a = create("acct-1", "a", Permission.READ_ONLY);
    CreatedApiKey b = create("acct-1", "b", Permission.ADMIN);
    CreatedApiKey other = create("acct-2", "c", Permission.ADMIN);
    keys.revoke("acct-1", a.id());
    assertThat(keys.revokeAll("acct-1")).isEqualTo(1);
    assertThat(reason(keys.authenticate(bearer(a)))).isEqualTo(Reason.REVOKED);
    assertThat(reason(keys.authenticate(bearer(b)))).isEqualTo(Reason.REVOKED);
    assertThat(keys.authenticate(bearer(other)).isAuthenticated()).isTrue();
    assertThat(keys.revokeAll("acct-1")).isZero();
  }

  @Test
  void revokeLeakedFindsTheOwnerRevokesAndSaysWhich() {
    CreatedApiKey k = create("acct-7", "leaky", Permission.READ_WRITE);
    LeakedKeyRevocation r = keys.revokeLeaked(k.key().reveal());
    assertThat(r).isInstanceOf(LeakedKeyRevocation.Revoked.class);
    assertThat(r.code()).isEqualTo("revoked");
    ApiKeyInfo info = ((LeakedKeyRevocation.Revoked) r).key();
    assertThat(info.owner()).isEqualTo("acct-7");
    assertThat(info.id()).isEqualTo(k.id());
    assertThat(info.status()).isEqualTo(ApiKeyStatus.REVOKED);
    assertThat(reason(keys.authenticate(bearer(k)))).isEqualTo(Reason.REVOKED);
    assertThat(keys.revokeLeaked(k.key().reveal()))
        .isInstanceOf(LeakedKeyRevocation.AlreadyRevoked.class);
  }

  @Test
  void revokeLeakedRecognisesLookAlikesWithoutALookup() {
    CreatedApiKey k = create("acct-7", "k", Permission.READ_WRITE);
    String key = k.key().reveal();
    String typo = key.substring(0, 20) + (key.charAt(20) == 'x' ? 'y' : 'x') + key.substring(21);
    store.lookups.set(0);
    assertThat(keys.revokeLeaked(typo))
        .isEqualTo(new LeakedKeyRevocation.Unrecognized(Reason.BAD_CHECKSUM));
    assertThat(keys.revokeLeaked("ghp_notours"))
        .isEqualTo(new LeakedKeyRevocation.Unrecognized(Reason.MALFORMED));
    assertThat(keys.revokeLeaked(null))
        .isEqualTo(new LeakedKeyRevocation.Unrecognized(Reason.MALFORMED));
    assertThat(store.lookups).hasValue(0);
    String foreign = ApiKeyService.using(InMemoryStores.create().apiKeys(), clock,
        new SecureRandom(), ApiKeySettings.defaults())
        .create("x", ApiKeySpec.builder().name("x").build()).key().reveal();
    assertThat(keys.revokeLeaked(foreign))
        .isEqualTo(new LeakedKeyRevocation.Unrecognized(Reason.UNKNOWN));
    assertThat(keys.authenticate(bearer(k)).isAuthenticated()).isTrue();
  }

  // ---- rotate ----

  @Test
  void rotateIssuesALookAlikeReplacementAndTheOldKeyWorksUntilGraceEnds() {
    Instant expiry = clock.instant().plus(Duration.ofDays(365));
    CreatedApiKey old = keys.create("acct-1", ApiKeySpec.builder().name("prod")
        .permission(Permission.READ_WRITE).scopes("messages:send", "billing:read")
        .environment("test").expiresAt(expiry).build());
    clock.advance(Duration.ofMinutes(5));
    ApiKeyRotateResult r = keys.rotate("acct-1", old.id(), Duration.ofDays(7));
    assertThat(r).isInstanceOf(ApiKeyRotateResult.Rotated.class);
    assertThat(r.code()).isEqualTo("rotated");
    ApiKeyRotateResult.Rotated rotated = (ApiKeyRotateResult.Rotated) r;
    CreatedApiKey next = rotated.replacement();
    assertThat(r.toString()).doesNotContain(next.key().reveal());
    ApiKeyInfo n = next.info();
    assertThat(n.id()).isNotEqualTo(old.id());
    assertThat(n.name()).isEqualTo("prod");
    assertThat(n.permission()).isEqualTo(Permission.READ_WRITE);
    assertThat(n.scopes()).containsExactly("billing:read", "messages:send");
    assertThat(n.environment()).isEqualTo("test");
    assertThat(n.expiresAt()).isEqualTo(expiry);
    assertThat(n.createdAt()).isEqualTo(clock.instant());
    Instant graceUntil = clock.instant().plus(Duration.ofDays(7));
    assertThat(rotated.previous().replacedBy()).isEqualTo(n.id());
    assertThat(rotated.previous().graceUntil()).isEqualTo(graceUntil);
    assertThat(rotated.previous().status()).isEqualTo(ApiKeyStatus.ROTATING);

    assertThat(keys.authenticate(bearer(next)).isAuthenticated()).isTrue();
    assertThat(keys.authenticate(bearer(old)).isAuthenticated()).isTrue();
    clock.set(graceUntil.minusMillis(1));
    assertThat(keys.authenticate(bearer(old)).isAuthenticated()).isTrue();
    clock.set(graceUntil);
    assertThat(reason(keys.authenticate(bearer(old)))).isEqualTo(Reason.REVOKED);
    assertThat(keys.authenticate(bearer(next)).isAuthenticated()).isTrue();
    assertThat(keys.list("acct-1")).extracting(ApiKeyInfo::status)
        .containsExactly(ApiKeyStatus.ACTIVE, ApiKeyStatus.ROTATED);
  }

  @Test
  void rotateWithZeroGraceStopsTheOldKeyAtOnce() {
    CreatedApiKey old = create("acct-1", "k", Permission.READ_ONLY);
    ApiKeyRotateResult r = keys.rotate("acct-1", old.id(), Duration.ZERO);
    assertThat(reason(keys.authenticate(bearer(old)))).isEqualTo(Reason.REVOKED);
    assertThat(keys.authenticate(bearer(((ApiKeyRotateResult.Rotated) r).replacement())).isAuthenticated())
        .isTrue();
  }

  @Test
  void revokeDuringGraceStopsTheOldKeyAtOnce() {
    CreatedApiKey old = create("acct-1", "k", Permission.READ_ONLY);
    keys.rotate("acct-1", old.id(), Duration.ofDays(1));
    assertThat(keys.revoke("acct-1", old.id())).isEqualTo(new ApiKeyRevokeResult.Revoked());
    assertThat(reason(keys.authenticate(bearer(old)))).isEqualTo(Reason.REVOKED);
  }

  @Test
  void rotateRefusesWithAStableReason() {
    CreatedApiKey k = create("acct-1", "k", Permission.READ_ONLY);
    assertThat(keys.rotate("acct-2", k.id(), Duration.ZERO))
        .isEqualTo(new ApiKeyRotateResult.NotRotated(ApiKeyRotateResult.Reason.NOT_FOUND));
    assertThat(keys.rotate("acct-1", "nope", Duration.ZERO).code()).isEqualTo("not_found");
    keys.rotate("acct-1", k.id(), Duration.ofHours(1));
    assertThat(keys.rotate("acct-1", k.id(), Duration.ofHours(1)))
        .isEqualTo(new ApiKeyRotateResult.NotRotated(ApiKeyRotateResult.Reason.ALREADY_ROTATED));
    CreatedApiKey revoked = create("acct-1", "r", Permission.READ_ONLY);
    keys.revoke("acct-1", revoked.id());
    assertThat(keys.rotate("acct-1", revoked.id(), Duration.ZERO))
        .isEqualTo(new ApiKeyRotateResult.NotRotated(ApiKeyRotateResult.Reason.REVOKED));
    CreatedApiKey expiring = keys.create("acct-1", ApiKeySpec.builder().name("e")
        .expiresAt(clock.instant().plusSeconds(10)).build());
    clock.advance(Duration.ofSeconds(10));
    assertThat(keys.rotate("acct-1", expiring.id(), Duration.ZERO))
        .isEqualTo(new ApiKeyRotateResult.NotRotated(ApiKeyRotateResult.Reason.EXPIRED));
    assertThatThrownBy(() -> keys.rotate("acct-1", k.id(), Duration.ofDays(31)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT720H");
    assertThatThrownBy(() -> keys.rotate("acct-1", k.id(), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- stale ----

  @Test
  void staleReportsUnusedAndOldWorkingKeys() {
    CreatedApiKey ancient = create("acct-1", "ancient", Permission.READ_ONLY);
    clock.advance(Duration.ofDays(100));
    CreatedApiKey idle = create("acct-1", "idle", Permission.READ_ONLY);
    clock.advance(Duration.ofDays(50));
    keys.authenticate(bearer(ancient)); // used now: not unused, but old
    CreatedApiKey fresh = create("acct-1", "fresh", Permission.READ_ONLY);
    CreatedApiKey revoked = create("acct-1", "revoked", Permission.READ_ONLY);
    keys.revoke("acct-1", revoked.id());
    clock.advance(Duration.ofDays(1));

    List<StaleApiKey> stale = keys.stale("acct-1", Duration.ofDays(30), Duration.ofDays(90));
    assertThat(stale).extracting(s -> s.key().id()).containsExactly(idle.id(), ancient.id());
    assertThat(stale.get(0).reasons()).containsExactly(StaleApiKey.Reason.UNUSED);
    assertThat(stale.get(1).reasons()).containsExactly(StaleApiKey.Reason.OLD);
    assertThat(keys.stale("acct-1", Duration.ofDays(30), null)).extracting(s -> s.key().id())
        .containsExactly(idle.id());
    assertThat(keys.stale("acct-1", null, Duration.ofDays(365))).isEmpty();
    assertThat(keys.stale("acct-1", Duration.ofDays(365_000), null)).isEmpty();
    assertThat(fresh.id()).isNotIn(stale.stream().map(s -> s.key().id()).toList());
    assertThatThrownBy(() -> keys.stale("acct-1", null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- cache ----

  @Test
  void cacheServesRepeatsFromMemoryUntilItsTtl() {
    ApiKeyService cached = service(ApiKeySettings.builder()
        .cache(ApiKeyCacheSettings.enabled().ttl(Duration.ofSeconds(30)).build()).build());
    CreatedApiKey k = cached.create("acct-1", ApiKeySpec.builder().name("k").build());
    for (int i = 0; i < 50; i++) {
      assertThat(cached.authenticate(bearer(k)).isAuthenticated()).isTrue();
    }
    assertThat(store.lookups).hasValue(1);
    clock.advance(Duration.ofSeconds(30));
    assertThat(cached.authenticate(bearer(k)).isAuthenticated()).isTrue();
    assertThat(store.lookups).hasValue(2);
  }

  @Test
  void cacheIsInvalidatedAtOnceByThisServicesRevocations() {
    ApiKeyService cached = service(ApiKeySettings.builder()
        .cache(ApiKeyCacheSettings.enabled().build()).build());
    CreatedApiKey a = cached.create("acct-1", ApiKeySpec.builder().name("a").build());
    CreatedApiKey b = cached.create("acct-1", ApiKeySpec.builder().name("b").build());
    CreatedApiKey c = cached.create("acct-2", ApiKeySpec.builder().name("c").build());
    for (CreatedApiKey k : List.of(a, b, c)) {
      assertThat(cached.authenticate(bearer(k)).isAuthenticated()).isTrue();
    }
    cached.revoke("acct-1", a.id());
    assertThat(reason(cached.authenticate(bearer(a)))).isEqualTo(Reason.REVOKED);
    cached.revokeLeaked(b.key().reveal());
    assertThat(reason(cached.authenticate(bearer(b)))).isEqualTo(Reason.REVOKED);
    cached.revokeAll("acct-2");
    assertThat(reason(cached.authenticate(bearer(c)))).isEqualTo(Reason.REVOKED);
  }

  @Test
  void cacheMayServeARevocationMadeElsewhereForUpToItsTtl() {
    ApiKeyService cached = service(ApiKeySettings.builder()
        .cache(ApiKeyCacheSettings.enabled().ttl(Duration.ofSeconds(20)).build()).build());
    ApiKeyService otherProcess = service(ApiKeySettings.defaults());
    CreatedApiKey k = cached.create("acct-1", ApiKeySpec.builder().name("k").build());
    assertThat(cached.authenticate(bearer(k)).isAuthenticated()).isTrue();
    otherProcess.revoke("acct-1", k.id());
    assertThat(reason(otherProcess.authenticate(bearer(k)))).isEqualTo(Reason.REVOKED);
    // The documented staleness window:
    clock.advance(Duration.ofSeconds(19));
    assertThat(cached.authenticate(bearer(k)).isAuthenticated()).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(reason(cached.authenticate(bearer(k)))).isEqualTo(Reason.REVOKED);
  }

  @Test
  void cacheNeverOutlivesTheKeysExpiry() {
    ApiKeyService cached = service(ApiKeySettings.builder()
        .cache(ApiKeyCacheSettings.enabled().ttl(Duration.ofSeconds(60)).build()).build());
    CreatedApiKey k = cached.create("acct-1", ApiKeySpec.builder().name("k")
        .expiresAt(clock.instant().plusSeconds(10)).build());
    assertThat(cached.authenticate(bearer(k)).isAuthenticated()).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(reason(cached.authenticate(bearer(k)))).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void aCachedKeyStopsAtTheMillisecondOfItsExpiry() {
    ApiKeyService cached = service(ApiKeySettings.builder()
        .cache(ApiKeyCacheSettings.enabled().ttl(Duration.ofSeconds(60)).build()).build());
    Instant expiry = clock.instant().plusSeconds(10);
    CreatedApiKey k = cached.create("acct-1", ApiKeySpec.builder().name("k").expiresAt(expiry)
        .build());
    assertThat(cached.authenticate(bearer(k)).isAuthenticated()).isTrue();
    int lookups = store.lookups.get();
    clock.set(expiry.minusMillis(1));
    assertThat(cached.authenticate(bearer(k)).isAuthenticated()).isTrue();
    clock.set(expiry);
    assertThat(reason(cached.authenticate(bearer(k)))).isEqualTo(Reason.EXPIRED);
    // Both answered from the cache entry: the expiry was checked there, not by a store read.
    assertThat(store.lookups).hasValue(lookups);
  }

  @Test
  void aCachedKeyStopsAtTheMillisecondItsRotationGraceEnds() {
    ApiKeyService cached = service(ApiKeySettings.builder()
        .cache(ApiKeyCacheSettings.enabled().ttl(Duration.ofSeconds(60)).build()).build());
    CreatedApiKey k = cached.create("acct-1", ApiKeySpec.builder().name("k").build());
    assertThat(cached.authenticate(bearer(k)).isAuthenticated()).isTrue();
    Instant graceEnd = clock.instant().plusSeconds(30);
    cached.rotate("acct-1", k.id(), Duration.ofSeconds(30));
    assertThat(cached.authenticate(bearer(k)).isAuthenticated()).isTrue(); // cached again
    int lookups = store.lookups.get();
    clock.set(graceEnd.minusMillis(1));
    assertThat(cached.authenticate(bearer(k)).isAuthenticated()).isTrue();
    clock.set(graceEnd);
    assertThat(reason(cached.authenticate(bearer(k)))).isEqualTo(Reason.REVOKED);
    assertThat(store.lookups).hasValue(lookups);
  }

  @Test
  void cacheHitsWriteLastUseAtMostOncePerInterval() {
    ApiKeyService cached = service(ApiKeySettings.builder()
        .lastUsedInterval(Duration.ofSeconds(10))
        .cache(ApiKeyCacheSettings.enabled().ttl(Duration.ofSeconds(60)).build()).build());
    CreatedApiKey k = cached.create("acct-1", ApiKeySpec.builder().name("k").build());
    Instant start = clock.instant();
    for (int i = 0; i < 100; i++) {
      assertThat(cached.authenticate(bearer(k)).isAuthenticated()).isTrue();
      clock.advance(Duration.ofMillis(100)); // 10 s in all
    }
    assertThat(store.touchWrites).hasValue(1);
    assertThat(store.lookups).hasValue(1); // every later call was a hit
    clock.set(start.plusSeconds(10));
    cached.authenticate(bearer(k)); // exactly one interval later: still throttled
    assertThat(store.touchWrites).hasValue(1);
    clock.set(start.plusSeconds(10).plusMillis(1));
    cached.authenticate(bearer(k));
    assertThat(store.touchWrites).hasValue(2);
    assertThat(cached.list("acct-1").get(0).lastUsedAt())
        .isEqualTo(start.plusSeconds(10).plusMillis(1));
    // The hit refreshed the entry's last use: the next requests write nothing.
    clock.advance(Duration.ofSeconds(10));
    cached.authenticate(bearer(k));
    assertThat(store.touchWrites).hasValue(2);
    assertThat(store.lookups).hasValue(1);
    clock.advance(Duration.ofMillis(1));
    cached.authenticate(bearer(k));
    assertThat(store.touchWrites).hasValue(3);
  }

  @Test
  void cacheStaysWithinItsCapacity() {
    ApiKeyService cached = service(ApiKeySettings.builder()
        .cache(ApiKeyCacheSettings.enabled().maxEntries(10).build()).build());
    List<CreatedApiKey> many = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(cached.create("acct-1", ApiKeySpec.builder().name("k" + i).build()));
    }
    for (CreatedApiKey k : many) {
      assertThat(cached.authenticate(bearer(k)).isAuthenticated()).isTrue();
    }
    store.lookups.set(0);
    for (CreatedApiKey k : many) {
      assertThat(cached.authenticate(bearer(k)).isAuthenticated()).isTrue();
    }
    // At most 10 of 40 can have been served from memory.
    assertThat(store.lookups.get()).isBetween(30, 40);
  }

  // ---- wiring ----

  @Test
  void latchkeyHandsOutAServiceOverItsStores() {
    Latchkey latchkey = Latchkey.builder().stores(InMemoryStores.create()).clock(clock)
        .apiKeySettings(ApiKeySettings.builder().prefix("acme").build()).build();
    CreatedApiKey k = latchkey.apiKeys().create("acct-1", ApiKeySpec.builder().name("k").build());
    assertThat(k.key().reveal()).startsWith("acme_live_");
    assertThat(latchkey.apiKeys().authenticate(bearer(k)).isAuthenticated()).isTrue();
    assertThat(latchkey.apiKeys().settings().keyRegex()).startsWith("acme_");
    assertThat(Set.of(latchkey.apiKeys().list("acct-1").get(0).status()))
        .containsExactly(ApiKeyStatus.ACTIVE);
  }
}
