package dev.latchkey.signin;

import dev.latchkey.Secret;
import dev.latchkey.backup.BackupCodeVerification;
import dev.latchkey.backup.BackupCodes;
import dev.latchkey.limits.AttemptDecision;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.Factor;
import dev.latchkey.password.PasswordHasher;
import dev.latchkey.session.Assurance;
import dev.latchkey.session.ClientInfo;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SignInChallenge;
import dev.latchkey.spi.AttemptRecord;
import dev.latchkey.spi.AttemptStore;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.PasswordCredential;
import dev.latchkey.totp.TotpEnroller;
import dev.latchkey.totp.TotpVerification;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The sign-in flow: password, then (for accounts with two-factor authentication) a TOTP or backup
 * code, then a session.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>An unknown account (or one without a password) costs the same hashing work as a wrong
 *       password, and both give the same {@link SignInResult.Reason#INVALID_CREDENTIALS}.
 *   <li>Every guess is counted before it is checked ({@link AttemptLimiter}): passwords, TOTP codes
 *       and backup codes each per account and per client address, so a locked result comes back
 *       without any verification and concurrent guesses cannot exceed the allowance. Starting a new
 *       challenge does not reset the second-factor count.
 *   <li>An account with active 2FA never gets a session from the password alone: it gets a
 *       single-use challenge that expires ({@link SignInSettings#challengeLifetime()}) and is void
 *       after {@link SignInSettings#challengeMaxFailures()} wrong codes. Completing it is atomic:
 *       two requests with one challenge never both get a session.
 *   <li>A hash made with weaker parameters (or bcrypt, for migrated users) is replaced after a
 *       successful password check, with a compare-and-set so a concurrent change is never lost.
 *   <li>Never throws for bad input; only store failures surface, as
 *       {@link dev.latchkey.spi.StoreException}.
 * </ul>
 *
 * <p>Thread-safe and stateless beyond its stores.
 */
public final class SignInService {
  /** The counter of wrong codes per challenge, kept in the attempt store beside the others. */
  static final String CHALLENGE_FACTOR = "sign_in_challenge";

  private final CredentialStore credentials;
  private final PasswordHasher hasher;
  private final SessionRegistry sessions;
  private final AttemptLimiter limiter;
  private final AttemptStore attempts;
  private final TotpEnroller totp;
  private final BackupCodes backupCodes;
  private final SignInSettings settings;
  private final Clock clock;

  private SignInService(Builder b) {
    this.credentials = Objects.requireNonNull(b.credentials, "credentials");
    this.hasher = Objects.requireNonNull(b.hasher, "hasher");
    this.sessions = Objects.requireNonNull(b.sessions, "sessions");
    this.limiter = Objects.requireNonNull(b.limiter, "limiter");
    this.attempts = Objects.requireNonNull(b.attempts, "attempts");
    this.totp = b.totp;
    this.backupCodes = b.backupCodes;
    this.settings = Objects.requireNonNull(b.settings, "settings");
    this.clock = Objects.requireNonNull(b.clock, "clock");
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
   *     {@link SignInResult.Locked} or {@link SignInResult.Rejected}
   */
  public SignInResult signIn(String accountId, CharSequence password, ClientInfo client) {
    Objects.requireNonNull(client, "client");
    boolean plausibleId = accountId != null && !accountId.isEmpty() && accountId.length() <= 255;
    AttemptDecision decision =
        limiter.tryAttempt(Factor.PASSWORD, plausibleId ? accountId : null, client.ipAddress());
    if (decision instanceof AttemptDecision.Locked locked) {
      return new SignInResult.Locked(locked.retryAfter());
    }
    Optional<PasswordCredential> stored =
        plausibleId ? credentials.find(accountId) : Optional.empty();
    if (stored.isEmpty() || password == null) {
      // Same work as a real verification, so a missing account is not visible in response time.
      hasher.verifyDummy(password == null ? "" : password);
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CREDENTIALS);
    }
    PasswordCredential credential = stored.get();
    if (!hasher.verify(password, credential.hash())) {
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CREDENTIALS);
    }
    limiter.succeeded(Factor.PASSWORD, accountId);
    if (hasher.needsRehash(credential.hash())) {
      // Compare-and-set: if the password changed since we read it, keep the newer one.
      credentials.replace(accountId, credential.hash(),
          new PasswordCredential(accountId, hasher.hash(password), clock.instant()));
    }
    if (totp != null && totp.isEnabled(accountId)) {
      NewSession challenge =
          sessions.createChallenge(accountId, client, settings.challengeLifetime());
      return new SignInResult.SecondFactorRequired(challenge.token(), challenge.expiresAt());
    }
    return new SignInResult.SignedIn(sessions.create(accountId, client, Assurance.SINGLE_FACTOR));
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
    Objects.requireNonNull(client, "client");
    Optional<SignInChallenge> found = sessions.findChallenge(challenge);
    if (found.isEmpty() || totp == null || backupCodes == null) {
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE);
    }
    SignInChallenge pending = found.get();
    String accountId = pending.accountId();
    if (!reserveChallengeAttempt(pending)) {
      sessions.revoke(accountId, pending.id());
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE);
    }
    Factor factor = looksLikeTotp(code) ? Factor.TOTP : Factor.BACKUP_CODE;
    AttemptDecision decision = limiter.tryAttempt(factor, accountId, client.ipAddress());
    if (decision instanceof AttemptDecision.Locked locked) {
      return new SignInResult.Locked(locked.retryAfter());
    }
    boolean accepted = factor == Factor.TOTP
        ? totp.verify(accountId, code) instanceof TotpVerification.Accepted
        : backupCodes.consume(accountId, code) instanceof BackupCodeVerification.Consumed;
    if (!accepted) {
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CODE);
    }
    // Single use: of two requests racing with one challenge, only one revoke succeeds.
    if (!sessions.revoke(accountId, pending.id())) {
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CHALLENGE);
    }
    limiter.succeeded(factor, accountId);
    attempts.reset(CHALLENGE_FACTOR, "challenge:" + pending.id());
    return new SignInResult.SignedIn(sessions.create(accountId, client, Assurance.MULTI_FACTOR));
  }

  /**
   * Sets (or replaces) an account's password, for sign-up and for host-driven resets. Validate it
   * with a {@code PasswordPolicy} first; the hasher only refuses passwords over its length cap.
   *
   * @throws IllegalArgumentException if the password exceeds the hasher's length cap
   */
  public void setPassword(String accountId, CharSequence password) {
    if (accountId == null || accountId.isEmpty() || accountId.length() > 255) {
      throw new IllegalArgumentException("accountId must be 1 to 255 characters");
    }
    Objects.requireNonNull(password, "password");
    credentials.put(new PasswordCredential(accountId, hasher.hash(password), clock.instant()));
  }

  /** Whether the account has a password (as opposed to provider sign-in only). */
  public boolean hasPassword(String accountId) {
    return accountId != null && !accountId.isEmpty() && accountId.length() <= 255
        && credentials.find(accountId).isPresent();
  }

  /** Counts one code against the challenge before checking it; false once the allowance is gone. */
  private boolean reserveChallengeAttempt(SignInChallenge pending) {
    String subject = "challenge:" + pending.id();
    for (int round = 0; round < 32; round++) {
      Optional<AttemptRecord> current = attempts.find(CHALLENGE_FACTOR, subject);
      int used = current.map(AttemptRecord::attempts).orElse(0);
      if (used >= settings.challengeMaxFailures()) {
        return false;
      }
      Instant now = clock.instant();
      if (attempts.compareAndSet(current.orElse(null),
          new AttemptRecord(CHALLENGE_FACTOR, subject, used + 1, now))) {
        return true;
      }
    }
    return false;
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
    private TotpEnroller totp;
    private BackupCodes backupCodes;
    private SignInSettings settings = SignInSettings.defaults();
    private Clock clock = Clock.systemUTC();

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

    /** The clock. */
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
