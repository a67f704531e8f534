package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.common.DecryptionException;
import dev.latchkey.common.KeyRing;
import dev.latchkey.Latchkey;
import dev.latchkey.backup.BackupCodeSet;
import dev.latchkey.backup.BackupCodeSettings;
import dev.latchkey.backup.BackupCodeVerification;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.Base32;
import dev.latchkey.internal.KeyPurpose;
import dev.latchkey.internal.KeyRingAccess;
import dev.latchkey.session.Assurance;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.spi.TotpCredential;
import dev.latchkey.spi.TotpStore;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TotpEnrollerTest {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "Mozilla/5.0");
  private final TwoFactorFixture f = TwoFactorFixture.create();

  private TotpStore store() {
    return f.stores.totp();
  }

  // ---- begin ----------------------------------------------------------------------------------

  @Test
  void beginStoresA160BitSecretEncryptedAndPending() {
    TotpEnrollment e = f.begin("alice");
    String secret = e.secret().reveal();
    assertThat(secret).matches("[A-Z2-7]{32}");
    assertThat(Base32.decode(secret)).hasSize(20);
    TotpCredential row = store().findByAccount("alice").orElseThrow();
    assertThat(row.status()).isEqualTo(TotpCredential.Status.PENDING);
    assertThat(row.lastAcceptedStep()).isEqualTo(TotpCredential.NO_STEP);
    assertThat(row.confirmedAt()).isNull();
    assertThat(row.encryptedSecret()).startsWith("v1.k1.").doesNotContain(secret);
    assertThat(row.toString()).doesNotContain(row.encryptedSecret());
    assertThat(f.totp().isEnabled("alice")).isFalse();
    assertThat(f.events).isEmpty();
  }

  @Test
  void theEnrollmentShowsTheSecretUriAndQrCodesButToStringIsRedacted() {
    TotpEnrollment e = f.begin("alice");
    String secret = e.secret().reveal();
    assertThat(e.groupedSecret()).matches("([A-Z2-7]{4} ){7}[A-Z2-7]{4}")
        .isEqualTo(secret.replaceAll("(.{4})(?!$)", "$1 "));
    assertThat(e.issuer()).isEqualTo("Latchkey Demo");
    assertThat(e.accountName()).isEqualTo("alice@example.com");
    assertThat(e.otpauthUri()).isEqualTo("otpauth://totp/Latchkey%20Demo:alice%40example.com"
        + "?secret=" + secret + "&issuer=Latchkey%20Demo&algorithm=SHA1&digits=6&period=30");
    assertThat(e.qrPng()).startsWith(0x89, 'P', 'N', 'G');
    assertThat(e.qrSvg()).startsWith("<svg").contains("<path");
    assertThat(e.qrDataUri()).startsWith("data:image/png;base64,iVBORw0KGgo");
    assertThat(e.toString()).doesNotContain(secret).contains("redacted");
    assertThat(e.secret().toString()).doesNotContain(secret);
  }

  @Test
  void beginAgainReplacesThePendingSecret() {
    String first = f.begin("alice").secret().reveal();
    String second = f.begin("alice").secret().reveal();
    assertThat(second).isNotEqualTo(first);
    assertThat(f.totp().confirm(f.session("alice"), f.appCodeNow(first), CLIENT))
        .isEqualTo(new ConfirmResult.Rejected(ConfirmResult.Reason.INVALID_CODE));
    assertThat(f.totp().confirm(f.session("alice"), f.appCodeNow(second), CLIENT))
        .isInstanceOf(ConfirmResult.Confirmed.class);
  }

  @Test
  void beginWhenAlreadyEnabledThenAlreadyEnabledAndNothingChanges() {
    f.enable("alice");
    TotpCredential before = store().findByAccount("alice").orElseThrow();
    BeginResult r = f.totp().begin("alice", "alice@example.com");
    assertThat(r).isEqualTo(new BeginResult.AlreadyEnabled());
    assertThat(((BeginResult.AlreadyEnabled) r).code()).isEqualTo("already_enabled");
    assertThat(store().findByAccount("alice")).contains(before);
  }

  @Test
  void beginRejectsAnUnusableAccountName() {
    assertThatThrownBy(() -> f.totp().begin("alice", " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.totp().begin("alice", "a\u0000b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.totp().begin("alice", "x".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.totp().begin("", "alice"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store().findByAccount("alice")).isEmpty();
  }

  // ---- confirm --------------------------------------------------------------------------------

  @Test
  void confirmWithTheCurrentCodeActivatesAndIssuesBackupCodesOnce() {
    String secret = f.begin("alice").secret().reveal();
    ConfirmResult r = f.totp().confirm(f.session("alice"), f.appCodeNow(secret), CLIENT);
    assertThat(r).isInstanceOf(ConfirmResult.Confirmed.class);
    BackupCodeSet codes = ((ConfirmResult.Confirmed) r).backupCodes();
    assertThat(codes.codes()).hasSize(10).doesNotHaveDuplicates()
        .allMatch(c -> c.matches("[2-9a-hjkmnp-z]{4}(-[2-9a-hjkmnp-z]{4}){3}"));
    assertThat(r.toString()).doesNotContain(codes.codes().get(0));
    assertThat(f.totp().isEnabled("alice")).isTrue();
    TotpCredential row = store().findByAccount("alice").orElseThrow();
    assertThat(row.confirmedAt()).isEqualTo(f.clock.instant().truncatedTo(
        java.time.temporal.ChronoUnit.MILLIS));
    assertThat(row.lastAcceptedStep()).isEqualTo(f.clock.instant().getEpochSecond() / 30);
    assertThat(f.backupCodes().remaining("alice")).isEqualTo(10);
    assertThat(f.events).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(SecurityEventType.TOTP_ENABLED);
      assertThat(e.accountId()).isEqualTo("alice");
      assertThat(e.details()).isEqualTo(Map.of("algorithm", "SHA1", "backup_codes", "10",
          "other_sessions_ended", "0"));
    });
  }

  @Test
  void confirmRejectionsAreTypedAndLeaveThePendingEnrolmentUsable() {
    assertThat(f.totp().confirm(f.session("alice"), "123456", CLIENT))
        .isEqualTo(new ConfirmResult.Rejected(ConfirmResult.Reason.NO_PENDING_ENROLLMENT));
    String secret = f.begin("alice").secret().reveal();
    String right = f.appCodeNow(secret);
    String wrong = f.wrongCodeNow(secret);
    assertThat(f.totp().confirm(f.session("alice"), "12345", CLIENT))
        .isEqualTo(new ConfirmResult.Rejected(ConfirmResult.Reason.MALFORMED_CODE));
    assertThat(f.totp().confirm(f.session("alice"), null, CLIENT))
        .isEqualTo(new ConfirmResult.Rejected(ConfirmResult.Reason.MALFORMED_CODE));
    assertThat(f.totp().confirm(f.session("alice"), wrong, CLIENT))
        .isEqualTo(new ConfirmResult.Rejected(ConfirmResult.Reason.INVALID_CODE));
    assertThat(f.totp().isEnabled("alice")).isFalse();
    assertThat(f.totp().confirm(f.session("alice"), right.substring(0, 3) + " " + right.substring(3), CLIENT))
        .isInstanceOf(ConfirmResult.Confirmed.class);
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(f.totp().confirm(f.session("alice"), f.appCodeNow(secret), CLIENT))
        .isEqualTo(new ConfirmResult.Rejected(ConfirmResult.Reason.NO_PENDING_ENROLLMENT));
    assertThat(ConfirmResult.Reason.NO_PENDING_ENROLLMENT.code()).isEqualTo("no_pending_enrollment");
  }

  @Test
  void theConfirmingCodeCannotBeReplayedAtSignIn() {
    String secret = f.begin("alice").secret().reveal();
    String code = f.appCodeNow(secret);
    f.totp().confirm(f.session("alice"), code, CLIENT);
    assertThat(f.totp().verify("alice", code, CLIENT))
        .isEqualTo(new TotpVerification.Rejected(TotpVerification.Reason.REPLAYED));
  }

  @Test
  void confirmAcceptsTheNeighbouringStepsOnly() {
    String secret = f.begin("alice").secret().reveal();
    Instant now = f.clock.instant();
    assertThat(f.totp().confirm(f.session("alice"), f.appCode(secret, now.minusSeconds(60)), CLIENT))
        .isEqualTo(new ConfirmResult.Rejected(ConfirmResult.Reason.INVALID_CODE));
    assertThat(f.totp().confirm(f.session("alice"), f.appCode(secret, now.plusSeconds(30)), CLIENT))
        .isInstanceOf(ConfirmResult.Confirmed.class);
  }

  @Test
  void concurrentConfirmsWithOneCodeHaveExactlyOneWinner() throws Exception {
    String secret = f.begin("alice").secret().reveal();
    String code = f.appCodeNow(secret);
    // Sessions first: the winning confirm ends the account's other sessions, so a session made
    // inside the race could be gone before it is validated.
    Queue<ValidatedSession> sessions = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < 32; i++) {
      sessions.add(f.session("alice"));
    }
    List<ConfirmResult> results = race(32, () -> f.totp().confirm(sessions.remove(), code, CLIENT));
    assertThat(results).filteredOn(r -> r instanceof ConfirmResult.Confirmed).hasSize(1);
    // The losers were checked (replayed, or the enrolment was already confirmed) or refused
    // unchecked by the attempt limit.
    assertThat(results).filteredOn(r -> !(r instanceof ConfirmResult.Confirmed))
        .allSatisfy(r -> assertThat(r instanceof ConfirmResult.Locked || r.equals(
            new ConfirmResult.Rejected(ConfirmResult.Reason.REPLAYED)) || r.equals(
            new ConfirmResult.Rejected(ConfirmResult.Reason.NO_PENDING_ENROLLMENT))).isTrue());
    assertThat(f.backupCodes().remaining("alice")).isEqualTo(10);
    assertThat(f.events).filteredOn(e -> e.type() == SecurityEventType.TOTP_ENABLED).hasSize(1);
  }

  // ---- verify ---------------------------------------------------------------------------------

  @Test
  void verifyAcceptsTheCurrentCodeOnceThenReportsReplay() {
    String secret = f.enable("alice").secret();
    String code = f.appCodeNow(secret);
    TotpVerification v = f.totp().verify("alice", code, CLIENT);
    assertThat(v.isAccepted()).isTrue();
    assertThat(((TotpVerification.Accepted) v).accountId()).isEqualTo("alice");
    assertThat(f.totp().verify("alice", code, CLIENT))
        .isEqualTo(new TotpVerification.Rejected(TotpVerification.Reason.REPLAYED));
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(f.totp().verify("alice", f.appCodeNow(secret), CLIENT).isAccepted()).isTrue();
  }

  @Test
  void verifyAcceptsOneStepEitherSideAndNoMore() {
    String secret = f.enable("alice").secret();
    f.clock.advance(Duration.ofMinutes(10));
    Instant now = f.clock.instant();
    assertThat(f.totp().verify("alice", f.appCode(secret, now.minusSeconds(60)), CLIENT))
        .isEqualTo(new TotpVerification.Rejected(TotpVerification.Reason.INVALID));
    assertThat(f.totp().verify("alice", f.appCode(secret, now.plusSeconds(60)), CLIENT))
        .isEqualTo(new TotpVerification.Rejected(TotpVerification.Reason.INVALID));
    assertThat(f.totp().verify("alice", f.appCode(secret, now.minusSeconds(30)), CLIENT)
        .isAccepted()).isTrue();
    assertThat(f.totp().verify("alice", f.appCode(secret, now.plusSeconds(30)), CLIENT)
        .isAccepted()).isTrue();
    // A later step was accepted: the current one, though in the window, is now spent too.
    assertThat(f.totp().verify("alice", f.appCode(secret, now), CLIENT))
        .isEqualTo(new TotpVerification.Rejected(TotpVerification.Reason.REPLAYED));
  }

  @Test
  void verifyNormalisesSpacesAndOneDash() {
    String secret = f.enable("alice").secret();
    String c = f.appCodeNow(secret);
    assertThat(f.totp().verify("alice", " " + c.substring(0, 3) + "-" + c.substring(3) + " ",
        CLIENT).isAccepted()).isTrue();
  }

  @Test
  void verifyWhenNotEnrolledOrOnlyPendingThenNotEnrolled() {
    assertThat(f.totp().verify("nobody", "123456", CLIENT))
        .isEqualTo(new TotpVerification.Rejected(TotpVerification.Reason.NOT_ENROLLED));
    String secret = f.begin("alice").secret().reveal();
    assertThat(f.totp().verify("alice", f.appCodeNow(secret), CLIENT))
        .isEqualTo(new TotpVerification.Rejected(TotpVerification.Reason.NOT_ENROLLED));
  }

  @Test
  void verifyNeverThrowsOnBadInput() {
    f.enable("alice");
    String[] bad = {null, "", " ", "١٢٣٤٥٦", "１２３４５６", "12 34 5", "12-34-56", "abcdef",
        "1".repeat(1_000_000), "\ud800\udc00".repeat(3), "123456\u0000", "' OR 1=1 --"};
    for (String code : bad) {
      for (String account : new String[] {"alice", "nobody"}) {
        assertThat(f.totp().verify(account, code, CLIENT))
            .isEqualTo(new TotpVerification.Rejected(TotpVerification.Reason.MALFORMED));
      }
    }
    assertThat(TotpVerification.Reason.MALFORMED.code()).isEqualTo("malformed");
  }

  @Test
  void sixtyFourSimultaneousRequestsWithOneCodeAcceptExactlyOne() throws Exception {
    String secret = f.enable("alice").secret();
    String code = f.appCodeNow(secret);
    List<TotpVerification> results = race(64, () -> f.totp().verify("alice", code, CLIENT));
    assertThat(results).filteredOn(TotpVerification::isAccepted).hasSize(1);
    // The losers were checked (replayed) or refused unchecked by the attempt limit.
    assertThat(results).filteredOn(v -> !v.isAccepted()).hasSize(63).allSatisfy(v ->
        assertThat(v instanceof TotpVerification.Locked || v.equals(
            new TotpVerification.Rejected(TotpVerification.Reason.REPLAYED))).isTrue());
  }

  // ---- RFC vectors end to end -----------------------------------------------------------------

  private static final long[] RFC6238_TIMES = {59, 1111111109, 1111111111, 1234567890, 2000000000,
      20000000000L};

  private static final Map<TotpSettings.Algorithm, String[]> RFC6238_CODES = Map.of(
      TotpSettings.Algorithm.SHA1, new String[] {"94287082", "07081804", "14050471", "89005924",
          "69279037", "65353130"},
      TotpSettings.Algorithm.SHA256, new String[] {"46119246", "68084774", "67062674", "91819424",
          "90698825", "77737706"},
      TotpSettings.Algorithm.SHA512, new String[] {"90693936", "25091201", "99943326", "93441116",
          "38618901", "47863826"});

  /**
   * RFC 6238 Appendix B through {@code confirm} (first time) and {@code verify} (the rest), with a
   * window of 0 so each code must match its own step exactly.
   */
  @ParameterizedTest
  @EnumSource(TotpSettings.Algorithm.class)
  void rfc6238AppendixBThroughConfirmAndVerify(TotpSettings.Algorithm algorithm) {
    TwoFactorFixture g = TwoFactorFixture.create(TotpSettings.builder().issuer("RFC 6238")
        .algorithm(algorithm).digits(8).window(0).build());
    byte[] seed = switch (algorithm) {
      case SHA1 -> "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
      case SHA256 -> "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
      case SHA512 -> ("1234567890123456789012345678901234567890123456789012345678901234")
          .getBytes(StandardCharsets.US_ASCII);
    };
    plantPending(g, "rfc", seed);
    String[] codes = RFC6238_CODES.get(algorithm);
    for (int i = 0; i < RFC6238_TIMES.length; i++) {
      g.clock.set(Instant.ofEpochSecond(RFC6238_TIMES[i]));
      if (i == 0) {
        assertThat(g.totp().confirm(g.session("rfc"), codes[i], CLIENT))
            .isInstanceOf(ConfirmResult.Confirmed.class);
      } else {
        assertThat(g.totp().verify("rfc", codes[i], CLIENT).isAccepted())
            .as("t=%d", RFC6238_TIMES[i])
            .isTrue();
      }
      assertThat(g.stores.totp().findByAccount("rfc").orElseThrow().lastAcceptedStep())
          .isEqualTo(RFC6238_TIMES[i] / 30);
      assertThat(g.totp().verify("rfc", codes[i], CLIENT))
          .isEqualTo(new TotpVerification.Rejected(TotpVerification.Reason.REPLAYED));
    }
  }

  /** RFC 4226 Appendix D: HOTP counter c is TOTP step c (SHA-1, 6 digits, time c × 30 s). */
  @Test
  void rfc4226AppendixDThroughConfirmAndVerify() {
    String[] hotp = {"755224", "287082", "359152", "969429", "338314", "254676", "287922",
        "162583", "399871", "520489"};
    TwoFactorFixture g = TwoFactorFixture.create(TotpSettings.builder().issuer("RFC 4226")
        .window(0).build());
    plantPending(g, "hotp", "12345678901234567890".getBytes(StandardCharsets.US_ASCII));
    for (int c = 0; c < hotp.length; c++) {
      g.clock.set(Instant.ofEpochSecond(c * 30L + 7));
      if (c == 0) {
        assertThat(g.totp().confirm(g.session("hotp"), hotp[c], CLIENT))
            .isInstanceOf(ConfirmResult.Confirmed.class);
      } else {
        assertThat(g.totp().verify("hotp", hotp[c], CLIENT).isAccepted())
            .as("counter %d", c).isTrue();
      }
    }
    assertThat(g.stores.totp().findByAccount("hotp").orElseThrow().lastAcceptedStep())
        .isEqualTo(9);
  }

  /** Stores a known seed as a pending credential, encrypted exactly as {@code begin} would. */
  private static void plantPending(TwoFactorFixture g, String account, byte[] seed) {
    String sealed = KeyRingAccess.of(g.keyRing).secretBox(KeyPurpose.TOTP_SECRET,
        new SecureRandom()).seal(seed, account.getBytes(StandardCharsets.UTF_8));
    assertThat(g.stores.totp().savePending(TotpCredential.pending(account, sealed,
        Instant.EPOCH))).isTrue();
  }

  // ---- disable --------------------------------------------------------------------------------

  @Test
  void disableWithACurrentCodeRemovesTheSecretAndEveryBackupCode() {
    TwoFactorFixture.Enabled on = f.enable("alice");
    assertThat(f.totp().disable(f.session("alice"), f.appCodeNow(on.secret()), CLIENT))
        .isInstanceOf(DisableResult.Disabled.class);
    assertThat(store().findByAccount("alice")).isEmpty();
    assertThat(f.stores.backupCodes().list("alice")).isEmpty();
    assertThat(f.totp().isEnabled("alice")).isFalse();
    assertThat(f.backupCodes().consume("alice", on.backupCodes().codes().get(0), CLIENT))
        .isEqualTo(new BackupCodeVerification.Rejected(
            BackupCodeVerification.Reason.NOT_ENROLLED));
    assertThat(f.events.get(f.events.size() - 1)).satisfies(e -> {
      assertThat(e.type()).isEqualTo(SecurityEventType.TOTP_DISABLED);
      assertThat(e.details()).isEqualTo(Map.of("method", "totp", "other_sessions_ended", "0"));
    });
    assertThat(f.totp().begin("alice", "alice")).isInstanceOf(BeginResult.Started.class);
  }

  @Test
  void disableWithABackupCodeSpendsItAndRemovesEverything() {
    TwoFactorFixture.Enabled on = f.enable("alice");
    String code = on.backupCodes().codes().get(4).toUpperCase();
    assertThat(f.totp().disable(f.session("alice"), code, CLIENT).isDisabled()).isTrue();
    assertThat(f.totp().isEnabled("alice")).isFalse();
    assertThat(f.events).extracting(SecurityEvent::type).containsExactly(
        SecurityEventType.TOTP_ENABLED, SecurityEventType.BACKUP_CODE_USED,
        SecurityEventType.TOTP_DISABLED);
    assertThat(f.events.get(2).details()).isEqualTo(Map.of("method", "backup_code", "other_sessions_ended", "0"));
  }

  @Test
  void disableRejectionsAreTypedAndChangeNothing() {
    assertThat(f.totp().disable(f.session("nobody"), "123456", CLIENT))
        .isEqualTo(new DisableResult.Rejected(DisableResult.Reason.NOT_ENROLLED));
    assertThat(f.totp().disable(f.session("nobody"), "aaaa-bbbb-cccc-dddd", CLIENT))
        .isEqualTo(new DisableResult.Rejected(DisableResult.Reason.NOT_ENROLLED));
    TwoFactorFixture.Enabled on = f.enable("alice");
    String current = f.appCodeNow(on.secret());
    String wrong = f.wrongCodeNow(on.secret());
    assertThat(f.totp().disable(f.session("alice"), wrong, CLIENT))
        .isEqualTo(new DisableResult.Rejected(DisableResult.Reason.INVALID_CODE));
    assertThat(f.totp().disable(f.session("alice"), "aaaa-bbbb-cccc-dddd", CLIENT))
        .isEqualTo(new DisableResult.Rejected(DisableResult.Reason.INVALID_CODE));
    assertThat(f.totp().disable(f.session("alice"), "nope", CLIENT))
        .isEqualTo(new DisableResult.Rejected(DisableResult.Reason.MALFORMED_CODE));
    assertThat(f.totp().disable(f.session("alice"), null, CLIENT))
        .isEqualTo(new DisableResult.Rejected(DisableResult.Reason.MALFORMED_CODE));
    assertThat(f.totp().verify("alice", current, CLIENT).isAccepted()).isTrue();
    assertThat(f.totp().disable(f.session("alice"), current, CLIENT))
        .isEqualTo(new DisableResult.Rejected(DisableResult.Reason.REPLAYED));
    assertThat(f.totp().isEnabled("alice")).isTrue();
    assertThat(f.backupCodes().remaining("alice")).isEqualTo(10);
    assertThat(new DisableResult.ReauthenticationRequired().code())
        .isEqualTo("reauthentication_required");
  }

  @Test
  void disableWithARecentMultiFactorSession() {
    f.enable("alice");
    ValidatedSession mfa = session("alice", Assurance.MULTI_FACTOR);
    ValidatedSession single = session("alice", Assurance.SINGLE_FACTOR);
    assertThat(f.totp().disable(single, Duration.ofMinutes(5)))
        .isEqualTo(new DisableResult.ReauthenticationRequired());
    f.clock.advance(Duration.ofMinutes(6));
    assertThat(f.totp().disable(mfa, Duration.ofMinutes(5)))
        .isEqualTo(new DisableResult.ReauthenticationRequired());
    assertThat(f.totp().isEnabled("alice")).isTrue();
    assertThat(f.totp().disable(mfa, Duration.ofMinutes(10))).isInstanceOf(DisableResult.Disabled.class);
    assertThat(f.totp().isEnabled("alice")).isFalse();
    assertThat(f.stores.backupCodes().list("alice")).isEmpty();
    assertThat(f.events.get(f.events.size() - 1).details())
        .isEqualTo(Map.of("method", "recent_authentication", "other_sessions_ended", "1"));
    assertThat(f.totp().disable(mfa, Duration.ofMinutes(10)))
        .isEqualTo(new DisableResult.Rejected(DisableResult.Reason.NOT_ENROLLED));
    assertThatThrownBy(() -> f.totp().disable(mfa, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.totp().disable(mfa, Duration.ofHours(25)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT24H");
  }

  private ValidatedSession session(String account, Assurance assurance) {
    var created = f.latchkey.sessions().create(account,
        new ClientInfo("203.0.113.9", "Mozilla/5.0"), assurance);
    SessionValidation v = f.latchkey.sessions().validate(created.token().reveal());
    return ((SessionValidation.Valid) v).session();
  }

  // ---- keys -----------------------------------------------------------------------------------

  @Test
  void afterRotatingToK2SecretsUnderK1StillVerifyAndCanBeReencrypted() {
    KeyRing k1 = f.keyRing;
    TwoFactorFixture.Enabled on = f.enable("alice");
    String backup = on.backupCodes().codes().get(0);
    KeyRing k2k1 = KeyRing.parse(KeyRing.generate(new SecureRandom(), "k2").serialize() + ","
        + k1.serialize());
    Latchkey rotated = rebuild(k2k1);
    assertThat(rotated.totp().verify("alice", f.appCodeNow(on.secret()), CLIENT).isAccepted())
        .isTrue();
    assertThat(rotated.backupCodes().consume("alice", backup, CLIENT).isConsumed()).isTrue();
    assertThat(rotated.totp().reencrypt("alice")).isTrue();
    assertThat(store().findByAccount("alice").orElseThrow().encryptedSecret()).startsWith("v1.k2.");
    assertThat(rotated.totp().reencrypt("alice")).isFalse();
    assertThat(rotated.totp().reencrypt("nobody")).isFalse();
    // k1 can go once secrets are re-encrypted and codes regenerated.
    assertThat(rotated.backupCodes().regenerate("alice"))
        .isInstanceOf(dev.latchkey.backup.RegenerateResult.Regenerated.class);
    assertThat(f.stores.backupCodes().list("alice")).allMatch(r -> r.keyId().equals("k2"));
    Latchkey k2Only = rebuild(KeyRing.parse(k2k1.serialize().split(",")[0]));
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(k2Only.totp().verify("alice", f.appCodeNow(on.secret()), CLIENT).isAccepted())
        .isTrue();
    // And the old ring alone can no longer read it.
    f.clock.advance(Duration.ofSeconds(30));
    assertThatThrownBy(() -> rebuild(k1).totp().verify("alice", f.appCodeNow(on.secret()), CLIENT))
        .isInstanceOf(DecryptionException.class).hasMessageNotContaining(on.secret());
  }

  @Test
  void aSecretCopiedOntoAnotherAccountDoesNotDecrypt() {
    TwoFactorFixture.Enabled alice = f.enable("alice");
    f.enable("bob");
    String alicesRow = store().findByAccount("alice").orElseThrow().encryptedSecret();
    String bobsRow = store().findByAccount("bob").orElseThrow().encryptedSecret();
    assertThat(store().replaceSecret("bob", bobsRow, alicesRow)).isTrue();
    assertThatThrownBy(() -> f.totp().verify("bob", f.appCodeNow(alice.secret()), CLIENT))
        .isInstanceOf(DecryptionException.class)
        .hasMessageContaining("authentication failed")
        .hasMessageNotContaining(alice.secret());
  }

  // ---- events ---------------------------------------------------------------------------------

  @Test
  void aThrowingListenerNeverFailsTheOperation() {
    Latchkey throwing = Latchkey.builder().stores(f.stores).clock(f.clock).keyRing(f.keyRing)
        .totpSettings(f.settings).eventListener(e -> {
          throw new IllegalStateException("listener down");
        }).build();
    BeginResult.Started s = (BeginResult.Started) throwing.totp().begin("carol", "carol");
    String secret = s.enrollment().secret().reveal();
    ConfirmResult r = throwing.totp().confirm(f.session("carol"), f.appCodeNow(secret), CLIENT);
    assertThat(r).isInstanceOf(ConfirmResult.Confirmed.class);
    String code = ((ConfirmResult.Confirmed) r).backupCodes().codes().get(0);
    assertThat(throwing.backupCodes().consume("carol", code, CLIENT).isConsumed()).isTrue();
    assertThat(throwing.backupCodes().regenerate("carol"))
        .isInstanceOf(dev.latchkey.backup.RegenerateResult.Regenerated.class);
    assertThat(throwing.totp().disable(f.session("carol"), ((dev.latchkey.backup.RegenerateResult.Regenerated)
        throwing.backupCodes().regenerate("carol")).codes().codes().get(0), CLIENT)
        .isDisabled()).isTrue();
  }

  @Test
  void eventsNeverCarrySecretsOrCodes() {
    TwoFactorFixture.Enabled on = f.enable("alice");
    f.backupCodes().consume("alice", on.backupCodes().codes().get(0), CLIENT);
    f.backupCodes().regenerate("alice");
    f.totp().disable(f.session("alice"), f.appCodeNow(on.secret()), CLIENT);
    assertThat(f.events).hasSize(4);
    for (SecurityEvent e : f.events) {
      assertThat(e.toString()).doesNotContain(on.secret());
      for (String c : on.backupCodes().codes()) {
        assertThat(e.toString()).doesNotContain(c).doesNotContain(c.replace("-", ""));
      }
    }
  }

  private Latchkey rebuild(KeyRing ring) {
    return Latchkey.builder().stores(f.stores).clock(f.clock).keyRing(ring)
        .totpSettings(f.settings).backupCodeSettings(BackupCodeSettings.defaults()).build();
  }

  static <T> List<T> race(int threads, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          return task.call();
        }));
      }
      ready.await(30, TimeUnit.SECONDS);
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> fu : futures) {
        out.add(fu.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
