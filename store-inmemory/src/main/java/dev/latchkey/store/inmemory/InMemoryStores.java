package dev.latchkey.store.inmemory;

import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.AttemptStore;
import dev.latchkey.spi.BackupCodeStore;
import dev.latchkey.spi.ChallengeStore;
import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.KnownDeviceStore;
import dev.latchkey.spi.AccountTokenStore;
import dev.latchkey.spi.OneTimeCodeStore;
import dev.latchkey.spi.PasskeyStore;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.Stores;
import dev.latchkey.spi.TotpStore;

/**
 * Thread-safe in-memory stores for tests and single-process apps. They behave like the JDBC stores
 * (same contract tests, immutable rows, expiry decided on read) but keep nothing across restarts.
 *
 * <pre>{@code Latchkey latchkey = Latchkey.builder().stores(InMemoryStores.create()).build();}</pre>
 */
public final class InMemoryStores implements Stores {
  private final InMemorySessionStore sessions = new InMemorySessionStore();
  private final InMemoryCredentialStore credentials = new InMemoryCredentialStore();
  private final InMemoryApiKeyStore apiKeys = new InMemoryApiKeyStore();
  private final InMemoryAttemptStore attempts = new InMemoryAttemptStore();
  private final TwoFactorState twoFactor = new TwoFactorState();
  private final InMemoryTotpStore totp = new InMemoryTotpStore(twoFactor);
  private final InMemoryBackupCodeStore backupCodes = new InMemoryBackupCodeStore(twoFactor);
  private final InMemoryChallengeStore challenges = new InMemoryChallengeStore();
  private final InMemoryConnectedAccountStore connectedAccounts =
      new InMemoryConnectedAccountStore();
  private final InMemorySecurityEventStore securityEvents = new InMemorySecurityEventStore();
  private final InMemoryKnownDeviceStore knownDevices = new InMemoryKnownDeviceStore();
  private final InMemoryPasskeyStore passkeys = new InMemoryPasskeyStore();
  private final InMemoryOneTimeCodeStore oneTimeCodes = new InMemoryOneTimeCodeStore();
  private final InMemoryAccountTokenStore accountTokens = new InMemoryAccountTokenStore();

  private InMemoryStores() {}

  /** A fresh, empty set of stores. */
  public static InMemoryStores create() {
    return new InMemoryStores();
  }

  @Override
  public SessionStore sessions() {
    return sessions;
  }

  @Override
  public CredentialStore credentials() {
    return credentials;
  }

  @Override
  public ApiKeyStore apiKeys() {
    return apiKeys;
  }

  @Override
  public TotpStore totp() {
    return totp;
  }

  @Override
  public BackupCodeStore backupCodes() {
    return backupCodes;
  }

  @Override
  public ChallengeStore challenges() {
    return challenges;
  }

  @Override
  public AttemptStore attempts() {
    return attempts;
  }

  @Override
  public ConnectedAccountStore connectedAccounts() {
    return connectedAccounts;
  }

  @Override
  public SecurityEventStore securityEvents() {
    return securityEvents;
  }

  @Override
  public KnownDeviceStore knownDevices() {
    return knownDevices;
  }

  @Override
  public PasskeyStore passkeys() {
    return passkeys;
  }

  @Override
  public OneTimeCodeStore oneTimeCodes() {
    return oneTimeCodes;
  }

  @Override
  public AccountTokenStore accountTokens() {
    return accountTokens;
  }
}
