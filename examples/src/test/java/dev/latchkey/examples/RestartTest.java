package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts, passwords and sessions live in the database, so a restart keeps everyone signed in. */
class RestartTest {
  private static final String EMAIL = "restart@example.com";
  private static final String PASSWORD = "Correct-Horse-Battery-9";

  @TempDir
  Path dataDir;

  @Test
  void afterARestartOnTheSameDataDirectoryTheSessionAndPasswordStillWork() {
    DemoConfig config = DemoConfig.defaults().withPort(0).withDataDir(dataDir);
    String token;
    try (DemoApp.Running first = DemoApp.start(config)) {
      Browser b = new Browser(first.port(), Browser.CHROME_ON_MAC);
      assertThat(b.signUp(EMAIL, PASSWORD).status()).isEqualTo(201);
      assertThat(b.logIn(EMAIL, PASSWORD).status()).isEqualTo(200);
      token = b.sessionCookie().orElseThrow();
    }

    try (DemoApp.Running second = DemoApp.start(config)) {
      Browser same = new Browser(second.port(), Browser.CHROME_ON_MAC);
      same.setSessionCookie(token);
      assertThat(same.get("/api/me").json().get("email").asText()).isEqualTo(EMAIL);

      Browser other = new Browser(second.port(), Browser.FIREFOX_ON_WINDOWS);
      assertThat(other.logIn(EMAIL, PASSWORD).status()).isEqualTo(200);
      assertThat(other.signUp(EMAIL, PASSWORD).errorCode()).isEqualTo("email_taken");
      assertThat(other.get("/api/security/sessions").json()).hasSize(2);
    }
  }
}
