package dev.latchkey.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.internal.Hashing;
import dev.latchkey.password.PasswordHashingSettings;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Known devices (issue 9, item 7): guesses from rotating addresses lock the account for clients it
 * does not know, but a device that signed in before keeps its own allowance, so an attacker
 * elsewhere cannot lock the owner out.
 */
class KnownDeviceSignInTest {
  private static final String PASSWORD = "Correct-horse-9";
  private static final String UA = "Mozilla/5.0 (Macintosh) Safari/605.1.15";
  private static final ClientInfo HOME = new ClientInfo("203.0.113.5", UA);
  private static final ClientInfo NEW_PHONE = new ClientInfo("192.0.2.44", UA);
  private static final PasswordHashingSettings FAST =
      PasswordHashingSettings.builder().memoryKib(64).iterations(1).parallelism(1).build();

  private final TwoFactorFixture f = TwoFactorFixture.create(b -> b.passwordHashing(FAST));
  private final SignInService signIn = f.latchkey.signIn();

  private KnownDeviceToken signInFrom(ClientInfo client, String deviceToken) {
    SignInResult r = signIn.signIn("alice", "alice@example.com", PASSWORD, client, deviceToken);
    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    return ((SignInResult.SignedIn) r).deviceToken().orElseThrow();
  }

  /**
   * Wrong guesses from a new address each time, waiting out every wait, until the account's hard
   * stop; returns how many were checked.
   */
  private int guessUntilTheHardStop() {
    int checked = 0;
    for (int i = 0; i < 400; i++) {
      ClientInfo attacker = new ClientInfo("198.51." + (i / 250) + "." + (i % 250 + 1), "curl/8");
      SignInResult r = signIn.signIn("alice", "alice@example.com", "guess-" + i, attacker, null);
      if (r instanceof SignInResult.Locked locked) {
        if (locked.retryAfter().compareTo(Duration.ofHours(1)) > 0) {
          return checked;
        }
        f.clock.advance(locked.retryAfter());
      } else {
        assertThat(r).isInstanceOf(SignInResult.Rejected.class);
        checked++;
      }
    }
    throw new AssertionError("no hard stop after 400 tries");
  }

