package dev.latchkey.apikey;

import java.util.Objects;

/**
 * The outcome of {@link ApiKeyService#rotate}: {@link Rotated} with the replacement's plaintext
 * (shown once), {@link NotRotated} with a stable reason — the same codes as
 * {@code SessionRotateResult} — or, from the session-scoped call, {@link ReauthenticationRequired}.
 */
public sealed interface ApiKeyRotateResult {

  /** The stable code: {@code rotated} or the reason's code. */
  String code();

  /**
   * A replacement was issued; the previous key works until {@code previous().graceUntil()}.
   * Not a record: it holds the replacement's plaintext.
   */
  final class Rotated implements ApiKeyRotateResult {
    private final CreatedApiKey replacement;
    private final ApiKeyInfo previous;

    Rotated(CreatedApiKey replacement, ApiKeyInfo previous) {
      this.replacement = replacement;
      this.previous = previous;
    }

    /** The new key, with its plaintext: show it once. */
    public CreatedApiKey replacement() {
      return replacement;
    }

    /** The old key as it is now: {@code replacedBy} and {@code graceUntil} set. */
    public ApiKeyInfo previous() {
      return previous;
    }

    @Override
    public String code() {
      return "rotated";
    }

    @Override
    public String toString() {
      return "Rotated[replacement=" + replacement + ", previous=" + previous.id() + "]";
    }
  }

  /**
   * Nothing was issued.
   *
   * @param reason why
   */
  record NotRotated(Reason reason) implements ApiKeyRotateResult {
    /** Requires the reason. */
    public NotRotated {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String code() {
      return reason.code();
    }
  }

  /**
   * Nothing was issued: the key is powerful ({@code read_write}, {@code admin} or with custom
   * scopes), so its replacement is too, and the session's last authentication is older than the
   * {@link dev.latchkey.session.SensitiveAction#CREATE_POWERFUL_API_KEY} window (403). Ask the user
   * to re-authenticate, then retry.
   */
  record ReauthenticationRequired() implements ApiKeyRotateResult {
    /** {@code reauthentication_required}. */
    @Override
    public String code() {
      return "reauthentication_required";
    }
  }

  /** Why a key was not rotated. Codes are stable. */
  enum Reason {
    /** No key with this id belongs to this owner (404). */
    NOT_FOUND("not_found"),
    /** The key is revoked (409). */
    REVOKED("revoked"),
    /** The key has expired (409). */
    EXPIRED("expired"),
    /** The key was already rotated; rotate its replacement instead (409). */
    ALREADY_ROTATED("already_rotated");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** The stable code. */
    public String code() {
      return code;
    }
  }
}
