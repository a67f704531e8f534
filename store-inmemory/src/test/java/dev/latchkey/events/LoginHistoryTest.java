package dev.latchkey.events;

import static dev.latchkey.events.Clients.HOME;
import static dev.latchkey.events.Clients.LOCATOR;
import static dev.latchkey.events.Clients.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeyRotateResult;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.CreatedApiKey;
import dev.latchkey.client.AddressScope;
import dev.latchkey.client.ClientLabels;
import dev.latchkey.client.Device;
import dev.latchkey.client.DeviceType;
import dev.latchkey.client.Location;
import dev.latchkey.session.SessionRevokeResult;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.signin.SignInService;
import dev.latchkey.spi.EventPosition;
import dev.latchkey.spi.SecurityEventRecord;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.StoreException;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import dev.latchkey.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What each flow writes into the login history, and how the history reads and purges. */
class LoginHistoryTest {
  private static final String PASSWORD = "Correct-horse-9";
  private static final ClientLabels ENGLISH = ClientLabels.english();

  private final TwoFactorFixture f = TwoFactorFixture.create(b -> b.ipLocator(LOCATOR));
  private final SignInService signIn = f.latchkey.signIn();
  private final LoginHistory history = f.latchkey.loginHistory();

  private List<SecurityEvent> all(String account) {
    return history.page(account, EventQuery.firstPage(100)).events();
  }

  private List<SecurityEventType> types(String account) {
    return all(account).stream().map(SecurityEvent::type).toList();
  }

  /** Events of one millisecond are ordered by their random id: step the clock to order them. */
  private void tick() {
    f.clock.advance(Duration.ofMillis(1));
  }

  private ValidatedSession signedIn(String account) {
    tick();
    SignInResult r = signIn.signIn(account, PASSWORD, HOME);
    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    String token = ((SignInResult.SignedIn) r).session().token().reveal();
    return ((SessionValidation.Valid) f.latchkey.sessions().validate(token)).session();
  }

  @Test
  void aPasswordSignInIsRecordedWithTheClientAndTheNewSession() {
    signIn.setPassword("alice", PASSWORD);
    SignInResult.SignedIn in = (SignInResult.SignedIn) signIn.signIn("alice", PASSWORD, HOME);
    SecurityEvent e = all("alice").get(0);
    assertThat(e.type()).isEqualTo(SecurityEventType.SIGN_IN_SUCCEEDED);
    assertThat(e.accountId()).isEqualTo("alice");
    assertThat(e.at()).isEqualTo(f.clock.instant());
    assertThat(e.ipAddress()).isEqualTo("203.0.113.5");
    assertThat(e.device()).isEqualTo(new Device("Safari", 17, "macOS", DeviceType.DESKTOP));
    assertThat(e.location()).isEqualTo(new Location("San Francisco", "CA", "US"));
    assertThat(ENGLISH.device(e.device())).isEqualTo("Safari on macOS");
    assertThat(ENGLISH.location(e.location())).isEqualTo("San Francisco, US");
    assertThat(e.sessionId()).isEqualTo(in.session().id());
    assertThat(e.details()).containsEntry("method", "password");
    assertThat(e.id()).matches("[0-9a-f]{32}");
    assertThat(e.suspicious()).isFalse();
  }

  @Test
  void theListenerGetsExactlyWhatIsStored() {
    signIn.setPassword("alice", PASSWORD);
    signIn.signIn("alice", "wrong", HOME);
    tick();
    signIn.signIn("alice", PASSWORD, HOME);
    List<SecurityEvent> stored = new ArrayList<>(all("alice"));
    java.util.Collections.reverse(stored);
    assertThat(f.events).containsExactlyElementsOf(stored);
  }

