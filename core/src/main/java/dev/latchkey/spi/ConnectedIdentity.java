package dev.latchkey.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored link between an account and an identity at an external sign-in provider (an OAuth /
 * OpenID Connect account such as "Google user 1234…"). Holds no token: the host keeps whatever
 * access or refresh tokens it needs.
 *
 * <p>The constructor enforces only what every store must be able to hold (presence and the
 * column lengths); {@code ConnectedAccounts} checks the syntax rules before it builds one.
 *
 * @param accountId the host's opaque account id (1 to {@value #MAX_ACCOUNT_ID_LENGTH} characters)
 * @param provider the provider's code, such as {@code google} (1 to
 *     {@value #MAX_PROVIDER_LENGTH} characters); compared exactly
 * @param subject the provider's stable id of the user (OpenID Connect's {@code sub}; 1 to
 *     {@value #MAX_SUBJECT_LENGTH} characters); compared exactly, case-sensitively
 * @param email the address the provider reported, for display only, or {@code null} when it
 *     reported none (at most {@value #MAX_EMAIL_LENGTH} characters)
 * @param linkedAt when the link was made
 */
public record ConnectedIdentity(String accountId, String provider, String subject, String email,
    Instant linkedAt) {
  /** The longest account id a store must hold: 255. */
  public static final int MAX_ACCOUNT_ID_LENGTH = 255;
  /** The longest provider code a store must hold: 32. */
  public static final int MAX_PROVIDER_LENGTH = 32;
  /** The longest subject a store must hold: 255 (OpenID Connect's limit for {@code sub}). */
  public static final int MAX_SUBJECT_LENGTH = 255;
  /** The longest e-mail address a store must hold: 320 (64 + 1 + 255, RFC 3696 erratum). */
  public static final int MAX_EMAIL_LENGTH = 320;

  /**
   * Validates presence and lengths.
   *
   * @throws NullPointerException when a field other than {@code email} is {@code null}
   * @throws IllegalArgumentException when a field is empty or longer than its maximum
   */
  public ConnectedIdentity {
    requireLength("accountId", accountId, MAX_ACCOUNT_ID_LENGTH);
    requireLength("provider", provider, MAX_PROVIDER_LENGTH);
    requireLength("subject", subject, MAX_SUBJECT_LENGTH);
    if (email != null) {
      requireLength("email", email, MAX_EMAIL_LENGTH);
    }
    Objects.requireNonNull(linkedAt, "linkedAt");
  }

  private static void requireLength(String name, String value, int max) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty() || value.length() > max) {
      throw new IllegalArgumentException(name + " must be 1 to " + max + " characters, was "
          + value.length());
    }
  }
}
