package dev.latchkey.otp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import dev.latchkey.store.tck.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The invariants of SMS and email codes, over any sequence of requests. */
class OneTimeCodesProperties {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", null);

  /**
   * Wrong codes are never accepted, and the right code of a challenge is accepted at most once,
   * whatever is guessed before and after it (limits relaxed so that guessing goes on).
   */
  @Property(tries = 30)
  void wrongCodesNeverPassAndTheRightOneAtMostOnce(
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 999_999) Integer> guesses,
      @ForAll @IntRange(min = 0, max = 12) int rightAt) {
    DevOutbox outbox = DevOutbox.create(new MutableClock(TwoFactorFixture.START));
    TwoFactorFixture f = TwoFactorFixture.create(b -> TwoFactorFixture.manyAttempts(b)
        .messageSender(outbox).signInSettings(dev.latchkey.signin.SignInSettings.builder()
            .challengeMaxFailures(20).build()));
    OneTimeCodes codes = f.latchkey.oneTimeCodes();
    f.latchkey.signIn().setPassword("p", "Correct-horse-9");
    ValidatedSession s = f.session("p");
    codes.beginEnrolment(s, Channel.SMS, "+14155550123", CLIENT, null);
    assertThat(codes.confirmEnrolment(s, code(outbox), CLIENT).enrolled()).isTrue();
    String challenge = ((SignInResult.SecondFactorRequired) f.latchkey.signIn()
        .signIn("p", "Correct-horse-9", CLIENT)).challenge().reveal();
    f.clock.advance(Duration.ofSeconds(61));
    assertThat(codes.sendSignInCode(challenge, Channel.SMS, CLIENT, null).sent()).isTrue();
    String right = code(outbox);
    int accepted = 0;
    for (int i = 0; i <= guesses.size(); i++) {
      String guess = i == rightAt ? right
          : String.format("%06d", guesses.get(Math.min(i, guesses.size() - 1)));
      SignInResult r = codes.completeSignIn(challenge, Channel.SMS, guess, CLIENT, null);
      if (r instanceof SignInResult.SignedIn) {
        assertThat(guess).isEqualTo(right);
        accepted++;
      }
    }
    assertThat(accepted).isLessThanOrEqualTo(1);
    assertThat(accepted).isEqualTo(rightAt <= guesses.size() ? 1 : 0);
  }

  /**
   * Within one send window, however sends are spread over accounts, destinations, clients and time
   * (steps of 0 to 90 seconds), no destination gets more than its allowance, no account more than
   * its own, no client address asks for more than its own, and no two codes reach one account
   * closer together than the cool-down.
   */
  @Property(tries = 30)
  void sendLimitsAreNeverExceeded(
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 999) Integer> requests) {
    DevOutbox outbox = DevOutbox.create(new MutableClock(TwoFactorFixture.START), 10_000);
    TwoFactorFixture f = TwoFactorFixture.create(b -> b.messageSender(outbox));
    OneTimeCodes codes = f.latchkey.oneTimeCodes();
    OneTimeCodeSettings limits = codes.settings();
    Map<String, Integer> perDestination = new HashMap<>();
    Map<String, Integer> perAccount = new HashMap<>();
    Map<String, Integer> perClient = new HashMap<>();
    Map<String, Instant> lastToAccount = new HashMap<>();
    Instant start = f.clock.instant();
    for (int v : requests) {
      f.clock.advance(Duration.ofSeconds(v % 91));
      if (Duration.between(start, f.clock.instant()).compareTo(limits.sendWindow()) >= 0) {
        break;
      }
      String account = "acct-" + (v % 3);
      String destination = "+1415555000" + (v / 3 % 4);
      String client = "198.51.100." + (v / 12 % 2);
      CodeSendResult r = codes.beginEnrolment(f.session(account), Channel.SMS, destination,
          new ClientInfo(client, null), null);
      if (r.sent()) {
        Instant now = f.clock.instant();
        Instant last = lastToAccount.put(account, now);
        if (last != null) {
          assertThat(Duration.between(last, now)).isGreaterThanOrEqualTo(limits.resendCooldown());
        }
        perDestination.merge(destination, 1, Integer::sum);
        perAccount.merge(account, 1, Integer::sum);
        perClient.merge(client, 1, Integer::sum);
      }
    }
    assertThat(perDestination.values()).allSatisfy(n ->
        assertThat(n).isLessThanOrEqualTo(limits.sendsPerDestination()));
    assertThat(perAccount.values()).allSatisfy(n ->
        assertThat(n).isLessThanOrEqualTo(limits.sendsPerAccount()));
    assertThat(perClient.values()).allSatisfy(n ->
        assertThat(n).isLessThanOrEqualTo(limits.sendsPerClient()));
    assertThat(outbox.messages()).hasSize(
        perDestination.values().stream().mapToInt(Integer::intValue).sum());
  }

  private static String code(DevOutbox outbox) {
    return outbox.messages().get(0).message().content().reveal();
  }
}
