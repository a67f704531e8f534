package dev.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.common.Secret;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CookieRulesTest {
  private static final Secret TOKEN = Secret.of("Abc-_123xyz");

  @Test
  void setCookieInSecureContextThenHostPrefixSecureHttpOnlyLax() {
    assertThat(CookieRules.session().setCookie(TOKEN, Duration.ofDays(30), true))
        .isEqualTo("__Host-latchkey_session=Abc-_123xyz; Path=/; Max-Age=2592000; HttpOnly;"
            + " SameSite=Lax; Secure");
  }

  @Test
  void setCookieOnPlainLocalhostThenPlainNameWithoutSecure() {
    assertThat(CookieRules.session().setCookie(TOKEN, Duration.ofSeconds(90), false))
        .isEqualTo("latchkey_session=Abc-_123xyz; Path=/; Max-Age=90; HttpOnly; SameSite=Lax");
  }

  @Test
  void sameSiteStrictWhenAskedByNameThenStrict() {
    CookieRules strict = CookieRules.device().sameSiteStrict();
    assertThat(strict.sameSite()).isEqualTo(CookieRules.SameSite.STRICT);
    assertThat(strict.clearCookie(true)).isEqualTo(
        "__Host-latchkey_device=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure");
    assertThat(CookieRules.device().sameSite()).isEqualTo(CookieRules.SameSite.LAX);
  }

  @Test
  void setCookieWhenLifetimeOverThenMaxAgeZeroNeverNegative() {
    assertThat(CookieRules.session().setCookie(TOKEN, Duration.ofSeconds(-5), false))
        .contains("; Max-Age=0;");
    assertThat(CookieRules.session().setCookie(TOKEN, Duration.ofMillis(1999), false))
        .contains("; Max-Age=1;");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a;b", "a b", "a,b", "a\"b", "a\\b", "a\r\nSet-Cookie: x=y", "é"})
  void setCookieWhenValueNotCookieOctetsThenRefusedWithoutEchoingIt(String value) {
    assertThatThrownBy(() -> CookieRules.session().setCookie(Secret.of(value), Duration.ZERO, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid cookie value of length " + value.length())
        .satisfies(e -> {
          if (!value.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(value);
          }
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a=b", "a;b", "__Host-x", "__secure-x", "ü"})
  void namedWhenNotATokenOrAlreadyPrefixedThenRefused(String name) {
    assertThatThrownBy(() -> CookieRules.named(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid cookie name");
  }

  @Test
  void nameThenPrefixedOnlyInSecureContext() {
    CookieRules rules = CookieRules.named("sid");
    assertThat(rules.name(true)).isEqualTo("__Host-sid");
    assertThat(rules.name(false)).isEqualTo("sid");
    assertThat(rules.baseName()).isEqualTo("sid");
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "localhost:7070", "LOCALHOST.", "app.localhost:8080",
      "127.0.0.1", "127.1.2.3:80", "[::1]", "[::1]:7070", "::1"})
  void isSecureContextWhenPlainHttpOnLoopbackThenNot(String host) {
    assertThat(CookieRules.isSecureContext(host, false)).isFalse();
    assertThat(CookieRules.isSecureContext(host, true)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "example.com:80", "localhost.example.com", "10.0.0.1",
      "128.0.0.1", "[2001:db8::1]:80", "", " "})
  void isSecureContextWhenNotLoopbackThenAlwaysEvenOverPlainHttp(String host) {
    assertThat(CookieRules.isSecureContext(host, false)).isTrue();
  }

  @Test
  void isSecureContextWhenHostUnknownThenSecure() {
    assertThat(CookieRules.isSecureContext(null, false)).isTrue();
  }
}
