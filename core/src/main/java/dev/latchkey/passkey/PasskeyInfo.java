package dev.latchkey.passkey;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One passkey as a security page lists it. Plain data, no secret.
 *
 * @param credentialId the credential id (base64url): what rename and remove take
 * @param name the name the user gave it
 * @param transports how the browser said it can be reached ({@code internal}, {@code hybrid}…)
 * @param backupEligible whether it may be synced between devices (a multi-device passkey)
 * @param backedUp whether it was backed up at its last use
 * @param aaguid the authenticator model's id (all zeros when it does not say); a host may map it to
 *     a model name
 * @param createdAt when it was added
 * @param lastUsedAt when it last signed in, or {@code null}
 */
public record PasskeyInfo(String credentialId, String name, Set<String> transports,
    boolean backupEligible, boolean backedUp, String aaguid, Instant createdAt,
    Instant lastUsedAt) {

  /** Copies the transports. */
  public PasskeyInfo {
    transports = Set.copyOf(transports);
  }

  /** When it last signed in, if ever. */
  public Optional<Instant> lastUsed() {
    return Optional.ofNullable(lastUsedAt);
  }
}
