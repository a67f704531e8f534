package dev.latchkey.apikey;

import java.util.Objects;

/**
 * The outcome of {@link ApiKeyService#authorize}: {@link Allowed}, or {@link Forbidden} with the
 * scope the key lacks, which maps to 403 with an RFC 6750 {@code insufficient_scope} challenge.
 */
public sealed interface Authorization {

  /** Whether the key may go ahead. */
  boolean isAllowed();

  /** The stable code: {@code allowed} or {@code insufficient_scope}. */
  String code();

  /** The key has what the operation requires. */
  record Allowed() implements Authorization {
    @Override
    public boolean isAllowed() {
      return true;
    }

    @Override
    public String code() {
      return "allowed";
    }
  }

  /**
   * The key is valid but short of what the operation requires.
   *
   * @param requiredScope a permission code ({@code read_write}, {@code admin}) or a custom scope
   */
  record Forbidden(String requiredScope) implements Authorization {
    /**
     * Requires a scope in scope syntax, so it can go into a header unquoted-safe.
     *
     * @throws IllegalArgumentException when it does not match {@link ApiKeySpec#SCOPE_SYNTAX}
     */
    public Forbidden {
      Objects.requireNonNull(requiredScope, "requiredScope");
      if (requiredScope.length() > ApiKeySpec.MAX_SCOPE_LENGTH
          || !ApiKeySpec.SCOPE.matcher(requiredScope).matches()) {
        throw new IllegalArgumentException("Invalid scope; must match " + ApiKeySpec.SCOPE_SYNTAX);
      }
    }

    @Override
    public boolean isAllowed() {
      return false;
    }

    @Override
    public String code() {
      return "insufficient_scope";
    }

    /** Always 403 Forbidden: the key is valid, so re-authenticating would not help. */
    public int httpStatus() {
      return 403;
    }

    /**
     * The exact {@code WWW-Authenticate} value (RFC 6750 §3.1), e.g.
     * {@code Bearer realm="api", error="insufficient_scope", scope="read_write"}.
     *
     * @param realm printable ASCII, at most 200 characters; quotes and backslashes are escaped
     * @throws IllegalArgumentException for a realm a header cannot carry
     */
    public String wwwAuthenticate(String realm) {
      return Challenges.insufficientScope(realm, requiredScope);
    }
  }
}
