package dev.latchkey.recovery;

import dev.latchkey.backup.BackupCodeVerification;
import dev.latchkey.backup.BackupCodes;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.common.KeyRing;
import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.DeliveryResult;
import dev.latchkey.delivery.Destinations;
import dev.latchkey.delivery.MessagePurpose;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.AccountIds;
import dev.latchkey.internal.KeyPurpose;
import dev.latchkey.internal.KeyRingAccess;
import dev.latchkey.internal.KeyedHasher;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.Factor;
import dev.latchkey.otp.CodeSendResult;
import dev.latchkey.otp.EnrolledDestination;
import dev.latchkey.otp.OneTimeCodes;
import dev.latchkey.password.PasswordContext;
import dev.latchkey.password.PasswordHasher;
import dev.latchkey.password.PasswordPolicy;
import dev.latchkey.password.PasswordValidation;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.signin.SecondFactorCheck;
import dev.latchkey.signin.SignInService;
import dev.latchkey.spi.AccountTokenRecord;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.PasswordCredential;
import dev.latchkey.totp.TotpEnroller;
import dev.latchkey.totp.TotpVerification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Forgot password": a single-use link sent by email that sets a new password.
 *
 * <h2>The flow</h2>
 * <ol>
 *   <li>{@link #request} with the address the person typed and the account the host found for it
 *       ({@code null} when none): a link to {@link RecoverySettings#resetPage()} goes to the
 *       address if it belongs to an account. The answer is {@link ResetRequestResult.Accepted}
 *       either way.
 *   <li>{@link #complete} with the link's token and the new password (and, for an account with
 *       two-factor authentication, an authenticator or backup code, or a code texted or emailed
 *       by {@link #sendCode} to the account's enrolled phone or address): the password is replaced,
 *       every session of the account ends, its password lockout is cleared, and
 *       {@link SecurityEventType#PASSWORD_RESET} is recorded (an event listener turns it into a
 *       "your password was reset" notice).
 * </ol>
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>No enumeration: a request for an unknown address answers exactly as one for a known
 *       address and does the same store work in the same order — the same two send-limit
 *       counters, one credential read, one token revoke and one token insert (under
 *       {@link AccountTokenRecord#DECOY_ACCOUNT_ID}, a row no link can use). Only the message is
 *       not sent; a host that wants equal timing as well delivers messages off the request thread.
 *   <li>A token is 256 bits from the injected {@link java.security.SecureRandom}, stored only as
 *       its SHA-256; it works for {@link RecoverySettings#resetLifetime()} (30 minutes) by the
 *       injected {@link java.time.Clock}, once: using it is the store's atomic "consume if unused
 *       and unexpired", so two requests with one link never both reset, in one process or many. A
 *       new request revokes the account's earlier links.
 *   <li>A link is bound to the account's password state: beside the token hash the store keeps an
 *       HMAC-SHA-256 (under a subkey of the {@link KeyRing}) of the account's current password
 *       hash, checked in constant time, so once the password changes (by a reset, a change, or a
 *       sign-in that re-hashes it) every older link is refused
 *       ({@link LinkRejection#PASSWORD_CHANGED}). The new password is then stored with a
 *       compare-and-set on the hash the link was bound to.
 *   <li>For an account with two-factor authentication the reset also needs an authenticator code
 *       or a backup code. The checks that can fail — the new password against the
 *       {@link PasswordPolicy}, the code — run before the link is used, so a weak password or a
 *       mistyped code does not burn it; the code is counted by the TOTP and backup-code services'
 *       own attempt limits (per account and per client), and a spent code is given back when the
 *       link turns out to be used already. An account whose second factor is SMS or email codes
 *       (it has no backup codes) asks {@link #sendCode} for a code bound to the link and passes
 *       it with its {@link Channel}, so a six-digit code is never mistaken for another kind; it
 *       is {@link OneTimeCodes}' code with that service's send limits, lifetime, keyed hash,
 *       single use and attempt limit ({@link Factor#ONE_TIME_CODE}). Passkeys are not accepted
 *       here (a known limitation): an account whose only second factor is a passkey resets with
 *       a backup code if it has some, and otherwise signs in with the passkey to change it.
 *   <li>A reset ends every session of the account (whatever the host's setting for other factor
 *       changes), clears the account's password attempt counters ({@link Factor#PASSWORD},
 *       {@link Factor#CURRENT_PASSWORD}) and forgets its known devices.
 *   <li>Sends are limited per address (counted under a SHA-256 of it, whatever account it names)
 *       and per client address ({@link RecoverySettings#sendsPerAddress()},
 *       {@link RecoverySettings#sendsPerClient()}).
 *   <li>The token never reaches a log, a result or an exception; it goes only into the link in the
 *       {@link dev.latchkey.delivery.Message}. Bad input is a typed result, never an exception;
 *       only store failures surface, as {@link dev.latchkey.spi.StoreException}.
 * </ul>
 *
 * <p>Thread-safe and stateless beyond its stores.
 */
public final class PasswordResets {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordResets.class);

  private final AccountTokens tokens;
  private final CredentialStore credentials;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final AttemptLimiter limiter;
  private final SessionRegistry sessions;
  private final SignInService signIn;
  private final TotpEnroller totp;
  private final BackupCodes backupCodes;
  private final SecurityEventRecorder events;
  private final KeyedHasher fingerprints;
  /** The SMS / email code service, or {@code null} when the host has none. */
  private final OneTimeCodes codes;

  PasswordResets(AccountTokens tokens, CredentialStore credentials, PasswordHasher hasher,
      PasswordPolicy policy, AttemptLimiter limiter, SessionRegistry sessions,
      SignInService signIn, TotpEnroller totp, BackupCodes backupCodes,
      SecurityEventRecorder events, KeyRing keyRing, OneTimeCodes codes) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.signIn = Objects.requireNonNull(signIn, "signIn");
    this.totp = Objects.requireNonNull(totp, "totp");
    this.backupCodes = Objects.requireNonNull(backupCodes, "backupCodes");
    this.events = Objects.requireNonNull(events, "events");
    this.fingerprints = KeyRingAccess.of(Objects.requireNonNull(keyRing, "keyRing"))
        .keyedHasher(KeyPurpose.PASSWORD_FINGERPRINT_MAC);
    this.codes = codes;
  }

  /** The settings in force (link pages, lifetimes, send limits). */
  public RecoverySettings settings() {
    return tokens.settings();
  }

  /**
   * Sends a password-reset link to {@code email} when it belongs to {@code accountId}.
   *
   * @param accountId the account the host found for the address, or {@code null} when it found
   *     none (the call then does the same store work and answers the same)
   * @param email what the person typed (normalised here with {@link Destinations#normalizeEmail})
   * @param client the request's client (send limits)
   * @param locale the message's language, or {@code null} for the settings' default
   * @return {@link ResetRequestResult.Accepted}, {@link ResetRequestResult.RateLimited} or
   *     {@link ResetRequestResult.InvalidEmail}
   */
  public ResetRequestResult request(String accountId, String email, ClientInfo client,
      Locale locale) {
    Objects.requireNonNull(client, "client");
    Optional<String> address = Destinations.normalizeEmail(email);
    if (address.isEmpty()) {
      return new ResetRequestResult.InvalidEmail();
    }
    Optional<AccountTokens.Limited> limited = tokens.countSend(address.get(), client);
    if (limited.isPresent()) {
      return new ResetRequestResult.RateLimited(limited.get().limit(),
          limited.get().retryAfter());
    }
    boolean known = AccountIds.isValid(accountId);
    String subject = known ? accountId : AccountTokenRecord.DECOY_ACCOUNT_ID;
    // The same reads and writes for both: credential, revoke, insert.
    String fingerprint = fingerprint(subject, credentials.find(subject));
    AccountTokens.Issued issued = tokens.issue(AccountTokenRecord.PASSWORD_RESET, subject, null,
        null, fingerprint, tokens.settings().resetLifetime(), true);
    if (known) {
      DeliveryResult delivered = tokens.deliver(MessagePurpose.PASSWORD_RESET_LINK,
          address.get(), AccountTokens.link(tokens.settings().resetPage(), issued), locale);
      if (delivered instanceof DeliveryResult.Refused refused) {
        // Not in the answer: it would tell the caller the address has an account.
        LOG.warn("Password-reset link for account {} refused by the sender: {}", accountId,
            refused.code());
      }
    }
    return new ResetRequestResult.Accepted();
  }

  /**
   * Whether a reset link still works and whether its account will be asked for a second factor,
   * without using it: for the page the link opens, so it can show the code field at once. Never
   * throws for bad input.
   *
   * @return empty when the link is not usable ({@link #complete} would answer
   *     {@link PasswordResetResult.InvalidLink})
   */
  public Optional<ResetLink> inspect(String token) {
    if (!(tokens.find(token, AccountTokenRecord.PASSWORD_RESET)
        instanceof AccountTokens.Lookup.Found found)) {
      return Optional.empty();
    }
    AccountTokenRecord record = found.record();
    if (!fingerprintMatches(record, credentials.find(record.accountId()))) {
      return Optional.empty();
    }
    return Optional.of(new ResetLink(record.expiresAt(),
        signIn.hasSecondFactor(record.accountId()), codeChannels(record.accountId())));
  }

  /**
   * Sends a code that confirms this reset to the account's enrolled phone ({@link Channel#SMS})
   * or address ({@link Channel#EMAIL}), for an account whose second factor is SMS or email
   * codes (it has no backup codes: those come with an authenticator app). Call it again for
   * "resend". The code goes to {@link #complete(String, CharSequence, String, Channel,
   * PasswordContext, ClientInfo)} with the same channel.
   *
   * <p>The link is checked as {@link #inspect} does and is not used. The code is
   * {@link OneTimeCodes}' own: 6 digits, {@link dev.latchkey.otp.OneTimeCodeSettings#lifetime()}
   * (10 minutes), single use, stored as a keyed hash bound to this link (it confirms no other
   * link and no sign-in), and sent under its cool-down and send limits per account, destination
   * and client. It takes the account's sign-in code slot: a pending sign-in code is replaced.
   *
   * @param token the token from the link
   * @param locale the message's language, or {@code null} for the default
   * @return {@link CodeSendResult.Sent} (with the masked destination and the resend wait),
   *     {@link CodeSendResult.RateLimited}, {@link CodeSendResult.DeliveryFailed} or
   *     {@link CodeSendResult.Refused}: {@code INVALID_LINK}, {@code NOT_ENROLLED} (no
   *     destination on that channel, or no code service configured), {@code CHANNEL_NOT_ALLOWED}
   */
  public CodeSendResult sendCode(String token, Channel channel, ClientInfo client,
      Locale locale) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(client, "client");
    if (!(tokens.find(token, AccountTokenRecord.PASSWORD_RESET)
        instanceof AccountTokens.Lookup.Found found)) {
      return new CodeSendResult.Refused(CodeSendResult.Reason.INVALID_LINK);
    }
    AccountTokenRecord record = found.record();
    if (!fingerprintMatches(record, credentials.find(record.accountId()))) {
      return new CodeSendResult.Refused(CodeSendResult.Reason.INVALID_LINK);
    }
    OneTimeCodes service = codes;
    if (service == null) {
      return new CodeSendResult.Refused(CodeSendResult.Reason.NOT_ENROLLED);
    }
    return service.sendPasswordResetCode(record.accountId(), codeBinding(record), channel, client,
        locale);
  }

  /**
   * Sets a new password from a reset link.
   *
   * <p>Order: find the live link and check its password binding; check the new password against
   * the policy; for an account with two-factor authentication check the code (an authenticator
   * code, or a backup code); use the link up; store the password (compare-and-set); end every
   * session, clear the password lockout, forget known devices; record
   * {@link SecurityEventType#PASSWORD_RESET}. Each refusal before "use the link up" leaves the
   * link working.
   *
   * @param token the token from the link
   * @param newPassword the new password
   * @param secondFactorCode an authenticator code or a backup code, or {@code null} (accounts
   *     without two-factor authentication ignore it)
   * @param context what the policy knows about the person (email, names), or {@code null}
   * @param client the request's client (attempt limits and history)
   * @return {@link PasswordResetResult.Reset}, {@link PasswordResetResult.InvalidLink},
   *     {@link PasswordResetResult.PasswordRejected},
   *     {@link PasswordResetResult.SecondFactorRequired},
   *     {@link PasswordResetResult.InvalidSecondFactor} or {@link PasswordResetResult.Locked}
   */
  public PasswordResetResult complete(String token, CharSequence newPassword,
      String secondFactorCode, PasswordContext context, ClientInfo client) {
    return complete(token, newPassword, secondFactorCode, null, context, client);
  }

  /**
   * Sets a new password from a reset link, saying which kind of second-factor code comes with
   * it: {@code codeChannel} {@code null} for an authenticator or backup code (as
   * {@link #complete(String, CharSequence, String, PasswordContext, ClientInfo)}), or the channel
   * a code from {@link #sendCode} was sent on. A six-digit code is never guessed to be one kind
   * or the other: without a channel it is checked only as an authenticator code.
   *
   * <p>A code from {@link #sendCode} is checked like the others before the link is used: counted
   * per account and client ({@link Factor#ONE_TIME_CODE}), then consumed atomically (single
   * use). A wrong one leaves the link and the sent code working. It is bound to this link, so
   * there is nothing to give back when the link turns out to be used already.
   *
   * @param codeChannel the channel of a sent code, or {@code null}
   * @return as {@link #complete(String, CharSequence, String, PasswordContext, ClientInfo)}
   */
  public PasswordResetResult complete(String token, CharSequence newPassword,
      String secondFactorCode, Channel codeChannel, PasswordContext context, ClientInfo client) {
    Objects.requireNonNull(newPassword, "newPassword");
    Objects.requireNonNull(client, "client");
    AccountTokens.Lookup lookup = tokens.find(token, AccountTokenRecord.PASSWORD_RESET);
    if (lookup instanceof AccountTokens.Lookup.Refused refused) {
      return new PasswordResetResult.InvalidLink(refused.reason());
    }
    AccountTokenRecord record = ((AccountTokens.Lookup.Found) lookup).record();
    String accountId = record.accountId();
    Optional<PasswordCredential> current = credentials.find(accountId);
    if (!fingerprintMatches(record, current)) {
      return new PasswordResetResult.InvalidLink(LinkRejection.PASSWORD_CHANGED);
    }
    PasswordValidation verdict =
        policy.validate(newPassword, context == null ? PasswordContext.empty() : context);
    if (!verdict.isValid()) {
      return new PasswordResetResult.PasswordRejected(verdict);
    }
    Runnable giveBack = () -> { };
    String method = "none";
    if (signIn.hasSecondFactor(accountId)) {
      if (secondFactorCode == null || secondFactorCode.isBlank()) {
        return new PasswordResetResult.SecondFactorRequired();
      }
      if (codeChannel != null) {
        OneTimeCodes service = codes;
        if (service == null) {
          return new PasswordResetResult.InvalidSecondFactor();
        }
        SecondFactorCheck v = service.consumePasswordResetCode(accountId, codeBinding(record),
            codeChannel, secondFactorCode, client);
        if (v instanceof SecondFactorCheck.Locked locked) {
          return new PasswordResetResult.Locked(locked.retryAfter());
        }
        if (!(v instanceof SecondFactorCheck.Accepted)) {
          return new PasswordResetResult.InvalidSecondFactor();
        }
        // Nothing to give back: the code is bound to this link, which is then used either way.
        method = codeChannel.code();
      } else if (looksLikeTotp(secondFactorCode)) {
        TotpVerification v = totp.verify(accountId, secondFactorCode, client);
        if (v instanceof TotpVerification.Locked locked) {
          return new PasswordResetResult.Locked(locked.retryAfter());
        }
        if (!(v instanceof TotpVerification.Accepted accepted)) {
          return new PasswordResetResult.InvalidSecondFactor();
        }
        giveBack = () -> totp.release(accepted);
        method = Factor.TOTP.code();
      } else {
        BackupCodeVerification v = backupCodes.consume(accountId, secondFactorCode, client);
        if (v instanceof BackupCodeVerification.Locked locked) {
          return new PasswordResetResult.Locked(locked.retryAfter());
        }
        if (!(v instanceof BackupCodeVerification.Consumed consumed)) {
          return new PasswordResetResult.InvalidSecondFactor();
        }
        giveBack = () -> backupCodes.restore(consumed);
        method = Factor.BACKUP_CODE.code();
      }
    }
    // Single use: of two requests with one link, only one consume succeeds.
    if (!tokens.consume(record)) {
      giveBackQuietly(giveBack, accountId);
      return new PasswordResetResult.InvalidLink(LinkRejection.INVALID_TOKEN);
    }
    PasswordCredential next =
        new PasswordCredential(accountId, hasher.hash(newPassword), tokens.now());
    if (current.isPresent()) {
      // The hash the link was bound to: a change that slipped in since makes the link stale.
      if (!credentials.replace(accountId, current.get().hash(), next)) {
        return new PasswordResetResult.InvalidLink(LinkRejection.PASSWORD_CHANGED);
      }
    } else {
      credentials.put(next);
    }
    limiter.reset(Factor.PASSWORD, accountId);
    limiter.reset(Factor.CURRENT_PASSWORD, accountId);
    int ended = sessions.revokeAll(accountId);
    signIn.forgetKnownDevices(accountId);
    events.record(SecurityEventType.PASSWORD_RESET, accountId, client, null,
        Map.of("method", "link", "second_factor", method,
            "other_sessions_ended", String.valueOf(ended)));
    return new PasswordResetResult.Reset(accountId, ended);
  }

  /** The channels a reset code can go to: enrolled and allowed, email before SMS. */
  private List<Channel> codeChannels(String accountId) {
    OneTimeCodes service = codes;
    if (service == null) {
      return List.of();
    }
    List<Channel> out = new ArrayList<>();
    for (EnrolledDestination d : service.destinations(accountId)) {
      if (d.allowed()) {
        out.add(d.channel());
      }
    }
    return out;
  }

  /** What a reset code is bound to: this link, by its token hash (never the token). */
  private static String codeBinding(AccountTokenRecord record) {
    return "password_reset:" + record.tokenHash();
  }

  /**
   * Deletes reset, verification and email-change tokens that expired more than {@code retention}
   * ago. Run it from a scheduled job.
   *
   * @return how many were deleted
   */
  public int purge(Duration retention) {
    Objects.requireNonNull(retention, "retention");
    return tokens.store().purge(tokens.now().minus(retention));
  }

  private static void giveBackQuietly(Runnable giveBack, String accountId) {
    try {
      giveBack.run();
    } catch (RuntimeException e) {
      LOG.error("Could not give back the second-factor code of a reset whose link another request"
          + " used first, account {}", accountId, e);
    }
  }

  /** {@code keyId:hmac} over the account and its password hash (or none). */
  private String fingerprint(String accountId, Optional<PasswordCredential> credential) {
    return fingerprint(fingerprints.primaryKeyId(), accountId, credential);
  }

  private String fingerprint(String keyId, String accountId,
      Optional<PasswordCredential> credential) {
    // Unit separators: no account id or PHC string contains one.
    String state = "password-state\u001f" + accountId + "\u001f"
        + credential.map(PasswordCredential::hash).orElse("");
    return keyId + ":" + fingerprints.hex(keyId, state.getBytes(StandardCharsets.UTF_8));
  }

  private boolean fingerprintMatches(AccountTokenRecord record,
      Optional<PasswordCredential> credential) {
    String stored = record.passwordFingerprint();
    if (stored == null) {
      return false;
    }
    int colon = stored.lastIndexOf(':');
    String keyId = colon < 0 ? "" : stored.substring(0, colon);
    if (!fingerprints.keyIds().contains(keyId)) {
      // Made under a key the ring no longer has: cannot be checked, so not trusted.
      return false;
    }
    String expected = fingerprint(keyId, record.accountId(), credential);
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        stored.getBytes(StandardCharsets.UTF_8));
  }

  private boolean looksLikeTotp(String code) {
    if (code.length() > 32) {
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

  @Override
  public String toString() {
    return "PasswordResets[" + tokens.settings() + "]";
  }
}
