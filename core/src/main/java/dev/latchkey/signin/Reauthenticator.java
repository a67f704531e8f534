package dev.latchkey.signin;

import dev.latchkey.backup.BackupCodeVerification;
import dev.latchkey.backup.BackupCodes;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.limits.AttemptDecision;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.Factor;
import dev.latchkey.password.PasswordHasher;
import dev.latchkey.session.RecentAuthentication;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.PasswordCredential;
import dev.latchkey.totp.TotpEnroller;
import dev.latchkey.totp.TotpVerification;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Re-authentication: a signed-in user proves a factor again — the password, or a TOTP or backup
 * code — and the session's {@link ValidatedSession#authenticatedAt() authentication time} moves to
 * now, so the sensitive actions of {@link RecentAuthentication} are allowed again for their window.
 * The host asks for it when an action answers {@code ReauthenticationRequired}.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Every guess is limited exactly as at sign-in, on the same counters: a password as
 *       {@link Factor#PASSWORD} per account and per client address, counted before it is checked;
 *       codes by the TOTP and backup-code services themselves ({@link Factor#TOTP},
 *       {@link Factor#BACKUP_CODE}). A stolen session cannot guess more here than at the sign-in
 *       form, and a lock answers {@link ReauthenticationResult.Locked} without checking anything.
 *   <li>A TOTP time step is spent once (so the code that re-authenticated cannot also be used for
 *       the next action), and a backup code is spent.
 *   <li>The authentication time is raised in the store, atomically and only forward, and only while
 *       the session is not revoked ({@link SessionRegistry#markReauthenticated}); a session
 *       revoked meanwhile gets {@link ReauthenticationResult.Reason#SESSION_ENDED}.
 *   <li>A success is recorded as {@link SecurityEventType#SESSION_REAUTHENTICATED} (details:
 *       {@code method}); a wrong factor as {@link SecurityEventType#SIGN_IN_FAILED} (details:
 *       {@code factor}, {@code step=reauthentication}) on a best-effort basis.
 *   <li>Never throws for any password or code; only store failures surface.
 * </ul>
 *
 * <p>Thread-safe and stateless beyond its stores.
 */
public final class Reauthenticator {
  private final CredentialStore credentials;
  private final PasswordHasher hasher;
  private final SessionRegistry sessions;
  private final AttemptLimiter limiter;
  private final TotpEnroller totp;
  private final BackupCodes backupCodes;
  private final SecurityEventRecorder events;

  private Reauthenticator(CredentialStore credentials, PasswordHasher hasher,
      SessionRegistry sessions, AttemptLimiter limiter, TotpEnroller totp,
      BackupCodes backupCodes, SecurityEventRecorder events) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.totp = totp;
    this.backupCodes = backupCodes;
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Creates the service. Host apps normally get it from {@code Latchkey.reauthenticator()}.
   *
   * @param totp the TOTP service, or {@code null} without two-factor authentication (codes are then
   *     always refused)
   * @param backupCodes the backup-code service, or {@code null} likewise
   * @param events records re-authentications and failed attempts
   */
  public static Reauthenticator create(CredentialStore credentials, PasswordHasher hasher,
      SessionRegistry sessions, AttemptLimiter limiter, TotpEnroller totp,
      BackupCodes backupCodes, SecurityEventRecorder events) {
    return new Reauthenticator(credentials, hasher, sessions, limiter, totp, backupCodes, events);
  }

  /**
   * Re-authenticates with the account's password.
   *
   * @param session the caller's session
   * @param password what the user typed
   * @param client the request's client, for the per-client attempt counter and the history
   * @return {@link ReauthenticationResult.Reauthenticated}, {@link ReauthenticationResult.Locked}
   *     (nothing checked) or {@link ReauthenticationResult.Rejected}
   */
  public ReauthenticationResult withPassword(ValidatedSession session, CharSequence password,
      ClientInfo client) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(client, "client");
    String accountId = session.accountId();
    Optional<PasswordCredential> stored = credentials.find(accountId);
    if (stored.isEmpty()) {
      // The holder of the session knows whether the account has a password: nothing to hide.
      return new ReauthenticationResult.Rejected(ReauthenticationResult.Reason.NO_PASSWORD);
    }
    AttemptDecision decision = limiter.tryAttempt(Factor.PASSWORD, accountId, client.ipAddress());
    if (decision instanceof AttemptDecision.Locked locked) {
      return new ReauthenticationResult.Locked(locked.retryAfter());
    }
    if (password == null || !hasher.verify(password, stored.get().hash())) {
      recordFailure(session, Factor.PASSWORD, client);
      return new ReauthenticationResult.Rejected(ReauthenticationResult.Reason.INVALID_PASSWORD);
    }
    // Clears the account's counter and gives the client address back its unit: only failures
    // count per address.
    limiter.succeeded((AttemptDecision.Permitted) decision);
    return reauthenticated(session, Factor.PASSWORD, client);
  }

  /**
   * Re-authenticates with a second factor: a current TOTP code ("123 456" is fine) or an unused
   * backup code ("7kq3-xm9p-2bw4-hr6t", any case, dashes optional), which is spent.
   *
   * @param session the caller's session
   * @param code what the user typed
   * @param client the request's client, for the per-client attempt counter and the history
   * @return {@link ReauthenticationResult.Reauthenticated}, {@link ReauthenticationResult.Locked}
   *     (nothing checked) or {@link ReauthenticationResult.Rejected}
   */
  public ReauthenticationResult withCode(ValidatedSession session, String code,
      ClientInfo client) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(client, "client");
    if (totp == null || backupCodes == null) {
      return new ReauthenticationResult.Rejected(ReauthenticationResult.Reason.INVALID_CODE);
    }
    String accountId = session.accountId();
    // The TOTP service refuses anything not shaped like its codes before counting it: then it may
    // be a backup code.
    TotpVerification totpCheck = totp.verify(accountId, code, client);
    if (totpCheck instanceof TotpVerification.Locked locked) {
      return new ReauthenticationResult.Locked(locked.retryAfter());
    }
    if (totpCheck.isAccepted()) {
      return reauthenticated(session, Factor.TOTP, client);
    }
    if (((TotpVerification.Rejected) totpCheck).reason() != TotpVerification.Reason.MALFORMED) {
      recordFailure(session, Factor.TOTP, client);
      return new ReauthenticationResult.Rejected(ReauthenticationResult.Reason.INVALID_CODE);
    }
    BackupCodeVerification backupCheck = backupCodes.consume(accountId, code, client);
    if (backupCheck instanceof BackupCodeVerification.Locked locked) {
      return new ReauthenticationResult.Locked(locked.retryAfter());
    }
    if (backupCheck.isConsumed()) {
      return reauthenticated(session, Factor.BACKUP_CODE, client);
    }
    if (((BackupCodeVerification.Rejected) backupCheck).reason()
        != BackupCodeVerification.Reason.MALFORMED) {
      recordFailure(session, Factor.BACKUP_CODE, client);
    }
    return new ReauthenticationResult.Rejected(ReauthenticationResult.Reason.INVALID_CODE);
  }

  private ReauthenticationResult reauthenticated(ValidatedSession session, Factor factor,
      ClientInfo client) {
    Optional<Instant> at = sessions.markReauthenticated(session);
    if (at.isEmpty()) {
      return new ReauthenticationResult.Rejected(ReauthenticationResult.Reason.SESSION_ENDED);
    }
    events.record(SecurityEventType.SESSION_REAUTHENTICATED, session.accountId(), client,
        session.sessionId(), Map.of("method", factor.code()));
    return new ReauthenticationResult.Reauthenticated(at.get());
  }

  /** A wrong factor changed nothing: best effort, as at sign-in. */
  private void recordFailure(ValidatedSession session, Factor factor, ClientInfo client) {
    events.recordBestEffort(SecurityEventType.SIGN_IN_FAILED, session.accountId(), client,
        session.sessionId(), Map.of("factor", factor.code(), "step", "reauthentication"));
  }

  @Override
  public String toString() {
    return "Reauthenticator[twoFactor=" + (totp != null) + "]";
  }
}