  @Test
  void wrongPasswordsAreRecordedAndTheLockOnceThenRefusedAttemptsAreNot() {
    signIn.setPassword("alice", PASSWORD);
    for (int i = 0; i < 5; i++) {
      tick();
      assertThat(signIn.signIn("alice", "guess-" + i, STRANGER))
          .isInstanceOf(SignInResult.Rejected.class);
    }
    // Locked now: a flood of refused attempts writes nothing.
    for (int i = 0; i < 50; i++) {
      assertThat(signIn.signIn("alice", "guess", STRANGER)).isInstanceOf(SignInResult.Locked.class);
    }
    // The fifth failure and the lock it caused share a millisecond.
    assertThat(types("alice")).hasSize(6).containsOnly(SecurityEventType.SIGN_IN_FAILED,
        SecurityEventType.SIGN_IN_LOCKED).filteredOn(t -> t == SecurityEventType.SIGN_IN_LOCKED)
        .hasSize(1);
    assertThat(types("alice").subList(2, 6)).containsOnly(SecurityEventType.SIGN_IN_FAILED);
    SecurityEvent lock = all("alice").stream()
        .filter(e -> e.type() == SecurityEventType.SIGN_IN_LOCKED).findFirst().orElseThrow();
    assertThat(lock.details()).containsEntry("factor", "password")
        .containsEntry("retry_after_seconds", "30").containsEntry("hard_stop", "false");
    assertThat(ENGLISH.device(lock.device())).isEqualTo("Firefox on Linux");
    assertThat(all("alice").get(5).details()).containsEntry("factor", "password");
  }

  /**
   * A wrong guess at a name that matches no account is recorded like one at a real account (the
   * same store work), under the one id no account has: never under a name or id from the request.
   */
  @Test
  void unknownLoginNamesAreRecordedUnderTheUnknownAccountIdOnly() {
    signIn.signIn(null, "whatever", HOME);
    signIn.signIn("x".repeat(300), "whatever", HOME);
    signIn.signIn(null, "nobody@example.com", "whatever", HOME);
    assertThat(f.events).hasSize(3).allSatisfy(e -> {
      assertThat(e.type()).isEqualTo(SecurityEventType.SIGN_IN_FAILED);
      assertThat(e.accountId()).isEqualTo(SignInService.UNKNOWN_ACCOUNT_ID);
      assertThat(e.details()).isEqualTo(java.util.Map.of("factor", "password"));
    });
    assertThat(f.events.toString()).doesNotContain("nobody").doesNotContain("xxxx");
  }

  @Test
  void secondFactorFailuresAndSuccessAreRecordedWithTheirFactor() {
    signIn.setPassword("bob", PASSWORD);
    TwoFactorFixture.Enabled on = f.enable("bob");
    String challenge = ((SignInResult.SecondFactorRequired) signIn.signIn("bob", PASSWORD, HOME))
        .challenge().reveal();
    tick();
    signIn.completeSecondFactor(challenge, f.wrongCodeNow(on.secret()), HOME);
    tick();
    SignInResult done =
        signIn.completeSecondFactor(challenge, on.backupCodes().codes().get(0), HOME);
    assertThat(done).isInstanceOf(SignInResult.SignedIn.class);
    List<SecurityEvent> events = all("bob");
    // The backup code is spent and the sign-in completed in one call (one millisecond).
    assertThat(events).extracting(SecurityEvent::type).containsExactlyInAnyOrder(
        SecurityEventType.SIGN_IN_SUCCEEDED, SecurityEventType.BACKUP_CODE_USED,
        SecurityEventType.SIGN_IN_FAILED, SecurityEventType.SIGN_IN_SECOND_FACTOR_REQUIRED,
        SecurityEventType.TOTP_ENABLED);
    assertThat(events.subList(2, 5)).extracting(SecurityEvent::type).containsExactly(
        SecurityEventType.SIGN_IN_FAILED, SecurityEventType.SIGN_IN_SECOND_FACTOR_REQUIRED,
        SecurityEventType.TOTP_ENABLED);
    // The right password alone leaves an entry, with the client, before any code is tried.
    assertThat(events.get(3).details()).containsEntry("method", "password");
    assertThat(events.get(3).ipAddress()).isEqualTo(HOME.ipAddress());
    // The backup code's use names the client that spent it.
    assertThat(byType(events, SecurityEventType.BACKUP_CODE_USED).ipAddress())
        .isEqualTo(HOME.ipAddress());
    SecurityEvent success = byType(events, SecurityEventType.SIGN_IN_SUCCEEDED);
    assertThat(success.details()).containsEntry("method", "backup_code");
    assertThat(success.sessionId()).isEqualTo(((SignInResult.SignedIn) done).session().id());
    assertThat(byType(events, SecurityEventType.BACKUP_CODE_USED).details())
        .containsEntry("remaining", "9");
    assertThat(events.get(2).details()).containsEntry("factor", "totp");
  }

