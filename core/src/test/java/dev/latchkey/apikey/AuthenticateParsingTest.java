package dev.latchkey.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.apikey.ApiKeyAuthentication.Reason;
import dev.latchkey.apikey.ApiKeyAuthentication.Rejected;
import java.security.SecureRandom;
import java.util.List;
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
    // A revealed rejection answers its reason's challenge and code.
    assertThat(new Rejected(Reason.REVOKED, true).wwwAuthenticate("api"))
        .isEqualTo(Reason.REVOKED.wwwAuthenticate("api"));
    assertThat(new Rejected(Reason.REVOKED, true).code()).isEqualTo("revoked");
    assertThat(Reason.values()).allSatisfy(r -> assertThat(new Rejected(r).httpStatus())
        .isEqualTo(401));
  }

  @Test
  void byDefaultUnknownRevokedAndExpiredAnswerTheCallerAlikeAndKeepThePreciseReason() {
    String invalid =
        "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The API key is invalid\"";
    for (Reason r : List.of(Reason.UNKNOWN, Reason.REVOKED, Reason.EXPIRED)) {
      Rejected rejected = new Rejected(r);
      assertThat(r.concealedByDefault()).as(r.code()).isTrue();
      assertThat(rejected.revealed()).isFalse();
      assertThat(rejected.reason()).isEqualTo(r);
      assertThat(rejected.code()).isEqualTo("invalid").isEqualTo(Rejected.INVALID_CODE);
      assertThat(rejected.description()).isEqualTo("The API key is invalid");
      assertThat(rejected.wwwAuthenticate("api")).isEqualTo(invalid);
      assertThat(rejected.httpStatus()).isEqualTo(401);
      // Revealing restores the precise answer.
      Rejected revealed = new Rejected(r, true);
      assertThat(revealed.code()).isEqualTo(r.code());
      assertThat(revealed.description()).isEqualTo(r.description());
      assertThat(revealed.wwwAuthenticate("api")).isEqualTo(r.wwwAuthenticate("api"));
    }
  }

  @Test
  void reasonsDecidedBeforeTheLookupAreAlwaysAnsweredPrecisely() {
    for (Reason r : List.of(Reason.MISSING, Reason.WRONG_SCHEME, Reason.MALFORMED,
        Reason.BAD_CHECKSUM)) {
      assertThat(r.concealedByDefault()).as(r.code()).isFalse();
      assertThat(new Rejected(r)).isEqualTo(new Rejected(r, true));
      assertThat(new Rejected(r).revealed()).isTrue();
      assertThat(new Rejected(r).code()).isEqualTo(r.code());
      assertThat(new Rejected(r).description()).isEqualTo(r.description());
      assertThat(new Rejected(r).wwwAuthenticate("api")).isEqualTo(r.wwwAuthenticate("api"));
    }
  }

  @Test
  void theServiceConcealsByDefaultAndRevealsOnlyWhenTheSettingsSaySo() {
    Rejected concealed = (Rejected) service.authenticate("Bearer " + key);
    assertThat(concealed.reason()).isEqualTo(Reason.UNKNOWN);
    assertThat(concealed.code()).isEqualTo("invalid");

    ApiKeyService revealing = ApiKeyService.using(store, ServiceFixtures.CLOCK,
        new SecureRandom(),
        ApiKeySettings.builder().revealKeyStateToCallers().build());
    Rejected revealed = (Rejected) revealing.authenticate("Bearer " + key);
    assertThat(revealed).isEqualTo(new Rejected(Reason.UNKNOWN, true));
    assertThat(revealed.code()).isEqualTo("unknown");
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
