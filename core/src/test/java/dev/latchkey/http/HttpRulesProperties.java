package dev.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.latchkey.common.Secret;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The request-independent HTTP rules never throw for untrusted input and never let it inject. */
class HttpRulesProperties {

  @Provide
  Arbitrary<String> header() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(80),
        Arbitraries.of("same-origin", "none", "same-site", "cross-site", "null",
            "https://app.example", "http://localhost:7070", "app.example", "application/json",
            "text/plain"),
        Arbitraries.just(null));
  }

  @Property(tries = 2000)
  void crossSiteCheckNeverThrowsAndSafeMethodsAlwaysPass(@ForAll("header") String method,
      @ForAll("header") String host, @ForAll("header") String origin,
      @ForAll("header") String site, @ForAll("header") String contentType) {
    CrossSiteCheck verdict = CrossSiteCheck.of(method, host, origin, site, contentType);
    assertThat(verdict).isNotNull();
    assertThat(CrossSiteCheck.of("GET", host, origin, site, contentType))
        .isEqualTo(CrossSiteCheck.ALLOWED);
    if (site != null && !(method != null && java.util.Set.of("GET", "HEAD", "OPTIONS", "TRACE")
        .contains(method))) {
      // Sec-Fetch-Site alone decides: the other headers cannot change the verdict.
      assertThat(verdict).isEqualTo(CrossSiteCheck.of(method, null, null, site, null));
    }
  }

  @Property(tries = 2000)
  void setCookieEitherRefusesWithoutEchoOrWritesExactlyOneNameValuePair(
      @ForAll("header") String value, @ForAll boolean secure) {
    if (value == null) {
      return;
    }
    Throwable thrown = catchThrowable(() ->
        CookieRules.session().setCookie(Secret.of(value), Duration.ofMinutes(5), secure));
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
      if (value.length() >= 4) {
        assertThat(thrown.getMessage()).doesNotContain(value);
      }
      return;
    }
    String header = CookieRules.session().setCookie(Secret.of(value), Duration.ofMinutes(5),
        secure);
    String name = secure ? "__Host-latchkey_session=" : "latchkey_session=";
    assertThat(header).startsWith(name + value + "; Path=/; Max-Age=300; HttpOnly;");
    assertThat(header.chars().filter(c -> c == ';').count()).isEqualTo(secure ? 5 : 4);
    assertThat(header).doesNotContain("\r").doesNotContain("\n");
  }

  @Property(tries = 2000)
  void secureContextNeverThrowsAndHttpsIsAlwaysSecure(@ForAll("header") String host) {
    assertThat(CookieRules.isSecureContext(host, true)).isTrue();
    CookieRules.isSecureContext(host, false);
  }
}