  @Test
  void changesMadeFromASessionCarryItsClientAndSession() {
    signIn.setPassword("fred", PASSWORD);
    ValidatedSession s = signedIn("fred");
    ValidatedSession other = signedIn("fred");
    tick();
    CreatedApiKey k = ((dev.latchkey.apikey.ApiKeyCreateResult.Created) f.latchkey.apiKeys()
        .create(s, ApiKeySpec.builder().name("deploy bot").build(), HOME)).key();
    tick();
    f.latchkey.apiKeys().rotate(s, k.id(), Duration.ofHours(1), HOME);
    tick();
    f.latchkey.apiKeys().revoke(s, k.id(), HOME);
    tick();
    f.latchkey.sessions().revoke(s, other.sessionId(), HOME);
    List<SecurityEvent> events = all("fred");
    assertThat(events.subList(0, 4)).extracting(SecurityEvent::type).containsExactly(
        SecurityEventType.SESSION_REVOKED, SecurityEventType.API_KEY_REVOKED,
        SecurityEventType.API_KEY_ROTATED, SecurityEventType.API_KEY_CREATED);
    assertThat(events.subList(1, 4)).allSatisfy(e -> {
      assertThat(e.ipAddress()).isEqualTo(HOME.ipAddress());
      assertThat(e.device()).isNotEqualTo(Device.none());
      assertThat(e.sessionId()).isEqualTo(s.sessionId());
      assertThat(e.details()).containsEntry("key_id", k.id()).containsEntry("key_name",
          "deploy bot");
    });
    assertThat(events.get(2).details()).containsEntry("grace_seconds", "3600");
    SecurityEvent revoked = events.get(0);
    assertThat(revoked.sessionId()).isEqualTo(other.sessionId());
    assertThat(revoked.details()).containsEntry("by_session_id", s.sessionId());
    assertThat(revoked.ipAddress()).isEqualTo(HOME.ipAddress());
  }

  private static SecurityEvent byType(List<SecurityEvent> events, SecurityEventType type) {
    return events.stream().filter(e -> e.type() == type).findFirst().orElseThrow();
  }

