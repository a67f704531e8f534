package dev.latchkey.archfixture.random;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.function.Supplier;

/** Makes its own SecureRandom instead of using the injected one: violations. */
public final class OwnSecureRandom {
  /** new SecureRandom(). */
  public byte[] bytes() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return b;
  }

  /** SecureRandom.getInstanceStrong(). */
  public SecureRandom strong() throws NoSuchAlgorithmException {
    return SecureRandom.getInstanceStrong();
  }

  /** A constructor reference is a way to make one too. */
  public Supplier<SecureRandom> factory() {
    return SecureRandom::new;
  }

  /** UUID.randomUUID() draws from a SecureRandom of its own. */
  public String id() {
    return UUID.randomUUID().toString();
  }
}
