package dev.latchkey.apikey;

import java.util.Objects;

/**
 * The outcome of {@link ApiKeyService#create(dev.latchkey.session.ValidatedSession, ApiKeySpec)}:
 * {@link Created} with the key's plaintext (shown once), or {@link ReauthenticationRequired}.
 *
 * <p>Suggested HTTP answers: {@link Created} 201, {@link ReauthenticationRequired} 403 (the
 * caller is signed in; a 401 would read as "signed out").
 */
public sealed interface ApiKeyCreateResult {

  /** The stable code: {@code created} or {@code reauthentication_required}. */
  String code();

  /** The key was created. Not a record: it holds the key's plaintext. */
  final class Created implements ApiKeyCreateResult {
    private final CreatedApiKey key;

    Created(CreatedApiKey key) {
      this.key = Objects.requireNonNull(key, "key");
    }

    /** The new key, with its plaintext: show it once. */
    public CreatedApiKey key() {
      return key;
    }

    /** {@code created}. */
    @Override
    public String code() {
      return "created";
    }

    @Override
    public String toString() {
      return "Created[" + key + "]";
    }
  }

  /**
   * Nothing was created: the key would be powerful ({@code read_write}, {@code admin} or with
   * custom scopes) and the session's last authentication is older than the
   * {@link dev.latchkey.session.SensitiveAction#CREATE_POWERFUL_API_KEY} window. Ask the user to
   * re-authenticate, then retry.
   */
  record ReauthenticationRequired() implements ApiKeyCreateResult {
    /** {@code reauthentication_required}. */
    @Override
    public String code() {
      return "reauthentication_required";
    }
  }
}
