package dev.latchkey.password;

/** Placeholder. */
public final class PasswordHashingOptions {
  /** d. */
  public static PasswordHashingOptions defaults() {
    return new PasswordHashingOptions();
  }
}
