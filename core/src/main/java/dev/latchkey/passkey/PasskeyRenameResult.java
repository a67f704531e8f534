package dev.latchkey.passkey;

/**
 * The outcome of {@link PasskeyRegistry#rename}. Every variant has a stable {@link #code()}.
 * Suggested HTTP answers: {@link Renamed} 200, {@link NotFound} 404, {@link InvalidName} 422.
 */
public sealed interface PasskeyRenameResult {
  /** The stable code: {@code renamed}, {@code not_found} or {@code invalid_name}. */
  String code();

  /** The passkey has its new name. @param passkey the passkey as it is now */
  record Renamed(PasskeyInfo passkey) implements PasskeyRenameResult {
    /** {@code renamed}. */
    @Override
    public String code() {
      return "renamed";
    }
  }

  /** The account has no passkey with that credential id; nothing changed. */
  record NotFound() implements PasskeyRenameResult {
    /** {@code not_found}. */
    @Override
    public String code() {
      return "not_found";
    }
  }

  /**
   * The name is blank, longer than {@value dev.latchkey.spi.PasskeyRecord#MAX_NAME_LENGTH}
   * characters or holds control characters; nothing changed.
   */
  record InvalidName() implements PasskeyRenameResult {
    /** {@code invalid_name}. */
    @Override
    public String code() {
      return "invalid_name";
    }
  }
}
