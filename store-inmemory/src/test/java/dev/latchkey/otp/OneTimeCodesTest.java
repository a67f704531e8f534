package dev.latchkey.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Latchkey;
import dev.latchkey.backup.BackupCodeSet;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.DeliveryResult;
import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.session.Assurance;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.AccountFactor;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.spi.OneTimeCodeRecord;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import dev.latchkey.store.tck.MutableClock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OneTimeCodesTest {
  private static final String PHONE = "+14155550123";
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "Firefox/128.0");

  private final MutableClock outboxClock = new MutableClock(TwoFactorFixture.START);
  private final DevOutbox outbox = DevOutbox.create(outboxClock);
  private final TwoFactorFixture f = TwoFactorFixture.create(b -> b.messageSender(outbox)
      .oneTimeCodeSettings(OneTimeCodeSettings.builder()
          .smsAllowed(account -> !account.startsWith("admin")).build()));
  private final OneTimeCodes codes = f.latchkey.oneTimeCodes();

  private String lastCodeTo(String destination) {
    return outbox.latestTo(destination).orElseThrow().message().content().reveal();
  }

  /** An account with a password and an enrolled phone, the session it enrolled from. */
  private ValidatedSession enrolPhone(String account, String phone) {
    f.latchkey.signIn().setPassword(account, "Correct-horse-9");
    ValidatedSession s = f.session(account);
    assertThat(codes.beginEnrolment(s, Channel.SMS, phone, CLIENT, Locale.ENGLISH).sent())
        .isTrue();
    CodeEnrolResult r = codes.confirmEnrolment(s, lastCodeTo(phone), CLIENT);
    assertThat(r.enrolled()).as("%s", r).isTrue();
    return s;
  }

  private String challengeFor(String account) {
    SignInResult r = f.latchkey.signIn().signIn(account, "Correct-horse-9", CLIENT);
    return ((SignInResult.SecondFactorRequired) r).challenge().reveal();
  }

  @Test
  void enrolAPhoneThenSignInWithTheCodeFromTheOutbox() {
    f.latchkey.signIn().setPassword("alice", "Correct-horse-9");
    ValidatedSession s = f.session("alice");
    CodeSendResult sent = codes.beginEnrolment(s, Channel.SMS, PHONE, CLIENT, Locale.ENGLISH);
    assertThat(sent).isInstanceOf(CodeSendResult.Sent.class);
    CodeSendResult.Sent ok = (CodeSendResult.Sent) sent;
    assertThat(ok.maskedDestination()).isEqualTo("+14\u2022\u2022\u2022\u2022\u2022\u2022\u202223");
    assertThat(ok.expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(ok.resendAfter()).isEqualTo(Duration.ofSeconds(60));
    String code = lastCodeTo(PHONE);
    assertThat(code).matches("[0-9]{6}");

    CodeEnrolResult enrolled = codes.confirmEnrolment(s, code, CLIENT);
    assertThat(enrolled).isInstanceOf(CodeEnrolResult.Enrolled.class);
    assertThat(((CodeEnrolResult.Enrolled) enrolled).destination()).isEqualTo(PHONE);
    assertThat(f.latchkey.factors("alice")).isEqualTo(Set.of(AccountFactor.PASSWORD, AccountFactor.SMS));
    assertThat(f.events).extracting(e -> e.type()).contains(SecurityEventType.CODE_FACTOR_ADDED);

    String challenge = challengeFor("alice");
    f.clock.advance(Duration.ofSeconds(61));
    assertThat(codes.sendSignInCode(challenge, Channel.SMS, CLIENT, null).sent()).isTrue();
    assertThat(outbox.latestTo(PHONE).orElseThrow().message().purpose().code())
        .isEqualTo("sign_in_code");
    SignInResult r = codes.completeSignIn(challenge, Channel.SMS, lastCodeTo(PHONE), CLIENT, null);
    assertThat(r).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(((SignInResult.SignedIn) r).session().assurance()).isEqualTo(Assurance.MULTI_FACTOR);
  }

  @Test
  void aCodeWorksOnceAndOnlyForTheChallengeItWasSentFor() {
    enrolPhone("bob", PHONE);
    String first = challengeFor("bob");
    String second = challengeFor("bob");
    f.clock.advance(Duration.ofSeconds(61));
    codes.sendSignInCode(first, Channel.SMS, CLIENT, null);
    String code = lastCodeTo(PHONE);
    assertThat(codes.completeSignIn(second, Channel.SMS, code, CLIENT, null))
        .isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CODE));
    assertThat(codes.completeSignIn(first, Channel.SMS, code, CLIENT, null))
        .isInstanceOf(SignInResult.SignedIn.class);
    String third = challengeFor("bob");
    assertThat(codes.completeSignIn(third, Channel.SMS, code, CLIENT, null))
        .as("used").isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CODE));
  }

  @Test
  void anEnrolmentCodeIsSingleUseAndExpiresAfterTenMinutes() {
    f.latchkey.signIn().setPassword("carol", "Correct-horse-9");
    ValidatedSession s = f.session("carol");
    codes.beginEnrolment(s, Channel.EMAIL, "Carol@Example.COM", CLIENT, null);
    String code = lastCodeTo("Carol@example.com");
    f.clock.advance(Duration.ofMinutes(10));
    assertThat(codes.confirmEnrolment(s, code, CLIENT))
        .isEqualTo(new CodeEnrolResult.Rejected(CodeEnrolResult.Reason.INVALID));
    f.clock.advance(Duration.ofSeconds(1));
    codes.beginEnrolment(s, Channel.EMAIL, "Carol@Example.COM", CLIENT, null);
    String fresh = lastCodeTo("Carol@example.com");
    assertThat(codes.confirmEnrolment(s, "  " + fresh.substring(0, 3) + " " + fresh.substring(3),
        CLIENT).enrolled()).isTrue();
    assertThat(codes.confirmEnrolment(s, fresh, CLIENT))
        .isEqualTo(new CodeEnrolResult.Rejected(CodeEnrolResult.Reason.INVALID));
    assertThat(codes.destinations("carol")).extracting(EnrolledDestination::destination)
        .containsExactly("Carol@example.com");
  }

  @Test
  void wrongCodesAreCountedAndLockWithARetryAfter() {
    f.latchkey.signIn().setPassword("dave", "Correct-horse-9");
    ValidatedSession s = f.session("dave");
    codes.beginEnrolment(s, Channel.SMS, PHONE, CLIENT, null);
    String right = lastCodeTo(PHONE);
    String wrong = right.equals("000000") ? "000001" : "000000";
    for (int i = 0; i < 5; i++) {
      assertThat(codes.confirmEnrolment(s, wrong, CLIENT))
          .isEqualTo(new CodeEnrolResult.Rejected(CodeEnrolResult.Reason.INVALID));
    }
    CodeEnrolResult locked = codes.confirmEnrolment(s, right, CLIENT);
    assertThat(locked).isInstanceOf(CodeEnrolResult.Locked.class);
    assertThat(((CodeEnrolResult.Locked) locked).retryAfterSeconds()).isEqualTo(30);
    assertThat(codes.confirmEnrolment(s, "12345", CLIENT))
        .as("malformed input is refused before counting")
        .isEqualTo(new CodeEnrolResult.Rejected(CodeEnrolResult.Reason.MALFORMED));
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(codes.confirmEnrolment(s, right, CLIENT).enrolled()).isTrue();
  }

  @Test
  void aLockedSignInCodeAnswersLockedWithTheWait() {
    enrolPhone("erin", PHONE);
    f.clock.advance(Duration.ofSeconds(61));
    for (int i = 0; i < 5; i++) {
      String challenge = challengeFor("erin");
      assertThat(codes.completeSignIn(challenge, Channel.SMS, "999999", CLIENT, null))
          .isInstanceOf(SignInResult.Rejected.class);
    }
    String challenge = challengeFor("erin");
    codes.sendSignInCode(challenge, Channel.SMS, CLIENT, null);
    SignInResult r = codes.completeSignIn(challenge, Channel.SMS, lastCodeTo(PHONE), CLIENT, null);
    assertThat(r).isInstanceOf(SignInResult.Locked.class);
  }

  @Test
  void resendWaitsForTheCoolDownAndReplacesTheCode() {
    enrolPhone("frank", PHONE);
    String challenge = challengeFor("frank");
    f.clock.advance(Duration.ofSeconds(61));
    assertThat(codes.sendSignInCode(challenge, Channel.SMS, CLIENT, null).sent()).isTrue();
    String first = lastCodeTo(PHONE);
    f.clock.advance(Duration.ofSeconds(20));
    CodeSendResult again = codes.sendSignInCode(challenge, Channel.SMS, CLIENT, null);
    assertThat(again).isEqualTo(new CodeSendResult.RateLimited(CodeSendResult.Limit.COOL_DOWN,
        Duration.ofSeconds(40)));
    f.clock.advance(Duration.ofSeconds(40));
    assertThat(codes.sendSignInCode(challenge, Channel.SMS, CLIENT, null).sent()).isTrue();
    String second = lastCodeTo(PHONE);
    if (!second.equals(first)) {
      assertThat(codes.completeSignIn(challenge, Channel.SMS, first, CLIENT, null))
          .as("replaced").isEqualTo(new SignInResult.Rejected(SignInResult.Reason.INVALID_CODE));
    }
    assertThat(codes.completeSignIn(challenge, Channel.SMS, second, CLIENT, null))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void sendsAreLimitedPerDestinationWhateverAccountAsks() {
    for (int i = 0; i < 5; i++) {
      assertThat(codes.beginEnrolment(f.session("pump-" + i), Channel.SMS, PHONE,
          new ClientInfo("198.51.100." + i, null), null).sent()).isTrue();
    }
    CodeSendResult r = codes.beginEnrolment(f.session("pump-5"), Channel.SMS, PHONE,
        new ClientInfo("198.51.100.77", null), null);
    assertThat(r).isInstanceOf(CodeSendResult.RateLimited.class);
    assertThat(((CodeSendResult.RateLimited) r).limit()).isEqualTo(CodeSendResult.Limit.DESTINATION);
    assertThat(((CodeSendResult.RateLimited) r).retryAfterSeconds()).isEqualTo(3600);
    assertThat(outbox.messages()).hasSize(5);
  }

  @Test
  void sendsAreLimitedPerClientAddressAcrossNumbers() {
    for (int i = 0; i < 20; i++) {
      assertThat(codes.beginEnrolment(f.session("acct-" + i), Channel.SMS,
          "+1415555" + String.format("%04d", i), CLIENT, null).sent()).isTrue();
    }
    CodeSendResult r = codes.beginEnrolment(f.session("acct-20"), Channel.SMS, "+14155559999",
        CLIENT, null);
    assertThat(((CodeSendResult.RateLimited) r).limit()).isEqualTo(CodeSendResult.Limit.CLIENT);
  }

  @Test
  void sendsAreLimitedPerAccount() {
    ValidatedSession s = f.session("gina");
    for (int i = 0; i < 5; i++) {
      assertThat(codes.beginEnrolment(s, Channel.SMS, "+1415556000" + i,
          new ClientInfo("198.51.100." + i, null), null).sent()).isTrue();
      f.clock.advance(Duration.ofSeconds(60));
    }
    CodeSendResult r = codes.beginEnrolment(s, Channel.SMS, "+14155560009", CLIENT, null);
    assertThat(((CodeSendResult.RateLimited) r).limit()).isEqualTo(CodeSendResult.Limit.ACCOUNT);
  }

  @Test
  void thePolicyCanForbidSmsForSomeAccounts() {
    ValidatedSession admin = f.session("admin-1");
    assertThat(codes.beginEnrolment(admin, Channel.SMS, PHONE, CLIENT, null))
        .isEqualTo(new CodeSendResult.Refused(CodeSendResult.Reason.CHANNEL_NOT_ALLOWED));
    assertThat(codes.beginEnrolment(admin, Channel.EMAIL, "admin@example.com", CLIENT, null)
        .sent()).isTrue();
    assertThat(codes.allowed("admin-1", Channel.SMS)).isFalse();
    assertThat(outbox.messages()).hasSize(1);
  }

  @Test
  void invalidDestinationsAndChallengesAreTypedRefusals() {
    ValidatedSession s = f.session("hank");
    assertThat(codes.beginEnrolment(s, Channel.SMS, "(415) 555-0123", CLIENT, null))
        .isEqualTo(new CodeSendResult.Refused(CodeSendResult.Reason.INVALID_DESTINATION));
    assertThat(codes.beginEnrolment(s, Channel.EMAIL, "not-an-address", CLIENT, null))
        .isEqualTo(new CodeSendResult.Refused(CodeSendResult.Reason.INVALID_DESTINATION));
    assertThat(codes.sendSignInCode("garbage", Channel.SMS, CLIENT, null))
        .isEqualTo(new CodeSendResult.Refused(CodeSendResult.Reason.INVALID_CHALLENGE));
    assertThat(codes.sendSignInCode(null, Channel.SMS, CLIENT, null))
        .isEqualTo(new CodeSendResult.Refused(CodeSendResult.Reason.INVALID_CHALLENGE));
    enrolPhone("ivy", PHONE);
    assertThat(codes.sendSignInCode(challengeFor("ivy"), Channel.EMAIL, CLIENT, null))
        .isEqualTo(new CodeSendResult.Refused(CodeSendResult.Reason.NOT_ENROLLED));
    assertThat(codes.confirmEnrolment(s, null, CLIENT))
        .isEqualTo(new CodeEnrolResult.Rejected(CodeEnrolResult.Reason.MALFORMED));
    assertThat(codes.confirmEnrolment(s, "123456", CLIENT))
        .isEqualTo(new CodeEnrolResult.Rejected(CodeEnrolResult.Reason.NO_PENDING_CODE));
  }

  @Test
  void onlyAKeyedHashIsStored() {
    f.latchkey.signIn().setPassword("jack", "Correct-horse-9");
    codes.beginEnrolment(f.session("jack"), Channel.SMS, PHONE, CLIENT, null);
    String code = lastCodeTo(PHONE);
    OneTimeCodeRecord row = f.stores.oneTimeCodes().find("jack", OneTimeCodeRecord.ENROLMENT)
        .orElseThrow();
    assertThat(row.codeHash()).hasSize(64).doesNotContain(code);
    assertThat(row.codeHash()).isNotEqualTo(dev.latchkey.internal.Hashing.sha256Hex(code));
    assertThat(row.toString()).doesNotContain(code).doesNotContain(row.codeHash());
  }

  @Test
  void aSenderThatThrowsOrRefusesIsADeliveryFailure() {
    AtomicInteger calls = new AtomicInteger();
    TwoFactorFixture g = TwoFactorFixture.create(b -> b.messageSender(m -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("boom " + m.content().reveal());
      }
      return new DeliveryResult.Refused("twilio_21211");
    }));
    ValidatedSession s = g.session("kate");
    assertThat(g.latchkey.oneTimeCodes().beginEnrolment(s, Channel.SMS, PHONE, CLIENT, null))
        .isEqualTo(new CodeSendResult.DeliveryFailed("sender_failed"));
    g.clock.advance(Duration.ofSeconds(60));
    assertThat(g.latchkey.oneTimeCodes().beginEnrolment(s, Channel.SMS, PHONE, CLIENT, null))
        .isEqualTo(new CodeSendResult.DeliveryFailed("twilio_21211"));
  }

  @Test
  void backupCodesAndTotpStillCompleteAChallengeOfAnAccountWithSms() {
    TwoFactorFixture.Enabled on = f.enable("liam");
    f.latchkey.signIn().setPassword("liam", "Correct-horse-9");
    ValidatedSession s = f.session("liam");
    codes.beginEnrolment(s, Channel.SMS, PHONE, CLIENT, null);
    assertThat(codes.confirmEnrolment(s, lastCodeTo(PHONE), CLIENT).enrolled()).isTrue();
    assertThat(f.latchkey.factors("liam")).contains(AccountFactor.TOTP, AccountFactor.SMS,
        AccountFactor.BACKUP_CODES, AccountFactor.PASSWORD);
    BackupCodeSet backup = on.backupCodes();
    String challenge = challengeFor("liam");
    assertThat(f.latchkey.signIn().completeSecondFactor(challenge, backup.codes().get(0), CLIENT))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void removingADestinationNeedsARecentSignInAndEndsOtherSessions() {
    enrolPhone("mia", PHONE);
    ValidatedSession current = f.session("mia");
    f.session("mia");
    f.clock.advance(Duration.ofHours(1));
    assertThat(codes.remove(current, Channel.SMS))
        .isEqualTo(new CodeFactorRemoveResult.ReauthenticationRequired());
    ValidatedSession fresh = f.session("mia");
    assertThat(codes.remove(fresh, Channel.EMAIL)).isEqualTo(new CodeFactorRemoveResult.NotEnrolled());
    assertThat(codes.remove(fresh, Channel.SMS)).isInstanceOf(CodeFactorRemoveResult.Removed.class);
    assertThat(f.latchkey.factors("mia")).isEqualTo(Set.of(AccountFactor.PASSWORD));
    assertThat(f.latchkey.sessions().list("mia", null)).hasSize(1);
    assertThat(f.latchkey.signIn().signIn("mia", "Correct-horse-9", CLIENT))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void anEnrolledPhoneIsStillOwedWhenTheHostRemovesItsSender() {
    enrolPhone("nina", PHONE);
    // The same stores, the sender gone from the configuration: fail closed.
    Latchkey withoutSender = Latchkey.builder().stores(f.stores).clock(f.clock)
        .random(new java.security.SecureRandom()).keyRing(f.keyRing).totpSettings(f.settings)
        .build();
    assertThat(withoutSender.signIn().signIn("nina", "Correct-horse-9", CLIENT))
        .isInstanceOf(SignInResult.SecondFactorRequired.class);
  }

  @Test
  void withoutASenderOneTimeCodesAreOffAndSayWhatIsMissing() {
    Latchkey plain = Latchkey.builder().stores(InMemoryStores.create()).build();
    assertThatThrownBy(plain::oneTimeCodes).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("messageSender");
    assertThatThrownBy(() -> Latchkey.builder().stores(InMemoryStores.create())
        .messageSender(outbox).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("keyRing");
  }

  @Test
  void settingsRefuseValuesOutOfRange() {
    assertThatThrownBy(() -> OneTimeCodeSettings.builder().lifetime(Duration.ofHours(1)).build())
        .hasMessageContaining("Invalid lifetime PT1H");
    assertThatThrownBy(() -> OneTimeCodeSettings.builder().sendLimits(0, 5, 5).build())
        .hasMessageContaining("Invalid sendsPerAccount 0");
    assertThat(OneTimeCodeSettings.defaults().lifetime()).isEqualTo(Duration.ofMinutes(10));
  }
}
