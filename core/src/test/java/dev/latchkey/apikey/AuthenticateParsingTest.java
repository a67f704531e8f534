package dev.latchkey.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.apikey.ApiKeyAuthentication.Reason;
import dev.latchkey.apikey.ApiKeyAuthentication.Rejected;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Header parsing and the reasons it yields, against a store that knows no key. */
class AuthenticateParsingTest {
  private final LookupCountingStore store = new LookupCountingStore();
  private final ApiKeyService service = ServiceFixtures.service(store);
  private final String key = ApiKeyFormat.defaults().generate(new SecureRandom(), "live");

  private Reason reasonOf(String header) {
    ApiKeyAuthentication a = service.authenticate(header);
    assertThat(a).isInstanceOf(Rejected.class);
    return ((Rejected) a).reason();
  }

  @Test
  void absentOrBlankHeaderIsMissing() {
    assertThat(reasonOf(null)).isEqualTo(Reason.MISSING);
    assertThat(reasonOf("")).isEqualTo(Reason.MISSING);
    assertThat(reasonOf("   \t ")).isEqualTo(Reason.MISSING);
    assertThat(store.lookups).hasValue(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Token abc", "Bearerx abc", "Bear abc",
      "lk_live_abc", "Bearer\tabc", "B\u0117arer abc", "\u0000", "Bearer,abc"})
  void otherSchemesAreWrongScheme(String header) {
    assertThat(reasonOf(header)).isEqualTo(Reason.WRONG_SCHEME);
    assertThat(store.lookups).hasValue(0);
  }

  @Test
  void keySentWithoutSchemeIsWrongScheme() {
    assertThat(reasonOf(key)).isEqualTo(Reason.WRONG_SCHEME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer", "Bearer ", "bearer   ", "Bearer abc", "Bearer lk_live_",
      "Bearer lk_live_x", "Bearer \u00e9\u00e9", "Bearer a b", "Bearer \u0000\u0001"})
  void bearerWithoutOneOfOurKeysIsMalformed(String header) {
    assertThat(reasonOf(header)).isEqualTo(Reason.MALFORMED);
    assertThat(store.lookups).hasValue(0);
  }

  @Test
  void overLongHeaderIsMalformedBeforeAnyParsing() {
    assertThat(reasonOf("Bearer " + "a".repeat(ApiKeyService.MAX_HEADER_LENGTH))).isEqualTo(
        Reason.MALFORMED);
    assertThat(reasonOf("x".repeat(10_000_000))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(" ".repeat(ApiKeyService.MAX_HEADER_LENGTH + 1))).isEqualTo(
        Reason.MALFORMED);
    assertThat(store.lookups).hasValue(0);
  }

  @Test
  void typoIsBadChecksumAndCostsNoLookup() {
    char last = key.charAt(key.length() - 1);
    String typo = key.substring(0, key.length() - 1) + (last == 'a' ? 'b' : 'a');
    assertThat(reasonOf("Bearer " + typo)).isEqualTo(Reason.BAD_CHECKSUM);
    assertThat(store.lookups).hasValue(0);
  }

  @Test
  void wellFormedKeyCostsExactlyOneLookup() {
    assertThat(reasonOf("Bearer " + key)).isEqualTo(Reason.UNKNOWN);
    assertThat(store.lookups).hasValue(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer %s", "bearer %s", "BEARER %s", "bEaReR %s", "Bearer  %s",
      "Bearer     %s", " Bearer %s ", "\tBearer %s\t"})
  void schemeIsCaseInsensitiveAndSpacesAreTolerated(String template) {
    assertThat(reasonOf(template.formatted(key))).isEqualTo(Reason.UNKNOWN);
    assertThat(store.lookups).hasValue(1);
  }

  @Test
  void bareKeyEntryPointAppliesTheSameChecks() {
    assertThat(service.authenticateKey(null)).isEqualTo(new Rejected(Reason.MISSING));
    assertThat(service.authenticateKey("")).isEqualTo(new Rejected(Reason.MISSING));
    assertThat(service.authenticateKey("Bearer " + key)).isEqualTo(new Rejected(Reason.MALFORMED));
    assertThat(service.authenticateKey(key)).isEqualTo(new Rejected(Reason.UNKNOWN));
    assertThat(store.lookups).hasValue(1);
  }

  @Test
  void everyRejectionIs401WithTheExactRfc6750Challenge() {
    assertThat(Reason.values()).allSatisfy(r -> assertThat(r.httpStatus()).isEqualTo(401));
    assertThat(Reason.MISSING.wwwAuthenticate("api")).isEqualTo("Bearer realm=\"api\"");
    assertThat(Reason.WRONG_SCHEME.wwwAuthenticate("api")).isEqualTo("Bearer realm=\"api\"");
    assertThat(Reason.MALFORMED.wwwAuthenticate("api")).isEqualTo(
        "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The API key is malformed\"");
    assertThat(Reason.BAD_CHECKSUM.wwwAuthenticate("api")).isEqualTo(
        "Bearer realm=\"api\", error=\"invalid_token\","
            + " error_description=\"The API key is malformed (checksum mismatch)\"");
    assertThat(Reason.UNKNOWN.wwwAuthenticate("api")).isEqualTo(
        "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The API key is invalid\"");
    assertThat(Reason.REVOKED.wwwAuthenticate("api")).isEqualTo(
        "Bearer realm=\"api\", error=\"invalid_token\","
            + " error_description=\"The API key has been revoked\"");
    assertThat(Reason.EXPIRED.wwwAuthenticate("api")).isEqualTo(
        "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The API key has expired\"");
    assertThat(new Rejected(Reason.REVOKED).wwwAuthenticate("api"))
        .isEqualTo(Reason.REVOKED.wwwAuthenticate("api"));
    assertThat(new Rejected(Reason.REVOKED).code()).isEqualTo("revoked");
  }

  @Test
  void descriptionsStayInsideRfc6750sCharacterSet() {
    for (Reason r : Reason.values()) {
      if (r.description() != null) {
        // error-description: %x20-21 / %x23-5B / %x5D-7E (no quote, no backslash)
        assertThat(r.description()).matches("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]+");
      }
    }
  }

  @Test
  void realmIsQuotedAndValidated() {
    assertThat(Reason.MISSING.wwwAuthenticate("my \"api\" \\ v1"))
        .isEqualTo("Bearer realm=\"my \\\"api\\\" \\\\ v1\"");
    assertThatThrownBy(() -> Reason.MISSING.wwwAuthenticate("api\r\nSet-Cookie: x=y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Reason.MISSING.wwwAuthenticate("r\u00e9alm"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Reason.MISSING.wwwAuthenticate("r".repeat(201)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
