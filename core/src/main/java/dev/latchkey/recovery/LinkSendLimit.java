package dev.latchkey.recovery;

/** Which send limit refused a recovery link. Codes are stable. */
public enum LinkSendLimit {
  /** Too many links to this address, whatever account or client asked. */
  ADDRESS("address"),
  /** Too many links asked for from this client address. */
  CLIENT("client");

  private final String code;

  LinkSendLimit(String code) {
    this.code = code;
  }

  /** The stable code. */
  public String code() {
    return code;
  }
}
