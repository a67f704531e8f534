package dev.latchkey.passkey;

import dev.latchkey.spi.PasskeyRecord;

/**
 * The outcome of recording a verified assertion's signature counter
 * ({@link PasskeyRegistry#recordUse}).
 */
public sealed interface PasskeyUseResult {
  /** The stable code: {@code used} or {@code clone_suspected}. */
  String code();

  /** The use is recorded. @param passkey the passkey as it is now */
  record Used(PasskeyRecord passkey) implements PasskeyUseResult {
    /** {@code used}. */
    @Override
    public String code() {
      return "used";
    }
  }

  /**
   * The counter did not move forward: another copy of the credential may exist. The assertion
   * must be refused; a {@code passkey.clone_suspected} event was recorded.
   *
   * @param storedCount the counter stored before
   * @param receivedCount the counter the authenticator reported
   */
  record CloneSuspected(long storedCount, long receivedCount) implements PasskeyUseResult {
    /** {@code clone_suspected}. */
    @Override
    public String code() {
      return "clone_suspected";
    }
  }
}
