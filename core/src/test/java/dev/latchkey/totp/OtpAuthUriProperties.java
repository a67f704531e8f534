package dev.latchkey.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class OtpAuthUriProperties {

  @Example
  void encodesTheKeyUriFormatExactly() {
    String uri = OtpAuthUri.build("Latchkey Demo", "alice@example.com",
        "JBSWY3DPEHPK3PXP", TotpSettings.Algorithm.SHA1, 6, 30);
    assertThat(uri).isEqualTo("otpauth://totp/Latchkey%20Demo:alice%40example.com"
        + "?secret=JBSWY3DPEHPK3PXP&issuer=Latchkey%20Demo&algorithm=SHA1&digits=6&period=30");
  }

  @Example
  void colonsInsideThePartsAreEncodedAndTheSeparatorIsNot() {
    String uri = OtpAuthUri.build("Acme: Staging", "a:b c+d%é", "AAAA",
        TotpSettings.Algorithm.SHA512, 8, 60);
    assertThat(uri).startsWith("otpauth://totp/Acme%3A%20Staging:a%3Ab%20c%2Bd%25%C3%A9?")
        .contains("&issuer=Acme%3A%20Staging&algorithm=SHA512&digits=8&period=60")
        .doesNotContain("+");
  }

  @Example
  void parseRejectsWhatIsNotAKeyUri() {
    assertThatThrownBy(() -> OtpAuthUri.parse("otpauth://hotp/x?secret=A"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OtpAuthUri.parse("otpauth://totp/a%2?secret=A"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OtpAuthUri.parse("otpauth://totp/a%C3?secret=A"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OtpAuthUri.parse("otpauth://totp/é?secret=A"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 500)
  void roundTripsForAnyIssuerAndAccount(@ForAll("text") String issuer,
      @ForAll("text") String account) {
    String uri = OtpAuthUri.build(issuer, account, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        TotpSettings.Algorithm.SHA256, 8, 45);
    assertThat(uri).matches("[\\x21-\\x7e]+"); // printable ASCII, no spaces
    OtpAuthUri.Parsed parsed = OtpAuthUri.parse(uri);
    assertThat(parsed.labelIssuer()).isEqualTo(issuer);
    assertThat(parsed.account()).isEqualTo(account);
    assertThat(parsed.params()).isEqualTo(Map.of("secret", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "issuer", issuer, "algorithm", "SHA256", "digits", "8", "period", "45"));
  }

  @Property
  void encodeDecodeIsTheIdentity(@ForAll("text") String s) {
    assertThat(OtpAuthUri.decode(OtpAuthUri.encode(s))).isEqualTo(s);
  }

  /** Well-formed text heavy in the characters that matter: ':', '%', '+', '&', '=', '?', spaces,
   * non-ASCII and astral characters. */
  @Provide
  Arbitrary<String> text() {
    Arbitrary<String> tricky = Arbitraries.of(":", "%", "+", "&", "=", "?", "#", "/", " ", "%3A",
        "%20", "é", "東京", "😀", "Ω", "~", ".", "-", "_", "\u00a0", "@");
    Arbitrary<String> any = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(6)
        .filter(TotpSettings::wellFormed);
    Arbitrary<String> piece = Arbitraries.oneOf(tricky, any, Arbitraries.strings().alpha()
        .ofMinLength(1).ofMaxLength(5));
    return piece.list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l));
  }
}
