package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

  @Test
  void aSecondDemoOnTheSameDataDirectoryStopsWithOneClearLine() throws Exception {
    DemoConfig config = DemoConfig.defaults().withPort(0).withDataDir(dataDir);
    try (DemoApp.Running first = DemoApp.start(config)) {
      // In this process…
      assertThatThrownBy(() -> DemoApp.start(config))
          .isInstanceOf(DataDirLock.InUse.class)
          .hasMessage("Another demo is already using " + dataDir
              + ", stop it or set LATCHKEY_DATA_DIR to another folder.");
      assertThat(new Browser(first.port(), Browser.CHROME_ON_MAC).get("/api/me").status())
          .as("the first demo goes on").isEqualTo(401);

      // …and as a person meets it: java -jar in another terminal, same folder.
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      ProcessBuilder second = new ProcessBuilder(java.toString(), "-cp",
          System.getProperty("java.class.path"), DemoApp.class.getName())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      second.environment().put("LATCHKEY_DATA_DIR", dataDir.toString());
      second.environment().put("PORT", "0");
      Process process = second.start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the second demo exits").isTrue();
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).isNotZero();
      assertThat(err.strip()).isEqualTo("Another demo is already using " + dataDir
          + ", stop it or set LATCHKEY_DATA_DIR to another folder.");
      assertThat(out).isEmpty();
    }
    // Stopped, the folder is free again.
    DemoApp.start(config).stop();
  }
}
