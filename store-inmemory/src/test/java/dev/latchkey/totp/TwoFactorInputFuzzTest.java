package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.backup.BackupCodeVerification;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.fuzz.FuzzInput;
import dev.latchkey.internal.AccountIds;
import dev.latchkey.internal.Text;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes what a user types or a host passes into two-factor authentication, through
 * {@code Latchkey.totp()} and {@code Latchkey.backupCodes()} over the in-memory stores: TOTP codes,
 * backup codes, and the issuer and account name of a new enrolment. Every input gets a fresh
 * account with two-factor authentication on, three time steps after its confirmation, so results
 * do not depend on earlier inputs. In an input, {@code {CODE}}, {@code {PREV}} and {@code {NEXT}}
 * stand for the codes of the current, previous and next step, {@code {STALE}} for the confirming
 * step's code, and {@code {BACKUP}} for an unused backup code as displayed. Seeds:
 * {@code TwoFactorInputFuzzTestInputs/<method>/}.
 */
class TwoFactorInputFuzzTest {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "fuzz");

  /**
   * Any code: {@code verify} never throws; it refuses as {@code malformed} everything but the
   * documented code format (6 ASCII digits, spaces and one '-' allowed, at most 64 characters);
   * it accepts exactly the codes of the window's steps, once each (the same input again is
   * accepted only for a later step with the same code), and calls every other code
   * {@code invalid}.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void verifyAcceptsExactlyTheWindowsCodesOnce(byte[] data) {
    TwoFactorFixture fx = TwoFactorFixture.create();
    String secret = fx.enable("alice").secret();
    Instant confirmed = fx.clock.instant().minus(fx.settings.period());
    fx.clock.advance(fx.settings.period().multipliedBy(2));
    Instant now = fx.clock.instant();
    Duration period = fx.settings.period();
    String input = FuzzInput.text(data)
        .replace("{CODE}", fx.appCode(secret, now))
        .replace("{PREV}", fx.appCode(secret, now.minus(period)))
        .replace("{NEXT}", fx.appCode(secret, now.plus(period)))
        .replace("{STALE}", fx.appCode(secret, confirmed));

    String normalized = totpCode(input);
    List<Integer> matchingSteps = new ArrayList<>();
    for (int step = -1; step <= 1; step++) {
      if (fx.appCode(secret, now.plus(period.multipliedBy(step))).equals(normalized)) {
        matchingSteps.add(step);
      }
    }
    TotpVerification first = fx.totp().verify("alice", input, CLIENT);
    TotpVerification again = fx.totp().verify("alice", input, CLIENT);
    if (normalized == null) {
      assertThat(first).isEqualTo(new TotpVerification.Rejected(TotpVerification.Reason.MALFORMED));
      assertThat(again).isEqualTo(first);
    } else if (matchingSteps.isEmpty()) {
      assertThat(first).isEqualTo(new TotpVerification.Rejected(TotpVerification.Reason.INVALID));
      assertThat(again).isEqualTo(first);
    } else {
      assertThat(first.isAccepted()).isTrue();
      assertThat(((TotpVerification.Accepted) first).accountId()).isEqualTo("alice");
      assertThat(again.isAccepted()).isEqualTo(matchingSteps.size() > 1);
      if (!again.isAccepted()) {
        assertThat(again)
            .isEqualTo(new TotpVerification.Rejected(TotpVerification.Reason.REPLAYED));
      }
    }
  }

  /**
   * Any code: {@code consume} never throws; it refuses as {@code malformed} everything but the
   * documented format (16 characters of the code alphabet in any ASCII case, dashes and spaces
   * allowed, at most 64 characters); it spends exactly the account's unused codes, once each,
   * and calls every other code {@code invalid}.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void consumeSpendsExactlyTheUnusedCodesOnce(byte[] data) {
    TwoFactorFixture fx = TwoFactorFixture.create();
    List<String> codes = fx.enable("alice").backupCodes().codes();
    String input = FuzzInput.text(data).replace("{BACKUP}", codes.get(0))
        .replace("{BACKUP_LAST}", codes.get(codes.size() - 1));

    String normalized = backupCode(input);
    BackupCodeVerification first = fx.backupCodes().consume("alice", input, CLIENT);
    BackupCodeVerification again = fx.backupCodes().consume("alice", input, CLIENT);
    if (normalized == null) {
      assertThat(first).isEqualTo(
          new BackupCodeVerification.Rejected(BackupCodeVerification.Reason.MALFORMED));
    } else if (codes.stream().map(TwoFactorInputFuzzTest::backupCode).anyMatch(normalized::equals)) {
      assertThat(first.isConsumed()).isTrue();
      assertThat(((BackupCodeVerification.Consumed) first).remaining()).isEqualTo(codes.size() - 1);
      assertThat(again).isEqualTo(
          new BackupCodeVerification.Rejected(BackupCodeVerification.Reason.INVALID));
      return;
    } else {
      assertThat(first).isEqualTo(
          new BackupCodeVerification.Rejected(BackupCodeVerification.Reason.INVALID));
    }
    assertThat(again).isEqualTo(first);
    assertThat(fx.backupCodes().remaining("alice")).isEqualTo(codes.size());
  }

  /**
   * Input: issuer 0xFF account id 0xFF account name [0xFF QR error-correction level L, M, Q or H].
   * The settings and {@code begin} refuse only with {@link IllegalArgumentException}, and refuse
   * every issuer, account id and account name their javadoc rules out; for everything else begin
   * starts an enrolment whose key URI is printable ASCII, parses back to the same issuer and
   * account name, and renders as a QR code.
   */
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void beginTakesAnyLabelOrRefusesItWithIllegalArgument(byte[] data) {
    List<String> f = FuzzInput.fields(data, 4);
    String issuer = f.get(0);
    String accountId = f.get(1);
    String accountName = f.get(2);
    TotpSettings.QrErrorCorrection level = switch (f.get(3).strip()) {
      case "L" -> TotpSettings.QrErrorCorrection.L;
      case "Q" -> TotpSettings.QrErrorCorrection.Q;
      case "H" -> TotpSettings.QrErrorCorrection.H;
      default -> TotpSettings.QrErrorCorrection.M;
    };
    TotpSettings settings;
    try {
      settings = TotpSettings.builder().issuer(issuer).qrErrorCorrection(level).build();
    } catch (IllegalArgumentException refused) {
      return; // the rule for issuers is fuzzed with OtpAuthUriFuzzTest in core
    }
    assertThat(!issuer.isBlank() && issuer.length() <= TotpSettings.MAX_ISSUER_LENGTH
        && wellFormed(issuer)).isTrue();

    TwoFactorFixture fx = TwoFactorFixture.create(settings);
    BeginResult[] result = new BeginResult[1];
    Throwable thrown = catchThrowable(() -> result[0] = fx.totp().begin(accountId, accountName));
    boolean nameOk = !accountName.isBlank()
        && accountName.length() <= TotpEnroller.MAX_ACCOUNT_NAME_LENGTH && wellFormed(accountName);
    if (!AccountIds.isValid(accountId) || !nameOk) {
      assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    if (thrown != null) {
      // Refusing a name whose key URI cannot be drawn as a QR code is allowed, as a typed refusal.
      assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("QR code");
      return;
    }
    assertThat(result[0]).isInstanceOf(BeginResult.Started.class);
    TotpEnrollment enrollment = ((BeginResult.Started) result[0]).enrollment();
    String uri = enrollment.otpauthUri();
    assertThat(uri).matches("otpauth://totp/[\\x21-\\x7e]*");
    OtpAuthUri.Parsed parsed = OtpAuthUri.parse(uri);
    assertThat(parsed.labelIssuer()).isEqualTo(issuer);
    assertThat(parsed.account()).isEqualTo(accountName);
    assertThat(parsed.params().get("issuer")).isEqualTo(issuer);
    assertThat(parsed.params().get("secret")).isEqualTo(enrollment.secret().reveal())
        .matches("[A-Z2-7]{32}");
    assertThat(enrollment.qrSvg()).startsWith("<svg ");
  }

  /** The documented TOTP code format, written out independently of the implementation. */
  private static String totpCode(String input) {
    if (input.length() > 64) {
      return null;
    }
    String kept = input.replaceAll("[ \t\u00a0\u2009\u202f]", "");
    if (kept.chars().filter(c -> c == '-').count() > 1) {
      return null;
    }
    kept = kept.replace("-", "");
    return kept.matches("[0-9]{6}") ? kept : null;
  }

  /** The documented backup code format, written out independently of the implementation. */
  private static String backupCode(String input) {
    if (input.length() > 64) {
      return null;
    }
    StringBuilder kept = new StringBuilder();
    for (char c : input.toCharArray()) {
      if (c != '-' && c != ' ' && c != '\t' && c != '\u00a0') {
        kept.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
      }
    }
    String s = kept.toString();
    return s.matches("[2-9a-hjkmnp-z]{16}") ? s : null;
  }

  private static boolean wellFormed(String s) {
    return s.chars().noneMatch(Character::isISOControl) && Text.isWellFormedUtf16(s);
  }
}
