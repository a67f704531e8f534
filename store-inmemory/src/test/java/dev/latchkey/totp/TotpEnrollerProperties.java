package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class TotpEnrollerProperties {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "Mozilla/5.0");

  /** A code made for time t verifies at t' exactly when their steps are at most `window` apart. */
  @Property(tries = 200)
  void aCodeVerifiesWithinTheWindowAndNotOutsideIt(
      @ForAll @IntRange(min = 0, max = 3) int window,
      @ForAll @IntRange(min = -5, max = 5) int stepOffset,
      @ForAll @IntRange(min = 0, max = 29) int secondIntoStep,
      @ForAll @LongRange(min = 1_000_000, max = 60_000_000) long step) {
    TwoFactorFixture f = TwoFactorFixture.create(TotpSettings.builder().issuer("X").window(window)
        .build());
    f.clock.set(Instant.ofEpochSecond((step - 20) * 30));
    String secret = f.enable("acct").secret();
    Instant now = Instant.ofEpochSecond(step * 30 + secondIntoStep);
    f.clock.set(now);
    String code = f.appCode(secret, now.plusSeconds(30L * stepOffset));
    boolean inWindow = Math.abs(stepOffset) <= window;
    // An out-of-window code may by chance (10^-6 per step) equal an in-window one; skip those.
    boolean collides = false;
    for (int i = -window; i <= window; i++) {
      collides |= code.equals(f.appCode(secret, now.plusSeconds(30L * i)));
    }
    TotpVerification v = f.totp().verify("acct", code, CLIENT);
    if (inWindow) {
      assertThat(v.isAccepted()).isTrue();
    } else if (!collides) {
      assertThat(v).isEqualTo(new TotpVerification.Rejected(TotpVerification.Reason.INVALID));
    }
  }

  /** Whatever codes arrive in whatever order, accepted steps strictly increase: none twice. */
  @Property(tries = 100)
  void aStepIsNeverAcceptedTwice(@ForAll("attempts") @Size(min = 1, max = 40) List<Attempt> attempts) {
    TwoFactorFixture f = TwoFactorFixture.create();
    String secret = f.enable("acct").secret();
    long lastAccepted = -1;
    for (Attempt a : attempts) {
      f.clock.advance(Duration.ofSeconds(a.advanceSeconds()));
      Instant codeTime = f.clock.instant().plusSeconds(30L * a.stepOffset());
      TotpVerification v = f.totp().verify("acct", f.appCode(secret, codeTime), CLIENT);
      long step = codeTime.getEpochSecond() / 30;
      if (v.isAccepted()) {
        assertThat(step).isGreaterThan(lastAccepted);
        lastAccepted = step;
      }
    }
  }

  record Attempt(int advanceSeconds, int stepOffset) {}

  @Provide
  Arbitrary<List<Attempt>> attempts() {
    return Combinators.combine(Arbitraries.integers().between(0, 45),
        Arbitraries.integers().between(-2, 2)).as(Attempt::new).list();
  }

  /** verify, confirm and disable never throw, whatever the string. */
  @Property(tries = 500)
  void codeCheckingNeverThrowsForAnyString(@ForAll String input) {
    TotpEnroller totp = SHARED.totp();
    assertThat(totp.verify("acct", input, CLIENT)).isNotNull();
    assertThat(totp.verify("nobody", input, CLIENT)).isNotNull();
    assertThat(totp.confirm(SHARED.session("pending"), input, CLIENT)).isNotNull();
    assertThat(totp.confirm(SHARED.session("nobody"), input, CLIENT)).isNotNull();
    assertThat(totp.disable(SHARED.session("nobody"), input, CLIENT)).isNotNull();
  }

  private static final TwoFactorFixture SHARED = shared();

  private static TwoFactorFixture shared() {
    TwoFactorFixture f = TwoFactorFixture.create();
    f.enable("acct");
    f.begin("pending");
    return f;
  }
}
