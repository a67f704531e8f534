package dev.latchkey.signin;

import dev.latchkey.common.Secret;
import dev.latchkey.internal.HashLookup;
import dev.latchkey.internal.Hashing;
import dev.latchkey.internal.Time;
import dev.latchkey.internal.Tokens;
import dev.latchkey.spi.KnownDeviceRecord;
import dev.latchkey.spi.KnownDeviceStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The lifecycle of device tokens: issue one at a successful sign-in (replacing the one the device
 * showed), recognise one at the next sign-in, forget an account's devices.
 *
 * <p>The token exists only in what {@link #issue} returns; the store keeps its SHA-256, bound to
 * the account. Recognising looks the presented token up whatever the account is — an unknown
 * login name too — so the store work does not depend on whether the account exists.
 *
 * <p>Thread-safe and stateless beyond its store.
 */
final class KnownDevices {
  private final KnownDeviceStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration lifetime;

  KnownDevices(KnownDeviceStore store, Clock clock, SecureRandom random, Duration lifetime) {
    this.store = Objects.requireNonNull(store, "knownDevices");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
  }

  /**
   * The id of the live known device of {@code accountId} that {@code token} names. Never throws
   * for bad input.
   *
   * @param accountId the account being signed in to, or {@code null} for a login name that matches
   *     no account (the token is still looked up, and never recognised)
   * @return empty when the token is missing, malformed, unknown, expired or another account's
   */
  Optional<String> recognise(String token, String accountId) {
    if (!Tokens.wellFormed(token)) {
      return Optional.empty();
    }
    Instant now = Time.now(clock);
    return HashLookup.find(Hashing.sha256Hex(token), store::findByTokenHash,
            KnownDeviceRecord::tokenHash)
        .filter(row -> row.liveAt(now) && row.accountId().equals(accountId))
        .map(KnownDeviceRecord::id);
  }

  /**
   * Issues a device token for an account that just signed in, and forgets the one the device
   * showed ({@code replacing}), so each device holds one live token per account.
   */
  KnownDeviceToken issue(String accountId, String replacing) {
    Instant now = Time.now(clock);
    String token = Tokens.bearer(random);
    Instant expiresAt = now.plus(lifetime);
    store.insert(new KnownDeviceRecord(Tokens.publicId(random), Hashing.sha256Hex(token),
        accountId, now, expiresAt));
    if (replacing != null) {
      store.delete(accountId, replacing);
    }
    return new KnownDeviceToken(Secret.of(token), expiresAt);
  }

  /** Forgets every device of the account. @return how many */
  int forget(String accountId) {
    return store.deleteAll(accountId);
  }

  /** Deletes devices whose token expired more than {@code retention} ago. @return how many */
  int purge(Duration retention) {
    return store.purge(Time.now(clock).minus(retention));
  }
}
