package dev.latchkey.apikey;

/**
 * Hook for security events (key created, revoked, rotated, …). Package-private on purpose:
 * {@link ApiKeyService#create(dev.latchkey.spi.ApiKeyStore, java.time.Clock,
 * java.security.SecureRandom, ApiKeySettings, dev.latchkey.internal.EventRecorder)} adapts it to the
 * login history ({@code api_key.revoked_all} and {@code api_key.leak_revoked} become
 * {@link dev.latchkey.events.SecurityEventType#API_KEY_REVOKED} with {@code scope=all} or
 * {@code reason=leaked}).
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
   * the call: an exception here is logged and never fails the operation, except a
   * {@link dev.latchkey.spi.StoreException} (the login history could not be written), which
   * propagates.
   *
   * @param keyId the key's public id, or {@code null} for owner-wide events ({@code revoked_all})
   */
  void emit(String type, String owner, String keyId);
}
