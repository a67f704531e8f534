package dev.latchkey.apikey;

import java.time.Instant;
import java.util.Set;

/**
 * Proof that a request presented a working API key at the moment {@link ApiKeyService#authenticate}
 * checked it.
 *
 * <p>Only this package can create one (package-private constructor), so a host method taking an
 * {@code AuthenticatedApiKey} — and {@link ApiKeyService#authorize} — cannot be fed an owner or a
 * permission the caller merely claims. Not a record, so it has no public constructor, and it holds
 * no secret.
 */
public final class AuthenticatedApiKey {
  private final String id;
  private final String owner;
  private final String name;
  private final Permission permission;
  private final Set<String> scopes;
  private final String environment;
  private final Instant expiresAt;

  AuthenticatedApiKey(String id, String owner, String name, Permission permission,
      Set<String> scopes, String environment, Instant expiresAt) {
    this.id = id;
    this.owner = owner;
    this.name = name;
    this.permission = permission;
    // Most keys have no custom scopes: the shared empty set then, not a new TreeSet per request.
    this.scopes = scopes.isEmpty() ? java.util.Collections.emptySortedSet()
        : java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(scopes));
    this.environment = environment;
    this.expiresAt = expiresAt;
  }

  /** The key's public id (safe to log). */
  public String id() {
    return id;
  }

  /** The owner the key acts for: the account or project whose data the request may touch. */
  public String owner() {
    return owner;
  }

  /** The key's display name. */
  public String name() {
    return name;
  }

  /** The key's permission. */
  public Permission permission() {
    return permission;
  }

  /** The key's custom scopes, sorted, unmodifiable (possibly empty). */
  public Set<String> scopes() {
    return scopes;
  }

  /** The environment the key belongs to, e.g. {@code live} or {@code test}. */
  public String environment() {
    return environment;
  }

  /** When the key expires, or {@code null} for never. */
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public String toString() {
    return "AuthenticatedApiKey[id=" + id + ", owner=" + owner + ", permission="
        + permission.code() + ", environment=" + environment + "]";
  }
}
