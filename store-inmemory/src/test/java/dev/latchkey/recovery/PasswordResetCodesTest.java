package dev.latchkey.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.delivery.MessagePurpose;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.otp.CodeEnrolResult;
import dev.latchkey.otp.CodeSendResult;
import dev.latchkey.otp.OneTimeCodeSettings;
import dev.latchkey.otp.OneTimeCodes;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import dev.latchkey.store.tck.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Password reset of an account whose second factor is SMS or email codes (issue 14, item 3). */
class PasswordResetCodesTest {
  private static final String PASSWORD = "Correct-horse-9";
  private static final String NEW_PASSWORD = "Battery-staple-42";
  private static final String PHONE = "+14155550123";
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "Firefox/128.0");
  private static final RecoverySettings SETTINGS =
      RecoverySettings.builder(URI.create("https://app.example.com")).build();

  private final AtomicBoolean smsAllowed = new AtomicBoolean(true);
  private final DevOutbox outbox =
      DevOutbox.create(new MutableClock(TwoFactorFixture.START));
  private final TwoFactorFixture f = TwoFactorFixture.create(b -> b.messageSender(outbox)
      .recoverySettings(SETTINGS)
      .oneTimeCodeSettings(OneTimeCodeSettings.builder()
          .smsAllowed(account -> smsAllowed.get()).build()));
  private final PasswordResets resets = f.latchkey.passwordResets();
  private final OneTimeCodes codes = f.latchkey.oneTimeCodes();

  private String lastTo(String destination) {
    return outbox.latestTo(destination).orElseThrow().message().content().reveal();
  }

  /** An account with a password and an enrolled phone (its only second factor). */
  private void smsOnly(String account) {
    f.latchkey.signIn().setPassword(account, PASSWORD);
    ValidatedSession s = f.session(account);
    assertThat(codes.beginEnrolment(s, Channel.SMS, PHONE, CLIENT, Locale.ENGLISH).sent())
        .isTrue();
    assertThat(codes.confirmEnrolment(s, lastTo(PHONE), CLIENT))
        .isInstanceOf(CodeEnrolResult.Enrolled.class);
    assertThat(f.backupCodes().remaining(account)).isZero();
  }

  private String linkFor(String account) {
    String address = account + "@example.com";
    assertThat(resets.request(account, address, CLIENT, Locale.ENGLISH))
        .isEqualTo(new ResetRequestResult.Accepted());
    String link = lastTo(address);
    return link.substring(link.indexOf("token=") + 6);
  }

  private String textedCode(String token) {
    CodeSendResult sent = resets.sendCode(token, Channel.SMS, CLIENT, Locale.ENGLISH);
    assertThat(sent).as("%s", sent).isInstanceOf(CodeSendResult.Sent.class);
    var delivered = outbox.latestTo(PHONE).orElseThrow();
    assertThat(delivered.message().purpose()).isEqualTo(MessagePurpose.PASSWORD_RESET_CODE);
    return delivered.message().content().reveal();
  }

  @Test
  void anSmsOnlyAccountResetsWithATextedCode() {
    smsOnly("alice");
    f.session("alice");
    String token = linkFor("alice");
    assertThat(resets.inspect(token)).hasValueSatisfying(l -> {
      assertThat(l.secondFactorRequired()).isTrue();
      assertThat(l.codeChannels()).containsExactly(Channel.SMS);
    });
    assertThat(resets.complete(token, NEW_PASSWORD, null, Channel.SMS, null, CLIENT))
        .isEqualTo(new PasswordResetResult.SecondFactorRequired());

    CodeSendResult sent = resets.sendCode(token, Channel.SMS, CLIENT, Locale.ENGLISH);
    assertThat(sent).isInstanceOf(CodeSendResult.Sent.class);
    CodeSendResult.Sent ok = (CodeSendResult.Sent) sent;
    assertThat(ok.maskedDestination()).isEqualTo("+14\u2022\u2022\u2022\u2022\u2022\u2022\u202223");
    assertThat(ok.resendAfter()).isEqualTo(Duration.ofSeconds(60));
    String code = lastTo(PHONE);
    assertThat(code).matches("[0-9]{6}");

    PasswordResetResult r = resets.complete(token, NEW_PASSWORD, code, Channel.SMS, null, CLIENT);

    assertThat(r).isInstanceOf(PasswordResetResult.Reset.class);
    assertThat(f.latchkey.sessions().list("alice", null)).isEmpty();
    assertThat(f.latchkey.signIn().signIn("alice", PASSWORD, CLIENT))
        .isInstanceOf(SignInResult.Rejected.class);
    assertThat(f.latchkey.signIn().signIn("alice", NEW_PASSWORD, CLIENT))
        .isInstanceOf(SignInResult.SecondFactorRequired.class);
    assertThat(f.events).filteredOn(e -> e.type() == SecurityEventType.PASSWORD_RESET)
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("second_factor", "sms"));
  }

  @Test
  void aWrongCodeLeavesTheLinkAndTheCodeWorkingAndIsAttemptLimited() {
    smsOnly("bob");
    String token = linkFor("bob");
    String code = textedCode(token);
    String wrong = code.equals("000000") ? "000001" : "000000";

    assertThat(resets.complete(token, NEW_PASSWORD, wrong, Channel.SMS, null, CLIENT))
        .isEqualTo(new PasswordResetResult.InvalidSecondFactor());
    assertThat(resets.complete(token, NEW_PASSWORD, "not a code", Channel.SMS, null, CLIENT))
        .isEqualTo(new PasswordResetResult.InvalidSecondFactor());
    assertThat(resets.inspect(token)).isPresent();
    assertThat(resets.complete(token, NEW_PASSWORD, code, Channel.SMS, null, CLIENT))
        .isInstanceOf(PasswordResetResult.Reset.class);

    // Guessing: counted per account as ONE_TIME_CODE; the limiter stops it without checking.
    String next = linkFor("bob");
    f.clock.advance(Duration.ofSeconds(61));
    String fresh = textedCode(next);
    String miss = fresh.equals("000000") ? "000001" : "000000";
    PasswordResetResult last = null;
    for (int i = 0; i < 20 && !(last instanceof PasswordResetResult.Locked); i++) {
      last = resets.complete(next, "Another-pass-77", miss, Channel.SMS, null, CLIENT);
    }
    assertThat(last).isInstanceOf(PasswordResetResult.Locked.class);
    assertThat(resets.complete(next, "Another-pass-77", fresh, Channel.SMS, null, CLIENT))
        .as("locked: not even the right code is checked")
        .isInstanceOf(PasswordResetResult.Locked.class);
    assertThat(resets.inspect(next)).as("the link still works").isPresent();
  }

  @Test
  void aCodeWorksOnceAndOnlyForItsLink() {
    smsOnly("carol");
    String first = linkFor("carol");
    String code = textedCode(first);
    String second = linkFor("carol"); // revokes the first link
    assertThat(resets.complete(second, NEW_PASSWORD, code, Channel.SMS, null, CLIENT))
        .as("bound to the first link").isEqualTo(new PasswordResetResult.InvalidSecondFactor());

    f.clock.advance(Duration.ofSeconds(61));
    String fresh = textedCode(second);
    assertThat(resets.complete(second, NEW_PASSWORD, fresh, Channel.SMS, null, CLIENT))
        .isInstanceOf(PasswordResetResult.Reset.class);
    String third = linkFor("carol");
    assertThat(resets.complete(third, "Another-pass-77", fresh, Channel.SMS, null, CLIENT))
        .as("used").isEqualTo(new PasswordResetResult.InvalidSecondFactor());
    assertThat(resets.inspect(third)).isPresent();
  }

  @Test
  void aSixDigitCodeWithoutAChannelIsNotTakenForATextedCode() {
    smsOnly("dave");
    String token = linkFor("dave");
    String code = textedCode(token);
    assertThat(resets.complete(token, NEW_PASSWORD, code, null, CLIENT))
        .as("checked as an authenticator code only")
        .isEqualTo(new PasswordResetResult.InvalidSecondFactor());
    assertThat(resets.complete(token, NEW_PASSWORD, code, Channel.EMAIL, null, CLIENT))
        .as("sent by SMS, not email").isEqualTo(new PasswordResetResult.InvalidSecondFactor());
    assertThat(resets.complete(token, NEW_PASSWORD, code, Channel.SMS, null, CLIENT))
        .isInstanceOf(PasswordResetResult.Reset.class);
  }

  @Test
  void aSignInCodeDoesNotConfirmAResetNorAResetCodeASignIn() {
    smsOnly("erin");
    SignInResult r = f.latchkey.signIn().signIn("erin", PASSWORD, CLIENT);
    String challenge = ((SignInResult.SecondFactorRequired) r).challenge().reveal();
    f.clock.advance(Duration.ofSeconds(61));
    assertThat(codes.sendSignInCode(challenge, Channel.SMS, CLIENT, null).sent()).isTrue();
    String signInCode = lastTo(PHONE);
    String token = linkFor("erin");
    assertThat(resets.complete(token, NEW_PASSWORD, signInCode, Channel.SMS, null, CLIENT))
        .isEqualTo(new PasswordResetResult.InvalidSecondFactor());

    f.clock.advance(Duration.ofSeconds(61));
    String resetCode = textedCode(token);
    assertThat(codes.completeSignIn(challenge, Channel.SMS, resetCode, CLIENT, null))
        .isInstanceOf(SignInResult.Rejected.class);
  }

  @Test
  void sendingIsRefusedForABadLinkAMissingFactorThePolicyAndTheLimits() {
    smsOnly("frank");
    assertThat(resets.sendCode("not-a-token", Channel.SMS, CLIENT, null))
        .isEqualTo(new CodeSendResult.Refused(CodeSendResult.Reason.INVALID_LINK));
    assertThat(resets.sendCode(null, Channel.SMS, CLIENT, null))
        .isEqualTo(new CodeSendResult.Refused(CodeSendResult.Reason.INVALID_LINK));
    String token = linkFor("frank");
    assertThat(resets.sendCode(token, Channel.EMAIL, CLIENT, null))
        .isEqualTo(new CodeSendResult.Refused(CodeSendResult.Reason.NOT_ENROLLED));

    textedCode(token);
    CodeSendResult again = resets.sendCode(token, Channel.SMS, CLIENT, null);
    assertThat(again).isInstanceOf(CodeSendResult.RateLimited.class);
    assertThat(((CodeSendResult.RateLimited) again).limit())
        .isEqualTo(CodeSendResult.Limit.COOL_DOWN);
    assertThat(((CodeSendResult.RateLimited) again).retryAfterSeconds()).isBetween(1L, 60L);

    // Resends after each cool-down run into the per-account send limit.
    CodeSendResult last = null;
    for (int i = 0; i < 30 && !(last instanceof CodeSendResult.RateLimited); i++) {
      f.clock.advance(Duration.ofSeconds(61));
      last = resets.sendCode(token, Channel.SMS, CLIENT, null);
    }
    assertThat(last).isInstanceOf(CodeSendResult.RateLimited.class);
    assertThat(((CodeSendResult.RateLimited) last).limit())
        .isIn(CodeSendResult.Limit.ACCOUNT, CodeSendResult.Limit.DESTINATION);

    smsAllowed.set(false);
    assertThat(resets.inspect(token)).hasValueSatisfying(
        l -> assertThat(l.codeChannels()).isEqualTo(List.of()));
    assertThat(resets.sendCode(token, Channel.SMS, CLIENT, null))
        .isEqualTo(new CodeSendResult.Refused(CodeSendResult.Reason.CHANNEL_NOT_ALLOWED));

    linkFor("frank"); // revokes the earlier link
    assertThat(resets.sendCode(token, Channel.SMS, CLIENT, null)).as("a link that died")
        .isEqualTo(new CodeSendResult.Refused(CodeSendResult.Reason.INVALID_LINK));
  }
}
