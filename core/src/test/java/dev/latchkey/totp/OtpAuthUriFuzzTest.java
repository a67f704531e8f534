package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.fuzz.FuzzInput;
import dev.latchkey.internal.Text;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the {@code otpauth://} key URI: the issuer and account name that go into its label and
 * query (host configuration and user input), and the parser. Seeds:
 * {@code OtpAuthUriFuzzTestInputs/<method>/}.
 */
class OtpAuthUriFuzzTest {
  private static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

  /**
   * Input: issuer 0xFF account name. The settings refuse exactly the issuers their javadoc names,
   * with an {@link IllegalArgumentException}; for every accepted issuer and well-formed account
   * name, the URI is printable ASCII without spaces, has one ':' in its label, and parses back to
   * the same issuer (label and parameter), account name and parameters.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void labelAndIssuerRoundTrip(byte[] data) {
    List<String> f = FuzzInput.fields(data, 2);
    String issuer = f.get(0);
    String account = f.get(1);
    boolean issuerOk = !issuer.isBlank() && issuer.length() <= TotpSettings.MAX_ISSUER_LENGTH
        && wellFormed(issuer);
    Throwable thrown = catchThrowable(() -> TotpSettings.withIssuer(issuer));
    if (!issuerOk) {
      assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    assertThat(thrown).isNull();
    if (account.isBlank() || account.length() > TotpEnroller.MAX_ACCOUNT_NAME_LENGTH
        || !wellFormed(account)) {
      return; // begin() refuses these before building a URI (fuzzed in store-inmemory)
    }
    TotpEnrollment enrollment = new TotpEnrollment(account, TotpSettings.withIssuer(issuer), SECRET);
    String uri = enrollment.otpauthUri();
    assertThat(uri).matches("otpauth://totp/[\\x21-\\x7e]*");
    String label = uri.substring("otpauth://totp/".length(), uri.indexOf('?'));
    assertThat(label.chars().filter(c -> c == ':').count()).isEqualTo(1);
    OtpAuthUri.Parsed parsed = OtpAuthUri.parse(uri);
    assertThat(parsed.labelIssuer()).isEqualTo(issuer);
    assertThat(parsed.account()).isEqualTo(account);
    assertThat(parsed.params()).isEqualTo(Map.of("secret", SECRET, "issuer", issuer,
        "algorithm", "SHA1", "digits", "6", "period", "30"));
    assertThat(enrollment.toString()).doesNotContain(SECRET);
  }

  /**
   * Any text: {@code parse} either answers or throws {@link IllegalArgumentException}, and answers
   * only for {@code otpauth://totp/} URIs; every well-formed label part it decodes encodes to
   * unreserved characters and escapes only, and decodes back to itself.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void parseAnswersOrRefusesWithIllegalArgument(byte[] data) {
    String text = FuzzInput.text(data);
    OtpAuthUri.Parsed parsed;
    try {
      parsed = OtpAuthUri.parse(text);
    } catch (IllegalArgumentException refused) {
      return;
    }
    assertThat(parsed.account()).isNotNull();
    assertThat(parsed.params()).doesNotContainKey(null);
    // Percent-decoding and encoding are inverse for every well-formed string.
    for (String s : new String[] {parsed.account(), parsed.labelIssuer()}) {
      if (s != null && Text.isWellFormedUtf16(s)) {
        assertThat(OtpAuthUri.encode(s)).matches("[A-Za-z0-9._~%-]*");
        assertThat(OtpAuthUri.decode(OtpAuthUri.encode(s))).isEqualTo(s);
      }
    }
    assertThat(text).startsWith("otpauth://totp/");
  }

  /** No control characters and no unpaired surrogates: what the settings' javadoc requires. */
  private static boolean wellFormed(String s) {
    return s.chars().noneMatch(Character::isISOControl) && Text.isWellFormedUtf16(s);
  }
}
