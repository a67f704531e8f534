package dev.latchkey.totp;

import dev.latchkey.common.KeyRing;
import dev.latchkey.backup.BackupCodeVerification;
import dev.latchkey.backup.BackupCodes;
import dev.latchkey.backup.RegenerateResult;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.events.SecurityEventListener;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.AccountIds;
import dev.latchkey.internal.Base32;
import dev.latchkey.internal.KeyPurpose;
import dev.latchkey.internal.KeyRingAccess;
import dev.latchkey.internal.SecretBox;
import dev.latchkey.limits.AttemptDecision;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.Factor;
import dev.latchkey.internal.Time;
import dev.latchkey.session.Assurance;
import dev.latchkey.session.SensitiveAction;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionRenewal;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.spi.TotpCredential;
import dev.latchkey.spi.TotpStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticator-app two-factor authentication (RFC 6238 TOTP): begin enrolment, confirm it with a
 * first code, verify codes at sign-in, disable.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>A secret is 160 bits from the injected {@link SecureRandom} (RFC 4226's recommended
 *       length). It is stored only encrypted: AES-256-GCM under a subkey of the {@link KeyRing},
 *       with the account id as associated data, so a ciphertext copied onto another account's row
 *       does not decrypt. The plaintext leaves only in the {@link TotpEnrollment} returned by
 *       {@link #begin}.
 *   <li>Enrolment is two-step: a secret is <em>pending</em> until {@link #confirm} receives a code
 *       computed from it, which proves the user's app holds it. Confirmation activates the secret
 *       and stores the first backup codes in one atomic store call.
 *   <li>Each time step is accepted at most once per account, across threads and processes (RFC 6238
 *       §5.2): acceptance is the store's atomic "set last step if greater". Of two simultaneous
 *       requests with one code, exactly one passes.
 *   <li>Codes are compared in constant time, and every step of the window is computed whatever
 *       matches. Time comes only from the injected {@link Clock}; the window is at most
 *       {@value TotpSettings#MAX_WINDOW} steps either side.
 *   <li>Every call that checks a code ({@link #verify}, {@link #confirm}, {@link #disable},
 *       {@link #regenerateBackupCodes}) limits its own attempts: each well-formed code is counted
 *       by the {@link AttemptLimiter} per account and per client address <em>before</em> it is
 *       checked (TOTP codes as {@link Factor#TOTP}, backup codes as {@link Factor#BACKUP_CODE}: the
 *       counters sign-in uses), and over the limit the call answers {@code Locked} with a
 *       retry-after, checking nothing. A right code clears the account's counter. Malformed input
 *       is refused before it is counted: it is never checked, so it guesses nothing.
 *   <li>{@link #verify}, {@link #confirm} and {@link #disable} never throw for any code string
 *       (null, huge, Unicode digits); they return typed results. Only store failures
 *       ({@link dev.latchkey.spi.StoreException}) and undecryptable rows
 *       ({@link dev.latchkey.common.DecryptionException}) surface as exceptions.
 *   <li>Disabling needs a recent authentication (the session's last sign-in or re-authentication
 *       within the {@link SensitiveAction#DISABLE_TWO_FACTOR} window) and proof — a current code,
 *       a backup code, or a recent multi-factor session — and deletes the secret and every backup
 *       code in one atomic store call. Regenerating backup codes needs a recent authentication
 *       ({@link SensitiveAction#REGENERATE_BACKUP_CODES}) and a current code. Without the recent
 *       authentication they answer {@code ReauthenticationRequired} before any code is counted.
 *   <li>Enabling and disabling are changes of factor, and so is regenerating backup codes: each
 *       signs the account's other sessions out and re-keys the session that made it
 *       ({@link SessionRegistry#afterFactorChange}); the new token is in the result.
 *   <li>Enabling and disabling are recorded in the login history and reported to the
 *       {@link SecurityEventListener} after the change is stored; a failing listener never fails
 *       the operation.
 * </ul>
 *
 * <p>Attempt limiting matters: 6-digit codes are guessable in about 10<sup>6</sup>/3 tries with a
 * window of one, so a stolen session must not be able to guess its way to disabling 2FA.
 *
 * <p>Thread-safe and stateless beyond its stores.
 */
public final class TotpEnroller {
  /** 160 bits, the HMAC-SHA-1 block-friendly length RFC 4226 §4 recommends. */
  static final int SECRET_BYTES = 20;
  /** The longest {@code maxAge} {@link #disable(ValidatedSession, Duration)} accepts: 24 hours. */
  public static final Duration MAX_REAUTHENTICATION_AGE = Duration.ofHours(24);
  /** Longest account name shown in the app: 255 characters. */
  static final int MAX_ACCOUNT_NAME_LENGTH = 255;
  /** Checked for unknown accounts so they cost the same time as known ones. */
  private static final byte[] DUMMY_SECRET = new byte[SECRET_BYTES];

  private final TotpStore store;
  private final BackupCodes backupCodes;
  private final SecretBox box;
  private final TotpSettings settings;
  private final TotpCodes codes;
  private final Clock clock;
  private final SecureRandom random;
  private final SecurityEventRecorder events;
  private final AttemptLimiter limiter;
  private final SessionRegistry sessions;

  private TotpEnroller(TotpStore store, BackupCodes backupCodes, KeyRing keyRing,
      TotpSettings settings, AttemptLimiter limiter, SessionRegistry sessions, Clock clock,
      SecureRandom random, SecurityEventRecorder events) {
    this.store = Objects.requireNonNull(store, "store");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.backupCodes = Objects.requireNonNull(backupCodes, "backupCodes");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.box = KeyRingAccess.of(keyRing).secretBox(KeyPurpose.TOTP_SECRET, random);
    this.codes = new TotpCodes(settings);
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Creates the service. Host apps normally get it from {@code Latchkey.totp()}.
   *
   * @param store the credentials; must share its storage with the backup codes' store
   * @param backupCodes issues the first set on confirmation and checks backup codes on disable
   * @param limiter counts every code checked, per account and per client
   * @param sessions ends the other sessions and re-keys the current one after a change, and knows
   *     how recent a session's authentication must be
   * @param events records enabling and disabling under its failure policy (the change is stored
   *     first; a failing event store then fails the call)
   */
  public static TotpEnroller create(TotpStore store, BackupCodes backupCodes, KeyRing keyRing,
      TotpSettings settings, AttemptLimiter limiter, SessionRegistry sessions, Clock clock,
      SecureRandom random, SecurityEventRecorder events) {
    return new TotpEnroller(store, backupCodes, keyRing, settings, limiter, sessions, clock,
        random, events);
  }

  /** The settings in force. */
  public TotpSettings settings() {
    return settings;
  }

  /**
   * Starts enrolment: draws a secret and stores it encrypted as pending, replacing any earlier
   * pending one (so reloading the setup page shows a fresh QR code and only the latest works).
   *
   * @param accountName the label shown in the app, usually the e-mail address (1 to 255
   *     characters, no control characters, and short enough that the key URI still fits a QR
   *     code at the configured error-correction level once percent-encoded: with an ASCII
   *     issuer and the default level M, any 255 ASCII characters fit)
   * @return {@link BeginResult.Started} with what to show, or {@link BeginResult.AlreadyEnabled}
   * @throws IllegalArgumentException when the account id or the account name breaks these rules
   */
  public BeginResult begin(String accountId, String accountName) {
    requireAccountId(accountId);
    Objects.requireNonNull(accountName, "accountName");
    if (accountName.isBlank() || accountName.length() > MAX_ACCOUNT_NAME_LENGTH
        || !TotpSettings.wellFormed(accountName)) {
      throw new IllegalArgumentException("Invalid accountName of length " + accountName.length()
          + "; must be 1 to " + MAX_ACCOUNT_NAME_LENGTH
          + " characters of well-formed text, not blank, without control characters");
    }
    if (!settings.fitsQrCode(accountName)) {
      // Otherwise the enrolment's QR views would fail after the pending secret was stored.
      throw new IllegalArgumentException("Invalid accountName of length " + accountName.length()
          + "; with the issuer, its key URI would not fit a QR code at error correction level "
          + settings.qrErrorCorrection());
    }
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    try {
      String sealed = box.seal(secret, ad(accountId));
      if (!store.savePending(TotpCredential.pending(accountId, sealed, now()))) {
        return new BeginResult.AlreadyEnabled();
      }
      return new BeginResult.Started(new TotpEnrollment(accountName, settings,
          Base32.encode(secret)));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * Completes the enrolment of the session's account with a code from the user's app. On success
   * the secret becomes active and the first backup codes are stored, in one atomic step; the
   * confirming code's time step counts as used; the account's other sessions are signed out and
   * this one gets a new {@link Assurance#MULTI_FACTOR} token (also an
   * {@link Assurance#ENROLLMENT_ONLY} one, which so becomes a full session). The code is counted
   * as a {@link Factor#TOTP} attempt first. Never throws for any {@code code}.
   *
   * @param session the session of the user enrolling (an enrolment-only one is fine)
   * @param client the request's client, for the per-client attempt counter and the history
   * @return {@link ConfirmResult.Confirmed}, {@link ConfirmResult.Locked} (nothing checked) or
   *     {@link ConfirmResult.Rejected}
   */
  public ConfirmResult confirm(ValidatedSession session, String code, ClientInfo client) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(client, "client");
    String accountId = session.accountId();
    String normalized = codes.normalize(code);
    if (normalized == null) {
      return new ConfirmResult.Rejected(ConfirmResult.Reason.MALFORMED_CODE);
    }
    AttemptDecision attempt = limiter.tryAttempt(Factor.TOTP, accountId, client.ipAddress());
    if (attempt instanceof AttemptDecision.Locked locked) {
      return new ConfirmResult.Locked(locked.retryAfter());
    }
    ConfirmResult result = confirmCounted(session, normalized, client);
    if (result instanceof ConfirmResult.Confirmed) {
      limiter.succeeded((AttemptDecision.Permitted) attempt);
    }
    return result;
  }

  private ConfirmResult confirmCounted(ValidatedSession session, String normalized,
      ClientInfo client) {
    String accountId = session.accountId();
    Optional<TotpCredential> found = store.findByAccount(accountId);
    if (found.isEmpty() || found.get().active()) {
      return new ConfirmResult.Rejected(ConfirmResult.Reason.NO_PENDING_ENROLLMENT);
    }
    TotpCredential pending = found.get();
    Instant now = now();
    long step = matchStep(pending, normalized, now);
    if (step == TotpCodes.NO_MATCH) {
      return new ConfirmResult.Rejected(ConfirmResult.Reason.INVALID_CODE);
    }
    if (step == TotpCodes.ALREADY_USED) {
      return new ConfirmResult.Rejected(ConfirmResult.Reason.REPLAYED);
    }
    BackupCodes.Prepared prepared = backupCodes.prepare(accountId);
    if (store.activate(accountId, pending.encryptedSecret(), step, prepared.records(), now)) {
      SessionRenewal renewal = sessions.afterFactorChange(session, Assurance.MULTI_FACTOR);
      events.record(SecurityEventType.TOTP_ENABLED, accountId, client, session.sessionId(),
          Map.of("algorithm", settings.algorithm().name(),
              "backup_codes", String.valueOf(prepared.codes().size()),
              "other_sessions_ended", String.valueOf(renewal.otherSessionsEnded())));
      return new ConfirmResult.Confirmed(prepared.codes(), renewal);
    }
    // Lost a race: either a concurrent confirm of this same enrolment used this step first, or a
    // newer begin() replaced the secret.
    Optional<TotpCredential> after = store.findByAccount(accountId);
    boolean sameEnrolmentUsedStep = after.isPresent() && after.get().active()
        && after.get().encryptedSecret().equals(pending.encryptedSecret())
        && after.get().lastAcceptedStep() >= step;
    return new ConfirmResult.Rejected(sameEnrolmentUsedStep
        ? ConfirmResult.Reason.REPLAYED
        : ConfirmResult.Reason.NO_PENDING_ENROLLMENT);
  }

  /**
   * Checks a code at sign-in (or before a sensitive action): accepted when it is the code of the
   * current time step or one within the window, and that step has not been accepted before. The
   * code is counted as a {@link Factor#TOTP} attempt first. Never throws for any {@code code}.
   *
   * @param client the request's client, for the per-client attempt counter
   * @return {@link TotpVerification.Accepted}, {@link TotpVerification.Locked} (nothing checked)
   *     or {@link TotpVerification.Rejected}
   */
  public TotpVerification verify(String accountId, String code, ClientInfo client) {
    requireAccountId(accountId);
    Objects.requireNonNull(client, "client");
    String normalized = codes.normalize(code);
    if (normalized == null) {
      return new TotpVerification.Rejected(TotpVerification.Reason.MALFORMED);
    }
    AttemptDecision attempt = limiter.tryAttempt(Factor.TOTP, accountId, client.ipAddress());
    if (attempt instanceof AttemptDecision.Locked locked) {
      return new TotpVerification.Locked(locked.retryAfter());
    }
    TotpVerification result = verifyCounted(accountId, normalized);
    if (result.isAccepted()) {
      limiter.succeeded((AttemptDecision.Permitted) attempt);
    }
    return result;
  }

  private TotpVerification verifyCounted(String accountId, String normalized) {
    Optional<TotpCredential> found = store.findByAccount(accountId);
    Instant now = now();
    if (found.isEmpty() || !found.get().active()) {
      // Same work as a known account, so timing does not tell who has 2FA.
      codes.match(DUMMY_SECRET, normalized, codes.stepAt(now), TotpCredential.NO_STEP);
      return new TotpVerification.Rejected(TotpVerification.Reason.NOT_ENROLLED);
    }
    TotpCredential credential = found.get();
    long step = matchStep(credential, normalized, now);
    if (step == TotpCodes.NO_MATCH) {
      return new TotpVerification.Rejected(TotpVerification.Reason.INVALID);
    }
    if (step == TotpCodes.ALREADY_USED) {
      return new TotpVerification.Rejected(TotpVerification.Reason.REPLAYED);
    }
    if (store.acceptStep(accountId, step)) {
      return new TotpVerification.Accepted(accountId, step);
    }
    // Another request accepted this step (or a later one) first — or 2FA was disabled meanwhile.
    return new TotpVerification.Rejected(isEnabled(accountId)
        ? TotpVerification.Reason.REPLAYED
        : TotpVerification.Reason.NOT_ENROLLED);
  }

  /**
   * Gives back the time step a {@link #verify} spent, when what the code was checked for could not
   * be completed: the sign-in flow calls it when the session cannot be stored, so the user can try
   * the same code again instead of waiting for the next one. Atomic, and only while that step is
   * still the account's last accepted one: a later accepted step stands, and no earlier step is
   * ever accepted again. Call it only when the action did not take effect.
   *
   * @return {@code true} when this call gave the step back
   */
  public boolean release(TotpVerification.Accepted accepted) {
    Objects.requireNonNull(accepted, "accepted");
    return store.releaseStep(accepted.accountId(), accepted.step());
  }

  /**
   * Switches two-factor authentication off for the session's account, given a recent
   * authentication (within the {@link SensitiveAction#DISABLE_TWO_FACTOR} window) and a current
   * TOTP code or an unused backup code of the account as proof (the backup code is spent). Deletes
   * the secret and all backup codes in one atomic step, then signs the account's other sessions
   * out and re-keys this one. The code is counted first, as a {@link Factor#TOTP} or
   * {@link Factor#BACKUP_CODE} attempt by its form. Never throws for any {@code code}.
   *
   * @param client the request's client, for the per-client attempt counter and the history
   * @return {@link DisableResult.Disabled}, {@link DisableResult.ReauthenticationRequired} (nothing
   *     checked or counted), {@link DisableResult.Locked} (nothing checked) or
   *     {@link DisableResult.Rejected}
   */
  public DisableResult disable(ValidatedSession session, String code, ClientInfo client) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(client, "client");
    if (!sessions.isRecentlyAuthenticated(session, SensitiveAction.DISABLE_TWO_FACTOR)) {
      return new DisableResult.ReauthenticationRequired();
    }
    String accountId = session.accountId();
    String method;
    if (codes.normalize(code) != null) {
      TotpVerification v = verify(accountId, code, client);
      if (v instanceof TotpVerification.Locked locked) {
        return new DisableResult.Locked(locked.retryAfter());
      }
      if (v instanceof TotpVerification.Rejected r) {
        return new DisableResult.Rejected(switch (r.reason()) {
          case NOT_ENROLLED -> DisableResult.Reason.NOT_ENROLLED;
          case MALFORMED -> DisableResult.Reason.MALFORMED_CODE;
          case INVALID -> DisableResult.Reason.INVALID_CODE;
          case REPLAYED -> DisableResult.Reason.REPLAYED;
        });
      }
      method = "totp";
    } else {
      BackupCodeVerification v = backupCodes.consume(accountId, code, client);
      if (v instanceof BackupCodeVerification.Locked locked) {
        return new DisableResult.Locked(locked.retryAfter());
      }
      if (v instanceof BackupCodeVerification.Rejected r) {
        return new DisableResult.Rejected(switch (r.reason()) {
          case NOT_ENROLLED -> DisableResult.Reason.NOT_ENROLLED;
          case MALFORMED -> DisableResult.Reason.MALFORMED_CODE;
          case INVALID -> DisableResult.Reason.INVALID_CODE;
        });
      }
      method = "backup_code";
    }
    return deleteAll(session, method, client);
  }

  /**
   * Switches two-factor authentication off for the session's account without a code, because the
   * user recently proved both factors: the session must be {@link Assurance#MULTI_FACTOR} and have
   * authenticated ({@link ValidatedSession#authenticatedAt()}: signed in or re-authenticated) no
   * longer than {@code maxAge} ago. (Stepping a session up by rotation does not make it recent.)
   * Deletes the secret and all backup codes in one atomic step, then signs the account's other
   * sessions out and re-keys this one.
   *
   * @param maxAge how recent the authentication must be: more than zero, at most
   *     {@link #MAX_REAUTHENTICATION_AGE}
   * @return {@link DisableResult.Disabled}, {@link DisableResult.ReauthenticationRequired} or
   *     {@link DisableResult.Rejected} ({@code not_enrolled})
   */
  public DisableResult disable(ValidatedSession session, Duration maxAge) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero()
        || maxAge.compareTo(MAX_REAUTHENTICATION_AGE) > 0) {
      throw new IllegalArgumentException("Invalid maxAge " + maxAge
          + "; must be more than zero and at most " + MAX_REAUTHENTICATION_AGE);
    }
    if (session.assurance() != Assurance.MULTI_FACTOR
        || now().isAfter(session.authenticatedAt().plus(maxAge))) {
      return new DisableResult.ReauthenticationRequired();
    }
    if (!isEnabled(session.accountId())) {
      return new DisableResult.Rejected(DisableResult.Reason.NOT_ENROLLED);
    }
    return deleteAll(session, "recent_authentication", null);
  }

  /**
   * Replaces the session's account's backup codes with a new set, given a recent authentication
   * (within the {@link SensitiveAction#REGENERATE_BACKUP_CODES} window) and a current TOTP code as
   * proof that the user still holds the authenticator app (a stolen session alone cannot mint
   * codes). The code is counted as a {@link Factor#TOTP} attempt first and its time step is spent.
   * Every old code stops working when this returns {@link RegenerateResult.Regenerated}; the
   * account's other sessions are signed out and this one is re-keyed. Never throws for any
   * {@code code}.
   *
   * @param client the request's client, for the per-client attempt counter
   * @return {@link RegenerateResult.Regenerated},
   *     {@link RegenerateResult.ReauthenticationRequired} (nothing checked or counted),
   *     {@link RegenerateResult.Locked} (nothing checked), {@link RegenerateResult.NotEnabled} or
   *     {@link RegenerateResult.Rejected}
   */
  public RegenerateResult regenerateBackupCodes(ValidatedSession session, String code,
      ClientInfo client) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(client, "client");
    if (!sessions.isRecentlyAuthenticated(session, SensitiveAction.REGENERATE_BACKUP_CODES)) {
      return new RegenerateResult.ReauthenticationRequired();
    }
    TotpVerification v = verify(session.accountId(), code, client);
    if (v instanceof TotpVerification.Locked locked) {
      return new RegenerateResult.Locked(locked.retryAfter());
    }
    if (v instanceof TotpVerification.Rejected r) {
      return switch (r.reason()) {
        case NOT_ENROLLED -> new RegenerateResult.NotEnabled();
        case MALFORMED -> new RegenerateResult.Rejected(RegenerateResult.Reason.MALFORMED_CODE);
        case INVALID -> new RegenerateResult.Rejected(RegenerateResult.Reason.INVALID_CODE);
        case REPLAYED -> new RegenerateResult.Rejected(RegenerateResult.Reason.REPLAYED);
      };
    }
    return backupCodes.regenerate(session, client);
  }

  /** Whether the account has an active (confirmed) authenticator app. */
  public boolean isEnabled(String accountId) {
    requireAccountId(accountId);
    return store.findByAccount(accountId).map(TotpCredential::active).orElse(false);
  }

  /**
   * Re-encrypts the account's secret under the key ring's primary key when it was sealed under
   * another, so that key can later be retired. Run it over all accounts after a rotation; calls
   * that race with enrolment changes simply lose (compare-and-set).
   *
   * @return {@code true} when this call rewrote the secret
   * @throws dev.latchkey.common.DecryptionException when the stored secret cannot be decrypted
   */
  public boolean reencrypt(String accountId) {
    requireAccountId(accountId);
    Optional<TotpCredential> found = store.findByAccount(accountId);
    if (found.isEmpty() || !box.needsReencrypt(found.get().encryptedSecret())) {
      return false;
    }
    String old = found.get().encryptedSecret();
    return store.replaceSecret(accountId, old, box.reencrypt(old, ad(accountId)));
  }

  private DisableResult deleteAll(ValidatedSession session, String method, ClientInfo client) {
    String accountId = session.accountId();
    if (!store.deleteAll(accountId)) {
      return new DisableResult.Rejected(DisableResult.Reason.NOT_ENROLLED);
    }
    SessionRenewal renewal = sessions.afterFactorChange(session);
    events.record(SecurityEventType.TOTP_DISABLED, accountId, client, session.sessionId(),
        Map.of("method", method,
            "other_sessions_ended", String.valueOf(renewal.otherSessionsEnded())));
    return new DisableResult.Disabled(renewal);
  }

  /** Decrypts the credential's secret and finds the step of {@code code} around {@code now}. */
  private long matchStep(TotpCredential credential, String code, Instant now) {
    byte[] secret = box.open(credential.encryptedSecret(), ad(credential.accountId()));
    try {
      return codes.match(secret, code, codes.stepAt(now), credential.lastAcceptedStep());
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private Instant now() {
    return Time.now(clock);
  }

  /** The associated data binding a secret to its account. */
  private static byte[] ad(String accountId) {
    return accountId.getBytes(StandardCharsets.UTF_8);
  }

  private static void requireAccountId(String accountId) {
    AccountIds.require(accountId);
  }
}
