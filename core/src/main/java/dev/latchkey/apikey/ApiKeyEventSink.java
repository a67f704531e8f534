package dev.latchkey.apikey;

/**
 * Hook for security events (key created, revoked, rotated, …). Package-private on purpose: the
 * {@code dev.latchkey.events} package lands on another branch, and the integrator will adapt this
 * sink to its listener type (and expose it through {@code Latchkey}). Until then it is a no-op.
 *
 * <p>Event types are stable codes: {@code api_key.created}, {@code api_key.revoked},
 * {@code api_key.revoked_all}, {@code api_key.rotated}, {@code api_key.leak_revoked}. No event carries
 * a key or a hash.
 */
@FunctionalInterface
interface ApiKeyEventSink {
  /** Does nothing. */
  ApiKeyEventSink NONE = (type, owner, keyId) -> {};

  /**
   * Records one event. {@link ApiKeyService} calls it after the store write succeeded and guards
   * the call: an exception here is logged and never fails the operation.
   *
   * @param keyId the key's public id, or {@code null} for owner-wide events ({@code revoked_all})
   */
  void emit(String type, String owner, String keyId);
}
