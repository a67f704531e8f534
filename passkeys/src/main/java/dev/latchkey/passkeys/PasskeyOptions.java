package dev.latchkey.passkeys;

import dev.latchkey.common.Secret;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Options for one WebAuthn ceremony, as the browser takes them: {@link #json()} is the JSON form
 * of {@code PublicKeyCredentialCreationOptions} or {@code PublicKeyCredentialRequestOptions}, with
 * every binary value base64url-encoded, ready for {@code PublicKeyCredential
 * .parseCreationOptionsFromJSON} / {@code parseRequestOptionsFromJSON}.
 *
 * <p>Not a record: a passwordless ceremony's {@link #ceremony() token} is a secret.
 */
public final class PasskeyOptions {
  private final String json;
  private final Instant expiresAt;
  private final Secret ceremony;

  PasskeyOptions(String json, Instant expiresAt, Secret ceremony) {
    this.json = Objects.requireNonNull(json, "json");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.ceremony = ceremony;
  }

  /** The options as JSON, to send to the browser as they are. */
  public String json() {
    return json;
  }

  /** When the challenge in them stops being accepted. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * For a passwordless sign-in only: the token the answer must come back with (keep it in a
   * short-lived HttpOnly cookie), which binds the challenge to this browser. Empty otherwise.
   */
  public Optional<Secret> ceremony() {
    return Optional.ofNullable(ceremony);
  }

  @Override
  public String toString() {
    return "PasskeyOptions[expiresAt=" + expiresAt + "]";
  }
}
