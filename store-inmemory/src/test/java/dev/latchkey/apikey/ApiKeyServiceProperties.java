package dev.latchkey.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.apikey.ApiKeyAuthentication.Reason;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.tck.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of {@link ApiKeyService} over the in-memory store. */
class ApiKeyServiceProperties {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static final ApiKeyStore SHARED_STORE = InMemoryStores.create().apiKeys();
  private static final ApiKeyService SHARED = ApiKeyService.using(SHARED_STORE,
      MutableClock.atEpochOfTests(), RANDOM, ApiKeySettings.defaults());
  private static final String VALID_KEY =
      SHARED.create("owner-p", ApiKeySpec.builder().name("p").build()).key().reveal();

  // ---- authenticate never throws ----

  @Property(tries = 3000)
  void authenticateNeverThrowsOnArbitraryStrings(@ForAll String header) {
    ApiKeyAuthentication a = SHARED.authenticate(header);
    assertThat(a.isAuthenticated()).isFalse();
    assertThat(SHARED.authenticateKey(header).isAuthenticated()).isFalse();
    assertThat(SHARED.revokeLeaked(header)).isInstanceOf(LeakedKeyRevocation.Unrecognized.class);
  }

  @Property(tries = 3000)
  void authenticateNeverThrowsOnStringsBuiltAroundValidPrefixes(@ForAll("nearMisses") String h) {
    ApiKeyAuthentication a = SHARED.authenticate(h);
    if (a instanceof ApiKeyAuthentication.Rejected r) {
      assertThat(r.httpStatus()).isEqualTo(401);
      assertThat(r.wwwAuthenticate("api")).startsWith("Bearer realm=\"api\"");
    }
  }

