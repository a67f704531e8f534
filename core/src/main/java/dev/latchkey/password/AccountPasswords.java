package dev.latchkey.password;

import dev.latchkey.events.SecurityEventListener;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.Time;
import dev.latchkey.limits.AttemptDecision;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.Factor;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionRenewal;
import dev.latchkey.session.SessionSettings;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.PasswordCredential;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed-in user's password: change it (knowing the current one) or, for an account that signed
 * up through a provider and has none, set one.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>The account always comes from a {@link ValidatedSession}, never from the request, and the
 *       session must be {@link ValidatedSession#isFullyAuthenticated() fully authenticated}: an
 *       enrollment-only session is refused.
 *   <li>The current password is a guessable factor: every check is counted before it is made
 *       ({@link Factor#CURRENT_PASSWORD}, per account and per client address), so a stolen session
 *       cannot be used to guess it; past the allowance the result is
 *       {@link PasswordChangeResult.Locked} and nothing is verified.
 *   <li>The new password is checked against the configured {@link PasswordPolicy} with the user's
 *       context and the current password ({@link PasswordViolation.Code#SAME_AS_CURRENT}), then
 *       hashed (Argon2id) and stored with a compare-and-set on the old hash: of two concurrent
 *       changes from the same current password, one wins and the other gets
 *       {@link PasswordChangeResult.WrongCurrentPassword}.
 *   <li>A change or a set is a change of factor: it ends every other session of the account by
 *       default ({@link SessionSettings.Builder#keepOtherSessionsOnFactorChange()} keeps them) and
 *       re-keys the one making the change, which stays signed in with the new token in the result.
 *       Whoever else knew the old password, or held a session, is signed out.
 *   <li>Setting a password where there was none needs a recent authentication (the session signed
 *       in or re-authenticated at most {@code maxAuthAge} ago; rotation does not make a session
 *       recent), so a session left open on a shared computer cannot quietly add a password to the
 *       account.
 *   <li>Both are recorded ({@link SecurityEventType#PASSWORD_CHANGED},
 *       {@link SecurityEventType#PASSWORD_SET}) after the credential is stored and reported to the
 *       {@link SecurityEventListener}. Passwords never appear in results, events, logs or
 *       exceptions.
 * </ul>
 *
 * <p>Thread-safe and stateless beyond its stores.
 */
public final class AccountPasswords {
  /** How recent a sign-in {@link #set} needs unless told otherwise: 15 minutes. */
  public static final Duration DEFAULT_MAX_AUTH_AGE = Duration.ofMinutes(15);
  /** The longest {@code maxAuthAge} {@link #set} accepts: 24 hours. */
  public static final Duration MAX_MAX_AUTH_AGE = Duration.ofHours(24);

  private final CredentialStore credentials;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final AttemptLimiter limiter;
  private final SessionRegistry sessions;
  private final SecurityEventRecorder events;
  private final Clock clock;

  private AccountPasswords(Builder b) {
    this.credentials = Objects.requireNonNull(b.credentials, "credentials");
    this.hasher = Objects.requireNonNull(b.hasher, "hasher");
    this.policy = Objects.requireNonNull(b.policy, "policy");
    this.limiter = Objects.requireNonNull(b.limiter, "limiter");
    this.sessions = Objects.requireNonNull(b.sessions, "sessions");
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.events = Objects.requireNonNull(b.events, "events");
  }

  /** Starts building the service; host apps normally get it from {@code Latchkey.passwords()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The policy new passwords must meet. */
  public PasswordPolicy policy() {
    return policy;
  }

  /**
   * Whether {@link #change} and {@link #set} sign out the account's other sessions (the default;
   * the registry's {@link SessionSettings#endsOtherSessionsOnFactorChange()}).
   */
  public boolean endsOtherSessions() {
    return sessions.settings().endsOtherSessionsOnFactorChange();
  }

  /** Whether the session's account has a password: show "Change password" or "Set password". */
  public boolean hasPassword(ValidatedSession session) {
    Objects.requireNonNull(session, "session");
    return credentials.find(session.accountId()).isPresent();
  }

  /**
   * Changes the session's account's password.
   *
   * <p>Order: refuse a restricted session; count the attempt (a lock returns
   * {@link PasswordChangeResult.Locked} unchecked); verify {@code current}; check {@code next}
   * against the policy; store; end the other sessions and re-key this one; record
   * {@code password.changed}.
   *
   * @param session the caller's validated session
   * @param current what the user typed as their current password
   * @param next the new password
   * @param context what the policy knows about the user (email, names), or {@code null}; the
   *     current password is added to it here
   * @param client the request's address and User-Agent (attempt limits and history)
   * @return {@link PasswordChangeResult.Changed}, {@link PasswordChangeResult.WrongCurrentPassword},
   *     {@link PasswordChangeResult.Locked}, {@link PasswordChangeResult.Rejected} or
   *     {@link PasswordChangeResult.NotAllowed}
   */
  public PasswordChangeResult change(ValidatedSession session, CharSequence current,
      CharSequence next, PasswordContext context, ClientInfo client) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(client, "client");
    if (!session.isFullyAuthenticated()) {
      return new PasswordChangeResult.NotAllowed(PasswordChangeResult.Reason.SESSION_RESTRICTED);
    }
    String accountId = session.accountId();
    AttemptDecision decision =
        limiter.tryAttempt(Factor.CURRENT_PASSWORD, accountId, client.ipAddress());
    if (decision instanceof AttemptDecision.Locked locked) {
      return new PasswordChangeResult.Locked(locked.retryAfter());
    }
    Optional<PasswordCredential> stored = credentials.find(accountId);
    if (stored.isEmpty()) {
      return new PasswordChangeResult.NotAllowed(PasswordChangeResult.Reason.NO_PASSWORD);
    }
    String oldHash = stored.get().hash();
    if (!hasher.verify(current, oldHash)) {
      return new PasswordChangeResult.WrongCurrentPassword();
    }
    limiter.succeeded((AttemptDecision.Permitted) decision);
    PasswordContext withCurrent =
        (context == null ? PasswordContext.empty() : context).withCurrentPassword(current);
    PasswordValidation verdict = policy.validate(next, withCurrent);
    if (!verdict.isValid()) {
      return new PasswordChangeResult.Rejected(verdict);
    }
    // Compare-and-set on the hash we verified: a concurrent change makes "current" stale.
    if (!credentials.replace(accountId, oldHash,
        new PasswordCredential(accountId, hasher.hash(next), Time.now(clock)))) {
      return new PasswordChangeResult.WrongCurrentPassword();
    }
    // Whoever was guessing the old password has nothing left to guess.
    limiter.reset(Factor.PASSWORD, accountId);
    SessionRenewal renewal = sessions.afterFactorChange(session);
    events.record(SecurityEventType.PASSWORD_CHANGED, accountId, client, session.sessionId(),
        Map.of("other_sessions_ended", String.valueOf(renewal.otherSessionsEnded())));
    return new PasswordChangeResult.Changed(renewal);
  }

  /**
   * Sets a password on the session's account, which has none (it signed up through a provider),
   * requiring an authentication within {@link #DEFAULT_MAX_AUTH_AGE}.
   *
   * @see #set(ValidatedSession, CharSequence, PasswordContext, ClientInfo, Duration)
   */
  public PasswordSetResult set(ValidatedSession session, CharSequence password,
      PasswordContext context, ClientInfo client) {
    return set(session, password, context, client, DEFAULT_MAX_AUTH_AGE);
  }

  /**
   * Sets a password on the session's account, which has none (it signed up through a provider).
   * The session must have authenticated ({@link ValidatedSession#authenticatedAt()}: signed in or
   * re-authenticated) at most {@code maxAuthAge} ago; otherwise the user re-authenticates first.
   * Then signs the account's other sessions out and re-keys this one.
   *
   * <p>Two concurrent calls for one account both find no password; the later write wins. Both came
   * from the account's own recent sessions.
   *
   * @param context what the policy knows about the user (email, names), or {@code null}
   * @param maxAuthAge how recent the authentication must be: more than zero, at most
   *     {@link #MAX_MAX_AUTH_AGE}
   * @return {@link PasswordSetResult.Set}, {@link PasswordSetResult.Rejected} or
   *     {@link PasswordSetResult.NotAllowed}
   * @throws IllegalArgumentException when {@code maxAuthAge} is out of range
   */
  public PasswordSetResult set(ValidatedSession session, CharSequence password,
      PasswordContext context, ClientInfo client, Duration maxAuthAge) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(maxAuthAge, "maxAuthAge");
    if (maxAuthAge.isNegative() || maxAuthAge.isZero()
        || maxAuthAge.compareTo(MAX_MAX_AUTH_AGE) > 0) {
      throw new IllegalArgumentException("Invalid maxAuthAge " + maxAuthAge
          + "; must be more than zero and at most " + MAX_MAX_AUTH_AGE);
    }
    if (!session.isFullyAuthenticated()) {
      return new PasswordSetResult.NotAllowed(PasswordSetResult.Reason.SESSION_RESTRICTED);
    }
    if (Time.now(clock).isAfter(session.authenticatedAt().plus(maxAuthAge))) {
      return new PasswordSetResult.NotAllowed(PasswordSetResult.Reason.REAUTHENTICATION_REQUIRED);
    }
    String accountId = session.accountId();
    if (credentials.find(accountId).isPresent()) {
      return new PasswordSetResult.NotAllowed(PasswordSetResult.Reason.ALREADY_HAS_PASSWORD);
    }
    PasswordValidation verdict =
        policy.validate(password, context == null ? PasswordContext.empty() : context);
    if (!verdict.isValid()) {
      return new PasswordSetResult.Rejected(verdict);
    }
    credentials.put(new PasswordCredential(accountId, hasher.hash(password), Time.now(clock)));
    SessionRenewal renewal = sessions.afterFactorChange(session);
    events.record(SecurityEventType.PASSWORD_SET, accountId, client, session.sessionId(),
        Map.of("other_sessions_ended", String.valueOf(renewal.otherSessionsEnded())));
    return new PasswordSetResult.Set(renewal);
  }

  @Override
  public String toString() {
    return "AccountPasswords[policy=" + policy + ", endOtherSessions=" + endsOtherSessions() + "]";
  }

  /** Collects the collaborators of an {@link AccountPasswords}. */
  public static final class Builder {
    private CredentialStore credentials;
    private PasswordHasher hasher;
    private PasswordPolicy policy = PasswordPolicy.defaultPolicy();
    private AttemptLimiter limiter;
    private SessionRegistry sessions;
    private SecurityEventRecorder events;
    private Clock clock;

    private Builder() {}

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

    /** The policy new passwords must meet (default {@link PasswordPolicy#defaultPolicy()}). */
    public Builder policy(PasswordPolicy value) {
      this.policy = value;
      return this;
    }

    /** Counts current-password attempts (required). */
    public Builder limiter(AttemptLimiter value) {
      this.limiter = value;
      return this;
    }

    /**
     * Ends the other sessions and re-keys the current one after a change, by its settings'
     * {@link SessionSettings#endsOtherSessionsOnFactorChange()} (required).
     */
    public Builder sessions(SessionRegistry value) {
      this.sessions = value;
      return this;
    }

    /**
     * Where changes are recorded (required), under its failure policy: the credential is stored
     * first; a failing event store then fails the call.
     */
    public Builder events(SecurityEventRecorder value) {
      this.events = value;
      return this;
    }

    /** The clock (required: time comes only from the one the host injects). */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Builds the service. @throws NullPointerException naming a missing collaborator */
    public AccountPasswords build() {
      return new AccountPasswords(this);
    }
  }
}
