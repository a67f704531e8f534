package dev.latchkey.signin;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.common.Secret;
import dev.latchkey.internal.HashLookup;
import dev.latchkey.internal.Hashing;
import dev.latchkey.internal.Time;
import dev.latchkey.internal.Tokens;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.AttemptPolicy;
import dev.latchkey.limits.Factor;
import dev.latchkey.spi.AttemptStore;
import dev.latchkey.spi.ChallengeRecord;
import dev.latchkey.spi.ChallengeStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The lifecycle of a sign-in challenge: create (first factor passed), find, fail (count a wrong
 * code against the challenge's own allowance), complete (use it up, once).
 *
 * <p>The token exists only in what {@link #create} returns; the store keeps its SHA-256. Wrong
 * codes are counted by an {@link AttemptLimiter} like every other guessable factor, under
 * {@link Factor#SIGN_IN_CHALLENGE} with the challenge's id as subject: the allowance is
 * {@link SignInSettings#challengeMaxFailures()} free attempts, after which the next attempt is
 * refused for longer than a challenge lives, so the challenge is void. (The per-account and
 * per-client limits of the code itself are counted by the TOTP and backup-code services.)
 *
 * <p>Thread-safe and stateless beyond its stores.
 */
final class SignInChallenges {
  private final ChallengeStore store;
  private final AttemptLimiter allowance;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration lifetime;

  SignInChallenges(ChallengeStore store, AttemptStore attempts, Clock clock, SecureRandom random,
      SignInSettings settings) {
    this.store = Objects.requireNonNull(store, "challenges");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.lifetime = settings.challengeLifetime();
    // Free attempts = the allowance; the attempt after it must wait a whole lifetime, which no
    // challenge survives. The hard stop only has to exceed the free attempts.
    AttemptPolicy perChallenge = AttemptPolicy.builder()
        .freeAttempts(settings.challengeMaxFailures())
        .baseDelay(lifetime).maxDelay(lifetime)
        .hardStop(settings.challengeMaxFailures() + 1)
        .forgetAfter(lifetime)
        .build();
    // The challenge's own allowance only: its client is counted by the code's own limiter.
    this.allowance = AttemptLimiter.withoutClientLimit(
        Objects.requireNonNull(attempts, "attempts"), clock, perChallenge);
  }

  /** A challenge just created: the token to hand out once, and its expiry. */
  record Issued(Secret token, Instant expiresAt) {}

  /** Stores a new challenge for an account whose first factor just passed. */
  Issued create(String accountId, ClientInfo client) {
    Instant now = now();
    String token = Tokens.bearer(random);
    Instant expiresAt = now.plus(lifetime);
    store.insert(new ChallengeRecord(Tokens.publicId(random), Hashing.sha256Hex(token), accountId,
        client.ipAddress(), storable(client.userAgent()), now, expiresAt, null));
    return new Issued(Secret.of(token), expiresAt);
  }

  /**
   * The live challenge a token names. Never throws for bad input.
   *
   * @return empty when the token is malformed, unknown, used up or expired
   */
  Optional<SignInChallenge> find(String token) {
    if (!Tokens.wellFormed(token)) {
      return Optional.empty();
    }
    String hash = Hashing.sha256Hex(token);
    Instant now = now();
    return HashLookup.find(hash, store::findByTokenHash, ChallengeRecord::tokenHash)
        .filter(row -> row.liveAt(now))
        .map(row -> new SignInChallenge(row.id(), row.accountId(),
            new ClientInfo(row.ipAddress(), row.userAgent()), row.createdAt(), row.expiresAt()));
  }

  /**
   * Counts one code against the challenge before it is checked. Once the allowance is spent the
   * challenge is used up here, so it is void for every later request too.
   *
   * @return {@code false} when the allowance is spent (the code must not be checked)
   */
  boolean tryAttempt(SignInChallenge challenge) {
    if (allowance.tryAttempt(Factor.SIGN_IN_CHALLENGE, subject(challenge), null).permitted()) {
      return true;
    }
    store.consume(challenge.id(), now());
    allowance.reset(Factor.SIGN_IN_CHALLENGE, subject(challenge));
    return false;
  }

  /**
   * Uses the challenge up after its second factor passed.
   *
   * @return {@code true} for exactly one caller per challenge, however many race, in every process
   *     sharing the store
   */
  boolean complete(SignInChallenge challenge) {
    return complete(challenge, now());
  }

  /**
   * As {@link #complete(SignInChallenge)}, marking it used at {@code at}: the instant
   * {@link #release} needs to undo exactly this completion.
   */
  boolean complete(SignInChallenge challenge, Instant at) {
    if (!store.consume(challenge.id(), at)) {
      return false;
    }
    allowance.succeeded(Factor.SIGN_IN_CHALLENGE, subject(challenge));
    return true;
  }

  /**
   * Makes a challenge completed at {@code at} live again, when the sign-in it completed could not
   * be stored: the user can try again without re-entering the password. Only that completion is
   * undone, atomically.
   *
   * @return {@code true} when this call released it
   */
  boolean release(SignInChallenge challenge, Instant at) {
    return store.release(challenge.id(), at);
  }

  /** The clock's time, for {@link #complete(SignInChallenge, Instant)}. */
  Instant now() {
    return Time.now(clock);
  }

  /** Deletes challenges expired more than {@code retention} ago. @return how many */
  int purge(Duration retention) {
    return store.purge(now().minus(retention));
  }

  private static String subject(SignInChallenge challenge) {
    return "challenge:" + challenge.id();
  }

  /**
   * The User-Agent as every database can store it: control characters and unpaired surrogates
   * (which PostgreSQL or utf8mb4 refuse) become U+FFFD. It is only ever shown, never compared.
   */
  static String storable(String userAgent) {
    StringBuilder out = null;
    for (int i = 0; i < userAgent.length(); i++) {
      char c = userAgent.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < userAgent.length()
          && Character.isLowSurrogate(userAgent.charAt(i + 1));
      boolean bad = Character.isISOControl(c) || (Character.isSurrogate(c) && !paired);
      if (bad && out == null) {
        out = new StringBuilder(userAgent.length()).append(userAgent, 0, i);
      }
      if (out != null) {
        if (paired) {
          out.append(c).append(userAgent.charAt(i + 1));
        } else {
          out.append(bad ? '\uFFFD' : c);
        }
      }
      if (paired) {
        i++;
      }
    }
    return out == null ? userAgent : out.toString();
  }
}
