package dev.latchkey.spi;

/**
 * One set of stores, so a host can hand all of them to {@code Latchkey.builder().stores(...)} at once.
 * {@code InMemoryStores} and {@code JdbcStores} implement it; a host may mix its own.
 */
public interface Stores {
  /** Where sessions live. */
  SessionStore sessions();

  /** Where password hashes live. */
  CredentialStore credentials();

  /** Where API key hashes and metadata live. */
  ApiKeyStore apiKeys();

  /**
   * Where authenticator-app secrets live; shares its storage with {@link #backupCodes()}.
   *
   * @throws UnsupportedOperationException when this bundle has no two-factor storage (the default,
   *     for bundles written before it existed)
   */
  default TotpStore totp() {
    throw new UnsupportedOperationException(getClass().getName() + " has no TOTP store");
  }

  /**
   * Where backup-code hashes live; shares its storage with {@link #totp()}.
   *
   * @throws UnsupportedOperationException when this bundle has no two-factor storage (the default)
   */
  default BackupCodeStore backupCodes() {
    throw new UnsupportedOperationException(getClass().getName() + " has no backup code store");
  }

  /**
   * Where sign-in challenges (first factor passed, second one owed) live. Every process that
   * completes sign-ins must share this store, so a challenge is used once across all of them.
   *
   * @throws UnsupportedOperationException when this bundle has none (the default, for bundles
   *     written before it existed); {@code Latchkey.builder().build()} then asks for
   *     {@code challengeStore(...)} when two-factor authentication is configured
   */
  default ChallengeStore challenges() {
    throw new UnsupportedOperationException(getClass().getName() + " has no challenge store");
  }

  /**
   * Where attempt counters for brute-force protection live. Every process that should share one
   * limit must share this store.
   *
   * @throws UnsupportedOperationException when this bundle has none (the default, for bundles
   *     written before it existed); {@code Latchkey.builder().build()} then asks for
   *     {@code attemptStore(...)}
   */
  default AttemptStore attempts() {
    throw new UnsupportedOperationException(getClass().getName() + " has no attempt store");
  }

  /**
   * Where known devices live: the device tokens given out at successful sign-ins, which give a
   * device that signed in before an attempt allowance of its own.
   *
   * @throws UnsupportedOperationException when this bundle has none (the default, for bundles
   *     written before it existed); sign-ins then hand out no device tokens and every client counts
   *     against the account's allowance
   */
  default KnownDeviceStore knownDevices() {
    throw new UnsupportedOperationException(getClass().getName() + " has no known device store");
  }

  /**
   * Where links to external sign-in providers (connected accounts) live.
   *
   * @throws UnsupportedOperationException when this bundle has none (the default, for bundles
   *     written before it existed); {@code Latchkey.connectedAccounts()} then needs
   *     {@code connectedAccountStore(...)} on the builder
   */
  default ConnectedAccountStore connectedAccounts() {
    throw new UnsupportedOperationException(
        getClass().getName() + " has no connected account store");
  }

  /**
   * Where security events (login history) live.
   *
   * @throws UnsupportedOperationException when this bundle has none (the default, for bundles
   *     written before it existed); Latchkey then still notifies the event listener but keeps no
   *     history, flags no sign-in as suspicious, and {@code Latchkey.loginHistory()} throws
   */
  default SecurityEventStore securityEvents() {
    throw new UnsupportedOperationException(getClass().getName() + " has no security event store");
  }

  /**
   * Where passkeys (WebAuthn credentials) and their ceremonies' challenges live. Every process that
   * verifies passkeys must share it, so a challenge is answered once and a signature counter only
   * moves forward across all of them.
   *
   * @throws UnsupportedOperationException when this bundle has none (the default, for bundles
   *     written before it existed); {@code Latchkey} then has no passkeys unless
   *     {@code passkeyStore(...)} is called on its builder
   */
  default PasskeyStore passkeys() {
    throw new UnsupportedOperationException(getClass().getName() + " has no passkey store");
  }

  /**
   * Where SMS and email one-time codes (keyed hashes) and the destinations accounts enrolled for
   * them live. Every process that checks codes must share it, so a code is used once across all
   * of them.
   *
   * @throws UnsupportedOperationException when this bundle has none (the default, for bundles
   *     written before it existed); {@code Latchkey} then has no SMS or email codes unless
   *     {@code oneTimeCodeStore(...)} is called on its builder
   */
  default OneTimeCodeStore oneTimeCodes() {
    throw new UnsupportedOperationException(getClass().getName() + " has no one-time code store");
  }

  /**
   * Where single-use account tokens (password-reset links, email verifications, email changes and
   * their undo links) live, as hashes. Every process that accepts such links must share it, so a
   * link is used once across all of them.
   *
   * @throws UnsupportedOperationException when this bundle has none (the default, for bundles
   *     written before it existed); {@code Latchkey} then has no password reset or email
   *     verification unless {@code accountTokenStore(...)} is called on its builder
   */
  default AccountTokenStore accountTokens() {
    throw new UnsupportedOperationException(getClass().getName() + " has no account token store");
  }
}
