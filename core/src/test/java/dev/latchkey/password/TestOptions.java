package dev.latchkey.password;

/** Option sets that keep tests fast: Argon2id at 64 KiB and one pass instead of 19 MiB and two. */
final class TestOptions {
  private TestOptions() {}

  /** Tiny cost, default length cap (256). */
  static final PasswordHashingSettings TINY =
      PasswordHashingSettings.builder().memoryKib(64).iterations(1).parallelism(1).build();

  /** Tiny cost, largest length cap, so generated strings that NFKC expands stay within it. */
  static final PasswordHashingSettings TINY_LONG_CAP =
      PasswordHashingSettings.builder()
          .memoryKib(64)
          .iterations(1)
          .parallelism(1)
          .maxPasswordLength(PasswordHashingSettings.MAX_MAX_PASSWORD_LENGTH)
          .build();
}