  @Test
  void signOutAndRevocationsAreRecorded() {
    signIn.setPassword("carol", PASSWORD);
    ValidatedSession a = signedIn("carol");
    ValidatedSession b = signedIn("carol");
    ValidatedSession c = signedIn("carol");
    signedIn("carol");
    tick();
    assertThat(f.latchkey.sessions().revoke(a, b.sessionId()))
        .isEqualTo(new SessionRevokeResult.Revoked());
    tick();
    assertThat(f.latchkey.sessions().revokeOthers(a)).isEqualTo(2);
    tick();
    assertThat(f.latchkey.sessions().signOut(a, HOME)).isEqualTo(new SessionRevokeResult.Revoked());
    assertThat(f.latchkey.sessions().signOut(a, HOME))
        .isEqualTo(new SessionRevokeResult.AlreadyRevoked());
    assertThat(f.latchkey.sessions().revoke(c, c.sessionId()).code()).isEqualTo("already_revoked");
    signedIn("carol");
    tick();
    assertThat(f.latchkey.sessions().revokeAll("carol")).isEqualTo(1);
    assertThat(f.latchkey.sessions().revokeAll("carol")).isZero();

    List<SecurityEvent> events = all("carol").stream()
        .filter(e -> e.type() != SecurityEventType.SIGN_IN_SUCCEEDED).toList();
    assertThat(events).extracting(SecurityEvent::type).containsExactly(
        SecurityEventType.SESSION_REVOKED, SecurityEventType.SIGN_OUT,
        SecurityEventType.SESSION_REVOKED, SecurityEventType.SESSION_REVOKED);
    assertThat(events.get(0).details()).containsEntry("scope", "all").containsEntry("count", "1");
    assertThat(events.get(1).sessionId()).isEqualTo(a.sessionId());
    assertThat(ENGLISH.device(events.get(1).device())).isEqualTo("Safari on macOS");
    assertThat(events.get(2).details()).containsEntry("scope", "others")
        .containsEntry("count", "2");
    assertThat(events.get(3).details()).containsEntry("scope", "one");
    assertThat(events.get(3).sessionId()).isEqualTo(b.sessionId());
  }

  @Test
  void revokingTheCurrentSessionByIdIsASignOut() {
    signIn.setPassword("carol", PASSWORD);
    ValidatedSession a = signedIn("carol");
    tick();
    assertThat(f.latchkey.sessions().revoke(a, a.sessionId()).isRevoked()).isTrue();
    assertThat(types("carol").get(0)).isEqualTo(SecurityEventType.SIGN_OUT);
  }

  @Test
  void twoFactorChangesAreStoredNotOnlyDelivered() {
    TwoFactorFixture.Enabled on = f.enable("dave");
    tick();
    f.backupCodes().regenerate("dave");
    f.clock.advance(Duration.ofSeconds(30));
    f.totp().disable(f.session("dave"), f.appCodeNow(on.secret()), HOME);
    assertThat(types("dave")).containsExactly(SecurityEventType.TOTP_DISABLED,
        SecurityEventType.BACKUP_CODES_REGENERATED, SecurityEventType.TOTP_ENABLED);
    assertThat(all("dave").get(0).details()).containsEntry("method", "totp");
  }

  @Test
  void apiKeyChangesAreRecordedUnderTheOwner() {
    CreatedApiKey k = f.latchkey.apiKeys().create("erin", ApiKeySpec.builder().name("ci").build());
    tick();
    ApiKeyRotateResult r = f.latchkey.apiKeys().rotate("erin", k.id(), Duration.ZERO);
    String replacement = ((ApiKeyRotateResult.Rotated) r).replacement().id();
    tick();
    f.latchkey.apiKeys().revoke("erin", replacement);
    tick();
    f.latchkey.apiKeys().create("erin", ApiKeySpec.builder().name("b").build());
    tick();
    f.latchkey.apiKeys().revokeAll("erin");
    List<SecurityEvent> events = all("erin");
    assertThat(events).extracting(SecurityEvent::type).containsExactly(
        SecurityEventType.API_KEY_REVOKED, SecurityEventType.API_KEY_CREATED,
        SecurityEventType.API_KEY_REVOKED, SecurityEventType.API_KEY_ROTATED,
        SecurityEventType.API_KEY_CREATED);
    assertThat(events.get(0).details()).isEqualTo(Map.of("scope", "all"));
    assertThat(events.get(2).details()).isEqualTo(Map.of("key_id", replacement, "key_name", "ci"));
    assertThat(events.get(3).details()).isEqualTo(Map.of("key_id", k.id(), "key_name", "ci",
        "replacement_id", replacement, "grace_seconds", "0"));
    assertThat(events.get(4).ipAddress()).isEmpty();
    assertThat(events.get(4).device()).isEqualTo(Device.none());
    assertThat(events.get(4).location()).isEqualTo(Location.of(AddressScope.NONE));
    assertThat(ENGLISH.device(events.get(4).device())).isEmpty();
    assertThat(ENGLISH.location(events.get(4).location())).isEmpty();
  }

