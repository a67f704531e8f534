package dev.latchkey.totp;

import java.util.Objects;

/** The outcome of {@link TotpEnroller#begin}. */
public sealed interface BeginResult {

  /** A pending enrolment was stored (replacing any earlier pending one); show it to the user. */
  final class Started implements BeginResult {
    private final TotpEnrollment enrollment;

    Started(TotpEnrollment enrollment) {
      this.enrollment = Objects.requireNonNull(enrollment, "enrollment");
    }

    /** The secret, key URI and QR codes to show. */
    public TotpEnrollment enrollment() {
      return enrollment;
    }

    @Override
    public String toString() {
      return "Started[" + enrollment + "]";
    }
  }

  /**
   * Refused: two-factor authentication is already active. Nothing changed; disable it first to
   * switch to another app.
   */
  record AlreadyEnabled() implements BeginResult {
    /** Stable code: {@code already_enabled}. */
    public String code() {
      return "already_enabled";
    }
  }
}
