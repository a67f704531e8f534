package dev.latchkey.password;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2 in pure Java (BouncyCastle): the engine when no native one is present. */
final class BouncyCastleArgon2 implements Argon2Engine {
  static final BouncyCastleArgon2 INSTANCE = new BouncyCastleArgon2();

  private BouncyCastleArgon2() {}

  @Override
  public byte[] compute(int type, int version, int memoryKib, int iterations, int parallelism,
      byte[] salt, byte[] password, byte[] secret, byte[] associatedData, int tagLength) {
    Argon2Parameters.Builder builder = new Argon2Parameters.Builder(type)
        .withVersion(version)
        .withMemoryAsKB(memoryKib)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt);
    if (secret != null) {
      builder.withSecret(secret);
    }
    if (associatedData != null) {
      builder.withAdditional(associatedData);
    }
    Argon2Parameters parameters = builder.build();
    try {
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(parameters);
      byte[] tag = new byte[tagLength];
      generator.generateBytes(password, tag);
      return tag;
    } finally {
      parameters.clear();
    }
  }

  @Override
  public String name() {
    return "bouncycastle";
  }
}
