package dev.latchkey.apikey;

/** The state of a key at the moment it was listed. Codes are stable. */
public enum ApiKeyStatus {
  /** Works. */
  ACTIVE("active"),
  /** Replaced by rotation; still works until its grace period ends. */
  ROTATING("rotating"),
  /** Replaced by rotation and past its grace period: refused. */
  ROTATED("rotated"),
  /** Past its expiry: refused. */
  EXPIRED("expired"),
  /** Revoked: refused. */
  REVOKED("revoked");

  private final String code;

  ApiKeyStatus(String code) {
    this.code = code;
  }

  /** The stable code. */
  public String code() {
    return code;
  }

  /** Whether a key in this state authenticates. */
  public boolean works() {
    return this == ACTIVE || this == ROTATING;
  }
}
