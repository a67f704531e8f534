package dev.latchkey.password;

/**
 * The Argon2 computation behind {@link PasswordHasher}: package-private, so no host or module can
 * depend on it. Two engines exist: {@link BouncyCastleArgon2} (pure Java, the default) and, when
 * the {@code latchkey-argon2-native} module is on the class path or module path, the reference C
 * implementation through it ({@link Argon2Engines}). Both compute RFC 9106 Argon2 and produce the
 * same bytes for the same inputs, so the PHC strings they give are identical and each verifies the
 * other's hashes.
 */
interface Argon2Engine {
  /**
   * The raw Argon2 tag.
   *
   * @param type 0 Argon2d, 1 Argon2i, 2 Argon2id (RFC 9106's numbering, also BouncyCastle's)
   * @param version 0x10 or 0x13
   * @param secret the optional key K of RFC 9106, or {@code null} (Latchkey passes none; the test
   *     vectors do)
   * @param associatedData the optional X of RFC 9106, or {@code null}
   * @throws RuntimeException when the engine rejects the parameters or fails; the caller treats
   *     it as a failed computation
   */
  byte[] compute(int type, int version, int memoryKib, int iterations, int parallelism,
      byte[] salt, byte[] password, byte[] secret, byte[] associatedData, int tagLength);

  /** A short name for logs and {@code toString}: {@code bouncycastle} or {@code libargon2}. */
  String name();
}
