package dev.latchkey.servlet;

import dev.latchkey.apikey.AuthenticatedApiKey;

/** A request authenticated by an API key: the key's owner, and the authenticated key. */
public final class ApiKeyPrincipal extends LatchkeyPrincipal {
  /** {@code getAuthType()} of a request authenticated by an API key. */
  public static final String AUTH_TYPE = "BEARER";

  private final AuthenticatedApiKey key;

  ApiKeyPrincipal(AuthenticatedApiKey key) {
    this.key = key;
  }

  /** The key's owner: the account or project the request acts for. */
  @Override
  public String getName() {
    return key.owner();
  }

  /** The proof: permission, scopes, id, for {@code apiKeys().authorize(key, …)}. */
  public AuthenticatedApiKey apiKey() {
    return key;
  }

  @Override
  public String authType() {
    return AUTH_TYPE;
  }

  @Override
  public String toString() {
    return "ApiKeyPrincipal[" + key + "]";
  }
}
