package dev.latchkey.signin;

import dev.latchkey.common.Secret;
import dev.latchkey.backup.BackupCodeVerification;
import dev.latchkey.backup.BackupCodes;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.AccountIds;
import dev.latchkey.internal.Instrumentation;
import dev.latchkey.internal.Time;
import dev.latchkey.limits.AttemptDecision;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.Factor;
import dev.latchkey.metrics.LatchkeyMetrics;
import dev.latchkey.metrics.Operation;
import dev.latchkey.metrics.Outcome;
import dev.latchkey.password.PasswordContext;
import dev.latchkey.password.PasswordHasher;
import dev.latchkey.password.PasswordPolicy;
import dev.latchkey.password.PasswordValidation;
import dev.latchkey.session.Assurance;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.spi.AttemptStore;
import dev.latchkey.spi.ChallengeStore;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.KnownDeviceStore;
import dev.latchkey.spi.OneTimeCodeStore;
import dev.latchkey.spi.PasskeyStore;
import dev.latchkey.spi.PasswordCredential;
import dev.latchkey.spi.StoreException;
import dev.latchkey.totp.TotpEnroller;
import dev.latchkey.totp.TotpVerification;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sign-in flow: password, then (for accounts with two-factor authentication) a TOTP or backup
 * code, then a session.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>An unknown login name (or an account without a password) costs the same hashing work
 *       <em>and the same store work</em> as a wrong password of a real account — the same reads
 *       and the same writes, in the same order: the attempt counters, one credential read, one
 *       {@link SecurityEventType#SIGN_IN_FAILED} insert (recorded under
 *       {@link #UNKNOWN_ACCOUNT_ID} for the unknown name), one counter read for the lock — and both
 *       give the same {@link SignInResult.Reason#INVALID_CREDENTIALS}. Pass the login name
 *       ({@link #signIn(String, String, CharSequence, ClientInfo)}) so an unknown name also locks
 *       like an account.
 *   <li>Every guess is counted before it is checked ({@link AttemptLimiter}): passwords, TOTP codes
 *       and backup codes each per account and per client address (the TOTP and backup-code
 *       services count their own codes), so a locked result comes back without any verification
 *       and concurrent guesses cannot exceed the allowance. A success gives its unit back to the
 *       client address, so the per-address limit counts failures only: many people signing in
 *       behind one shared address (an office, a carrier) never lock each other out. Starting a new
 *       challenge does not reset the second-factor count.
 *   <li>Known devices (with a {@link KnownDeviceStore}): every completed sign-in returns a device
 *       token ({@link SignInResult.SignedIn#deviceToken()}: 256 random bits, stored only as a
 *       SHA-256, bound to the account, replaced at each sign-in, forgotten by
 *       {@link #forgetKnownDevices}). A client that shows a live token of the account it signs in
 *       to counts its password guesses against the device's own allowance instead of the
 *       account's. The account's allowance is what clients without a token share: someone guessing
 *       from elsewhere can exhaust it, up to the hard stop, yet the owner keeps signing in from a
 *       device they used before. The token opens nothing by itself.
 *   <li>The second step is all or nothing: when the challenge cannot be completed or the session
 *       or its event cannot be stored, the backup code or TOTP step it spent is given back through
 *       the stores' atomic undo operations, and a challenge this call completed is live again, so
 *       a store failure never costs the user a code.
 *   <li>An account with active 2FA (an authenticator app, or a passkey when the builder has a
 *       {@link Builder#passkeys passkey store}) never gets a session from the password alone: it
 *       gets a
 *       {@link SignInChallenge}, kept in the {@link ChallengeStore} (never as a session, so no
 *       session check can mistake it for one). Its token is 256 bits from the injected
 *       {@link SecureRandom}, stored as a SHA-256; it expires
 *       ({@link SignInSettings#challengeLifetime()}) and is void after
 *       {@link SignInSettings#challengeMaxFailures()} wrong codes, which the
 *       {@link AttemptLimiter} counts per challenge ({@link Factor#SIGN_IN_CHALLENGE}). Completing
 *       it is the store's atomic "consume if unused and unexpired": two requests with one
 *       challenge never both get a session, in one process or many.
 *   <li>A hash made with weaker parameters (or bcrypt, for migrated users) is replaced after a
 *       successful password check, with a compare-and-set so a concurrent change is never lost.
 *   <li>When the host's {@link TwoFactorRequirement} says an account without 2FA must have it and
 *       its grace period is over, a right password gives only an
 *       {@link dev.latchkey.session.Assurance#ENROLLMENT_ONLY} session
 *       ({@link SignInResult.EnrollmentRequired}); every sign-in path applies the rule.
 *   <li>Login history: every completed sign-in is recorded ({@link SecurityEventType#SIGN_IN_SUCCEEDED},
 *       flagged {@link dev.latchkey.events.SecurityEvent#suspicious() suspicious} from a new device
 *       and location) <em>before</em> its session is returned; if that write fails the session is
 *       discarded and the {@link StoreException} propagates, so no session exists that the history
 *       does not show. Wrong passwords and codes of known accounts are recorded
 *       ({@link SecurityEventType#SIGN_IN_FAILED}, and {@link SecurityEventType#SIGN_IN_LOCKED} when
 *       that failure locks the account) on a best-effort basis: a history failure is logged and the
 *       typed result returned. Attempts refused by a lock are not checked and not recorded, so an
 *       attacker cannot flood an account's history. Failures for login names that match no account
 *       are recorded the same way, under {@link #UNKNOWN_ACCOUNT_ID}, so both cost one insert.
 *   <li>Never throws for bad input; only store failures surface, as
 *       {@link dev.latchkey.spi.StoreException}.
 * </ul>
 *
 * <p>Metrics: each password step ({@code signIn}) is reported to the {@link LatchkeyMetrics} hook
 * as {@link Operation#SIGN_IN}, each second step ({@code completeSecondFactor}) as
 * {@link Operation#SIGN_IN_SECOND_FACTOR}, with its duration and outcome; the outcomes are as
 * coarse as the results, so an unknown login name is an {@link Outcome#INVALID_CREDENTIALS} there
 * too.
 *
 * <p>Thread-safe and stateless beyond its stores.
 */
public final class SignInService {
  private static final Logger LOG = LoggerFactory.getLogger(SignInService.class);
  private static final Pattern METHOD = Pattern.compile("[a-z][a-z0-9_.-]{0,31}");

  /**
   * The account id under which a failed sign-in with a login name that matches no account is
   * recorded ({@code sign_in.failed}, {@code sign_in.locked}), and read in the credential store:
   * an id in a namespace no host account can reach, so it never names a real account and the
   * history never holds the names people mistyped, while both paths do the same store work.
   * Event listeners see it as the account id of those events.
   */
  public static final String UNKNOWN_ACCOUNT_ID = "login:unknown";

  private final CredentialStore credentials;
  private final PasswordHasher hasher;
  private final SessionRegistry sessions;
  private final AttemptLimiter limiter;
  private final SignInChallenges challenges;
  private final TotpEnroller totp;
  private final BackupCodes backupCodes;
  private final SignInSettings settings;
  private final Clock clock;
  private final SecurityEventRecorder events;
  private final PasswordPolicy policy;
  private final TwoFactorRequirement requirement;
  private final KnownDevices devices;
  private final Instrumentation metrics;
  private final PasskeyStore passkeys;
  private final OneTimeCodeStore oneTimeCodes;

  private SignInService(Builder b) {
    this.credentials = Objects.requireNonNull(b.credentials, "credentials");
    this.hasher = Objects.requireNonNull(b.hasher, "hasher");
    this.sessions = Objects.requireNonNull(b.sessions, "sessions");
    this.limiter = Objects.requireNonNull(b.limiter, "limiter");
    Objects.requireNonNull(b.attempts, "attempts");
    this.totp = b.totp;
    this.backupCodes = b.backupCodes;
    this.settings = Objects.requireNonNull(b.settings, "settings");
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.events = Objects.requireNonNull(b.events, "events");
    this.passkeys = b.passkeys;
    this.oneTimeCodes = b.oneTimeCodes;
    // Challenges exist only with a second factor (TOTP, passkeys, SMS or email codes); without one
    // nothing is owed.
    this.challenges = totp == null && passkeys == null && oneTimeCodes == null ? null
        : new SignInChallenges(b.challenges, b.attempts, clock, b.random, settings);
    this.policy = Objects.requireNonNull(b.policy, "policy");
    this.requirement = Objects.requireNonNull(b.requirement, "requirement");
    this.devices = b.knownDevices == null ? null
        : new KnownDevices(b.knownDevices, clock, Objects.requireNonNull(b.random, "random"),
            settings.knownDeviceLifetime());
    this.metrics = Instrumentation.of(Objects.requireNonNull(b.metrics, "metrics"));
  }

  /**
   * Starts building the service; host apps normally get it from {@code Latchkey.signIn()}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Signs in with a password.
   *
   * @param accountId the account the host resolved from the login name, or {@code null} when the
   *     login name matches no account (the call then does the same work and fails the same way)
   * @param password what the user typed
   * @param client the request's address and User-Agent, for the session list and attempt limits
   * @return {@link SignInResult.SignedIn}, {@link SignInResult.SecondFactorRequired},
   *     {@link SignInResult.EnrollmentRequired}, {@link SignInResult.Locked} or
   *     {@link SignInResult.Rejected}
   * @throws dev.latchkey.spi.StoreException when a store fails, including the login history on a
   *     successful sign-in (no session is then left behind)
   */
  public SignInResult signIn(String accountId, CharSequence password, ClientInfo client) {
    return signIn(accountId, null, password, client);
  }

  /**
   * Signs in with a password, also counting attempts against login names that match no account.
   *
   * <p>Prefer this overload. Without the login name, guesses against an unknown name are limited
   * per client address only, so after five wrong passwords a real account answers "locked" while
   * an unknown name keeps answering "invalid credentials" — which tells an attacker the account
   * exists. With it, an unknown name gets its own counter (keyed by a hash of the normalised name)
   * and locks exactly like an account does.
   *
   * @param accountId the account the host resolved from the login name, or {@code null} when none
   * @param loginName what the user typed as login name (an email address, say); only used when
   *     {@code accountId} is {@code null}; may be {@code null}
   * @see #signIn(String, CharSequence, ClientInfo)
   */
  public SignInResult signIn(String accountId, String loginName, CharSequence password,
      ClientInfo client) {
    return signIn(accountId, loginName, password, client, null);
  }

  /**
   * Signs in with a password from a client that may be a known device: the overload to use when
   * the host keeps device tokens ({@link SignInResult.SignedIn#deviceToken()}) in a cookie.
   *
   * <p>When {@code deviceToken} is a live device token of this account, the attempt counts against
   * the device's own allowance instead of the account's, so guesses made elsewhere (which count
   * against the account's) cannot lock the owner out of this device. Whatever the token is — none,
   * garbage, expired, another account's, or shown for a login name that matches no account — the
   * call does the same store work.
   *
   * @param deviceToken the device cookie's value, or {@code null} when there is none
   * @see #signIn(String, String, CharSequence, ClientInfo)
   */
  public SignInResult signIn(String accountId, String loginName, CharSequence password,
      ClientInfo client, String deviceToken) {
    long start = metrics.start();
    Outcome outcome = Outcome.ERROR;
    try {
      SignInResult result = passwordStep(accountId, loginName, password, client, deviceToken);
      outcome = outcomeOf(result);
      return result;
    } finally {
      metrics.stop(Operation.SIGN_IN, outcome, start);
    }
  }

  private static Outcome outcomeOf(SignInResult result) {
    if (result instanceof SignInResult.Rejected rejected) {
      return switch (rejected.reason()) {
        case INVALID_CREDENTIALS -> Outcome.INVALID_CREDENTIALS;
        case INVALID_CODE -> Outcome.INVALID_CODE;
        case INVALID_CHALLENGE -> Outcome.INVALID_CHALLENGE;
      };
    }
    if (result instanceof SignInResult.Locked) {
      return Outcome.LOCKED;
    }
    if (result instanceof SignInResult.SecondFactorRequired) {
      return Outcome.SECOND_FACTOR_REQUIRED;
    }
    if (result instanceof SignInResult.EnrollmentRequired) {
      return Outcome.ENROLLMENT_REQUIRED;
    }
    return Outcome.SIGNED_IN;
  }

  private SignInResult passwordStep(String accountId, String loginName, CharSequence password,
      ClientInfo client, String deviceToken) {
    Objects.requireNonNull(client, "client");
    boolean plausibleId = AccountIds.isValid(accountId);
    String counterKey = plausibleId ? accountId : unknownLoginKey(loginName);
    // Looked up whoever the account is, so an unknown name costs the same store work.
    Optional<String> device = devices == null ? Optional.empty()
        : devices.recognise(deviceToken, plausibleId ? accountId : null);
    AttemptDecision decision = device.isPresent()
        ? limiter.tryAttemptFromKnownDevice(Factor.PASSWORD, accountId, device.get(),
            client.ipAddress())
        : limiter.tryAttempt(Factor.PASSWORD, counterKey, client.ipAddress());
    if (decision instanceof AttemptDecision.Locked locked) {
      // Refused without checking, and not recorded: a locked account's history cannot be flooded.
      return new SignInResult.Locked(locked.retryAfter());
    }
    AttemptDecision.Permitted attempt = (AttemptDecision.Permitted) decision;
    // An unknown name reads and records under an id no account has: the same round trips (one
    // read here, one insert and one counter read on failure) as a wrong password of an account.
    String subject = plausibleId ? accountId : UNKNOWN_ACCOUNT_ID;
    Optional<PasswordCredential> found = credentials.find(subject);
    Optional<PasswordCredential> stored = plausibleId ? found : Optional.empty();
    if (stored.isEmpty() || password == null) {
      // Same work as a real verification, so a missing account is not visible in response time.
      hasher.verifyDummy(password == null ? "" : password);
      recordFailure(subject, Factor.PASSWORD, client, attempt);
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CREDENTIALS);
    }
    PasswordCredential credential = stored.get();
    if (!hasher.verify(password, credential.hash())) {
      recordFailure(accountId, Factor.PASSWORD, client, attempt);
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CREDENTIALS);
    }
    // The account's (and device's) counter starts again; the address gets its unit back.
    limiter.succeeded(attempt);
    if (hasher.needsRehash(credential.hash())) {
      // Compare-and-set: if the password changed since we read it, keep the newer one.
      credentials.replace(accountId, credential.hash(),
          new PasswordCredential(accountId, hasher.hash(password), Time.now(clock)));
    }
    return afterFirstFactor(accountId, client, Factor.PASSWORD.code(), device.orElse(null));
  }

  /**
   * Signs in an account whose first factor the host has verified itself — an OAuth provider's
   * callback, a magic link — and applies everything a password sign-in applies after the password:
   * a second-factor challenge when the account has 2FA, the {@link TwoFactorRequirement}, the login
   * history and suspicious-sign-in detection.
   *
   * <p>The caller vouches for the identity: never call this with an account id taken from the
   * request. Nothing guessable is checked here, so nothing is attempt-limited.
   *
   * @param accountId the account the verified identity belongs to (1 to 255 characters)
   * @param method how it was verified, recorded as the event's {@code method} ({@code "google"},
   *     {@code "github"}, {@code "magic_link"}): 1 to 32 characters of {@code [a-z0-9_.-]}, starting
   *     with a letter
   * @param client the request's address and User-Agent
   * @return {@link SignInResult.SignedIn}, {@link SignInResult.SecondFactorRequired} or
   *     {@link SignInResult.EnrollmentRequired}
   * @throws IllegalArgumentException for an invalid account id or method
   */
  public SignInResult signInVerified(String accountId, String method, ClientInfo client) {
    return signInVerified(accountId, method, client, null);
  }

  /**
   * As {@link #signInVerified(String, String, ClientInfo)}, from a client that may show a device
   * token: a live one of this account is replaced by the new one in
   * {@link SignInResult.SignedIn#deviceToken()}, so a device holds one token per account.
   *
   * @param deviceToken the device cookie's value, or {@code null} when there is none
   */
  public SignInResult signInVerified(String accountId, String method, ClientInfo client,
      String deviceToken) {
    requireAccountId(accountId);
    Objects.requireNonNull(client, "client");
    requireMethod(method);
    String device = devices == null ? null
        : devices.recognise(deviceToken, accountId).orElse(null);
    return afterFirstFactor(accountId, client, method, device);
  }

  /**
   * Signs in an account whose sign-in the host (or a Latchkey module) has verified with a factor
   * that is multi-factor on its own: a passkey with user verification (something the user has,
   * unlocked by something they know or are). No second factor is asked for, the
   * {@link TwoFactorRequirement} is met, and the session is {@link Assurance#MULTI_FACTOR}; the
   * sign-in is recorded in the login history with {@code method}.
   *
   * <p>The caller vouches for the identity and for both factors: the {@code latchkey-passkeys}
   * module calls it after verifying a discoverable-credential assertion with the UV flag set.
   * Never call it with an account id taken from the request.
   *
   * @param deviceToken the device cookie's value, or {@code null} when there is none
   * @return {@link SignInResult.SignedIn}
   * @throws IllegalArgumentException for an invalid account id or method
   */
  public SignInResult signInVerifiedMultiFactor(String accountId, String method,
      ClientInfo client, String deviceToken) {
    requireAccountId(accountId);
    Objects.requireNonNull(client, "client");
    requireMethod(method);
    String device = devices == null ? null
        : devices.recognise(deviceToken, accountId).orElse(null);
    NewSession session = sessions.create(accountId, client, Assurance.MULTI_FACTOR);
    recordSignIn(session, client, Map.of("method", method));
    return new SignInResult.SignedIn(session, null, rememberDevice(accountId, device));
  }

  /**
   * Whether a password sign-in of the account owes a second factor: an active authenticator app,
   * a passkey (when passkeys are configured), or an enrolled phone number or email address for
   * one-time codes (when those are configured).
   */
  public boolean hasSecondFactor(String accountId) {
    if (!AccountIds.isValid(accountId)) {
      return false;
    }
    return (totp != null && totp.isEnabled(accountId))
        || (passkeys != null && !passkeys.listByAccount(accountId).isEmpty())
        || (oneTimeCodes != null && !oneTimeCodes.factors(accountId).isEmpty());
  }

  private static void requireMethod(String method) {
    if (method == null || !METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException(
          "Invalid method; must be 1 to 32 characters of [a-z0-9_.-] starting with a letter");
    }
  }

  /**
   * The first factor passed: challenge, restricted session, or session (with a device token that
   * replaces {@code knownDevice}, the id of the device token the client showed, if any).
   */
  private SignInResult afterFirstFactor(String accountId, ClientInfo client, String method,
      String knownDevice) {
    if (hasSecondFactor(accountId)) {
      SignInChallenges.Issued challenge = challenges.create(accountId, client);
      // The first factor was right: say so in the history now, so a second step that is never
      // completed (abandoned, or a stolen password stopped by 2FA) still leaves an entry.
      events.recordBestEffort(SecurityEventType.SIGN_IN_SECOND_FACTOR_REQUIRED, accountId, client,
          null, Map.of("method", method));
      return new SignInResult.SecondFactorRequired(challenge.token(), challenge.expiresAt());
    }
    TwoFactorRequirement.Requirement rule = Objects.requireNonNull(
        requirement.requirementFor(accountId), "TwoFactorRequirement returned null");
    Instant dueBy = null;
    boolean enforced = rule instanceof TwoFactorRequirement.Requirement.Required;
    if (rule instanceof TwoFactorRequirement.Requirement.RequiredAfter after) {
      if (Time.now(clock).isBefore(after.graceEnds())) {
        dueBy = after.graceEnds();
      } else {
        enforced = true;
      }
    }
    if (enforced) {
      if (totp == null && passkeys == null) {
        throw new IllegalStateException("The TwoFactorRequirement requires two-factor"
            + " authentication but it is not configured (no key ring and TOTP settings)");
      }
      NewSession restricted = sessions.create(accountId, client, Assurance.ENROLLMENT_ONLY);
      recordSignIn(restricted, client,
          Map.of("method", method, "restricted", Assurance.ENROLLMENT_ONLY.code()));
      return new SignInResult.EnrollmentRequired(restricted);
    }
    NewSession session = sessions.create(accountId, client, Assurance.SINGLE_FACTOR);
    recordSignIn(session, client, Map.of("method", method));
    return new SignInResult.SignedIn(session, dueBy, rememberDevice(accountId, knownDevice));
  }

  /**
   * A device token for a device that just signed in. Best effort, after the session and its event
   * are stored: a device that stays unknown only means its next sign-in counts against the
   * account's allowance, which is no reason to fail a sign-in that succeeded.
   */
  private KnownDeviceToken rememberDevice(String accountId, String replacing) {
    if (devices == null) {
      return null;
    }
    try {
      return devices.issue(accountId, replacing);
    } catch (StoreException e) {
      // The account id is the host's opaque id, not a secret; the token is never passed here, and
      // a StoreException's message names the operation only (the stores withhold values).
      LOG.warn("Could not store a device token for account {}; signed in without one", accountId,
          e);
      return null;
    }
  }

  /** History first, then the session goes out; a session the history cannot show is discarded. */
  private void recordSignIn(NewSession session, ClientInfo client, Map<String, String> details) {
    try {
      events.recordSignIn(session.accountId(), client, session.id(), details);
    } catch (RuntimeException e) {
      try {
        sessions.discard(session);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * A wrong password (or a password for a name that matches no account, recorded under
   * {@link #UNKNOWN_ACCOUNT_ID}): best effort, it changed nothing.
   */
  private void recordFailure(String accountId, Factor factor, ClientInfo client,
      AttemptDecision.Permitted attempt) {
    recordFailure(accountId, factor, client, () -> limiter.lockedNow(attempt));
  }

  /** A wrong second-factor code, counted per account by the TOTP or backup-code service. */
  private void recordFailure(String accountId, Factor factor, ClientInfo client) {
    recordFailure(accountId, factor, client, () -> limiter.lockedNow(factor, accountId));
  }

  private void recordFailure(String accountId, Factor factor, ClientInfo client,
      Supplier<Optional<AttemptDecision.Locked>> lockNow) {
    events.recordBestEffort(SecurityEventType.SIGN_IN_FAILED, accountId, client, null,
        Map.of("factor", factor.code()));
    try {
      // This failure may be the one that locks the account: record the lock once, here, rather
      // than on every refused attempt.
      lockNow.get().ifPresent(lock ->
          events.recordBestEffort(SecurityEventType.SIGN_IN_LOCKED, accountId, client, null,
              Map.of("factor", factor.code(),
                  "retry_after_seconds", String.valueOf(lock.retryAfterSeconds()),
                  "hard_stop", String.valueOf(lock.hardStop()))));
    } catch (StoreException e) {
      LOG.error("Could not read the attempt counter of account {} to record a lock; continuing",
          accountId, e);
    }
  }

  /**
   * Completes a sign-in with the second factor: a TOTP code ("123 456" is fine) or a backup code
   * ("7kq3-xm9p-2bw4-hr6t", any case, dashes optional).
   *
   * @param challenge the token from {@link SignInResult.SecondFactorRequired#challenge()}
   * @param code what the user typed
   * @return {@link SignInResult.SignedIn} with a {@link Assurance#MULTI_FACTOR} session,
   *     {@link SignInResult.Locked}, or {@link SignInResult.Rejected} with
   *     {@link SignInResult.Reason#INVALID_CODE} or {@link SignInResult.Reason#INVALID_CHALLENGE}
   */
  public SignInResult completeSecondFactor(String challenge, String code, ClientInfo client) {
    return completeSecondFactor(challenge, code, client, null);
  }

  /**
   * As {@link #completeSecondFactor(String, String, ClientInfo)}, from a client that may show a
   * device token: a live one of this account is replaced by the new one in
   * {@link SignInResult.SignedIn#deviceToken()}.
   *
   * <p>All or nothing: the code is spent (a backup code used, a TOTP time step accepted) before the
   * challenge is completed and the session stored, and when any of those steps fails — the store
   * throws, or another request completed the challenge first — the code is given back (and the
   * challenge made live again once this call had completed it) before the call returns or throws.
   * So a failure never costs the user a code: they simply try again.
   *
   * @param deviceToken the device cookie's value, or {@code null} when there is none
   */
  public SignInResult completeSecondFactor(String challenge, String code, ClientInfo client,
      String deviceToken) {
    long start = metrics.start();
    Outcome outcome = Outcome.ERROR;
    try {
      SignInResult result = secondStep(challenge, code, client, deviceToken);
      outcome = outcomeOf(result);
      return result;
    } finally {
      metrics.stop(Operation.SIGN_IN_SECOND_FACTOR, outcome, start);
    }
  }

  private SignInResult secondStep(String challenge, String code, ClientInfo client,
      String deviceToken) {
    Objects.requireNonNull(client, "client");
    if (challenges == null || backupCodes == null) {
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE);
    }
    Optional<SignInChallenge> found = challenges.find(challenge);
    if (found.isEmpty()) {
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE);
    }
    SignInChallenge pending = found.get();
    String accountId = pending.accountId();
    if (!challenges.tryAttempt(pending)) {
      // The allowance is spent: the challenge is void now, for this request and every later one.
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE);
    }
    // Looked up before the code is spent, so a failing read here costs the user nothing.
    String device = devices == null ? null
        : devices.recognise(deviceToken, accountId).orElse(null);
    // The TOTP and backup-code services count the code per account and per client themselves.
    Factor factor = looksLikeTotp(code) ? Factor.TOTP : Factor.BACKUP_CODE;
    Runnable giveBack;
    if (factor == Factor.TOTP) {
      TotpVerification v = totp.verify(accountId, code, client);
      if (v instanceof TotpVerification.Locked locked) {
        return new SignInResult.Locked(locked.retryAfter());
      }
      giveBack = v instanceof TotpVerification.Accepted accepted
          ? () -> totp.release(accepted) : null;
    } else {
      BackupCodeVerification v = backupCodes.consume(accountId, code, client);
      if (v instanceof BackupCodeVerification.Locked locked) {
        return new SignInResult.Locked(locked.retryAfter());
      }
      giveBack = v instanceof BackupCodeVerification.Consumed consumed
          ? () -> backupCodes.restore(consumed) : null;
    }
    if (giveBack == null) {
      recordFailure(accountId, factor, client);
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CODE);
    }
    NewSession session = completeOrGiveBack(pending, client, factor, giveBack);
    if (session == null) {
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE);
    }
    return new SignInResult.SignedIn(session, null, rememberDevice(accountId, device));
  }

  /**
   * Completes a sign-in with a second factor Latchkey core does not check itself — a passkey
   * assertion, through the {@code latchkey-passkeys} module, which passes itself as
   * {@code verifier}. The flow is the one of a code: the challenge is found and the attempt counted
   * against it (it is void after {@link SignInSettings#challengeMaxFailures()} failures), then the
   * verifier decides, then the challenge is completed once and a {@link Assurance#MULTI_FACTOR}
   * session created, or the failure recorded ({@code sign_in.failed} with the verifier's
   * {@code method} as factor and its code as {@code reason}).
   *
   * @param challenge the token from {@link SignInResult.SecondFactorRequired#challenge()}
   * @param verifier checks the response
   * @param response what the client sent
   * @param deviceToken the device cookie's value, or {@code null} when there is none
   * @return {@link SignInResult.SignedIn}, {@link SignInResult.Locked} (when the verifier's own
   *     attempt limit refused: {@link SecondFactorCheck.Locked}), or {@link SignInResult.Rejected}
   *     with {@link SignInResult.Reason#INVALID_CODE} or
   *     {@link SignInResult.Reason#INVALID_CHALLENGE}
   */
  public SignInResult completeSecondFactor(String challenge, SecondFactorVerifier verifier,
      String response, ClientInfo client, String deviceToken) {
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(client, "client");
    String method = verifier.method();
    requireMethod(method);
    if (challenges == null) {
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE);
    }
    Optional<SignInChallenge> found = challenges.find(challenge);
    if (found.isEmpty()) {
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE);
    }
    SignInChallenge pending = found.get();
    String accountId = pending.accountId();
    if (!challenges.tryAttempt(pending)) {
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE);
    }
    String device = devices == null ? null
        : devices.recognise(deviceToken, accountId).orElse(null);
    SecondFactorCheck check = Objects.requireNonNull(
        verifier.verify(pending, response, client), "SecondFactorVerifier returned null");
    if (check instanceof SecondFactorCheck.Locked locked) {
      // The verifier's own limit refused without checking anything: nothing to record.
      return new SignInResult.Locked(locked.retryAfter());
    }
    if (check instanceof SecondFactorCheck.Rejected rejected) {
      events.recordBestEffort(SecurityEventType.SIGN_IN_FAILED, accountId, client, null,
          Map.of("factor", method, "reason", rejected.code()));
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CODE);
    }
    // Nothing to give back: what the verifier spent (a WebAuthn challenge) cannot be reused anyway.
    Instant at = challenges.now();
    if (!challenges.complete(pending, at)) {
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE);
    }
    NewSession session;
    try {
      session = sessions.create(accountId, client, Assurance.MULTI_FACTOR);
      recordSignIn(session, client, Map.of("method", method));
    } catch (RuntimeException e) {
      throw undoing(e, () -> challenges.release(pending, at));
    }
    return new SignInResult.SignedIn(session, null, rememberDevice(accountId, device));
  }

  /*
   * The code is spent; now the challenge, the session and its event. Each of them may fail, and
   * then whatever this call did is undone in reverse, through the stores' atomic "undo exactly
   * that" operations, before the failure goes on: the session is discarded (recordSignIn), the
   * challenge released, the code given back. A store call that throws is not undone itself (it may
   * or may not have happened, and undoing something this call did not do could undo another
   * request's work); only the steps known to have succeeded are.
   *
   * Returns null when another request completed the challenge first.
   */
  private NewSession completeOrGiveBack(SignInChallenge pending, ClientInfo client, Factor factor,
      Runnable giveBack) {
    Instant at = challenges.now();
    boolean completed;
    try {
      // Single use: of two requests racing with one challenge, only one consume succeeds.
      completed = challenges.complete(pending, at);
    } catch (RuntimeException e) {
      throw undoing(e, giveBack);
    }
    if (!completed) {
      // Lost the race: the other request signed in with its own code; this one was never used.
      try {
        giveBack.run();
      } catch (RuntimeException e) {
        LOG.error("Could not give back the code of a sign-in that lost its challenge to another"
            + " request, account {}", pending.accountId(), e);
      }
      return null;
    }
    try {
      NewSession session = sessions.create(pending.accountId(), client, Assurance.MULTI_FACTOR);
      recordSignIn(session, client, Map.of("method", factor.code()));
      return session;
    } catch (RuntimeException e) {
      throw undoing(e, () -> challenges.release(pending, at), giveBack);
    }
  }

  /** Runs each undo step in order, keeping their own failures as suppressed; returns {@code e}. */
  private static RuntimeException undoing(RuntimeException e, Runnable... steps) {
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
    }
    return e;
  }

  /**
   * Looks up the live challenge a token names, without counting or using anything (for a page
   * that shows which account the code is for, or asks for a new sign-in when it is gone). Never
   * throws for bad input.
   *
   * @param challenge the token from {@link SignInResult.SecondFactorRequired#challenge()}
   * @return empty when the token is malformed, unknown, used up, void or expired, or when
   *     two-factor authentication is not configured
   */
  public Optional<SignInChallenge> findChallenge(String challenge) {
    return challenges == null ? Optional.empty() : challenges.find(challenge);
  }

  /**
   * Deletes challenges that expired more than {@code retention} ago, used or not. Run it from a
   * scheduled job; sign-in does not depend on it.
   *
   * @return how many were deleted (0 when two-factor authentication is not configured)
   */
  public int purgeChallenges(Duration retention) {
    Objects.requireNonNull(retention, "retention");
    return challenges == null ? 0 : challenges.purge(retention);
  }

  /**
   * Forgets every known device of the account: from now on its sign-ins count against the
   * account's allowance until it signs in again. Call it where every session of the account ends
   * ("sign out everywhere", a password reset), so a device token that went with a stolen session
   * is worth nothing.
   *
   * @return how many device tokens were forgotten (0 without a known-device store)
   */
  public int forgetKnownDevices(String accountId) {
    requireAccountId(accountId);
    return devices == null ? 0 : devices.forget(accountId);
  }

  /**
   * Deletes device tokens that expired more than {@code retention} ago. Run it from a scheduled
   * job; sign-in does not depend on it.
   *
   * @return how many were deleted (0 without a known-device store)
   */
  public int purgeKnownDevices(Duration retention) {
    Objects.requireNonNull(retention, "retention");
    return devices == null ? 0 : devices.purge(retention);
  }

  /** The challenge lifecycle, for tests in this package. */
  SignInChallenges challenges() {
    return challenges;
  }

  /**
   * Sets (or replaces) an account's password on the host's authority, for sign-up and for a reset
   * after account recovery, without checking it against the policy. Prefer {@link #register} at
   * sign-up, which does.
   *
   * <p>A reset is a change of factor made for no session: every session of the account ends
   * ({@link SessionRegistry#afterFactorChange(String)}, unless the host keeps them), and the
   * account's password attempt counters ({@link Factor#PASSWORD}, {@link Factor#CURRENT_PASSWORD})
   * are cleared, so a lock earned by guesses at the old password does not outlive it, and a
   * replaced password forgets the account's known devices ({@link #forgetKnownDevices}). The TOTP and
   * backup-code counters stay: a reset proves control of the recovery channel, not of the second
   * factor, and clearing them would hand whoever controls that channel fresh code guesses with
   * every reset. A replaced password, or ended sessions, are recorded as
   * {@link SecurityEventType#PASSWORD_RESET}; a first password at sign-up records nothing.
   *
   * @return how many sessions of the account this ended
   * @throws IllegalArgumentException if the password exceeds the hasher's length cap
   */
  public int setPassword(String accountId, CharSequence password) {
    requireAccountId(accountId);
    Objects.requireNonNull(password, "password");
    String hash = hasher.hash(password);
    boolean replaced = credentials.find(accountId).isPresent();
    credentials.put(new PasswordCredential(accountId, hash, Time.now(clock)));
    limiter.reset(Factor.PASSWORD, accountId);
    limiter.reset(Factor.CURRENT_PASSWORD, accountId);
    int ended = sessions.afterFactorChange(accountId).otherSessionsEnded();
    if (replaced) {
      // A reset: a device token that went with a stolen session keeps no allowance of its own.
      forgetKnownDevices(accountId);
    }
    if (replaced || ended > 0) {
      events.record(SecurityEventType.PASSWORD_RESET, accountId, null, null,
          Map.of("other_sessions_ended", String.valueOf(ended)));
    }
    return ended;
  }

  /**
   * Sets (or replaces) an account's password at sign-up, if the configured {@link PasswordPolicy}
   * accepts it: nothing is stored otherwise. Answer 422 with
   * {@link PasswordValidation#violations()} when it is not valid.
   *
   * @param context what the policy knows about the user (email, names), or {@code null} for
   *     nothing
   * @return the policy's verdict; the password was stored exactly when it is valid
   */
  public PasswordValidation register(String accountId, CharSequence password,
      PasswordContext context) {
    requireAccountId(accountId);
    Objects.requireNonNull(password, "password");
    PasswordValidation verdict =
        policy.validate(password, context == null ? PasswordContext.empty() : context);
    if (verdict.isValid()) {
      credentials.put(new PasswordCredential(accountId, hasher.hash(password), Time.now(clock)));
    }
    return verdict;
  }

  /** The password policy {@link #register} applies. */
  public PasswordPolicy passwordPolicy() {
    return policy;
  }

  /** Whether the account has a password (as opposed to provider sign-in only). */
  public boolean hasPassword(String accountId) {
    return AccountIds.isValid(accountId) && credentials.find(accountId).isPresent();
  }

  private static void requireAccountId(String accountId) {
    AccountIds.require(accountId);
  }

  /**
   * The attempt-counter key for a login name that matches no account: a hash, so the counter table
   * never holds the names people mistyped, in a namespace account ids cannot reach.
   */
  private static String unknownLoginKey(String loginName) {
    if (loginName == null || loginName.isBlank() || loginName.length() > 1024) {
      return null;
    }
    String normalised = loginName.strip().toLowerCase(java.util.Locale.ROOT);
    return "login:" + dev.latchkey.internal.Hashing.sha256Hex(normalised);
  }

  private boolean looksLikeTotp(String code) {
    if (code == null || code.length() > 32) {
      return false;
    }
    int digits = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c != ' ') {
        return false;
      }
    }
    return digits == totp.settings().digits();
  }

  /** Collects the collaborators of a {@link SignInService}. */
  public static final class Builder {
    private CredentialStore credentials;
    private PasswordHasher hasher;
    private SessionRegistry sessions;
    private AttemptLimiter limiter;
    private AttemptStore attempts;
    private ChallengeStore challenges;
    private SecureRandom random;
    private TotpEnroller totp;
    private BackupCodes backupCodes;
    private SignInSettings settings = SignInSettings.defaults();
    private Clock clock;
    private SecurityEventRecorder events;
    private PasswordPolicy policy = PasswordPolicy.defaultPolicy();
    private TwoFactorRequirement requirement = TwoFactorRequirement.never();
    private KnownDeviceStore knownDevices;
    private LatchkeyMetrics metrics = LatchkeyMetrics.none();
    private PasskeyStore passkeys;
    private OneTimeCodeStore oneTimeCodes;

    private Builder() {}

    /**
     * Where SMS and email one-time code factors live (optional): with one, an account with an
     * enrolled phone number or email address owes a second factor after its password, and
     * sign-in challenges exist even without TOTP. The codes themselves are checked by
     * {@code dev.latchkey.otp.OneTimeCodes}, passed to
     * {@link SignInService#completeSecondFactor(String, SecondFactorVerifier, String, ClientInfo,
     * String)} as the verifier. Needs {@link #challenges} and {@link #random}.
     */
    public Builder oneTimeCodes(OneTimeCodeStore value) {
      this.oneTimeCodes = value;
      return this;
    }

    /** Where sign-in timings and outcomes are reported (default {@link LatchkeyMetrics#none()}). */
    public Builder metrics(LatchkeyMetrics value) {
      this.metrics = value;
      return this;
    }

    /**
     * Where passkeys live (optional): with one, an account with a passkey owes a second factor
     * after its password (a passkey counts as one, for the {@link TwoFactorRequirement} too), and
     * sign-in challenges exist even without TOTP. Needs {@link #challenges} and {@link #random}.
     */
    public Builder passkeys(PasskeyStore value) {
      this.passkeys = value;
      return this;
    }

    /**
     * Where device tokens live (optional): with one, every completed sign-in returns a device
     * token, and a client that shows it counts against an attempt allowance of its own. Needs
     * {@link #random}.
     */
    public Builder knownDevices(KnownDeviceStore value) {
      this.knownDevices = value;
      return this;
    }

    /**
     * Where sign-ins and failed attempts are recorded (required), under its failure policy: a
     * sign-in whose event cannot be stored is discarded and fails; failed and locked attempts are
     * recorded on a best-effort basis.
     */
    public Builder events(SecurityEventRecorder value) {
      this.events = value;
      return this;
    }

    /** The policy {@link SignInService#register} applies (default {@link PasswordPolicy#defaultPolicy()}). */
    public Builder passwordPolicy(PasswordPolicy value) {
      this.policy = value;
      return this;
    }

    /** Which accounts must use two-factor authentication (default: none). */
    public Builder twoFactorRequirement(TwoFactorRequirement value) {
      this.requirement = value;
      return this;
    }

    /** Where password hashes live (required). */
    public Builder credentials(CredentialStore value) {
      this.credentials = value;
      return this;
    }

    /** The password hasher (required). */
    public Builder hasher(PasswordHasher value) {
      this.hasher = value;
      return this;
    }

    /** The session registry (required). */
    public Builder sessions(SessionRegistry value) {
      this.sessions = value;
      return this;
    }

    /** The attempt limiter and its store (both required; the store also counts per challenge). */
    public Builder limits(AttemptLimiter limiter, AttemptStore attempts) {
      this.limiter = limiter;
      this.attempts = attempts;
      return this;
    }

    /** Where second-factor challenges live (required with {@link #twoFactor}). */
    public Builder challenges(ChallengeStore value) {
      this.challenges = value;
      return this;
    }

    /**
     * The source of challenge and device tokens and ids (required with {@link #twoFactor} or
     * {@link #knownDevices}).
     */
    public Builder random(SecureRandom value) {
      this.random = value;
      return this;
    }

    /** Two-factor services; both {@code null} when the host has no 2FA. */
    public Builder twoFactor(TotpEnroller totp, BackupCodes backupCodes) {
      this.totp = totp;
      this.backupCodes = backupCodes;
      return this;
    }

    /** Challenge lifetime and wrong-code allowance. */
    public Builder settings(SignInSettings value) {
      this.settings = value;
      return this;
    }

    /** The clock (required: time comes only from the one the host injects). */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Builds the service. @throws NullPointerException naming a missing collaborator */
    public SignInService build() {
      return new SignInService(this);
    }
  }

  /** Never the secret: challenge tokens are {@link Secret}s and are not kept here. */
  @Override
  public String toString() {
    return "SignInService[" + settings + "]";
  }
}
