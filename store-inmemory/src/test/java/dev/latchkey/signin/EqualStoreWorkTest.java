package dev.latchkey.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.password.PasswordHashingSettings;
import dev.latchkey.store.inmemory.RecordingStores;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An unknown login name and a real account with a wrong password cost the same store work (issue
 * 9, item 8): counted with recording store wrappers, call by call, not with a timer. Any store
 * round trip one path makes and the other does not — a credential read, a committed event insert,
 * a counter read — is visible to whoever times the answers.
 */
class EqualStoreWorkTest {
  private static final String PASSWORD = "Correct-horse-9";
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.5", "Mozilla/5.0 Firefox");
  private static final ClientInfo OTHER = new ClientInfo("198.51.100.7", "Mozilla/5.0 Firefox");
  private static final PasswordHashingSettings FAST =
      PasswordHashingSettings.builder().memoryKib(64).iterations(1).parallelism(1).build();

  private final RecordingStores stores = new RecordingStores();
  private final TwoFactorFixture f =
      TwoFactorFixture.create(b -> b.stores(stores).passwordHashing(FAST));
  private final SignInService signIn = f.latchkey.signIn();

  /** The store calls of one sign-in, in order. */
  private List<String> callsOf(Runnable signInAttempt) {
    stores.takeCalls();
    signInAttempt.run();
    return stores.takeCalls();
  }

  /**
   * Attempt by attempt, through the free failures, the failure that locks (which also records the
   * lock) and the refusals after it, both paths make exactly the same calls in the same order.
   */
  @Test
  void anUnknownNameCostsTheSameStoreCallsAsAWrongPasswordAttemptByAttempt() {
    signIn.setPassword("alice", PASSWORD);
    List<List<String>> known = new ArrayList<>();
    List<List<String>> unknown = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String guess = "guess-" + i;
      known.add(callsOf(() -> signIn.signIn("alice", "alice@example.com", guess, CLIENT)));
      unknown.add(callsOf(() -> signIn.signIn(null, "nobody@example.com", guess, OTHER)));
    }
    for (int i = 0; i < known.size(); i++) {
      assertThat(unknown.get(i)).as("store calls of attempt %d", i + 1)
          .containsExactlyElementsOf(known.get(i));
    }
    // Not vacuous: a failure reads the credential and commits an event insert.
    assertThat(known.get(0)).contains("CredentialStore.find", "SecurityEventStore.append",
        "AttemptStore.compareAndSet");
    // The fifth failure locks, and records the lock, on both paths.
    assertThat(known.get(4).stream().filter("SecurityEventStore.append"::equals)).hasSize(2);
    // After it, both are refused before anything is checked.
    assertThat(known.get(5)).doesNotContain("CredentialStore.find");
  }

  /** With a device token shown — garbage, another account's, or a real one — the same again. */
  @Test
  void aDeviceTokenCostsTheSameOnBothPaths() {
    signIn.setPassword("alice", PASSWORD);
    signIn.setPassword("bob", PASSWORD);
    String alices = ((SignInResult.SignedIn) signIn.signIn("alice", PASSWORD, CLIENT))
        .deviceToken().orElseThrow().token().reveal();
    String bobs = ((SignInResult.SignedIn) signIn.signIn("bob", PASSWORD, CLIENT))
        .deviceToken().orElseThrow().token().reveal();
    for (String token : new String[] {"A".repeat(43), bobs, alices}) {
      List<String> known = callsOf(() ->
          signIn.signIn("alice", "alice@example.com", "guess", CLIENT, token));
      List<String> unknown = callsOf(() ->
          signIn.signIn(null, "nobody@example.com", "guess", OTHER, token));
      assertThat(unknown).containsExactlyElementsOf(known);
      assertThat(known).startsWith("KnownDeviceStore.findByTokenHash");
    }
  }
}