  @Test
  void aHundredWrongGuessesFromRotatingAddressesDoNotLockTheOwnersKnownDevice() {
    signIn.setPassword("alice", PASSWORD);
    KnownDeviceToken device = signInFrom(HOME, null);

    assertThat(guessUntilTheHardStop()).isEqualTo(100);

    // A client the account does not know is locked out: the account's limit still holds.
    assertThat(signIn.signIn("alice", "alice@example.com", PASSWORD, NEW_PHONE, null))
        .isInstanceOf(SignInResult.Locked.class);
    assertThat(signIn.signIn("alice", "alice@example.com", PASSWORD, NEW_PHONE, "garbage"))
        .isInstanceOf(SignInResult.Locked.class);
    // The owner's device is not.
    KnownDeviceToken next = signInFrom(HOME, device.token().reveal());
    assertThat(next.token().reveal()).isNotEqualTo(device.token().reveal());
    // Its success started the account's counter again, as every success does.
    assertThat(signIn.signIn("alice", "alice@example.com", PASSWORD, NEW_PHONE, null))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void aKnownDeviceHasItsOwnAllowanceAndLeavesTheAccountsAlone() {
    signIn.setPassword("alice", PASSWORD);
    String device = signInFrom(HOME, null).token().reveal();
    for (int i = 0; i < 5; i++) {
      assertThat(signIn.signIn("alice", "alice@example.com", "typo-" + i, HOME, device))
          .isInstanceOf(SignInResult.Rejected.class);
    }
    assertThat(signIn.signIn("alice", "alice@example.com", PASSWORD, HOME, device))
        .isEqualTo(new SignInResult.Locked(Duration.ofSeconds(30)));
    // The device's failures are not the account's: another device signs in at once.
    assertThat(signIn.signIn("alice", "alice@example.com", PASSWORD, NEW_PHONE, null))
        .isInstanceOf(SignInResult.SignedIn.class);
    f.clock.advance(Duration.ofSeconds(30));
    signInFrom(HOME, device);
  }

  @Test
  void aTokenWorksOnlyForItsAccountAndOnlyUntilItIsReplaced() {
    signIn.setPassword("alice", PASSWORD);
    signIn.setPassword("bob", PASSWORD);
    SignInResult bobs = signIn.signIn("bob", "bob@example.com", PASSWORD, HOME, null);
    String bobDevice = ((SignInResult.SignedIn) bobs).deviceToken().orElseThrow().token().reveal();
    String first = signInFrom(HOME, null).token().reveal();
    String second = signInFrom(HOME, first).token().reveal();

    assertThat(guessUntilTheHardStop()).isEqualTo(100);
    assertThat(signIn.signIn("alice", "alice@example.com", PASSWORD, HOME, bobDevice))
        .as("another account's token").isInstanceOf(SignInResult.Locked.class);
    assertThat(signIn.signIn("alice", "alice@example.com", PASSWORD, HOME, first))
        .as("a replaced token").isInstanceOf(SignInResult.Locked.class);
    signInFrom(HOME, second);
  }

  @Test
  void forgottenAndExpiredTokensCountAgainstTheAccountAgain() {
    signIn.setPassword("alice", PASSWORD);
    String device = signInFrom(HOME, null).token().reveal();
    String other = signInFrom(NEW_PHONE, null).token().reveal();
    assertThat(guessUntilTheHardStop()).isEqualTo(100);
    assertThat(signIn.forgetKnownDevices("alice")).isEqualTo(2);
    assertThat(signIn.signIn("alice", "alice@example.com", PASSWORD, HOME, device))
        .isInstanceOf(SignInResult.Locked.class);
    assertThat(signIn.signIn("alice", "alice@example.com", PASSWORD, NEW_PHONE, other))
        .isInstanceOf(SignInResult.Locked.class);

    TwoFactorFixture g = TwoFactorFixture.create(b -> b.passwordHashing(FAST));
    SignInService service = g.latchkey.signIn();
    service.setPassword("alice", PASSWORD);
    KnownDeviceToken token = ((SignInResult.SignedIn) service.signIn("alice", PASSWORD, HOME))
        .deviceToken().orElseThrow();
    assertThat(token.expiresAt()).isEqualTo(
        g.clock.instant().plus(SignInSettings.DEFAULT_KNOWN_DEVICE_LIFETIME));
    g.clock.advance(SignInSettings.DEFAULT_KNOWN_DEVICE_LIFETIME.plusSeconds(1));
    for (int i = 0; i < 5; i++) {
      service.signIn("alice", "alice@example.com", "guess", NEW_PHONE, null);
    }
    assertThat(service.signIn("alice", "alice@example.com", PASSWORD, HOME,
        token.token().reveal())).as("expired").isInstanceOf(SignInResult.Locked.class);
    assertThat(service.purgeKnownDevices(Duration.ZERO)).isEqualTo(1);
  }

  @Test
  void withoutAKnownDeviceStoreNoTokenIsIssuedAndTokensShownAreIgnored() {
    InMemoryStores all = InMemoryStores.create();
    SignInService service = Latchkey.builder().sessionStore(all.sessions())
        .credentialStore(all.credentials()).apiKeyStore(all.apiKeys())
        .attemptStore(all.attempts()).clock(f.clock).passwordHashing(FAST).build().signIn();
    service.setPassword("alice", PASSWORD);
    SignInResult r = service.signIn("alice", "alice@example.com", PASSWORD, HOME,
        "A".repeat(43));
    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(((SignInResult.SignedIn) r).deviceToken()).isEmpty();
    assertThat(service.forgetKnownDevices("alice")).isZero();
  }

  @Test
  void theDeviceTokenLifetimeIsBounded() {
    assertThat(SignInSettings.defaults().knownDeviceLifetime()).isEqualTo(Duration.ofDays(180));
    assertThat(SignInSettings.builder().knownDeviceLifetime(Duration.ofDays(400)).build()
        .knownDeviceLifetime()).isEqualTo(SignInSettings.MAX_KNOWN_DEVICE_LIFETIME);
    assertThatThrownBy(() -> SignInSettings.builder()
            .knownDeviceLifetime(Duration.ofDays(401)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("knownDeviceLifetime");
    assertThatThrownBy(() -> SignInSettings.builder()
            .knownDeviceLifetime(Duration.ofHours(23)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTokenIsStoredOnlyAsAHashAndNeverPrinted() {
    signIn.setPassword("alice", PASSWORD);
    SignInResult r = signIn.signIn("alice", PASSWORD, HOME);
    KnownDeviceToken token = ((SignInResult.SignedIn) r).deviceToken().orElseThrow();
    String raw = token.token().reveal();
    assertThat(raw).hasSize(43); // 256 bits, Base64url
    assertThat(f.stores.knownDevices().findByTokenHash(Hashing.sha256Hex(raw)))
        .hasValueSatisfying(d -> {
          assertThat(d.accountId()).isEqualTo("alice");
          assertThat(d.toString()).doesNotContain(raw);
        });
    assertThat(f.stores.knownDevices().findByTokenHash(raw)).isEmpty();
    assertThat(r.toString()).doesNotContain(raw);
    assertThat(token.toString()).doesNotContain(raw);
  }

  @Test
  void aTwoFactorSignInReplacesTheDeviceTokenWhenItCompletes() {
    signIn.setPassword("alice", PASSWORD);
    TwoFactorFixture.Enabled on = f.enable("alice");
    SignInResult first = signIn.signIn("alice", "alice@example.com", PASSWORD, HOME, null);
    String challenge = ((SignInResult.SecondFactorRequired) first).challenge().reveal();
    SignInResult done = signIn.completeSecondFactor(challenge, f.appCodeNow(on.secret()), HOME,
        null);
    String device = ((SignInResult.SignedIn) done).deviceToken().orElseThrow().token().reveal();

    assertThat(guessUntilTheHardStop()).isEqualTo(100);
    f.clock.advance(Duration.ofSeconds(30));
    SignInResult again = signIn.signIn("alice", "alice@example.com", PASSWORD, HOME, device);
    assertThat(again).isInstanceOf(SignInResult.SecondFactorRequired.class);
    String next = ((SignInResult.SignedIn) signIn.completeSecondFactor(
        ((SignInResult.SecondFactorRequired) again).challenge().reveal(),
        f.appCodeNow(on.secret()), HOME, device)).deviceToken().orElseThrow().token().reveal();
    assertThat(next).isNotEqualTo(device);
    assertThat(f.stores.knownDevices().findByTokenHash(Hashing.sha256Hex(device))).isEmpty();
  }
}
