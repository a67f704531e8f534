package dev.latchkey.apikey;

import java.util.Objects;

/**
 * The outcome of {@link ApiKeyService#authenticate(String)}: {@link Authenticated} with a proof, or
 * {@link Rejected} with a precise reason for the host and the answer for the caller (which, by
 * default, does not tell a revoked or expired key from one never issued). Use a {@code switch}:
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
   * The request is refused: answer {@link #httpStatus()} (401) with {@link #wwwAuthenticate(String)},
   * and show the caller {@link #code()} and {@link #description()} — never {@link #reason()}.
   *
   * <h2>What the caller learns</h2>
   * By default a key that was issued and then stopped working (revoked, rotated past its grace
   * period, expired) answers exactly as a key that was never issued: code {@value #INVALID_CODE},
   * {@code error_description="}{@value #INVALID_DESCRIPTION}{@code "}, same status, same
   * challenge. Otherwise whoever holds a leaked list of strings (an old dump, a scanner's haul)
   * could ask the API which of them were ever real keys, and learn which owners and systems to aim
   * at next. Expiry is concealed for the same reason: "expired" says the key existed just as
   * "revoked" does. The owner still sees each key's state in their key list
   * ({@link ApiKeyInfo#status()}), and the host still sees the precise {@link #reason()} here, for
   * its logs and metrics. {@link ApiKeySettings.Builder#revealKeyStateToCallers()} restores the
   * precise answers ({@code unknown}, {@code revoked}, {@code expired}), at that cost.
   *
   * <p>Reasons decided before any lookup ({@link Reason#MISSING}, {@link Reason#WRONG_SCHEME},
   * {@link Reason#MALFORMED}, {@link Reason#BAD_CHECKSUM}) say nothing about which keys exist and
   * are always answered precisely.
   *
   * @param reason why, precisely; safe to log, not for the caller
   * @param revealed whether the caller is told the precise reason: always {@code true} for a reason
   *     that is never concealed ({@link Reason#concealedByDefault()} is {@code false}); for the
   *     others, {@code true} only under {@link ApiKeySettings#revealsKeyStateToCallers()}
   */
  record Rejected(Reason reason, boolean revealed) implements ApiKeyAuthentication {
    /** The code a concealed rejection answers: {@code invalid}. */
    public static final String INVALID_CODE = "invalid";
    /** The {@code error_description} a concealed rejection answers. */
    public static final String INVALID_DESCRIPTION = "The API key is invalid";

    /** Requires a reason; a reason that is never concealed is always revealed. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      revealed = revealed || !reason.concealedByDefault();
    }

    /** A rejection as the default settings answer it: concealed where the reason allows. */
    public Rejected(Reason reason) {
      this(reason, false);
    }

    @Override
    public boolean isAuthenticated() {
      return false;
    }

    /**
     * The stable code to show the caller: the reason's code when {@link #revealed()}, else
     * {@value #INVALID_CODE}. For logs and metrics use {@code reason().code()}.
     */
    public String code() {
      return revealed ? reason.code() : INVALID_CODE;
    }

    /**
     * The {@code error_description} to show the caller (see {@link #code()} for which one), or
     * {@code null} for {@link Reason#MISSING} and {@link Reason#WRONG_SCHEME}, which carry no error.
     */
    public String description() {
      return revealed ? reason.description() : INVALID_DESCRIPTION;
    }

    /** Always 401. */
    public int httpStatus() {
      return reason.httpStatus();
    }

    /**
     * The {@code WWW-Authenticate} value (RFC 6750 §3): {@code Bearer realm="api"} when there is no
     * {@link #description()}, else {@code Bearer realm="api", error="invalid_token",
     * error_description="The API key is invalid"} with that description.
     *
     * @param realm printable ASCII, at most 200 characters; quotes and backslashes are escaped
     * @throws IllegalArgumentException for a realm a header cannot carry
     */
    public String wwwAuthenticate(String realm) {
      String description = description();
      return description == null ? Challenges.bearer(realm)
          : Challenges.invalidToken(realm, description);
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
    /**
     * No key has this hash (never issued, or deleted). Concealed by default: answers
     * {@value Rejected#INVALID_CODE} (see {@link Rejected}).
     */
    UNKNOWN("unknown", "The API key is invalid"),
    /**
     * Revoked, or rotated and past its grace period. Concealed by default: answers
     * {@value Rejected#INVALID_CODE}, like a key never issued (see {@link Rejected}).
     */
    REVOKED("revoked", "The API key has been revoked"),
    /**
     * Past its expiry. Concealed by default: answers {@value Rejected#INVALID_CODE}, like a key
     * never issued (see {@link Rejected}).
     */
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
     * The precise {@code error_description}, or {@code null} for {@link #MISSING} and
     * {@link #WRONG_SCHEME}, which carry no error. What the client is sent is
     * {@link Rejected#description()}, which conceals this by default.
     */
    public String description() {
      return description;
    }

    /**
     * Whether the caller is told {@value Rejected#INVALID_CODE} instead of this reason unless the
     * settings reveal it: {@code true} for the outcomes of a lookup ({@link #UNKNOWN},
     * {@link #REVOKED}, {@link #EXPIRED}), which would otherwise say which keys were ever issued.
     */
    public boolean concealedByDefault() {
      return this == UNKNOWN || this == REVOKED || this == EXPIRED;
    }

    /**
     * The precise {@code WWW-Authenticate} value (RFC 6750 §3), as
     * {@link ApiKeySettings.Builder#revealKeyStateToCallers()} answers it; by default answer
     * {@link Rejected#wwwAuthenticate(String)} instead:
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