  @Test
  void aPageForTheSessionsAccountReadsOnlyThatAccount() {
    signIn.setPassword("alice", PASSWORD);
    signIn.setPassword("mallory", PASSWORD);
    signIn.signIn("mallory", "wrong", STRANGER);
    ValidatedSession alice = signedIn("alice");
    assertThat(history.page(alice.accountId(), EventQuery.firstPage(100)).events())
        .allMatch(e -> e.accountId().equals("alice")).hasSize(1);
  }

  @Test
  void pagesFollowTheirCursorAndTheLastHasNone() {
    signIn.setPassword("alice", PASSWORD);
    for (int i = 0; i < 5; i++) {
      signIn.signIn("alice", PASSWORD, HOME); // same millisecond: ties broken by id
    }
    EventPage first = history.page("alice", EventQuery.firstPage(2));
    EventPage second = history.page("alice", EventQuery.of(2, first.nextCursor().orElseThrow()));
    EventPage third = history.page("alice", EventQuery.of(2, second.nextCursor().orElseThrow()));
    assertThat(third.events()).hasSize(1);
    assertThat(third.nextCursor()).isEmpty();
    List<SecurityEvent> walked = new ArrayList<>(first.events());
    walked.addAll(second.events());
    walked.addAll(third.events());
    assertThat(walked).containsExactlyElementsOf(all("alice"));
    // Exactly a page's worth left: the page is full and still the last.
    assertThat(history.page("alice", EventQuery.firstPage(5)).nextCursor()).isEmpty();
  }

  @Test
  void typeFilterSelectsSignInsOnly() {
    signIn.setPassword("alice", PASSWORD);
    signIn.signIn("alice", "wrong", HOME);
    ValidatedSession s = signedIn("alice");
    tick();
    f.latchkey.sessions().signOut(s, HOME);
    EventPage page = history.page("alice", EventQuery.firstPage(10)
        .withTypes(Set.of(SecurityEventType.SIGN_IN_FAILED, SecurityEventType.SIGN_OUT)));
    assertThat(page.events()).extracting(SecurityEvent::type)
        .containsExactly(SecurityEventType.SIGN_OUT, SecurityEventType.SIGN_IN_FAILED);
  }

