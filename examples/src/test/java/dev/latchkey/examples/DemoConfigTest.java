package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoConfigTest {
  private static final String[] NO_ARGS = {};

  @Test
  void withNothingSetThenPort7070DataUnderDotDataAndEmbeddedH2() {
    DemoConfig c = DemoConfig.from(Map.of(), NO_ARGS);

    assertThat(c.port()).isEqualTo(7070);
    assertThat(c.dataDir()).isEqualTo(Path.of("data"));
    assertThat(c.embeddedDatabase()).isTrue();
    assertThat(c.geoIpCsv()).isNull();
    assertThat(c.trustProxy()).isFalse();
  }

  @Test
  void environmentVariablesAreRead() {
    DemoConfig c = DemoConfig.from(Map.of(
        "PORT", "8080",
        "LATCHKEY_DATA_DIR", "/var/lib/latchkey",
        "LATCHKEY_JDBC_URL", "jdbc:postgresql://db/latchkey",
        "LATCHKEY_JDBC_USER", "app",
        "LATCHKEY_JDBC_PASSWORD", "hunter2",
        "LATCHKEY_GEOIP_CSV", "/data/dbip-city-lite.csv",
        "LATCHKEY_TRUST_PROXY", "true"), NO_ARGS);

    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/latchkey"));
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db/latchkey");
    assertThat(c.jdbcUser()).isEqualTo("app");
    assertThat(c.geoIpCsv()).isEqualTo(Path.of("/data/dbip-city-lite.csv"));
    assertThat(c.trustProxy()).isTrue();
    assertThat(c.embeddedDatabase()).isFalse();
  }

  @Test
  void commandLineFlagsWinOverEnvironment() {
    Map<String, String> env = Map.of("PORT", "8080", "LATCHKEY_JDBC_URL", "jdbc:h2:mem:a");

    DemoConfig spaced = DemoConfig.from(env,
        new String[] {"--port", "9090", "--jdbc-url", "jdbc:mariadb://db/latchkey"});
    DemoConfig joined = DemoConfig.from(env, new String[] {"--port=9191"});

    assertThat(spaced.port()).isEqualTo(9090);
    assertThat(spaced.jdbcUrl()).isEqualTo("jdbc:mariadb://db/latchkey");
    assertThat(joined.port()).isEqualTo(9191);
    assertThat(joined.jdbcUrl()).isEqualTo("jdbc:h2:mem:a");
  }

  @Test
  void trustProxyIsOnOnlyForTrue() {
    assertThat(DemoConfig.from(Map.of("LATCHKEY_TRUST_PROXY", "yes"), NO_ARGS).trustProxy())
        .isFalse();
    assertThat(DemoConfig.from(Map.of("LATCHKEY_TRUST_PROXY", "TRUE"), NO_ARGS).trustProxy())
        .isTrue();
  }

  @Test
  void badValuesFailWithAMessageNamingThem() {
    assertThatThrownBy(() -> DemoConfig.from(Map.of("PORT", "http"), NO_ARGS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
    assertThatThrownBy(() -> DemoConfig.from(Map.of("PORT", "70000"), NO_ARGS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    assertThatThrownBy(() -> DemoConfig.from(Map.of(), new String[] {"--port"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port");
    assertThatThrownBy(() -> DemoConfig.from(Map.of(), new String[] {"--verbose"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--verbose");
    assertThatThrownBy(() -> DemoConfig.from(Map.of("LATCHKEY_JDBC_URL", "postgres://x"), NO_ARGS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:");
  }

  @Test
  void toStringNeverShowsTheDatabasePasswordOrUrlParameters() {
    DemoConfig c = DemoConfig.from(Map.of(
        "LATCHKEY_JDBC_URL", "jdbc:postgresql://db/latchkey?password=s3cret",
        "LATCHKEY_JDBC_PASSWORD", "hunter2"), NO_ARGS);

    assertThat(c.toString()).contains("jdbc:postgresql://db/latchkey")
        .doesNotContain("s3cret", "hunter2");
  }

  @Test
  void emailVerificationIsOnForTheJarUnlessTurnedOffAndLinksFollowThePublicUrl() {
    DemoConfig plain = DemoConfig.from(Map.of(), NO_ARGS);
    assertThat(plain.emailVerification()).isTrue();
    assertThat(plain.publicUrlFor(7070)).isEqualTo("http://localhost:7070");
    assertThat(DemoConfig.defaults().emailVerification()).as("tests").isFalse();
    assertThat(DemoConfig.defaults().withEmailVerification(true).emailVerification()).isTrue();

    DemoConfig off = DemoConfig.from(Map.of("LATCHKEY_EMAIL_VERIFICATION", "FALSE",
        "LATCHKEY_PUBLIC_URL", "https://demo.example.com"), NO_ARGS);
    assertThat(off.emailVerification()).isFalse();
    assertThat(off.publicUrlFor(7070)).isEqualTo("https://demo.example.com");
    assertThat(off.withPort(0).publicUrl()).isEqualTo("https://demo.example.com");
    assertThatThrownBy(() -> DemoConfig.from(Map.of("LATCHKEY_PUBLIC_URL", "demo.example.com"),
        NO_ARGS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("public URL");
  }

  @Test
  void redisUrlIsReadCheckedAndNeverPrintedWithItsPassword() {
    DemoConfig c = DemoConfig.from(Map.of(
        "LATCHKEY_REDIS_URL", "redis://:s3cret@cache.internal:6379/2?timeout=5s"), NO_ARGS);

    assertThat(c.redisUrl()).isEqualTo("redis://:s3cret@cache.internal:6379/2?timeout=5s");
    assertThat(c.toString()).contains("redis://cache.internal:6379/2").doesNotContain("s3cret");
    assertThat(DemoConfig.defaults().redisUrl()).isNull();
    assertThatThrownBy(() -> DemoConfig.from(Map.of("LATCHKEY_REDIS_URL",
        "http://:s3cret@cache"), NO_ARGS)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LATCHKEY_REDIS_URL").hasMessageNotContaining("s3cret");
  }

  @Test
  void scaleOutSettingsAreReadAndTheRedisUrlIsNeverPrinted() {
    DemoConfig none = DemoConfig.from(Map.of(), new String[0]);
    assertThat(none.scaleOut()).isEqualTo(DemoConfig.ScaleOut.NONE);

    DemoConfig c = DemoConfig.from(Map.of("LATCHKEY_REDIS_URL", "redis://:s3cret@redis:6379/0",
        "LATCHKEY_REDIS_KEY_PREFIX", "app:", "LATCHKEY_VALIDATION_CACHE", "TRUE"), new String[0]);
    assertThat(c.scaleOut().redisUrl()).isEqualTo("redis://:s3cret@redis:6379/0");
    assertThat(c.scaleOut().redisKeyPrefix()).isEqualTo("app:");
    assertThat(c.scaleOut().validationCache()).isTrue();
    assertThat(c.toString()).doesNotContain("s3cret").contains("validationCache=true");
    assertThat(c.withPort(0).scaleOut()).isEqualTo(c.scaleOut());
  }

  @Test
  void redisUrlWithoutARedisSchemeThenRefusedByName() {
    assertThatThrownBy(() -> DemoConfig.from(Map.of("LATCHKEY_REDIS_URL", "http://redis:6379"),
        new String[0])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LATCHKEY_REDIS_URL").hasMessageNotContaining("http://redis");
  }
}
