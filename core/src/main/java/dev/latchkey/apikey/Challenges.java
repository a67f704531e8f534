package dev.latchkey.apikey;

import java.util.Objects;

/**
 * Builds RFC 6750 §3 {@code WWW-Authenticate} values. Engine class, package-private.
 *
 * <p>The realm is the host's text, so it is validated and quoted here (RFC 9110 quoted-string:
 * backslash-escape {@code "} and {@code \}). Error codes, descriptions and scopes are ours and
 * already within RFC 6750's character sets.
 */
final class Challenges {
  static final int MAX_REALM_LENGTH = 200;

  private Challenges() {}

  static String bearer(String realm) {
    return "Bearer realm=" + quote(realm);
  }

  static String invalidToken(String realm, String description) {
    return bearer(realm) + ", error=\"invalid_token\", error_description=\"" + description + "\"";
  }

  static String insufficientScope(String realm, String scope) {
    return bearer(realm) + ", error=\"insufficient_scope\", scope=\"" + scope + "\"";
  }

  /**
   * @throws IllegalArgumentException when the realm is longer than 200 characters or has characters
   *     a header cannot carry (controls, non-ASCII) — a host configuration mistake
   */
  private static String quote(String realm) {
    Objects.requireNonNull(realm, "realm");
    if (realm.length() > MAX_REALM_LENGTH) {
      throw new IllegalArgumentException(
          "Invalid realm of length " + realm.length() + "; at most " + MAX_REALM_LENGTH);
    }
    StringBuilder out = new StringBuilder(realm.length() + 2).append('"');
    for (int i = 0; i < realm.length(); i++) {
      char c = realm.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException(
            "Invalid realm; only printable ASCII is allowed in a header");
      }
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('"').toString();
  }
}
