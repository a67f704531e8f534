package dev.latchkey.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.AttemptPolicy;
import dev.latchkey.password.PasswordHashingSettings;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The per-address limit (issue 9, items 1 and 4): it cannot be switched off with an address that
 * does not parse, and it counts failures only, so many people behind one address (an office behind
 * NAT, a mobile carrier) never lock each other out.
 */
class SharedAddressSignInTest {
  private static final String PASSWORD = "Correct-horse-9";
  private static final String UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0";
  private static final ClientInfo OFFICE = new ClientInfo("203.0.113.80", UA);
  /** Argon2id at 64 KiB and one pass: a thousand sign-ins in a second or two. */
  private static final PasswordHashingSettings FAST =
      PasswordHashingSettings.builder().memoryKib(64).iterations(1).parallelism(1).build();
  /** The per-client allowance the attack was measured against (then the default). */
  private static final AttemptPolicy TWENTY_PER_CLIENT = AttemptPolicy.builder()
      .freeAttempts(20).hardStop(Integer.MAX_VALUE).build();

  private static TwoFactorFixture fixture(UnaryOperator<Latchkey.Builder> more) {
    return TwoFactorFixture.create(b -> more.apply(b.passwordHashing(FAST)));
  }

  /**
   * The attack as measured: 30 wrong guesses across 30 accounts with {@code X-Forwarded-For: ab},
   * an appending proxy's list, or nothing at all, got no 429. Now every one of those is the one
   * "unknown" client, with one address's allowance.
   */
  @Test
  void thirtyWrongGuessesAcrossAccountsFromAnUnparsableAddressAreLocked() {
    TwoFactorFixture f = fixture(b -> b.attemptPolicies(AttemptPolicy.perAccount(),
        TWENTY_PER_CLIENT));
    SignInService signIn = f.latchkey.signIn();
    String[] spoofed = {"ab", "", "10.9.3.1, 198.51.100.1", null, "not an address"};
    int rejected = 0;
    int locked = 0;
    for (int i = 0; i < 30; i++) {
      signIn.setPassword("user-" + i, PASSWORD);
      ClientInfo client = new ClientInfo(spoofed[i % spoofed.length], UA);
      SignInResult r = signIn.signIn("user-" + i, "user-" + i + "@example.com", "guess", client);
      if (r instanceof SignInResult.Locked) {
        locked++;
      } else {
        assertThat(r).isEqualTo(new SignInResult.Rejected(
            SignInResult.Reason.INVALID_CREDENTIALS));
        rejected++;
      }
    }
    assertThat(rejected).isEqualTo(20);
    assertThat(locked).isEqualTo(10);
    assertThat(f.latchkey.signIn().signIn("user-29", PASSWORD, OFFICE))
        .as("a real address is a client of its own").isInstanceOf(SignInResult.SignedIn.class);
  }

  /** With the default allowance, the unknown client is refused after 100 failures. */
  @Test
  void theUnknownClientHasTheDefaultAllowanceOfOneAddress() {
    TwoFactorFixture f = fixture(UnaryOperator.identity());
    SignInService signIn = f.latchkey.signIn();
    int free = AttemptPolicy.DEFAULT_CLIENT_FREE_ATTEMPTS;
    for (int i = 0; i < free; i++) {
      assertThat(signIn.signIn(null, "nobody-" + i + "@example.com", "guess",
          ClientInfo.unknown())).isInstanceOf(SignInResult.Rejected.class);
    }
    assertThat(signIn.signIn(null, "nobody-x@example.com", "guess", new ClientInfo("ab", UA)))
        .isInstanceOf(SignInResult.Locked.class);
    assertThat(f.stores.attempts().find("password", AttemptLimiter.UNKNOWN_CLIENT))
        .hasValueSatisfying(r -> assertThat(r.attempts()).isEqualTo(free));
  }

