package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.examples.Browser.Response;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} over real HTTP: Latchkey's timers in Prometheus text format, moving with
 * the sign-ins and requests the demo serves, and only for local, direct connections.
 */
class MetricsDemoTest {
  private static final String PASSWORD = "Correct-Horse-Battery-9";

  @TempDir
  static Path tempDir;

  private static DemoApp.Running app;

  @BeforeAll
  static void start() {
    app = DemoApp.start(DemoConfig.defaults().withPort(0).withDataDir(tempDir));
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static Browser browser() {
    return new Browser(app.port(), Browser.CHROME_ON_MAC);
  }

  private static Response scrape() {
    Response r = browser().get("/metrics");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r;
  }

  /** The value of one sample line, or empty when the series is not there. */
  private static Optional<Double> sample(String body, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
    return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
  }

  private static double value(String body, String series) {
    return sample(body, series).orElseThrow(
        () -> new AssertionError("no series " + series + " in:\n" + body));
  }

  @Test
  void aSignInShowsInTheTimers() {
    String before = scrape().text();
    Browser user = browser();
    String email = "user-" + UUID.randomUUID() + "@example.com";
    assertThat(user.signUp(email, PASSWORD).status()).isEqualTo(201);
    assertThat(user.logIn(email, PASSWORD).status()).isEqualTo(200);
    assertThat(user.logIn(email, "Wrong-Horse-Battery-9").status()).isEqualTo(401);
    assertThat(user.get("/api/security/sessions").status()).isEqualTo(200);

    Response r = scrape();
    assertThat(r.header("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("text/plain").contains("version=0.0.4"));
    String after = r.text();
    for (Map.Entry<String, Double> moved : Map.of(
        "latchkey_signin_seconds_count{outcome=\"signed_in\"}", 1.0,
        "latchkey_signin_seconds_count{outcome=\"invalid_credentials\"}", 1.0,
        "latchkey_password_hash_seconds_count{outcome=\"hashed\"}", 1.0,
        "latchkey_password_verify_seconds_count{outcome=\"match\"}", 1.0,
        "latchkey_password_verify_seconds_count{outcome=\"mismatch\"}", 1.0,
        "latchkey_password_hash_permit_wait_seconds_count{outcome=\"acquired\"}", 3.0)
        .entrySet()) {
      assertThat(value(after, moved.getKey()) - value(before, moved.getKey()))
          .as(moved.getKey()).isEqualTo(moved.getValue());
    }
    assertThat(value(after, "latchkey_session_validation_seconds_count{outcome=\"valid\"}"))
        .isGreaterThanOrEqualTo(1.0);
    // Real durations: an Argon2id sign-in takes time.
    assertThat(value(after, "latchkey_signin_seconds_sum{outcome=\"signed_in\"}")).isPositive();
    assertThat(value(after, "latchkey_signin_seconds_max{outcome=\"signed_in\"}")).isPositive();
    // The other meters are there too, at zero until they happen.
    assertThat(after).contains("# TYPE latchkey_apikey_authentication_seconds summary",
        "latchkey_signin_second_factor_seconds_count{outcome=\"invalid_challenge\"}",
        "latchkey_apikey_cache_gets_total{result=\"hit\"}");
    // Nothing that names an account, a session or an address.
    assertThat(after).doesNotContain(email, "127.0.0.1");
  }

  @Test
  void anApiKeyRequestShowsItsPreciseOutcome() {
    String before = scrape().text();
    String series = "latchkey_apikey_authentication_seconds_count{outcome=\"missing\"}";

    assertThat(browser().get("/v1/credits").status()).isEqualTo(401);

    assertThat(value(scrape().text(), series) - value(before, series)).isEqualTo(1.0);
  }

  @Test
  void aRequestRelayedByAProxyIsRefusedEvenFromLoopback() {
    Response relayed = browser().from("198.51.100.20").get("/metrics");

    assertThat(relayed.status()).isEqualTo(403);
    assertThat(relayed.errorCode()).isEqualTo("forbidden");
    assertThat(relayed.text()).doesNotContain("latchkey_");
  }
}
