package dev.latchkey.passkeys;

/**
 * WebAuthn's user-verification requirement: whether the authenticator must check that the person
 * holding it is its owner (a PIN, a fingerprint, a face). Codes are the WebAuthn strings.
 */
public enum UserVerification {
  /** Every ceremony must verify the user (the UV flag must be set), or it is refused. */
  REQUIRED("required"),
  /** Ask for verification where the authenticator can do it; accept an answer without it. */
  PREFERRED("preferred");

  private final String code;

  UserVerification(String code) {
    this.code = code;
  }

  /** The WebAuthn string ({@code required}, {@code preferred}). */
  public String code() {
    return code;
  }
}