  /**
   * An office behind NAT: a thousand people sign in one after the other from one address, each
   * with the right password. Successes give their unit back, so none is ever refused.
   */
  @Test
  void aThousandAccountsSignInOneAfterAnotherFromOneAddress() {
    TwoFactorFixture f = fixture(UnaryOperator.identity());
    SignInService signIn = f.latchkey.signIn();
    for (int i = 0; i < 1000; i++) {
      signIn.setPassword("employee-" + i, PASSWORD);
    }
    for (int i = 0; i < 1000; i++) {
      assertThat(signIn.signIn("employee-" + i, "employee-" + i + "@example.com", PASSWORD,
          OFFICE)).as("sign-in %d", i).isInstanceOf(SignInResult.SignedIn.class);
    }
    assertThat(f.stores.attempts().find("password", "client:203.0.113.80")).isEmpty();
  }

  /** The same for second factors: the TOTP code's per-address counter counts failures only. */
  @Test
  void manyTwoFactorSignInsFromOneAddressAreNeverRefused() {
    TwoFactorFixture f = fixture(UnaryOperator.identity());
    SignInService signIn = f.latchkey.signIn();
    int accounts = AttemptPolicy.DEFAULT_CLIENT_FREE_ATTEMPTS + 20;
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      signIn.setPassword("employee-" + i, PASSWORD);
      secrets.add(f.enable("employee-" + i).secret());
    }
    for (int i = 0; i < accounts; i++) {
      SignInResult first = signIn.signIn("employee-" + i, PASSWORD, OFFICE);
      assertThat(first).isInstanceOf(SignInResult.SecondFactorRequired.class);
      String challenge = ((SignInResult.SecondFactorRequired) first).challenge().reveal();
      assertThat(signIn.completeSecondFactor(challenge, f.appCodeNow(secrets.get(i)), OFFICE))
          .as("sign-in %d", i).isInstanceOf(SignInResult.SignedIn.class);
    }
  }

  /**
   * Counting first still bounds concurrency: 64 wrong guesses racing from one address get exactly
   * the allowance checked, and with right passwords racing among them never more.
   */
  @Test
  void concurrentWrongGuessesFromOneAddressNeverPassTheAllowance() throws Exception {
    TwoFactorFixture f = fixture(b -> b.attemptPolicies(AttemptPolicy.perAccount(),
        TWENTY_PER_CLIENT));
    SignInService signIn = f.latchkey.signIn();
    for (int i = 0; i < 64; i++) {
      signIn.setPassword("user-" + i, PASSWORD);
    }
    assertThat(race(signIn, 64, i -> false)).isEqualTo(20);

    TwoFactorFixture g = fixture(b -> b.attemptPolicies(AttemptPolicy.perAccount(),
        TWENTY_PER_CLIENT));
    SignInService other = g.latchkey.signIn();
    for (int i = 0; i < 64; i++) {
      other.setPassword("user-" + i, PASSWORD);
    }
    assertThat(race(other, 64, i -> i % 4 == 0)).isLessThanOrEqualTo(20);
    // Every success gave its unit back; the failures that were checked are all that is left.
    assertThat(g.stores.attempts().find("password", "client:203.0.113.80"))
        .hasValueSatisfying(r -> assertThat(r.attempts()).isLessThanOrEqualTo(20));
  }

  /** Races one sign-in per account; returns how many wrong passwords were checked. */
  private static int race(SignInService signIn, int threads,
      java.util.function.IntPredicate rightPassword) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<SignInResult>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String account = "user-" + i;
        String password = rightPassword.test(i) ? PASSWORD : "guess-" + i;
        results.add(pool.submit(() -> {
          start.await();
          return signIn.signIn(account, password, OFFICE);
        }));
      }
      start.countDown();
      int checkedWrong = 0;
      for (Future<SignInResult> r : results) {
        checkedWrong += r.get(60, TimeUnit.SECONDS) instanceof SignInResult.Rejected ? 1 : 0;
      }
      return checkedWrong;
    } finally {
      pool.shutdownNow();
    }
  }
}
