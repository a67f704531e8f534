package dev.latchkey.connected;

import java.time.Instant;

/**
 * The hook through which {@link ConnectedAccounts} reports changes, called after the store has
 * written them and only for calls that changed something. Package-private until the event types
 * for connected accounts exist: whoever adds them adapts a
 * {@link dev.latchkey.events.SecurityEventListener} to this interface and passes it to
 * {@link ConnectedAccounts#create(dev.latchkey.spi.ConnectedAccountStore,
 * dev.latchkey.spi.CredentialStore, java.time.Clock, ConnectedAccountEvents)}.
 *
 * <p>{@link ConnectedAccounts} logs and ignores any exception an implementation throws.
 */
interface ConnectedAccountEvents {
  /** Reports nothing (the default). */
  ConnectedAccountEvents NONE = new ConnectedAccountEvents() {
    @Override
    public void linked(String accountId, ConnectedAccount account) { }

    @Override
    public void unlinked(String accountId, String provider, Instant at) { }
  };

  /** The identity {@code account} was connected to {@code accountId}. */
  void linked(String accountId, ConnectedAccount account);

  /** The account's identity at {@code provider} was disconnected at {@code at}. */
  void unlinked(String accountId, String provider, Instant at);
}
