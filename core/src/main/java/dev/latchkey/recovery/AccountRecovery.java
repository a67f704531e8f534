package dev.latchkey.recovery;

import dev.latchkey.backup.BackupCodes;
import dev.latchkey.common.KeyRing;
import dev.latchkey.delivery.MessageSender;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.metrics.LatchkeyMetrics;
import dev.latchkey.otp.OneTimeCodes;
import dev.latchkey.password.PasswordHasher;
import dev.latchkey.password.PasswordPolicy;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.signin.SignInService;
import dev.latchkey.spi.AccountTokenStore;
import dev.latchkey.spi.AttemptStore;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.totp.TotpEnroller;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * The two recovery services built on one {@link AccountTokenStore}: {@link PasswordResets} and
 * {@link EmailVerification}. Host apps get them from {@code Latchkey.passwordResets()} and
 * {@code Latchkey.emailVerification()}; this builder is for modules and tests that wire the
 * services themselves.
 *
 * <p>Immutable and thread-safe.
 */
public final class AccountRecovery {
  private final PasswordResets passwordResets;
  private final EmailVerification emailVerification;

  private AccountRecovery(Builder b) {
    AccountTokens tokens = new AccountTokens(b.store, b.sender, b.settings, b.attempts, b.clock,
        b.random, b.metrics, b.keyRing);
    this.passwordResets = new PasswordResets(tokens, b.credentials, b.hasher, b.policy,
        b.limiter, b.sessions, b.signIn, b.totp, b.backupCodes, b.events, b.keyRing,
        b.oneTimeCodes);
    this.emailVerification = new EmailVerification(tokens, b.sessions, b.events);
  }

  /** Collects the collaborators. */
  public static Builder builder() {
    return new Builder();
  }

  /** "Forgot password" links. */
  public PasswordResets passwordResets() {
    return passwordResets;
  }

  /** Email verification at sign-up and change of email. */
  public EmailVerification emailVerification() {
    return emailVerification;
  }

  @Override
  public String toString() {
    return "AccountRecovery[" + passwordResets.settings() + "]";
  }

  /**
   * Collects the collaborators of {@link AccountRecovery}; every one is required but
   * {@link #oneTimeCodes}.
   */
  public static final class Builder {
    private AccountTokenStore store;
    private MessageSender sender;
    private RecoverySettings settings;
    private AttemptLimiter limiter;
    private AttemptStore attempts;
    private CredentialStore credentials;
    private PasswordHasher hasher;
    private PasswordPolicy policy = PasswordPolicy.defaultPolicy();
    private SessionRegistry sessions;
    private SignInService signIn;
    private TotpEnroller totp;
    private BackupCodes backupCodes;
    private OneTimeCodes oneTimeCodes;
    private SecurityEventRecorder events;
    private KeyRing keyRing;
    private Clock clock;
    private SecureRandom random;
    private LatchkeyMetrics metrics = LatchkeyMetrics.none();

    private Builder() {}

    /** Where the link tokens live. */
    public Builder store(AccountTokenStore value) {
      this.store = value;
      return this;
    }

    /** Delivers the links by email; guarded so it cannot throw. */
    public Builder sender(MessageSender value) {
      this.sender = value;
      return this;
    }

    /** Link pages, lifetimes and send limits. */
    public Builder settings(RecoverySettings value) {
      this.settings = value;
      return this;
    }

    /**
     * The limiter whose password counters a reset clears, and the store the send limits count in.
     */
    public Builder limits(AttemptLimiter limiter, AttemptStore attempts) {
      this.limiter = limiter;
      this.attempts = attempts;
      return this;
    }

    /** Where password hashes live, and how new ones are made and checked. */
    public Builder passwords(CredentialStore credentials, PasswordHasher hasher,
        PasswordPolicy policy) {
      this.credentials = credentials;
      this.hasher = hasher;
      this.policy = policy;
      return this;
    }

    /** Ends sessions and knows recent authentication. */
    public Builder sessions(SessionRegistry value) {
      this.sessions = value;
      return this;
    }

    /** Says whether an account owes a second factor, and forgets its known devices on a reset. */
    public Builder signIn(SignInService value) {
      this.signIn = value;
      return this;
    }

    /** The second factors a reset of a two-factor account accepts. */
    public Builder twoFactor(TotpEnroller totpEnroller, BackupCodes codes) {
      this.totp = totpEnroller;
      this.backupCodes = codes;
      return this;
    }

    /**
     * The SMS and email codes a reset of an account with such a factor can be confirmed with
     * ({@link PasswordResets#sendCode}); optional: without it such an account resets with an
     * authenticator or backup code only.
     */
    public Builder oneTimeCodes(OneTimeCodes value) {
      this.oneTimeCodes = value;
      return this;
    }

    /** Records resets, verifications and changes. */
    public Builder events(SecurityEventRecorder value) {
      this.events = value;
      return this;
    }

    /** The key ring whose subkey makes the password fingerprints that bind reset links. */
    public Builder keyRing(KeyRing value) {
      this.keyRing = value;
      return this;
    }

    /** The clock. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** The source of tokens. */
    public Builder random(SecureRandom value) {
      this.random = value;
      return this;
    }

    /** Where refused sends per client are reported (default none). */
    public Builder metrics(LatchkeyMetrics value) {
      this.metrics = value;
      return this;
    }

    /** Builds both services. @throws NullPointerException naming a missing collaborator */
    public AccountRecovery build() {
      Objects.requireNonNull(settings, "settings");
      return new AccountRecovery(this);
    }
  }
}