  @Test
  void purgeKeepsTheRetentionWindow() {
    signIn.setPassword("alice", PASSWORD);
    signIn.signIn("alice", "wrong", HOME);
    f.clock.advance(LoginHistory.DEFAULT_RETENTION);
    signIn.signIn("alice", PASSWORD, HOME);
    f.clock.advance(Duration.ofMillis(1));
    assertThat(history.retention()).isEqualTo(LoginHistory.DEFAULT_RETENTION);
    assertThat(history.purge()).isEqualTo(1);
    assertThat(types("alice")).containsExactly(SecurityEventType.SIGN_IN_SUCCEEDED);
    assertThat(history.purgeOlderThan(Duration.ZERO)).isEqualTo(1);
    assertThat(all("alice")).isEmpty();
    assertThatThrownBy(() -> history.purgeOlderThan(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retentionIsConfigurableWithinBounds() {
    Latchkey custom = Latchkey.builder().stores(InMemoryStores.create())
        .loginHistoryRetention(Duration.ofDays(30)).build();
    assertThat(custom.loginHistory().retention()).isEqualTo(Duration.ofDays(30));
    assertThatThrownBy(() -> Latchkey.builder().stores(InMemoryStores.create())
        .loginHistoryRetention(Duration.ofHours(1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT1H");
  }

  @Test
  void eventsOfTypesThisVersionDoesNotKnowAreSkippedButPagingContinues() {
    SecurityEventStore store = f.stores.securityEvents();
    Instant t = f.clock.instant();
    for (int i = 0; i < 4; i++) {
      store.append(new SecurityEventRecord("f" + i, "zed", i % 2 == 0 ? "future.thing" : "sign_out",
          t.plusMillis(i), "", Device.none(), Location.of(AddressScope.NONE), null, false,
          Map.of()));
    }
    EventPage first = history.page("zed", EventQuery.firstPage(2));
    assertThat(first.events()).extracting(SecurityEvent::id).containsExactly("f3");
    EventPage second = history.page("zed", EventQuery.of(2, first.nextCursor().orElseThrow()));
    assertThat(second.events()).extracting(SecurityEvent::id).containsExactly("f1");
    assertThat(second.nextCursor()).isEmpty();
  }

  @Test
  void withoutAnEventStoreTheListenerStillHearsEverythingButNothingIsKept() {
    List<SecurityEvent> heard = new ArrayList<>();
    InMemoryStores stores = InMemoryStores.create();
    Latchkey bare = Latchkey.builder().sessionStore(stores.sessions())
        .credentialStore(stores.credentials()).apiKeyStore(stores.apiKeys())
        .attemptStore(stores.attempts()).ipLocator(LOCATOR).eventListener(heard::add).build();
    bare.signIn().setPassword("alice", PASSWORD);
    bare.signIn().signIn("alice", PASSWORD, HOME);
    bare.signIn().signIn("alice", PASSWORD, STRANGER);
    assertThat(heard).extracting(SecurityEvent::type).containsExactly(
        SecurityEventType.SIGN_IN_SUCCEEDED, SecurityEventType.SIGN_IN_SUCCEEDED);
    assertThat(heard).noneMatch(SecurityEvent::suspicious);
    assertThat(ENGLISH.location(heard.get(1).location())).isEqualTo("Berlin, DE");
    assertThatThrownBy(bare::loginHistory).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("securityEventStore");
  }

  @Test
  void whenTheHistoryCannotBeWrittenSignInFailsAndLeavesNoSession() {
    AtomicBoolean broken = new AtomicBoolean();
    InMemoryStores stores = InMemoryStores.create();
    SecurityEventStore flaky = new FailingEventStore(stores.securityEvents(), broken);
    List<SecurityEvent> heard = new ArrayList<>();
    Latchkey lk = Latchkey.builder().stores(stores).securityEventStore(flaky)
        .clock(new MutableClock(TwoFactorFixture.START)).eventListener(heard::add).build();
    lk.signIn().setPassword("alice", PASSWORD);
    broken.set(true);
    assertThatThrownBy(() -> lk.signIn().signIn("alice", PASSWORD, HOME))
        .isInstanceOf(StoreException.class);
    assertThat(lk.sessions().list("alice", null)).isEmpty();
    // A wrong password still answers normally: its event is best effort.
    assertThat(lk.signIn().signIn("alice", "wrong", HOME))
        .isInstanceOf(SignInResult.Rejected.class);
    assertThat(heard).isEmpty();
    broken.set(false);
    assertThat(lk.signIn().signIn("alice", PASSWORD, HOME))
        .isInstanceOf(SignInResult.SignedIn.class);
    assertThat(heard).hasSize(1);
  }

  /** Delegates, or throws while {@code broken} is set. */
  private record FailingEventStore(SecurityEventStore delegate, AtomicBoolean broken)
      implements SecurityEventStore {
    private void check() {
      if (broken.get()) {
        throw new StoreException("event table missing");
      }
    }

    @Override
    public void append(SecurityEventRecord event) {
      check();
      delegate.append(event);
    }

    @Override
    public List<SecurityEventRecord> page(String accountId, Set<String> types,
        EventPosition after, int limit) {
      check();
      return delegate.page(accountId, types, after, limit);
    }

    @Override
    public boolean exists(String accountId, String type, Device device, Location location) {
      check();
      return delegate.exists(accountId, type, device, location);
    }

    @Override
    public int purge(Instant before) {
      check();
      return delegate.purge(before);
    }
  }
}
