package dev.latchkey.store.redis;

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
 * The split: hot state from Redis, durable data from another bundle. TOTP stays with backup codes
 * in the durable bundle: its replay guard (the last accepted step) is set in the same atomic step
 * as activation and the first backup codes, so it cannot move to another server without losing
 * that atomicity. Passkeys stay there too: a passkey is a credential, and its ceremonies'
 * challenges live beside it in the same {@link PasskeyStore}.
 */
final class CombinedStores implements Stores {
  private final RedisStores redis;
  private final Stores durable;
  private final boolean apiKeysInRedis;

  CombinedStores(RedisStores redis, Stores durable, boolean apiKeysInRedis) {
    this.redis = redis;
    this.durable = durable;
    this.apiKeysInRedis = apiKeysInRedis;
  }

  @Override
  public SessionStore sessions() {
    return redis.sessions();
  }

  @Override
  public AttemptStore attempts() {
    return redis.attempts();
  }

  @Override
  public ChallengeStore challenges() {
    return redis.challenges();
  }

  @Override
  public KnownDeviceStore knownDevices() {
    return redis.knownDevices();
  }

  @Override
  public ApiKeyStore apiKeys() {
    return apiKeysInRedis ? redis.apiKeys() : durable.apiKeys();
  }

  @Override
  public CredentialStore credentials() {
    return durable.credentials();
  }

  @Override
  public TotpStore totp() {
    return durable.totp();
  }

  @Override
  public BackupCodeStore backupCodes() {
    return durable.backupCodes();
  }

  @Override
  public ConnectedAccountStore connectedAccounts() {
    return durable.connectedAccounts();
  }

  @Override
  public SecurityEventStore securityEvents() {
    return durable.securityEvents();
  }

  @Override
  public PasskeyStore passkeys() {
    return durable.passkeys();
  }

  /** Durable: a code's single use and its enrolled destination live with the credentials. */
  @Override
  public OneTimeCodeStore oneTimeCodes() {
    return durable.oneTimeCodes();
  }

  /** Durable: a reset or verification link's single use lives with the credentials. */
  @Override
  public AccountTokenStore accountTokens() {
    return durable.accountTokens();
  }

  @Override
  public String toString() {
    return "CombinedStores[redis=" + redis + ", durable=" + durable.getClass().getSimpleName()
        + ", apiKeysInRedis=" + apiKeysInRedis + "]";
  }
}
