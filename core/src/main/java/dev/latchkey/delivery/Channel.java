package dev.latchkey.delivery;

/** How a message reaches a person. Codes are stable. */
public enum Channel {
  /** A text message to a phone number in E.164 form ({@code +14155550123}). */
  SMS("sms"),
  /** An email to an address. */
  EMAIL("email");

  private final String code;

  Channel(String code) {
    this.code = code;
  }

  /** The stable, lower-case code ({@code sms}, {@code email}), as stored. */
  public String code() {
    return code;
  }

  /**
   * The channel with this code.
   *
   * @throws IllegalArgumentException for an unknown code
   */
  public static Channel fromCode(String code) {
    for (Channel c : values()) {
      if (c.code.equals(code)) {
        return c;
      }
    }
    throw new IllegalArgumentException("Unknown channel code; must be sms or email");
  }
}
