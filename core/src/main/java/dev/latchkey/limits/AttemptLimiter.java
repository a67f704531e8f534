package dev.latchkey.limits;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.internal.Instrumentation;
import dev.latchkey.internal.Time;
import dev.latchkey.metrics.LatchkeyMetrics;
import dev.latchkey.metrics.LimitedFactor;
import dev.latchkey.metrics.LockScope;
import dev.latchkey.spi.AttemptRecord;
import dev.latchkey.spi.AttemptStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Brute-force protection for every guessable factor: one mechanism, keyed per account (or per known
 * device) and per client address, with separate counters per {@link Factor}.
 *
 * <h2>How it counts</h2>
 * An attempt is counted <em>before</em> anything is verified ({@link #tryAttempt}), with a
 * compare-and-set in the store: once against the account (or, for a known device, against the
 * device) and once against the client address. Counting first is what makes the limit hold in every
 * interleaving: twenty concurrent wrong guesses against a fresh account get exactly the free
 * allowance through, and the rest are refused, in one process or many sharing the database. When
 * the address refuses an attempt the account already counted, the account gets that unit back: a
 * refused attempt checks nothing, so it costs nothing.
 *
 * <p>A success is reported with the {@link AttemptDecision.Permitted} the attempt got
 * ({@link #succeeded(AttemptDecision.Permitted)}): the account's (and the device's) counter starts
 * again, and the client address gets its unit back, again by compare-and-set. So the per-address
 * counter counts <em>failures</em>: a thousand people behind one office address signing in one
 * after the other cost it nothing, while concurrent guesses still cannot pass the allowance
 * (a success holds its unit only while it is being checked).
 *
 * <h2>Who is counted</h2>
 * <ul>
 *   <li><b>The client address.</b> Canonicalised as {@link ClientInfo} does. An address that is
 *       missing or cannot be parsed is not "no address": every such attempt counts against one
 *       shared {@value #UNKNOWN_CLIENT} counter, so a broken or spoofed forwarding header can never
 *       switch the per-address limit off. (Resolve the address behind proxies with
 *       {@link dev.latchkey.client.TrustedProxies}.)
 *   <li><b>The account</b> — the counter of every client the account does not know. Five free
 *       failures, then doubling waits, and a hard stop at 100 ({@link AttemptPolicy#perAccount()}).
 *   <li><b>A known device</b> ({@link #tryAttemptFromKnownDevice}): a client that signed in to
 *       this account before and shows the device token it was given then
 *       ({@code SignInService}). It is counted against its own counter, under the same policy as
 *       the account, <em>instead of</em> the account's. Whoever guesses from elsewhere — from any
 *       number of addresses, for as long as they like — can drive the account's counter into its
 *       hard stop, but not the owner's device's: the owner keeps signing in from it.
 * </ul>
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Never more than {@link AttemptPolicy#freeAttempts()} attempts per subject before the first
 *       wait, and waits double up to {@link AttemptPolicy#maxDelay()}; at
 *       {@link AttemptPolicy#hardStop()} consecutive attempts an account (or device) is locked
 *       until reset or forgotten.
 *   <li>Counters are per factor: guessing passwords never locks a user out of their backup codes.
 *   <li>A success resets the account's (and the device's) counter and gives back only its own unit
 *       at the address: an attacker cannot clear an address's failures by signing in to an account
 *       of their own.
 * </ul>
 *
 * <p>Metrics: every attempt a lock refuses is reported to the {@link LatchkeyMetrics} hook
 * ({@link LatchkeyMetrics#recordLockout}) with its factor, whose counter refused it and whether
 * that counter is at its hard stop.
 *
 * <p>Thread-safe and stateless beyond its store.
 */
public final class AttemptLimiter {
  /** The one counter subject of every client whose address is missing or unparsable. */
  public static final String UNKNOWN_CLIENT = "client:unknown";

  /** Compare-and-set retries before giving up; contention beyond this is treated as a lock. */
  private static final int MAX_CAS_ROUNDS = 32;
  /*
   * Giving a unit back retries longer than counting: a count that loses 32 rounds is refused
   * (contention on one counter is itself a sign of an attack), but a give-back that stops early
   * silently keeps a unit, which 16 threads succeeding on one address at once did now and then
   * (the contract's "exactly the failures stay" test saw 33 of 32). Each round is one read and one
   * compare-and-set; with n contenders a round is won with probability about 1/n, so 256 rounds
   * leave a unit behind with a probability far below anything a test or a day can show.
   */
  private static final int MAX_GIVE_BACK_ROUNDS = 256;
  private static final int MAX_SUBJECT_LENGTH = 300;

  private final AttemptStore store;
  private final Clock clock;
  private final AttemptPolicy accountPolicy;
  private final AttemptPolicy clientPolicy;
  private final Instrumentation metrics;

  private AttemptLimiter(AttemptStore store, Clock clock, AttemptPolicy accountPolicy,
      AttemptPolicy clientPolicy, LatchkeyMetrics metrics) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.accountPolicy = Objects.requireNonNull(accountPolicy, "accountPolicy");
    this.clientPolicy = clientPolicy;
    this.metrics = Instrumentation.of(metrics);
  }

  /**
   * Creates a limiter that reports no metrics; host apps normally get one from
   * {@code Latchkey.attemptLimiter()}.
   */
  public static AttemptLimiter create(AttemptStore store, Clock clock, AttemptPolicy accountPolicy,
      AttemptPolicy clientPolicy) {
    return create(store, clock, accountPolicy, clientPolicy, LatchkeyMetrics.none());
  }

  /**
   * Creates a limiter that reports each attempt a lock refuses to {@code metrics}. This is the
   * wiring {@code Latchkey} uses.
   */
  public static AttemptLimiter create(AttemptStore store, Clock clock, AttemptPolicy accountPolicy,
      AttemptPolicy clientPolicy, LatchkeyMetrics metrics) {
    return new AttemptLimiter(store, clock, accountPolicy,
        Objects.requireNonNull(clientPolicy, "clientPolicy"), metrics);
  }

  /**
   * Creates a limiter that counts the given subject only and no client address, whatever address
   * it is passed: for an allowance that belongs to one object rather than a person (a sign-in
   * challenge's wrong codes), whose clients are counted by another limiter. Never use it for a
   * factor a client can guess across accounts. Reports no metrics: what it refuses is reported by
   * its caller (a void challenge is a sign-in outcome).
   */
  public static AttemptLimiter withoutClientLimit(AttemptStore store, Clock clock,
      AttemptPolicy policy) {
    return new AttemptLimiter(store, clock, policy, null, LatchkeyMetrics.none());
  }

  /**
   * Counts an attempt at {@code factor} and says whether it may go ahead.
   *
   * @param account the account being guessed at (its id, or for unknown login names a stable key
   *     derived from the name so unknown and known names lock alike); {@code null} or empty skips
   *     the per-account counter
   * @param clientAddress the client's IP address; {@code null}, empty or unparsable counts against
   *     the shared {@value #UNKNOWN_CLIENT} counter
   * @return {@link AttemptDecision.Permitted} (report a success with {@link #succeeded}) or
   *     {@link AttemptDecision.Locked}
   */
  public AttemptDecision tryAttempt(Factor factor, String account, String clientAddress) {
    Objects.requireNonNull(factor, "factor");
    String accountSubject = accountSubject(account);
    // One clock reading for both counters (a lost compare-and-set round reads it again).
    Instant now = Time.now(clock);
    Counted counted = accountSubject == null ? null
        : count(factor, accountSubject, accountPolicy, LockScope.ACCOUNT, now);
    return thenClient(factor, accountSubject, counted, clientAddress, now);
  }

  /**
   * Counts an attempt from a known device of {@code account}: against the device's own counter
   * (under the per-account policy) instead of the account's, and against the client address as
   * usual. The caller has checked that the device belongs to the account (its token was issued at a
   * sign-in of this account and is still valid).
   *
   * @param account the account being signed in to (1 to 255 characters)
   * @param deviceId the known device's id (1 to 255 characters)
   * @param clientAddress as for {@link #tryAttempt}
   */
  public AttemptDecision tryAttemptFromKnownDevice(Factor factor, String account, String deviceId,
      String clientAddress) {
    Objects.requireNonNull(factor, "factor");
    String accountSubject = Objects.requireNonNull(accountSubject(account), "account");
    if (deviceId == null || deviceId.isEmpty()) {
      throw new IllegalArgumentException("deviceId must not be empty");
    }
    Instant now = Time.now(clock);
    Counted counted =
        count(factor, subject("device:" + deviceId), accountPolicy, LockScope.KNOWN_DEVICE, now);
    return thenClient(factor, accountSubject, counted, clientAddress, now);
  }

  /** The client counter after the account's (or device's); gives the first unit back if refused. */
  private AttemptDecision thenClient(Factor factor, String accountSubject, Counted counted,
      String clientAddress, Instant now) {
    if (counted != null && !counted.permitted()) {
      return counted.locked();
    }
    if (clientPolicy == null) {
      return new AttemptDecision.Permitted(factor, accountSubject, counted, null);
    }
    Counted client =
        count(factor, clientSubject(clientAddress), clientPolicy, LockScope.CLIENT, now);
    if (!client.permitted()) {
      if (counted != null) {
        giveBack(factor, counted, accountPolicy, false);
      }
      return client.locked();
    }
    return new AttemptDecision.Permitted(factor, accountSubject, counted, client);
  }

  /**
   * Whether {@code account} is currently locked for {@code factor}, without counting anything (for
   * showing a lock before the user types).
   */
  public Optional<AttemptDecision.Locked> lockedNow(Factor factor, String account) {
    Objects.requireNonNull(factor, "factor");
    String subject = accountSubject(account);
    return subject == null ? Optional.empty() : lockedNow(factor, subject, accountPolicy);
  }

  /**
   * Whether the account or known device that {@code attempt} was counted against is locked now,
   * without counting anything: after a failure, to tell whether that failure locked it.
   *
   * @return empty when it is not locked, or the attempt counted no account
   */
  public Optional<AttemptDecision.Locked> lockedNow(AttemptDecision.Permitted attempt) {
    Objects.requireNonNull(attempt, "attempt");
    Counted counted = attempt.counted();
    return counted == null ? Optional.empty()
        : lockedNow(attempt.factor(), counted.subject(), accountPolicy);
  }

  private Optional<AttemptDecision.Locked> lockedNow(Factor factor, String subject,
      AttemptPolicy policy) {
    Instant now = Time.now(clock);
    return store.find(factor.code(), subject)
        .flatMap(r -> lockFor(live(r, now, policy), r, now, policy));
  }

  /**
   * Reports that the attempt succeeded: the account's counter for its factor starts again (and the
   * known device's, when it was counted against one), and the client address gets back the unit
   * this attempt took, so only failures count against an address. Giving back is a compare-and-set
   * that takes off exactly this attempt's unit, also when other attempts were counted since.
   */
  public void succeeded(AttemptDecision.Permitted attempt) {
    Objects.requireNonNull(attempt, "attempt");
    Factor factor = attempt.factor();
    if (attempt.accountSubject() != null) {
      store.reset(factor.code(), attempt.accountSubject());
    }
    if (attempt.fromKnownDevice()) {
      store.reset(factor.code(), attempt.counted().subject());
    }
    if (attempt.client() != null) {
      giveBack(factor, attempt.client(), clientPolicy, true);
    }
  }

  /**
   * Reports a success by account only: the account's counter for {@code factor} starts again. The
   * client address keeps the unit the attempt took; prefer
   * {@link #succeeded(AttemptDecision.Permitted)}, which gives it back.
   */
  public void succeeded(Factor factor, String account) {
    Objects.requireNonNull(factor, "factor");
    String subject = accountSubject(account);
    if (subject != null) {
      store.reset(factor.code(), subject);
    }
  }

  /** Clears an account's counter (after a password reset, or by an administrator). */
  public void reset(Factor factor, String account) {
    succeeded(factor, account);
  }

  /** Deletes counters idle for longer than either policy remembers. @return how many */
  public int purge() {
    Duration keep = clientPolicy == null
        || accountPolicy.forgetAfter().compareTo(clientPolicy.forgetAfter()) > 0
        ? accountPolicy.forgetAfter() : clientPolicy.forgetAfter();
    return store.purge(Time.now(clock).minus(keep));
  }

  private Counted count(Factor factor, String subject, AttemptPolicy policy, LockScope scope,
      Instant now) {
    Counted counted = countOnce(factor, subject, policy, now);
    if (!counted.permitted()) {
      metrics.lockout(limitedFactor(factor), scope, counted.locked().hardStop());
    }
    return counted;
  }

  /** The factor as the metrics hook names it (that package cannot name this one). */
  static LimitedFactor limitedFactor(Factor factor) {
    return switch (factor) {
      case PASSWORD -> LimitedFactor.PASSWORD;
      case TOTP -> LimitedFactor.TOTP;
      case BACKUP_CODE -> LimitedFactor.BACKUP_CODE;
      case CURRENT_PASSWORD -> LimitedFactor.CURRENT_PASSWORD;
      case SIGN_IN_CHALLENGE -> LimitedFactor.SIGN_IN_CHALLENGE;
      case ONE_TIME_CODE -> LimitedFactor.ONE_TIME_CODE;
      case CODE_SEND -> LimitedFactor.CODE_SEND;
      case CODE_SEND_DESTINATION -> LimitedFactor.CODE_SEND_DESTINATION;
      case CODE_RESEND -> LimitedFactor.CODE_RESEND;
      case LINK_SEND -> LimitedFactor.LINK_SEND;
    };
  }

  private Counted countOnce(Factor factor, String subject, AttemptPolicy policy, Instant first) {
    for (int round = 0; round < MAX_CAS_ROUNDS; round++) {
      Instant now = round == 0 ? first : Time.now(clock);
      Optional<AttemptRecord> current = store.find(factor.code(), subject);
      int attempts = current.map(r -> live(r, now, policy)).orElse(0);
      if (current.isPresent()) {
        Optional<AttemptDecision.Locked> locked = lockFor(attempts, current.get(), now, policy);
        if (locked.isPresent()) {
          return Counted.refused(subject, locked.get());
        }
      }
      AttemptRecord next = new AttemptRecord(factor.code(), subject, attempts + 1, now);
      if (store.compareAndSet(current.orElse(null), next)) {
        // A forgotten counter is remembered as absent: giving the unit back then removes it.
        return Counted.wrote(subject, attempts == 0 ? null : current.get(), next);
      }
      // Another request counted first: back off a little, then re-read and decide again.
      backOff(round);
    }
    // Sustained contention on one counter is itself a sign of an attack: refuse, briefly.
    return Counted.refused(subject, new AttemptDecision.Locked(Duration.ofSeconds(1), false));
  }

  /*
   * Takes one counted unit off again. When nobody has counted since (the row is still exactly what
   * this attempt wrote), the row goes back to what it was, time included, so a success leaves no
   * trace at all. Otherwise the count drops by one and the newer time stays. Once this attempt's
   * unit has been forgotten (forgetAfter has passed since it was counted) nothing is taken: the row
   * may have started again since, and its units are other attempts'.
   *
   * A row at 1 that is not this attempt's is ambiguous by count alone: after "A counts 0 -> 1,
   * B counts 1 -> 2, A gives back 2 -> 1", the 1 left is B's; after a reset and a new count it is
   * someone else's. A client address's counter is never reset (only forgotten or purged, both after
   * forgetAfter, ruled out above), so there the one unit left is this attempt's and the row goes:
   * the address ends at exactly its failures however the compare-and-sets interleave (a CI run
   * once kept one unit too many). An account's or device's counter is reset by a success, so there
   * the unit is left, erring on the safe side. Best effort after MAX_GIVE_BACK_ROUNDS: keeping a
   * unit only ever errs on the safe side.
   */
  private void giveBack(Factor factor, Counted counted, AttemptPolicy policy,
      boolean neverReset) {
    AttemptRecord ours = counted.after();
    for (int round = 0; round < MAX_GIVE_BACK_ROUNDS; round++) {
      Optional<AttemptRecord> found = store.find(factor.code(), counted.subject());
      if (found.isEmpty()) {
        return;
      }
      AttemptRecord current = found.get();
      AttemptRecord next;
      if (sameCount(current, ours)) {
        next = counted.before();
      } else if (!Time.now(clock).isBefore(ours.lastAttemptAt().plus(policy.forgetAfter()))) {
        return;
      } else if (current.attempts() > 1) {
        next = new AttemptRecord(current.factor(), current.subject(), current.attempts() - 1,
            current.lastAttemptAt());
      } else if (neverReset) {
        next = null;
      } else {
        return;
      }
      if (store.compareAndSet(current, next)) {
        return;
      }
      backOff(round);
    }
  }

  /*
   * After a lost compare-and-set, waits a random time that doubles with each round (capped at about
   * a millisecond). Without it the contenders re-read and retry in lock step, so with 16 requests
   * from one address on a store a network hop away (Redis) the same few lost 32 rounds in a row and
   * a legitimate sign-in was refused as "contention"; with jitter one of them wins each round. The
   * wait only ever follows a lost race, so an uncontended check never pays it, and it also keeps a
   * flood on one counter from turning into a flood of store round trips. The jitter needs no
   * random source (nothing secret depends on it): a SplitMix64 mix of the thread id and the round
   * spreads the contenders apart just as well, without SecureRandom's lock.
   */
  private static void backOff(int round) {
    long z = Thread.currentThread().getId() * 0x9E3779B97F4A7C15L + round;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    long maxMicros = 1L << Math.min(round, 10);
    LockSupport.parkNanos(Math.floorMod(z, maxMicros + 1) * 1_000L);
  }

  /** The same count at the same time, to the millisecond every store keeps. */
  private static boolean sameCount(AttemptRecord a, AttemptRecord b) {
    return a.attempts() == b.attempts() && a.lastAttemptAt().truncatedTo(ChronoUnit.MILLIS)
        .equals(b.lastAttemptAt().truncatedTo(ChronoUnit.MILLIS));
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

  private static String accountSubject(String account) {
    return account == null || account.isEmpty() ? null : subject("account:" + account);
  }

  /**
   * {@code client:<canonical address>}, or {@value #UNKNOWN_CLIENT} for an address that is
   * missing or cannot be parsed: never "no counter".
   */
  static String clientSubject(String clientAddress) {
    if (clientAddress == null || clientAddress.isEmpty()) {
      return UNKNOWN_CLIENT; // what ClientInfo would conclude, without parsing (TOTP hot path)
    }
    String canonical = new ClientInfo(clientAddress, null).ipAddress();
    return canonical.isEmpty() ? UNKNOWN_CLIENT : subject("client:" + canonical);
  }

  private static String subject(String raw) {
    // Subjects embed host-supplied ids; bound them so a store column can hold every one.
    return raw.length() <= MAX_SUBJECT_LENGTH ? raw : raw.substring(0, MAX_SUBJECT_LENGTH);
  }
}
