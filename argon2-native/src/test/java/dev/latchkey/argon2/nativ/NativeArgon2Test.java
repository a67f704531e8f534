package dev.latchkey.argon2.nativ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.password.PasswordCheck;
import dev.latchkey.password.PasswordHasher;
import dev.latchkey.password.PasswordHashingSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * libargon2 through this module against the RFC 9106 vectors, and against core's pure-Java engine:
 * identical PHC strings for the same salt, each engine verifying the other's hashes, and both
 * verifying strings made by the reference {@code argon2} command when it is installed.
 */
class NativeArgon2Test {
  private static final String ENGINE = "latchkey.argon2.engine";
  private static final PasswordHashingSettings SMALL = PasswordHashingSettings.builder()
      .memoryKib(256).iterations(2).parallelism(1).build();

  @AfterEach
  void clearProperty() {
    System.clearProperty(ENGINE);
  }

  static byte[] filled(int n, int value) {
    byte[] out = new byte[n];
    Arrays.fill(out, (byte) value);
    return out;
  }

  /** RFC 9106 §5.1–5.3: m=32 KiB, t=3, p=4, 32-byte tag, version 0x13, with secret and AD. */
  @ParameterizedTest(name = "type {0}")
  @CsvSource({
      "0, 512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb",
      "1, c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8",
      "2, 0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"})
  void libargon2MatchesRfc9106(int type, String expectedHex) {
    byte[] tag = NativeArgon2.argon2(type, 0x13, 32, 3, 4, filled(16, 2), filled(32, 1),
        filled(8, 3), filled(12, 4), 32);
    assertThat(HexFormat.of().formatHex(tag)).isEqualTo(expectedHex);
  }

  @Test
  void badParametersAreRefusedWithLibargon2sMessage() {
    assertThatThrownBy(() -> NativeArgon2.argon2(2, 0x13, 8, 1, 1, new byte[4], new byte[0],
        null, null, 32)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("libargon2 refused").hasMessageContaining("Salt is too short");
  }

  private static PasswordHasher hasher(String engine, SecureRandom random) {
    System.setProperty(ENGINE, engine);
    try {
      return PasswordHasher.create(SMALL, random);
    } finally {
      System.clearProperty(ENGINE);
    }
  }

  /** A random source that repeats: two hashers given equal ones draw equal salts. */
  private static SecureRandom seeded() {
    SecureRandom r;
    try {
      r = SecureRandom.getInstance("SHA1PRNG");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    r.setSeed(42L);
    return r;
  }

  @Test
  void onTheClassPathNativeIsPickedAndBothEnginesWriteTheSamePhcString() {
    assertThat(PasswordHasher.create(SMALL, new SecureRandom()).toString())
        .endsWith("engine=libargon2]");
    PasswordHasher nativeHasher = hasher("native", seeded());
    PasswordHasher javaHasher = hasher("java", seeded());
    assertThat(javaHasher.toString()).endsWith("engine=bouncycastle]");
    for (String password : new String[] {"", "correct horse battery staple", "Grüße 🔑"}) {
      String fromNative = nativeHasher.hash(password);
      String fromJava = javaHasher.hash(password);
      assertThat(fromNative).startsWith("$argon2id$v=19$m=256,t=2,p=1$").isEqualTo(fromJava);
    }
  }

  @Test
  void eachEngineVerifiesTheOthersHashes() {
    PasswordHasher nativeHasher = hasher("native", new SecureRandom());
    PasswordHasher javaHasher = hasher("java", new SecureRandom());
    String byNative = nativeHasher.hash("s3cret pass");
    String byJava = javaHasher.hash("s3cret pass");
    assertThat(javaHasher.check("s3cret pass", byNative)).isInstanceOf(PasswordCheck.Match.class);
    assertThat(nativeHasher.check("s3cret pass", byJava)).isInstanceOf(PasswordCheck.Match.class);
    assertThat(javaHasher.check("s3cret pasS", byNative))
        .isInstanceOf(PasswordCheck.Mismatch.class);
    assertThat(nativeHasher.check("s3cret pasS", byJava))
        .isInstanceOf(PasswordCheck.Mismatch.class);
  }

  /** PHC strings from the reference CLI ({@code apt-get install argon2}), all three types. */
  @ParameterizedTest(name = "{0} v={1}")
  @CsvSource({"id, 13", "i, 13", "d, 13", "id, 10"})
  void bothEnginesVerifyTheReferenceCli(String type, String version)
      throws IOException, InterruptedException {
    Path cli = Path.of("/usr/bin/argon2");
    Assumptions.assumeTrue(Files.isExecutable(cli), "the argon2 command is not installed");
    Process p = new ProcessBuilder(cli.toString(), "somesaltsomesalt", "-" + type, "-t", "2",
        "-k", "256", "-p", "1", "-v", version, "-e").redirectErrorStream(true).start();
    p.getOutputStream().write("pass phrase".getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String phc = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    assertThat(phc).startsWith("$argon2" + type + "$");
    PasswordHashingSettings lenient = PasswordHashingSettings.builder().memoryKib(256)
        .iterations(2).parallelism(1).build();
    for (String engine : new String[] {"native", "java"}) {
      System.setProperty(ENGINE, engine);
      PasswordHasher h = PasswordHasher.create(lenient, new SecureRandom());
      assertThat(h.check("pass phrase", phc)).as("%s verifies %s", engine, phc)
          .isInstanceOf(PasswordCheck.Match.class);
      assertThat(h.check("pass phrasE", phc)).isInstanceOf(PasswordCheck.Mismatch.class);
    }
  }
}
