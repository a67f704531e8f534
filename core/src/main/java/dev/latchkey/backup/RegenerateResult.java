package dev.latchkey.backup;

import java.util.Objects;

/** The outcome of {@link BackupCodes#regenerate}. */
public sealed interface RegenerateResult {

  /** The old codes are void; show {@link #codes()} to the user once. */
  final class Regenerated implements RegenerateResult {
    private final BackupCodeSet codes;

    Regenerated(BackupCodeSet codes) {
      this.codes = Objects.requireNonNull(codes, "codes");
    }

    /** The new codes, in plaintext. */
    public BackupCodeSet codes() {
      return codes;
    }

    @Override
    public String toString() {
      return "Regenerated[" + codes + "]";
    }
  }

  /** Refused: the account has no active two-factor authentication. Nothing changed. */
  record NotEnabled() implements RegenerateResult {
    /** Stable code: {@code not_enrolled}. */
    public String code() {
      return "not_enrolled";
    }
  }
}
