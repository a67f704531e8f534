package dev.latchkey.limits;

import dev.latchkey.internal.Time;
import dev.latchkey.spi.AttemptRecord;
import dev.latchkey.spi.AttemptStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Brute-force protection for every guessable factor: one mechanism, keyed per account and per
 * client address, with separate counters per {@link Factor}.
 *
 * <h2>How it counts</h2>
 * An attempt is counted <em>before</em> anything is verified ({@link #tryAttempt}), with a
 * compare-and-set in the store; a success then clears the account's counter
 * ({@link #succeeded}). Counting first is what makes the limit hold in every interleaving: twenty
 * concurrent wrong guesses against a fresh account get exactly the free allowance through, and the
 * rest are refused, in one process or many sharing the database.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Never more than {@link AttemptPolicy#freeAttempts()} attempts before the first wait, and
 *       waits double up to {@link AttemptPolicy#maxDelay()}; at {@link AttemptPolicy#hardStop()}
 *       consecutive attempts an account is locked until reset.
 *   <li>Counters are per factor: guessing passwords never locks a user out of their backup codes.
 *   <li>A success resets the account counter only; the client-address counter decays with time, so
 *       an attacker cannot clear it by signing in to an account of their own.
 * </ul>
 *
 * <p>Thread-safe and stateless beyond its store.
 */
public final class AttemptLimiter {
  /** Compare-and-set retries before giving up; contention beyond this is treated as a lock. */
  private static final int MAX_CAS_ROUNDS = 32;
  private static final int MAX_SUBJECT_LENGTH = 300;

  private final AttemptStore store;
  private final Clock clock;
  private final AttemptPolicy accountPolicy;
  private final AttemptPolicy clientPolicy;

  private AttemptLimiter(AttemptStore store, Clock clock, AttemptPolicy accountPolicy,
      AttemptPolicy clientPolicy) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.accountPolicy = Objects.requireNonNull(accountPolicy, "accountPolicy");
    this.clientPolicy = Objects.requireNonNull(clientPolicy, "clientPolicy");
  }

  /** Creates a limiter; host apps normally get one from {@code Latchkey.attemptLimiter()}. */
  public static AttemptLimiter create(AttemptStore store, Clock clock, AttemptPolicy accountPolicy,
      AttemptPolicy clientPolicy) {
    return new AttemptLimiter(store, clock, accountPolicy, clientPolicy);
  }

  /**
   * Counts an attempt at {@code factor} and says whether it may go ahead.
   *
   * @param account the account being guessed at (its id, or for unknown login names a stable key
   *     derived from the name so unknown and known names lock alike); {@code null} skips the
   *     per-account counter
   * @param clientAddress the client's IP address; {@code null} or empty skips the per-client
   *     counter
   */
  public AttemptDecision tryAttempt(Factor factor, String account, String clientAddress) {
    Objects.requireNonNull(factor, "factor");
    AttemptDecision accountDecision = account == null || account.isEmpty()
        ? new AttemptDecision.Permitted()
        : count(factor, "account:" + account, accountPolicy);
    if (!accountDecision.permitted()) {
      return accountDecision;
    }
    return clientAddress == null || clientAddress.isEmpty()
        ? accountDecision
        : count(factor, "client:" + clientAddress, clientPolicy);
  }

  /**
   * Whether {@code account} is currently locked for {@code factor}, without counting anything (for
   * showing a lock before the user types).
   */
  public Optional<AttemptDecision.Locked> lockedNow(Factor factor, String account) {
    Objects.requireNonNull(factor, "factor");
    if (account == null || account.isEmpty()) {
      return Optional.empty();
    }
    String subject = subject("account:" + account);
    Instant now = Time.now(clock);
    return store.find(factor.code(), subject)
        .flatMap(r -> lockFor(live(r, now, accountPolicy), r, now, accountPolicy));
  }

  /** Reports a success: the account's counter for {@code factor} starts again. */
  public void succeeded(Factor factor, String account) {
    Objects.requireNonNull(factor, "factor");
    if (account != null && !account.isEmpty()) {
      store.reset(factor.code(), subject("account:" + account));
    }
  }

  /** Clears an account's counter (after a password reset, or by an administrator). */
  public void reset(Factor factor, String account) {
    succeeded(factor, account);
  }

  /** Deletes counters idle for longer than either policy remembers. @return how many */
  public int purge() {
    Duration keep = accountPolicy.forgetAfter().compareTo(clientPolicy.forgetAfter()) > 0
        ? accountPolicy.forgetAfter() : clientPolicy.forgetAfter();
    return store.purge(Time.now(clock).minus(keep));
  }

  private AttemptDecision count(Factor factor, String rawSubject, AttemptPolicy policy) {
    String subject = subject(rawSubject);
    for (int round = 0; round < MAX_CAS_ROUNDS; round++) {
      Instant now = Time.now(clock);
      Optional<AttemptRecord> current = store.find(factor.code(), subject);
      int attempts = current.map(r -> live(r, now, policy)).orElse(0);
      if (current.isPresent()) {
        Optional<AttemptDecision.Locked> locked = lockFor(attempts, current.get(), now, policy);
        if (locked.isPresent()) {
          return locked.get();
        }
      }
      AttemptRecord next = new AttemptRecord(factor.code(), subject, attempts + 1, now);
      if (store.compareAndSet(current.orElse(null), next)) {
        return new AttemptDecision.Permitted();
      }
      // Another request counted first: re-read and decide again.
    }
    // Sustained contention on one counter is itself a sign of an attack: refuse, briefly.
    return new AttemptDecision.Locked(Duration.ofSeconds(1), false);
  }

  /** Attempts still in force: a counter idle past forgetAfter counts as zero. */
  private static int live(AttemptRecord r, Instant now, AttemptPolicy policy) {
    return now.isBefore(r.lastAttemptAt().plus(policy.forgetAfter())) ? r.attempts() : 0;
  }

  private static Optional<AttemptDecision.Locked> lockFor(int attempts, AttemptRecord r,
      Instant now, AttemptPolicy policy) {
    if (attempts >= policy.hardStop()) {
      Duration untilForgotten = Duration.between(now, r.lastAttemptAt().plus(policy.forgetAfter()));
      return Optional.of(new AttemptDecision.Locked(untilForgotten, true));
    }
    Duration wait = policy.delayAfter(attempts);
    Instant allowedAt = r.lastAttemptAt().plus(wait);
    if (attempts > 0 && now.isBefore(allowedAt)) {
      return Optional.of(new AttemptDecision.Locked(Duration.between(now, allowedAt), false));
    }
    return Optional.empty();
  }

  private static String subject(String raw) {
    // Subjects embed host-supplied ids; bound them so a store column can hold every one.
    return raw.length() <= MAX_SUBJECT_LENGTH ? raw : raw.substring(0, MAX_SUBJECT_LENGTH);
  }

}
