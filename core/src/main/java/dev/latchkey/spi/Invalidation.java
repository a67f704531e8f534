package dev.latchkey.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * One change that makes cached validation answers wrong, as it travels over an
 * {@link InvalidationBus}: what kind of thing changed and its id. It carries ids only, never a
 * token, a key or a hash, so a bus (a database channel, a Redis channel) never sees a secret.
 *
 * <p>Its wire form ({@link #encode()}, {@link #decode(String)}) is {@code kind-code:id}, at most
 * {@link #MAX_ENCODED_LENGTH} characters of ASCII, which fits a PostgreSQL {@code NOTIFY} payload,
 * a Redis message and a table column alike.
 *
 * @param kind what changed
 * @param id the session id for {@link Kind#SESSION}, the API key id for {@link Kind#API_KEY}, the
 *     account (owner) id for the other kinds
 */
public record Invalidation(Kind kind, String id) {
  /** The longest id carried: ids are public ids or account ids, both far shorter. */
  public static final int MAX_ID_LENGTH = 255;
  /** The longest wire form: a kind code, a colon and an id. */
  public static final int MAX_ENCODED_LENGTH = MAX_ID_LENGTH + 20;

  /** What changed. Each kind has a stable {@link #code()} used on the wire. */
  public enum Kind {
    /** One session was revoked, rotated or changed (sign-out, re-authentication). */
    SESSION("session"),
    /** Every session (or every other session) of an account was revoked. */
    ACCOUNT_SESSIONS("account_sessions"),
    /** A factor of the account changed (password, 2FA, passkey, sign-in method): its sessions end. */
    ACCOUNT_FACTORS("account_factors"),
    /** One API key was revoked or rotated. */
    API_KEY("api_key"),
    /** Every API key of an owner was revoked. */
    ACCOUNT_API_KEYS("account_api_keys");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    /** The stable wire code. */
    public String code() {
      return code;
    }

    static Optional<Kind> fromCode(String code) {
      for (Kind k : values()) {
        if (k.code.equals(code)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException when the id is empty, longer than {@link #MAX_ID_LENGTH} or
   *     not printable ASCII
   */
  public Invalidation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    if (!validId(id)) {
      throw new IllegalArgumentException(
          "Invalid invalidation id; must be 1 to " + MAX_ID_LENGTH + " printable ASCII characters");
    }
  }

  /** One session revoked, rotated or changed. */
  public static Invalidation session(String sessionId) {
    return new Invalidation(Kind.SESSION, sessionId);
  }

  /** Every session (or every other session) of the account revoked. */
  public static Invalidation accountSessions(String accountId) {
    return new Invalidation(Kind.ACCOUNT_SESSIONS, accountId);
  }

  /** A factor of the account changed. */
  public static Invalidation accountFactors(String accountId) {
    return new Invalidation(Kind.ACCOUNT_FACTORS, accountId);
  }

  /** One API key revoked or rotated. */
  public static Invalidation apiKey(String keyId) {
    return new Invalidation(Kind.API_KEY, keyId);
  }

  /** Every API key of the owner revoked. */
  public static Invalidation accountApiKeys(String owner) {
    return new Invalidation(Kind.ACCOUNT_API_KEYS, owner);
  }

  /** The wire form, {@code kind-code:id}. */
  public String encode() {
    return kind.code + ":" + id;
  }

  /**
   * Parses a wire form; empty (never an exception) for anything that is not one, so a stray message
   * on a shared channel cannot break a subscriber.
   */
  public static Optional<Invalidation> decode(String encoded) {
    if (encoded == null || encoded.length() > MAX_ENCODED_LENGTH) {
      return Optional.empty();
    }
    int colon = encoded.indexOf(':');
    if (colon < 1) {
      return Optional.empty();
    }
    String id = encoded.substring(colon + 1);
    return validId(id)
        ? Kind.fromCode(encoded.substring(0, colon)).map(k -> new Invalidation(k, id))
        : Optional.empty();
  }

  private static boolean validId(String id) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