  @Provide
  Arbitrary<String> nearMisses() {
    Arbitrary<String> scheme = Arbitraries.of("", "Bearer", "Bearer ", "bearer  ", "BEARER\t",
        " Bearer ", "Basic ", "Bearer\u00a0", "Bearer \u0000");
    Arbitrary<String> head = Arbitraries.of("", "lk_", "lk_live_", "lk_test_", "lk_prod_",
        "LK_LIVE_", "lk_live", VALID_KEY, VALID_KEY.substring(0, 30), VALID_KEY + VALID_KEY);
    Arbitrary<String> tail = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(60),
        Arbitraries.strings().withChars(Base62.ALPHABET.toCharArray()).ofMaxLength(60),
        Arbitraries.strings().all().ofMinLength(400).ofMaxLength(700),
        Arbitraries.just(""));
    return Combinators.combine(scheme, head, tail).as((s, h, t) -> s + h + t);
  }

  // ---- lifecycle ----

  /** A created key authenticates until it is revoked or expires, and never after. */
  @Property(tries = 300)
  void createdKeyWorksUntilRevokedOrExpiredAndNeverAfter(
      @ForAll @IntRange(min = 0, max = 100_000) int expiresInSeconds,
      @ForAll boolean expires,
      @ForAll @IntRange(min = 0, max = 30) int revokeAtStep,
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 20_000) Integer> stepsSeconds,
      @ForAll boolean cached) {
    MutableClock clock = new MutableClock(T0);
    ApiKeySettings settings = cached
        ? ApiKeySettings.builder().cache(ApiKeyCacheSettings.enabled().build()).build()
        : ApiKeySettings.defaults();
    ApiKeyService keys = ApiKeyService.using(InMemoryStores.create().apiKeys(), clock, RANDOM,
        settings);
    Instant expiry = expires ? T0.plusSeconds(expiresInSeconds + 1L) : null;
    CreatedApiKey k = keys.create("o", ApiKeySpec.builder().name("k").expiresAt(expiry).build());
    String header = "Bearer " + k.key().reveal();
    boolean revoked = false;
    boolean everRefused = false;
    for (int step = 0; step < stepsSeconds.size(); step++) {
      if (step == revokeAtStep) {
        assertThat(keys.revoke("o", k.id())).isEqualTo(new ApiKeyRevokeResult.Revoked());
        revoked = true;
      }
      ApiKeyAuthentication a = keys.authenticate(header);
      boolean expired = expiry != null && !clock.instant().isBefore(expiry);
      if (revoked) {
        assertThat(a).isEqualTo(new ApiKeyAuthentication.Rejected(Reason.REVOKED));
      } else if (expired) {
        assertThat(a).isEqualTo(new ApiKeyAuthentication.Rejected(Reason.EXPIRED));
      } else {
        assertThat(a.isAuthenticated()).isTrue();
        assertThat(everRefused).as("works again after being refused").isFalse();
      }
      everRefused |= !a.isAuthenticated();
      clock.advance(Duration.ofSeconds(stepsSeconds.get(step)));
    }
  }

  // ---- cache equivalence ----

  sealed interface Op permits Create, Auth, Revoke, RevokeAll, Rotate, Advance {}

  record Create(int owner, boolean expiring) implements Op {}

  record Auth(int key) implements Op {}

  record Revoke(int key, int asOwner) implements Op {}

  record RevokeAll(int owner) implements Op {}

  record Rotate(int key, int graceSeconds) implements Op {}

  record Advance(int millis) implements Op {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Combinators.combine(Arbitraries.integers().between(0, 2),
            Arbitraries.of(true, false)).as(Create::new)),
        net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, 30).map(Auth::new)),
        net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.integers().between(0, 30),
            Arbitraries.integers().between(0, 2)).as(Revoke::new)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 2).map(RevokeAll::new)),
        net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.integers().between(0, 30),
            Arbitraries.of(0, 1, 5, 30, 90)).as(Rotate::new)),
        net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 90_000).map(Advance::new)));
    return op.list().ofMinSize(1).ofMaxSize(60);
  }

  /**
   * With every change made through the cached service, cache on and cache off give the same answer
   * to every authentication, at every step.
   */
  @Property(tries = 300)
  void cacheOnAndOffGiveIdenticalAnswers(@ForAll("ops") List<Op> ops,
      @ForAll @IntRange(min = 1, max = 60) int ttlSeconds,
      @ForAll @IntRange(min = 1, max = 8) int maxEntries) {
    MutableClock clock = new MutableClock(T0);
    ApiKeyStore store = InMemoryStores.create().apiKeys();
    ApiKeyService cached = ApiKeyService.using(store, clock, RANDOM, ApiKeySettings.builder()
        .cache(ApiKeyCacheSettings.enabled().ttl(Duration.ofSeconds(ttlSeconds))
            .maxEntries(maxEntries).build())
        .build());
    ApiKeyService uncached = ApiKeyService.using(store, clock, RANDOM, ApiKeySettings.defaults());
    List<CreatedApiKey> created = new ArrayList<>();
    for (Op op : ops) {
      if (op instanceof Create c) {
        created.add(cached.create("owner-" + c.owner(), ApiKeySpec.builder().name("k")
            .expiresAt(c.expiring() ? clock.instant().plusSeconds(45) : null).build()));
      } else if (op instanceof Auth a && !created.isEmpty()) {
        CreatedApiKey k = created.get(a.key() % created.size());
        String header = "Bearer " + k.key().reveal();
        assertThat(describe(cached.authenticate(header)))
            .isEqualTo(describe(uncached.authenticate(header)));
      } else if (op instanceof Revoke r && !created.isEmpty()) {
        cached.revoke("owner-" + r.asOwner(), created.get(r.key() % created.size()).id());
      } else if (op instanceof RevokeAll r) {
        cached.revokeAll("owner-" + r.owner());
      } else if (op instanceof Rotate r && !created.isEmpty()) {
        CreatedApiKey k = created.get(r.key() % created.size());
        if (cached.rotate(k.info().owner(), k.id(), Duration.ofSeconds(r.graceSeconds()))
            instanceof ApiKeyRotateResult.Rotated rotated) {
          created.add(rotated.replacement());
        }
      } else if (op instanceof Advance a) {
        clock.advance(Duration.ofMillis(a.millis()));
      }
      // After every step, every key answers the same through both services.
      for (CreatedApiKey k : created) {
        String header = "Bearer " + k.key().reveal();
        assertThat(describe(cached.authenticate(header)))
            .isEqualTo(describe(uncached.authenticate(header)));
      }
    }
  }

  private static String describe(ApiKeyAuthentication a) {
    if (a instanceof ApiKeyAuthentication.Authenticated ok) {
      AuthenticatedApiKey k = ok.key();
      return "ok " + k.id() + " " + k.owner() + " " + k.permission() + " " + k.expiresAt();
    }
    // The precise reason: the caller's code is "invalid" for most of these and would hide a
    // difference between the cached and uncached paths.
    return ((ApiKeyAuthentication.Rejected) a).reason().code();
  }
}
