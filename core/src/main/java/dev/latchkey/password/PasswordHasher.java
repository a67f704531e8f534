package dev.latchkey.password;

import java.security.SecureRandom;

/** Placeholder. */
public final class PasswordHasher {
  /** c. */
  public static PasswordHasher create(PasswordHashingOptions o, SecureRandom r) {
    return new PasswordHasher();
  }

  /** h. */
  public String hash(CharSequence p) {
    return "$plain$" + p;
  }

  /** v. */
  public boolean verify(CharSequence p, String h) {
    return h.equals("$plain$" + p);
  }

  /** n. */
  public boolean needsRehash(String h) {
    return false;
  }

  /** d. */
  public void verifyDummy(CharSequence p) {}
}
