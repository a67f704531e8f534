package dev.latchkey.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.client.AddressScope;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.Device;
import dev.latchkey.client.DeviceType;
import dev.latchkey.client.IpLocator;
import dev.latchkey.client.Location;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionSettings;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.spi.SessionRecord;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.StoreException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SessionStore} must have. A store module subclasses this in a few lines
 * and implements {@link #emptyStore()}.
 */
public abstract class SessionStoreContract {
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Device CHROME_ON_MAC =
      new Device("Chrome", 120, "macOS", DeviceType.DESKTOP);
  private static final Location SAN_FRANCISCO = new Location("San Francisco", "California", "US");
  private static final Device NO_DEVICE = Device.unknown();
  private static final Location NOWHERE = Location.of(AddressScope.UNKNOWN);

  /** For a store's test class, which implements {@link #emptyStore()}. */
  protected SessionStoreContract() {}

  /** A store with no sessions in it; called once per test (the same store may be cleared). */
  protected abstract SessionStore emptyStore();

  private static int counter;

  protected static SessionRecord session(String account, Instant created) {
    int n;
    synchronized (SessionStoreContract.class) {
      n = ++counter;
    }
    String id = "sess-" + n + "-" + System.nanoTime();
    return new SessionRecord(id, account, Hashes.sha256Hex("token-" + id), created, created,
        created.plus(Duration.ofHours(12)), null, "203.0.113.7", CHROME_ON_MAC, SAN_FRANCISCO,
        "single_factor");
  }

  @Test
  void insertThenFindByTokenHashAndByIdReturnTheSameRow() {
    SessionStore store = emptyStore();
    SessionRecord s = session("acct-1", T0);
    store.insert(s);
    assertThat(store.findByTokenHash(s.tokenHash())).contains(s);
    assertThat(store.findById(s.id())).contains(s);
  }

  @Test
  void findWhenNothingMatchesThenEmpty() {
    SessionStore store = emptyStore();
    store.insert(session("acct-1", T0));
    assertThat(store.findByTokenHash(Hashes.sha256Hex("nope"))).isEmpty();
    assertThat(store.findById("nope")).isEmpty();
    assertThat(store.findById("")).isEmpty();
    assertThat(store.findByTokenHash("' OR 1=1 --")).isEmpty();
  }

  @Test
  void insertWhenIdOrTokenHashTakenThenStoreException() {
    SessionStore store = emptyStore();
    SessionRecord s = session("acct-1", T0);
    store.insert(s);
    SessionRecord sameHash = new SessionRecord("other-id", "acct-2", s.tokenHash(), T0, T0,
        T0.plusSeconds(60), null, "", NO_DEVICE, NOWHERE,
        "single_factor");
    assertThatThrownBy(() -> store.insert(s)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.insert(sameHash)).isInstanceOf(StoreException.class);
    assertThat(store.findById("other-id")).isEmpty();
  }

  @Test
  void storedValuesRoundTripExactlyIncludingLongAndUnicodeText() {
    SessionStore store = emptyStore();
    String account = "a".repeat(255);
    Instant created = T0.plusMillis(123);
    SessionRecord s = new SessionRecord("id-unicode", account, Hashes.sha256Hex("x"), created,
        created.plusMillis(1), created.plus(Duration.ofDays(30)), null,
        "2001:db8:85a3::8a2e:370:7334", new Device("Safari", 17, "iPhone", DeviceType.MOBILE),
        new Location("São Paulo — Zürich 東京", "São Paulo", "BR"), "multi_factor");
    store.insert(s);
    assertThat(store.findById("id-unicode")).contains(s);
  }

  @Test
  void everyDeviceTypeAndAddressScopeAndTheLongestNamesRoundTrip() {
    SessionStore store = emptyStore();
    DeviceType[] types = DeviceType.values();
    AddressScope[] scopes = AddressScope.values();
    List<SessionRecord> all = new ArrayList<>();
    for (int i = 0; i < Math.max(types.length, scopes.length); i++) {
      all.add(new SessionRecord("id-client-" + i, "acct-r", Hashes.sha256Hex("client-" + i), T0,
          T0, T0.plusSeconds(3600), null, "",
          new Device("B" + i, i * 1000, "O" + i, types[i % types.length]),
          new Location("C" + i, "R" + i, "X" + i, scopes[i % scopes.length]), "single_factor"));
    }
    String name = "\u4e2d".repeat(Device.MAX_NAME_LENGTH);
    String part = "\u00e9".repeat(Location.MAX_COMPONENT_LENGTH);
    all.add(new SessionRecord("id-client-wide", "acct-r", Hashes.sha256Hex("client-wide"), T0,
        T0, T0.plusSeconds(3600), null, "", new Device(name, 999_999, name, DeviceType.TABLET),
        new Location(part, part, part), "single_factor"));
    for (SessionRecord r : all) {
      store.insert(r);
      assertThat(store.findById(r.id())).contains(r);
    }
  }

  @Test
  void touchMovesLastActiveForwardOnly() {
    SessionStore store = emptyStore();
    SessionRecord s = session("acct-1", T0);
    store.insert(s);
    assertThat(store.touch(s.id(), T0.plusSeconds(90))).isTrue();
    assertThat(store.findById(s.id()).orElseThrow().lastActiveAt()).isEqualTo(T0.plusSeconds(90));
    assertThat(store.touch(s.id(), T0.plusSeconds(30))).isTrue();
    assertThat(store.findById(s.id()).orElseThrow().lastActiveAt()).isEqualTo(T0.plusSeconds(90));
  }

  @Test
  void touchWhenRevokedOrUnknownThenFalse() {
    SessionStore store = emptyStore();
    SessionRecord s = session("acct-1", T0);
    store.insert(s);
    store.revoke("acct-1", s.id(), T0.plusSeconds(1));
    assertThat(store.touch(s.id(), T0.plusSeconds(90))).isFalse();
    assertThat(store.touch("unknown", T0.plusSeconds(90))).isFalse();
    assertThat(store.findById(s.id()).orElseThrow().lastActiveAt()).isEqualTo(T0);
  }

  @Test
  void authenticatedAtRoundTripsAndDefaultsToTheCreationTime() {
    SessionStore store = emptyStore();
    SessionRecord signedIn = session("acct-1", T0.plusMillis(7));
    assertThat(signedIn.authenticatedAt()).isEqualTo(signedIn.createdAt());
    SessionRecord later = session("acct-1", T0).withAuthenticatedAt(T0.plusMillis(90_123));
    store.insert(signedIn);
    store.insert(later);
    assertThat(store.findById(signedIn.id())).contains(signedIn);
    assertThat(store.findByTokenHash(later.tokenHash()).orElseThrow().authenticatedAt())
        .isEqualTo(T0.plusMillis(90_123));
  }

  @Test
  void reauthenticateMovesTheAuthenticationTimeForwardOnly() {
    SessionStore store = emptyStore();
    SessionRecord s = session("acct-1", T0);
    store.insert(s);
    assertThat(store.reauthenticate(s.id(), T0.plusSeconds(600))).isTrue();
    SessionRecord after = store.findById(s.id()).orElseThrow();
    assertThat(after.authenticatedAt()).isEqualTo(T0.plusSeconds(600));
    // Nothing else moves.
    assertThat(after.withAuthenticatedAt(s.authenticatedAt())).isEqualTo(s);
    assertThat(store.reauthenticate(s.id(), T0.plusSeconds(300))).isTrue();
    assertThat(store.reauthenticate(s.id(), T0.plusSeconds(600))).isTrue();
    assertThat(store.findById(s.id()).orElseThrow().authenticatedAt())
        .isEqualTo(T0.plusSeconds(600));
  }

  @Test
  void reauthenticateWhenRevokedOrUnknownThenFalseAndNothingChanges() {
    SessionStore store = emptyStore();
    SessionRecord s = session("acct-1", T0);
    SessionRecord other = session("acct-1", T0);
    store.insert(s);
    store.insert(other);
    store.revoke("acct-1", s.id(), T0.plusSeconds(1));
    assertThat(store.reauthenticate(s.id(), T0.plusSeconds(90))).isFalse();
    assertThat(store.reauthenticate("unknown", T0.plusSeconds(90))).isFalse();
    assertThat(store.findById(s.id()).orElseThrow().authenticatedAt()).isEqualTo(T0);
    assertThat(store.findById(other.id()).orElseThrow().authenticatedAt()).isEqualTo(T0);
  }

  @Test
  void touchAndRotateKeepTheAuthenticationTime() {
    SessionStore store = emptyStore();
    SessionRecord s = session("acct-1", T0);
    store.insert(s);
    store.reauthenticate(s.id(), T0.plusSeconds(30));
    store.touch(s.id(), T0.plusSeconds(90));
    String next = Hashes.sha256Hex("next-auth-" + s.id());
    assertThat(store.rotate(s.id(), s.tokenHash(), next, "multi_factor")).isTrue();
    assertThat(store.findByTokenHash(next).orElseThrow().authenticatedAt())
        .isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void concurrentReauthenticationsKeepTheLatestTimeAndNeverOutliveARevoke() throws Exception {
    SessionStore store = emptyStore();
    SessionRecord s = session("acct-1", T0);
    store.insert(s);
    int threads = 12;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int seconds = 10 * (i + 1);
        results.add(pool.submit(() -> {
          start.await();
          return store.reauthenticate(s.id(), T0.plusSeconds(seconds));
        }));
      }
      start.countDown();
      for (Future<Boolean> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.findById(s.id()).orElseThrow().authenticatedAt())
        .isEqualTo(T0.plusSeconds(10 * threads));
    assertThat(store.revoke("acct-1", s.id(), T0.plusSeconds(500))).isTrue();
    assertThat(store.reauthenticate(s.id(), T0.plusSeconds(900))).isFalse();
    assertThat(store.findById(s.id()).orElseThrow().authenticatedAt())
        .isEqualTo(T0.plusSeconds(10 * threads));
  }

  @Test
  void listActiveReturnsOnlyLiveSessionsOfThatAccountMostRecentFirst() {
    SessionStore store = emptyStore();
    Instant now = T0.plus(Duration.ofHours(1));
    SessionRecord older = session("acct-1", T0).withLastActiveAt(now.minusSeconds(600));
    SessionRecord newer = session("acct-1", T0).withLastActiveAt(now.minusSeconds(5));
    SessionRecord idle = session("acct-1", T0).withLastActiveAt(now.minus(Duration.ofMinutes(45)));
    SessionRecord revoked = session("acct-1", T0).withLastActiveAt(now);
    SessionRecord expired = new SessionRecord("expired-" + System.nanoTime(), "acct-1",
        Hashes.sha256Hex("e" + System.nanoTime()), T0, now, now, null, "", NO_DEVICE,
        NOWHERE, "single_factor");
    SessionRecord otherAccount = session("acct-2", T0).withLastActiveAt(now);
    for (SessionRecord r : List.of(older, newer, idle, revoked, expired, otherAccount)) {
      store.insert(r);
    }
    store.revoke("acct-1", revoked.id(), now);
    List<SessionRecord> active = store.listActive("acct-1", now, now.minus(Duration.ofMinutes(30)));
    assertThat(active).extracting(SessionRecord::id).containsExactly(newer.id(), older.id());
    assertThat(store.listActive("nobody", now, now.minusSeconds(1800))).isEmpty();
  }

  @Test
  void listActiveBreaksTiesById() {
    SessionStore store = emptyStore();
    SessionRecord b = new SessionRecord("b-tie", "acct-t", Hashes.sha256Hex("b-tie"), T0, T0,
        T0.plusSeconds(3600), null, "", NO_DEVICE, NOWHERE,
        "single_factor");
    SessionRecord a = new SessionRecord("a-tie", "acct-t", Hashes.sha256Hex("a-tie"), T0, T0,
        T0.plusSeconds(3600), null, "", NO_DEVICE, NOWHERE,
        "single_factor");
    store.insert(b);
    store.insert(a);
    assertThat(store.listActive("acct-t", T0, T0.minusSeconds(1)))
        .extracting(SessionRecord::id).containsExactly("a-tie", "b-tie");
  }

  @Test
  void revokeOnlyTheOwnersActiveSessionOnce() {
    SessionStore store = emptyStore();
    SessionRecord s = session("acct-1", T0);
    store.insert(s);
    assertThat(store.revoke("acct-2", s.id(), T0)).isFalse();
    assertThat(store.findById(s.id()).orElseThrow().revoked()).isFalse();
    assertThat(store.revoke("acct-1", s.id(), T0.plusSeconds(5))).isTrue();
    assertThat(store.revoke("acct-1", s.id(), T0.plusSeconds(9))).isFalse();
    assertThat(store.findById(s.id()).orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(store.revoke("acct-1", "unknown", T0)).isFalse();
  }

  @Test
  void revokeAllKeepsOnlyTheNamedSessionAndCountsWhatItRevoked() {
    SessionStore store = emptyStore();
    SessionRecord keep = session("acct-1", T0);
    SessionRecord s2 = session("acct-1", T0);
    SessionRecord s3 = session("acct-1", T0);
    SessionRecord other = session("acct-2", T0);
    for (SessionRecord r : List.of(keep, s2, s3, other)) {
      store.insert(r);
    }
    store.revoke("acct-1", s3.id(), T0);
    assertThat(store.revokeAll("acct-1", keep.id(), T0.plusSeconds(1))).isEqualTo(1);
    assertThat(store.findById(keep.id()).orElseThrow().revoked()).isFalse();
    assertThat(store.findById(s2.id()).orElseThrow().revoked()).isTrue();
    assertThat(store.findById(other.id()).orElseThrow().revoked()).isFalse();
    assertThat(store.revokeAll("acct-1", null, T0.plusSeconds(2))).isEqualTo(1);
    assertThat(store.findById(keep.id()).orElseThrow().revoked()).isTrue();
    assertThat(store.revokeAll("acct-1", null, T0.plusSeconds(3))).isZero();
  }

  @Test
  void rotateIsACompareAndSetOnTheTokenHash() {
    SessionStore store = emptyStore();
    SessionRecord s = session("acct-1", T0);
    store.insert(s);
    String next = Hashes.sha256Hex("next-" + s.id());
    assertThat(store.rotate(s.id(), Hashes.sha256Hex("wrong"), next, "multi_factor")).isFalse();
    assertThat(store.rotate(s.id(), s.tokenHash(), next, "multi_factor")).isTrue();
    assertThat(store.findByTokenHash(s.tokenHash())).isEmpty();
    SessionRecord rotated = store.findByTokenHash(next).orElseThrow();
    assertThat(rotated.id()).isEqualTo(s.id());
    assertThat(rotated.assurance()).isEqualTo("multi_factor");
    assertThat(store.rotate(s.id(), s.tokenHash(), Hashes.sha256Hex("again"), "single_factor"))
        .isFalse();
  }

  @Test
  void rotateWhenRevokedThenFalse() {
    SessionStore store = emptyStore();
    SessionRecord s = session("acct-1", T0);
    store.insert(s);
    store.revoke("acct-1", s.id(), T0);
    assertThat(store.rotate(s.id(), s.tokenHash(), Hashes.sha256Hex("n"), "multi_factor"))
        .isFalse();
    assertThat(store.findByTokenHash(s.tokenHash())).isPresent();
  }

  @Test
  void purgeDeletesRevokedAndExpiredRowsOlderThanTheCutoff() {
    SessionStore store = emptyStore();
    SessionRecord live = session("acct-1", T0);
    SessionRecord revokedLongAgo = session("acct-1", T0);
    SessionRecord revokedRecently = session("acct-1", T0);
    SessionRecord expired = new SessionRecord("exp-" + System.nanoTime(), "acct-1",
        Hashes.sha256Hex("exp" + System.nanoTime()), T0, T0, T0.plusSeconds(60), null, "",
        NO_DEVICE, NOWHERE, "single_factor");
    for (SessionRecord r : List.of(live, revokedLongAgo, revokedRecently, expired)) {
      store.insert(r);
    }
    store.revoke("acct-1", revokedLongAgo.id(), T0.plusSeconds(10));
    store.revoke("acct-1", revokedRecently.id(), T0.plusSeconds(7200));
    assertThat(store.purge(T0.plusSeconds(3600))).isEqualTo(2);
    assertThat(store.findById(live.id())).isPresent();
    assertThat(store.findById(revokedRecently.id())).isPresent();
    assertThat(store.findById(revokedLongAgo.id())).isEmpty();
    assertThat(store.findByTokenHash(expired.tokenHash())).isEmpty();
  }

  @Test
  void concurrentRevokesOfOneSessionHaveExactlyOneWinner() throws Exception {
    SessionStore store = emptyStore();
    SessionRecord s = session("acct-1", T0);
    store.insert(s);
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return store.revoke("acct-1", s.id(), T0.plusSeconds(1));
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The registry-level guarantee: many threads validate (and touch) while others revoke; once a
   * revoke call has returned, no validation that starts afterwards may succeed.
   */
  @Test
  void validationThatStartsAfterRevokeReturnsNeverSucceeds() throws Exception {
    SessionStore store = emptyStore();
    MutableClock clock = new MutableClock(T0);
    SessionRegistry registry = SessionRegistry.using(store, clock, new SecureRandom(),
        SessionSettings.builder().touchInterval(Duration.ZERO).build(), IpLocator.none());
    int sessions = 8;
    List<NewSession> created = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      created.add(registry.create("acct-c", new ClientInfo("198.51.100.1", "curl/8.4.0")));
    }
    AtomicBoolean[] revoked = new AtomicBoolean[sessions];
    for (int i = 0; i < sessions; i++) {
      revoked[i] = new AtomicBoolean();
    }
    AtomicInteger violations = new AtomicInteger();
    AtomicInteger validations = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        final int offset = t;
        tasks.add(pool.submit(() -> {
          start.await();
          for (int round = 0; round < 40; round++) {
            int i = (round + offset) % sessions;
            boolean wasRevoked = revoked[i].get();
            clock.advance(Duration.ofMillis(1));
            SessionValidation v = registry.validate(created.get(i).token().reveal());
            validations.incrementAndGet();
            if (wasRevoked && v.isValid()) {
              violations.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (int t = 0; t < 2; t++) {
        final int half = t;
        tasks.add(pool.submit(() -> {
          start.await();
          for (int i = half; i < sessions; i += 2) {
            assertThat(registry.revoke("acct-c", created.get(i).id()).isRevoked()).isTrue();
            revoked[i].set(true);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : tasks) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(validations.get()).isEqualTo(240);
    assertThat(violations.get()).isZero();
    for (NewSession s : created) {
      assertThat(registry.validate(s.token().reveal()))
          .isEqualTo(new SessionValidation.Rejected(SessionValidation.Reason.REVOKED));
    }
  }
}
