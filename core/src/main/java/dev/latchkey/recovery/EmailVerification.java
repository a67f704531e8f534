package dev.latchkey.recovery;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.DeliveryResult;
import dev.latchkey.delivery.Destinations;
import dev.latchkey.delivery.MessagePurpose;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.AccountIds;
import dev.latchkey.session.SensitiveAction;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.spi.AccountTokenRecord;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Email addresses a person proves they own: verification at sign-up, and a change of address
 * confirmed by the new address and undoable from the old one. The host owns the email column:
 * every result says what to change ({@code accountId}, old and new address) and the host applies
 * it.
 *
 * <h2>The flows</h2>
 * <ul>
 *   <li>Sign-up: {@link #signUp} with the address and whether the host found it taken. A new
 *       address gets a verification link ({@link RecoverySettings#verifyPage()}); a taken one gets
 *       a "someone tried to sign up with your address" notice to its owner. The result is the same
 *       either way, so the page always says "check your email". {@link #verify} with the link's
 *       token says which account and address are verified. {@link #sendVerification} sends a new
 *       link ("resend").
 *   <li>Change of email: {@link #requestChange} (needs a recent authentication,
 *       {@link SensitiveAction#CHANGE_EMAIL}) sends a confirmation link to the new address;
 *       {@link #confirmChange} says to set it, and sends the old address a notice with a link
 *       that {@link #undoChange undoes} the change for {@link RecoverySettings#undoLifetime()}
 *       (7 days), ending every session of the account.
 * </ul>
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>No enumeration at sign-up: the new and the taken address do the same store work in the
 *       same order (two send-limit counters, one token revoke, one token insert — under
 *       {@link AccountTokenRecord#DECOY_ACCOUNT_ID} for a taken address), send one message each,
 *       and return the same {@link VerificationSendResult.Sent}.
 *   <li>Tokens as in {@link PasswordResets}: 256 random bits, stored as a SHA-256, single use
 *       through the store's atomic consume (across processes), expiring by the injected clock;
 *       a new verification or change link revokes the account's earlier ones.
 *   <li>A change needs a fully authenticated session that authenticated recently; otherwise a
 *       typed {@link EmailChangeRequestResult.ReauthenticationRequired}, never an exception.
 *   <li>Confirming a change revokes the account's pending password-reset links (they went to the
 *       old address); undoing it revokes reset and change links (they may have gone to the
 *       address being removed), the undo links of every later change (they went to addresses
 *       that came after the restored one, so whoever changed the address twice cannot change it
 *       back with them), and ends every session. The host sets the restored address whatever the
 *       account's address is now: a later change must not make an earlier undo link useless.
 *   <li>Sends are limited per address and per client, as for resets. Tokens never reach logs,
 *       results or exceptions; bad input is a typed result.
 * </ul>
 *
 * <p>Thread-safe and stateless beyond its stores.
 */
public final class EmailVerification {
  private static final Logger LOG = LoggerFactory.getLogger(EmailVerification.class);

  private final AccountTokens tokens;
  private final SessionRegistry sessions;
  private final SecurityEventRecorder events;

  EmailVerification(AccountTokens tokens, SessionRegistry sessions, SecurityEventRecorder events) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.events = Objects.requireNonNull(events, "events");
  }

  /** The settings in force. */
  public RecoverySettings settings() {
    return tokens.settings();
  }

  // ---- sign-up ------------------------------------------------------------------------------

  /**
   * Answers a sign-up by email. With {@code addressTaken} false, {@code accountId} is the new
   * (unverified) account and gets a verification link; with it true, {@code accountId} is the
   * owner of the address, who gets a "someone tried to sign up with your address" notice linking
   * the sign-in page. Both do the same store work and return the same result type and values.
   *
   * @param email the address given at sign-up (normalised here)
   * @param locale the message's language, or {@code null} for the settings' default
   * @return {@link VerificationSendResult.Sent}, {@link VerificationSendResult.RateLimited},
   *     {@link VerificationSendResult.InvalidEmail} or {@link VerificationSendResult.DeliveryFailed}
   * @throws IllegalArgumentException for an invalid account id
   */
  public VerificationSendResult signUp(String accountId, String email, boolean addressTaken,
      ClientInfo client, Locale locale) {
    AccountIds.require(accountId);
    Objects.requireNonNull(client, "client");
    Optional<String> address = Destinations.normalizeEmail(email);
    if (address.isEmpty()) {
      return new VerificationSendResult.InvalidEmail();
    }
    Optional<AccountTokens.Limited> limited = tokens.countSend(address.get(), client);
    if (limited.isPresent()) {
      return new VerificationSendResult.RateLimited(limited.get().limit(),
          limited.get().retryAfter());
    }
    if (!addressTaken) {
      return sendLink(accountId, address.get(), locale);
    }
    // The same revoke and insert as a verification, under the decoy id: no link opens it.
    AccountTokens.Issued decoy = tokens.issue(AccountTokenRecord.VERIFY_EMAIL,
        AccountTokenRecord.DECOY_ACCOUNT_ID, null, null, null,
        tokens.settings().verificationLifetime(), true);
    DeliveryResult delivered = tokens.deliver(MessagePurpose.SIGN_UP_ATTEMPT, address.get(),
        tokens.settings().signInPage().toString(), locale);
    return sent(delivered, address.get(), decoy);
  }

  /**
   * Sends (again) a verification link for {@code email} to the account, revoking its earlier
   * verification links.
   *
   * @return as {@link #signUp}
   * @throws IllegalArgumentException for an invalid account id
   */
  public VerificationSendResult sendVerification(String accountId, String email,
      ClientInfo client, Locale locale) {
    return signUp(accountId, email, false, client, locale);
  }

  private VerificationSendResult sendLink(String accountId, String address, Locale locale) {
    AccountTokens.Issued issued = tokens.issue(AccountTokenRecord.VERIFY_EMAIL, accountId,
        address, null, null, tokens.settings().verificationLifetime(), true);
    DeliveryResult delivered = tokens.deliver(MessagePurpose.EMAIL_VERIFICATION_LINK, address,
        AccountTokens.link(tokens.settings().verifyPage(), issued), locale);
    return sent(delivered, address, issued);
  }

  private static VerificationSendResult sent(DeliveryResult delivered, String address,
      AccountTokens.Issued issued) {
    if (delivered instanceof DeliveryResult.Refused refused) {
      return new VerificationSendResult.DeliveryFailed(refused.code());
    }
    return new VerificationSendResult.Sent(Destinations.mask(Channel.EMAIL, address),
        issued.expiresAt());
  }

  /**
   * Uses a verification link: the account and address it names are verified. Records
   * {@link SecurityEventType#EMAIL_VERIFIED}.
   *
   * @param client the request's client (history), or {@code null}
   * @return {@link EmailVerifyResult.Verified} or {@link EmailVerifyResult.InvalidLink}
   */
  public EmailVerifyResult verify(String token, ClientInfo client) {
    AccountTokens.Lookup lookup = tokens.find(token, AccountTokenRecord.VERIFY_EMAIL);
    if (lookup instanceof AccountTokens.Lookup.Refused refused) {
      return new EmailVerifyResult.InvalidLink(refused.reason());
    }
    AccountTokenRecord record = ((AccountTokens.Lookup.Found) lookup).record();
    if (!tokens.consume(record)) {
      return new EmailVerifyResult.InvalidLink(LinkRejection.INVALID_TOKEN);
    }
    events.record(SecurityEventType.EMAIL_VERIFIED, record.accountId(), client, null,
        Map.of("email", Destinations.mask(Channel.EMAIL, record.destination())));
    return new EmailVerifyResult.Verified(record.accountId(), record.destination());
  }

  // ---- change of email ----------------------------------------------------------------------

  /**
   * Sends a confirmation link to the address the holder of {@code session} wants instead of
   * {@code currentEmail}. Nothing changes until {@link #confirmChange}. Records
   * {@link SecurityEventType#EMAIL_CHANGE_REQUESTED}.
   *
   * @param currentEmail the account's address now, as the host stores it
   * @param newEmail what the person typed (normalised here)
   * @param locale the message's language, or {@code null} for the settings' default
   * @return {@link EmailChangeRequestResult.Sent},
   *     {@link EmailChangeRequestResult.ReauthenticationRequired},
   *     {@link EmailChangeRequestResult.Refused}, {@link EmailChangeRequestResult.RateLimited} or
   *     {@link EmailChangeRequestResult.DeliveryFailed}
   */
  public EmailChangeRequestResult requestChange(ValidatedSession session, String currentEmail,
      String newEmail, ClientInfo client, Locale locale) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(currentEmail, "currentEmail");
    Objects.requireNonNull(client, "client");
    if (!session.isFullyAuthenticated()) {
      return new EmailChangeRequestResult.Refused(
          EmailChangeRequestResult.Reason.SESSION_RESTRICTED);
    }
    if (!sessions.isRecentlyAuthenticated(session, SensitiveAction.CHANGE_EMAIL)) {
      return new EmailChangeRequestResult.ReauthenticationRequired();
    }
    Optional<String> address = Destinations.normalizeEmail(newEmail);
    Optional<String> current = Destinations.normalizeEmail(currentEmail);
    if (address.isEmpty() || current.isEmpty()) {
      return new EmailChangeRequestResult.Refused(EmailChangeRequestResult.Reason.INVALID_EMAIL);
    }
    if (address.get().equalsIgnoreCase(current.get())) {
      return new EmailChangeRequestResult.Refused(EmailChangeRequestResult.Reason.SAME_ADDRESS);
    }
    Optional<AccountTokens.Limited> limited = tokens.countSend(address.get(), client);
    if (limited.isPresent()) {
      return new EmailChangeRequestResult.RateLimited(limited.get().limit(),
          limited.get().retryAfter());
    }
    String accountId = session.accountId();
    AccountTokens.Issued issued = tokens.issue(AccountTokenRecord.CHANGE_EMAIL, accountId,
        address.get(), current.get(), null, tokens.settings().verificationLifetime(), true);
    DeliveryResult delivered = tokens.deliver(MessagePurpose.EMAIL_CHANGE_LINK, address.get(),
        AccountTokens.link(tokens.settings().confirmChangePage(), issued), locale);
    if (delivered instanceof DeliveryResult.Refused refused) {
      return new EmailChangeRequestResult.DeliveryFailed(refused.code());
    }
    events.record(SecurityEventType.EMAIL_CHANGE_REQUESTED, accountId, client,
        session.sessionId(), Map.of("new_email", Destinations.mask(Channel.EMAIL, address.get())));
    return new EmailChangeRequestResult.Sent(Destinations.mask(Channel.EMAIL, address.get()),
        issued.expiresAt());
  }

  /**
   * The change a confirmation link names, without using it. Never throws for bad input.
   *
   * @return empty when the link is not usable
   */
  public Optional<PendingEmailChange> pendingChange(String token) {
    if (tokens.find(token, AccountTokenRecord.CHANGE_EMAIL)
        instanceof AccountTokens.Lookup.Found found) {
      AccountTokenRecord r = found.record();
      return Optional.of(new PendingEmailChange(r.accountId(), r.previousDestination(),
          r.destination(), r.expiresAt()));
    }
    return Optional.empty();
  }

  /**
   * Uses a confirmation link: the host sets the account's email to the new address. Revokes the
   * account's password-reset links, sends the old address a notice with an undo link, and records
   * {@link SecurityEventType#EMAIL_CHANGED}.
   *
   * @param client the request's client (history), or {@code null}
   * @param locale the notice's language, or {@code null} for the settings' default
   * @return {@link EmailChangeResult.Changed} or {@link EmailChangeResult.InvalidLink}
   */
  public EmailChangeResult confirmChange(String token, ClientInfo client, Locale locale) {
    AccountTokens.Lookup lookup = tokens.find(token, AccountTokenRecord.CHANGE_EMAIL);
    if (lookup instanceof AccountTokens.Lookup.Refused refused) {
      return new EmailChangeResult.InvalidLink(refused.reason());
    }
    AccountTokenRecord record = ((AccountTokens.Lookup.Found) lookup).record();
    if (!tokens.consume(record)) {
      return new EmailChangeResult.InvalidLink(LinkRejection.INVALID_TOKEN);
    }
    String accountId = record.accountId();
    String oldEmail = record.previousDestination();
    String newEmail = record.destination();
    tokens.store().revoke(accountId, AccountTokenRecord.PASSWORD_RESET);
    // Not replacing: an earlier change's undo link must keep working (the old owner may need it).
    AccountTokens.Issued undo = tokens.issue(AccountTokenRecord.UNDO_EMAIL_CHANGE, accountId,
        oldEmail, newEmail, null, tokens.settings().undoLifetime(), false);
    DeliveryResult delivered = tokens.deliver(MessagePurpose.EMAIL_CHANGED, oldEmail,
        AccountTokens.link(tokens.settings().undoChangePage(), undo), locale);
    if (delivered instanceof DeliveryResult.Refused refused) {
      // The change stands (the new address proved itself); the history shows the failure.
      LOG.warn("Email-change notice for account {} refused by the sender: {}", accountId,
          refused.code());
    }
    events.record(SecurityEventType.EMAIL_CHANGED, accountId, client, null,
        Map.of("old_email", Destinations.mask(Channel.EMAIL, oldEmail),
            "new_email", Destinations.mask(Channel.EMAIL, newEmail),
            "notice_sent", String.valueOf(delivered.accepted())));
    return new EmailChangeResult.Changed(accountId, oldEmail, newEmail, undo.expiresAt());
  }

  /**
   * Uses an undo link sent to the old address: the host sets the account's email back. Ends
   * every session of the account, revokes its password-reset and email-change links and the undo
   * links of later changes, and records
   * {@link SecurityEventType#EMAIL_CHANGE_UNDONE}. The person may then reset the password from
   * the restored address.
   *
   * @param client the request's client (history), or {@code null}
   * @return {@link EmailChangeResult.Undone} or {@link EmailChangeResult.InvalidLink}
   */
  public EmailChangeResult undoChange(String token, ClientInfo client) {
    AccountTokens.Lookup lookup = tokens.find(token, AccountTokenRecord.UNDO_EMAIL_CHANGE);
    if (lookup instanceof AccountTokens.Lookup.Refused refused) {
      return new EmailChangeResult.InvalidLink(refused.reason());
    }
    AccountTokenRecord record = ((AccountTokens.Lookup.Found) lookup).record();
    if (!tokens.consume(record)) {
      return new EmailChangeResult.InvalidLink(LinkRejection.INVALID_TOKEN);
    }
    String accountId = record.accountId();
    tokens.store().revoke(accountId, AccountTokenRecord.PASSWORD_RESET);
    tokens.store().revoke(accountId, AccountTokenRecord.CHANGE_EMAIL);
    // The undo links of later changes went to addresses this undo removes from the account (one
    // who changed the email twice holds the second link): left working, they would change it
    // straight back. Older undo links stay: they restore addresses from before this one.
    tokens.store().revokeIssuedAfter(accountId, AccountTokenRecord.UNDO_EMAIL_CHANGE,
        record.createdAt());
    int ended = sessions.revokeAll(accountId);
    events.record(SecurityEventType.EMAIL_CHANGE_UNDONE, accountId, client, null,
        Map.of("restored_email", Destinations.mask(Channel.EMAIL, record.destination()),
            "sessions_ended", String.valueOf(ended)));
    return new EmailChangeResult.Undone(accountId, record.destination(),
        record.previousDestination(), ended);
  }

  @Override
  public String toString() {
    return "EmailVerification[" + tokens.settings() + "]";
  }
}
