package dev.latchkey.apikey;

import java.util.Objects;

/**
 * The outcome of {@link ApiKeyService#authenticate(String)}: {@link Authenticated} with a proof, or
 * {@link Rejected} with a stable reason that maps to the HTTP answer. Use a {@code switch}:
 *
 * <pre>{@code
 * switch (apiKeys.authenticate(ctx.header("Authorization"))) {
 *   case ApiKeyAuthentication.Authenticated a -> handle(a.key());
 *   case ApiKeyAuthentication.Rejected r -> ctx.status(r.httpStatus())
 *       .header("WWW-Authenticate", r.wwwAuthenticate("api"));
 * }
 * }</pre>
 * (pattern matching for {@code switch} needs Java 21; on 17 use {@code instanceof}.)
 */
public sealed interface ApiKeyAuthentication {

  /** Whether the key was accepted. */
  boolean isAuthenticated();

  /** The key works; {@link #key()} is the proof to pass to {@link ApiKeyService#authorize}. */
  final class Authenticated implements ApiKeyAuthentication {
    private final AuthenticatedApiKey key;

    Authenticated(AuthenticatedApiKey key) {
      this.key = key;
    }

    /** The authenticated key. */
    public AuthenticatedApiKey key() {
      return key;
    }

    @Override
    public boolean isAuthenticated() {
      return true;
    }

    @Override
    public String toString() {
      return "Authenticated[" + key + "]";
    }
  }

  /**
   * The request is refused: answer {@link #httpStatus()} (401) with {@link #wwwAuthenticate(String)}.
   *
   * @param reason why; safe to log
   */
  record Rejected(Reason reason) implements ApiKeyAuthentication {
    /** Requires a reason. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean isAuthenticated() {
      return false;
    }

    /** The stable code of the reason. */
    public String code() {
      return reason.code();
    }

    /** Always 401. */
    public int httpStatus() {
      return reason.httpStatus();
    }

    /** The {@code WWW-Authenticate} value; see {@link Reason#wwwAuthenticate(String)}. */
    public String wwwAuthenticate(String realm) {
      return reason.wwwAuthenticate(realm);
    }
  }

  /**
   * Why a request was refused. Codes are stable. Every reason answers 401 Unauthorized; the
   * challenge follows RFC 6750 §3.1: no error code when the request carried no Bearer credentials
   * ({@link #MISSING}, {@link #WRONG_SCHEME}), {@code invalid_token} otherwise.
   */
  enum Reason {
    /** No {@code Authorization} header (null, empty or only whitespace). */
    MISSING("missing", null),
    /**
     * A scheme other than {@code Bearer} (e.g. {@code Basic}, or a key sent without a scheme).
     * RFC 6750 §3.1 says a request that "attempted using an unsupported authentication method"
     * gets a challenge with no error code, so the client learns only to use Bearer.
     */
    WRONG_SCHEME("wrong_scheme", null),
    /**
     * Bearer, but the credentials are not one of our keys: absent, over the length cap, characters
     * outside the key alphabet, wrong prefix or environment, wrong length. Never looked up.
     */
    MALFORMED("malformed", "The API key is malformed"),
    /** Shaped like a key but the checksum does not match (a typo): never looked up. */
    BAD_CHECKSUM("bad_checksum", "The API key is malformed (checksum mismatch)"),
    /** No key has this hash (never issued, or deleted). */
    UNKNOWN("unknown", "The API key is invalid"),
    /** Revoked, or rotated and past its grace period. */
    REVOKED("revoked", "The API key has been revoked"),
    /** Past its expiry. */
    EXPIRED("expired", "The API key has expired");

    private final String code;
    private final String description;

    Reason(String code, String description) {
      this.code = code;
      this.description = description;
    }

    /** The stable code. */
    public String code() {
      return code;
    }

    /** Always 401 Unauthorized (403 is for {@link Authorization.Forbidden}). */
    public int httpStatus() {
      return 401;
    }

    /**
     * The {@code error_description} sent to the client, or {@code null} for {@link #MISSING} and
     * {@link #WRONG_SCHEME}, which carry no error.
     */
    public String description() {
      return description;
    }

    /**
     * The exact {@code WWW-Authenticate} value (RFC 6750 §3):
     * <ul>
     *   <li>{@link #MISSING}, {@link #WRONG_SCHEME}: {@code Bearer realm="api"}
     *   <li>otherwise: {@code Bearer realm="api", error="invalid_token",
     *       error_description="The API key has been revoked"}
     * </ul>
     *
     * @param realm printable ASCII, at most 200 characters; quotes and backslashes are escaped
     * @throws IllegalArgumentException for a realm a header cannot carry
     */
    public String wwwAuthenticate(String realm) {
      return description == null ? Challenges.bearer(realm)
          : Challenges.invalidToken(realm, description);
    }
  }
}
