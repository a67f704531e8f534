package dev.latchkey.connected;

import java.time.Instant;
import java.util.Objects;

/**
 * One provider identity connected to an account, safe to render on a "Connected accounts" page and
 * to return as JSON: it holds no token.
 *
 * @param provider the provider's code, such as {@code google}
 * @param subject the provider's stable id of the user (OpenID Connect's {@code sub})
 * @param email the address the provider reported when it was linked, or {@code null} when it
 *     reported none; for display only, never for matching accounts
 * @param linkedAt when it was linked (whole milliseconds)
 */
public record ConnectedAccount(String provider, String subject, String email, Instant linkedAt) {
  /** Validates that every field except {@code email} is present. */
  public ConnectedAccount {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(linkedAt, "linkedAt");
  }
}
