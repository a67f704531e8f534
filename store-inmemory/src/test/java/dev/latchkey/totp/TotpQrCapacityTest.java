package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.store.inmemory.TwoFactorFixture;
import org.junit.jupiter.api.Test;

/**
 * A key URI must fit a QR code: found by TwoFactorInputFuzzTest, whose seeds
 * {@code longest-names-too-big-for-a-qr-code} and {@code long-issuer-at-level-h} made
 * {@code begin} accept labels whose enrolment then failed to draw its QR code.
 */
class TotpQrCapacityTest {

  @Test
  void beginRefusesAnAccountNameWhoseKeyUriWouldNotFitAQrCode() {
    TwoFactorFixture fx = TwoFactorFixture.create(TotpSettings.withIssuer("é".repeat(100)));
    // 255 characters of three UTF-8 bytes each: 2,295 characters once percent-encoded.
    assertThatThrownBy(() -> fx.totp().begin("alice", "用".repeat(255)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accountName of length 255")
        .hasMessageContaining("QR code");
    assertThat(fx.totp().isEnabled("alice")).isFalse();
  }

  @Test
  void settingsRefuseAnIssuerWhoseKeyUrisCanNeverFitAtTheirLevel() {
    String issuer = "\uD83D\uDE00".repeat(50); // 100 UTF-16 characters, 1,200 once encoded twice
    assertThatThrownBy(() -> TotpSettings.builder().issuer(issuer)
        .qrErrorCorrection(TotpSettings.QrErrorCorrection.H).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("issuer of length 100")
        .hasMessageContaining("QR code at error correction level H");
    assertThat(TotpSettings.withIssuer(issuer).qrErrorCorrection())
        .isEqualTo(TotpSettings.QrErrorCorrection.M);
  }

  @Test
  void theLongestAsciiLabelsStillDrawAtTheDefaultLevel() {
    TwoFactorFixture fx = TwoFactorFixture.create(TotpSettings.withIssuer("%".repeat(100)));
    BeginResult begun = fx.totp().begin("alice", "%".repeat(255));
    assertThat(begun).isInstanceOf(BeginResult.Started.class);
    assertThat(((BeginResult.Started) begun).enrollment().qrSvg()).startsWith("<svg ");
    assertThat(((BeginResult.Started) begun).enrollment().qrPng()).isNotEmpty();
  }
}
