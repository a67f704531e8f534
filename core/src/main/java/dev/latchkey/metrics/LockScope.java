package dev.latchkey.metrics;

/** Whose counter refused an attempt. */
public enum LockScope {
  /** The account's (shared by every client the account does not know). */
  ACCOUNT("account"),
  /** A known device's own allowance. */
  KNOWN_DEVICE("known_device"),
  /** The client address's (or the one shared by every client without a usable address). */
  CLIENT("client");

  private final String code;

  LockScope(String code) {
    this.code = code;
  }

  /** The stable, lower-case code. */
  public String code() {
    return code;
  }
}
