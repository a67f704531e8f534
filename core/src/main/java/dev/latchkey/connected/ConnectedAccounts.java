package dev.latchkey.connected;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.AccountIds;
import dev.latchkey.internal.Text;
import dev.latchkey.internal.Time;
import dev.latchkey.session.SensitiveAction;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionRenewal;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.spi.ConnectedIdentity;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.PasskeyStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Connected accounts: identities at external sign-in providers (Google, GitHub…) linked to an
 * account, as a "Settings → Security → Connected accounts" page shows them.
 *
 * <p>Latchkey does not run OAuth. The host completes the provider's flow, verifies its answer and
 * then calls {@link #link} (the signed-in user connects a provider), {@link #findAccount} ("sign in
 * with Google": which account does this identity open?) or {@link #unlink} (the disconnect button).
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>An identity {@code (provider, subject)} opens at most one account, across threads and
 *       processes: the store enforces it with a unique constraint, never by looking first. Of many
 *       concurrent links of one identity to different accounts exactly one succeeds; the others get
 *       {@link ConnectedAccountLinkResult.LinkedToAnotherAccount}, which does not say which account
 *       has it.
 *   <li>An account has at most one identity per provider
 *       ({@link ConnectedAccountLinkResult.ProviderAlreadyLinked}), so the page shows one row and
 *       one disconnect button per provider.
 *   <li>Accounts are matched on the provider's subject only, compared exactly. The e-mail address a
 *       provider reports is stored for display and never used to find an account: matching by
 *       e-mail would let anyone who registers that address at some provider into the account.
 *   <li>The last remaining sign-in method cannot be disconnected: {@link #unlink} refuses with
 *       {@link ConnectedAccountUnlinkResult.LastSignInMethod} when the account has no password, no
 *       passkey (when created with a passkey store) and no other provider. The count and the
 *       removal are one atomic store operation
 *       ({@link ConnectedAccountStore#unlinkUnlessLast}), so two concurrent disconnects of an
 *       account's last two providers never both succeed, in one process or several.
 *   <li>What that rule does not cover: the password is read from the {@link CredentialStore} just
 *       before the atomic step, and the two stores share no lock. A password <em>set</em>
 *       meanwhile can only cause a refusal that a retry would not give (safe). A password
 *       <em>deleted</em> meanwhile (Latchkey never deletes one; a host's "remove password" or
 *       account clean-up might) could leave the account with nothing to sign in with. A host that
 *       removes passwords must refuse when {@link #list} is empty and serialise that with
 *       disconnects of the same account (one per-account lock or queue). The same holds for
 *       passkeys: disconnecting the last provider while the account's last passkey is removed
 *       (each sees the other as "another way in") can leave nothing, so serialise the two per
 *       account where both are offered to accounts without a password.
 *   <li>Provider, subject and e-mail address (the parts that come from outside) are checked; bad
 *       ones give {@link ConnectedAccountLinkResult.Invalid} from {@link #link},
 *       {@link ConnectedAccountUnlinkResult.NotLinked} from {@link #unlink} and an empty answer
 *       from {@link #findAccount}, never an exception.
 *       An invalid account id is the host's mistake and throws {@link IllegalArgumentException}.
 *   <li>Linking and unlinking are changes of factor (a way into the account added or removed): each
 *       signs the account's other sessions out and re-keys the session that made it
 *       ({@link SessionRegistry#afterFactorChange}); a link on the host's authority
 *       ({@link #link(String, String, String, String)}, at sign-up) acts for no session and ends
 *       them all. A session may link or unlink only within the
 *       {@link SensitiveAction#LINK_SIGN_IN_METHOD} / {@link SensitiveAction#UNLINK_SIGN_IN_METHOD}
 *       window of its last authentication; otherwise the result is {@code ReauthenticationRequired}
 *       and nothing changes.
 *   <li>No token or secret is stored or logged: only the provider code, the subject, the e-mail
 *       address and the link time.
 *   <li>Links and disconnects are recorded in the login history
 *       ({@code connected_account.added}, {@code connected_account.removed}) after the store
 *       changed; when the history cannot be written the call fails and the change stands
 *       ({@link SecurityEventRecorder}'s policy). A failing listener never fails a call.
 * </ul>
 *
 * <p>Deciding whether the user may link at all beyond the recent-authentication rule (a
 * confirmation e-mail) is the host's policy, as is removing an account's identities when the account is deleted
 * ({@link #unlinkAll}); until then a deleted account's identity cannot be linked elsewhere.
 *
 * <p>Thread-safe and stateless beyond its stores.
 */
public final class ConnectedAccounts {
  /** What a provider code looks like: {@value}. */
  public static final String PROVIDER_SYNTAX = "[a-z0-9][a-z0-9_-]{0,31}";
  /** The longest subject accepted: 255 characters (OpenID Connect's limit for {@code sub}). */
  public static final int MAX_SUBJECT_LENGTH = ConnectedIdentity.MAX_SUBJECT_LENGTH;
  /** The longest e-mail address accepted: 320 characters. */
  public static final int MAX_EMAIL_LENGTH = ConnectedIdentity.MAX_EMAIL_LENGTH;
  /** The longest account id accepted: 255 characters. */
  public static final int MAX_ACCOUNT_ID_LENGTH = ConnectedIdentity.MAX_ACCOUNT_ID_LENGTH;

  private static final Pattern PROVIDER = Pattern.compile(PROVIDER_SYNTAX);

  private final ConnectedAccountStore store;
  private final CredentialStore credentials;
  private final PasskeyStore passkeys;
  private final SessionRegistry sessions;
  private final Clock clock;
  private final SecurityEventRecorder events;

  private ConnectedAccounts(ConnectedAccountStore store, CredentialStore credentials,
      PasskeyStore passkeys, SessionRegistry sessions, Clock clock,
      SecurityEventRecorder events) {
    this.store = Objects.requireNonNull(store, "store");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.passkeys = passkeys;
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Creates the service. Host apps normally get it from {@code Latchkey.connectedAccounts()}.
   *
   * @param store where the links live
   * @param credentials the password store, to know whether an account has a password
   * @param sessions ends the other sessions and re-keys the current one after a change, and knows
   *     how recent a session's authentication must be
   * @param clock the source of link times
   * @param events records {@code connected_account.added} / {@code connected_account.removed}
   *     under its failure policy (the change is stored first; a failing event store then fails the
   *     call)
   */
  public static ConnectedAccounts create(ConnectedAccountStore store, CredentialStore credentials,
      SessionRegistry sessions, Clock clock, SecurityEventRecorder events) {
    return new ConnectedAccounts(store, credentials, null, sessions, clock, events);
  }

  /**
   * As {@link #create(ConnectedAccountStore, CredentialStore, SessionRegistry, Clock,
   * SecurityEventRecorder)}, for a host with passkeys: an account's passkey is a way to sign in too,
   * so its last provider may be disconnected when it has one.
   *
   * @param passkeys where the account's passkeys live
   */
  public static ConnectedAccounts create(ConnectedAccountStore store, CredentialStore credentials,
      PasskeyStore passkeys, SessionRegistry sessions, Clock clock,
      SecurityEventRecorder events) {
    return new ConnectedAccounts(store, credentials, Objects.requireNonNull(passkeys, "passkeys"),
        sessions, clock, events);
  }

  /**
   * Connects a verified provider identity to the session's account, when the session
   * authenticated within the {@link SensitiveAction#LINK_SIGN_IN_METHOD} window; then signs the
   * account's other sessions out and re-keys this one ({@link ConnectedAccountLinkResult.Linked}
   * holds its new token).
   *
   * @param session the signed-in user's session
   * @return {@link ConnectedAccountLinkResult.Linked},
   *     {@link ConnectedAccountLinkResult.ReauthenticationRequired}, or why nothing was stored
   * @see #link(String, String, String, String)
   */
  public ConnectedAccountLinkResult link(ValidatedSession session, String provider,
      String subject, String email) {
    return link(session, provider, subject, email, null);
  }

  /**
   * As {@link #link(ValidatedSession, String, String, String)}, recording the client that asked
   * in the login history.
   *
   * @param client the request's client, or {@code null}
   */
  public ConnectedAccountLinkResult link(ValidatedSession session, String provider,
      String subject, String email, ClientInfo client) {
    Objects.requireNonNull(session, "session");
    if (!sessions.isRecentlyAuthenticated(session, SensitiveAction.LINK_SIGN_IN_METHOD)) {
      return new ConnectedAccountLinkResult.ReauthenticationRequired();
    }
    return link(session.accountId(), session, provider, subject, email, client);
  }

  /**
   * Connects a verified provider identity to the account on the host's authority, for no session:
   * at sign-up through a provider (the account was just created), or by an administrator. As a
   * change of factor made for no session it signs out <em>every</em> session of the account; a
   * signed-in user linking a provider goes through {@link #link(ValidatedSession, String, String,
   * String)} instead, which keeps their own session.
   *
   * @param accountId the account
   * @param provider the provider's code, matching {@value #PROVIDER_SYNTAX} ({@code google},
   *     {@code github}, {@code azure-ad}…)
   * @param subject the provider's stable user id (OpenID Connect's {@code sub}, GitHub's numeric
   *     id): 1 to {@value #MAX_SUBJECT_LENGTH} visible ASCII characters, compared exactly
   * @param email the address the provider reported, for display, or {@code null} for none
   * @return {@link ConnectedAccountLinkResult.Linked}, or why nothing was stored
   * @throws IllegalArgumentException when {@code accountId} is {@code null}, empty or longer than
   *     {@value #MAX_ACCOUNT_ID_LENGTH} characters
   */
  public ConnectedAccountLinkResult link(String accountId, String provider, String subject,
      String email) {
    AccountIds.require(accountId);
    return link(accountId, null, provider, subject, email, null);
  }

  private ConnectedAccountLinkResult link(String accountId, ValidatedSession session,
      String provider, String subject, String email, ClientInfo client) {
    if (!validProvider(provider)) {
      return invalid(ConnectedAccountLinkResult.Reason.INVALID_PROVIDER);
    }
    if (!validSubject(subject)) {
      return invalid(ConnectedAccountLinkResult.Reason.INVALID_SUBJECT);
    }
    if (email != null && !validEmail(email)) {
      return invalid(ConnectedAccountLinkResult.Reason.INVALID_EMAIL);
    }
    // Whole milliseconds, what every store keeps, so Linked equals what list() reads back.
    Instant now = Time.now(clock);
    ConnectedIdentity identity = new ConnectedIdentity(accountId, provider, subject, email, now);
    return switch (store.insert(identity)) {
      case INSERTED -> {
        SessionRenewal renewal = afterFactorChange(accountId, session);
        events.record(SecurityEventType.CONNECTED_ACCOUNT_ADDED, accountId, client,
            session == null ? null : session.sessionId(), Map.of("provider", provider,
                "other_sessions_ended", String.valueOf(renewal.otherSessionsEnded())));
        yield new ConnectedAccountLinkResult.Linked(toAccount(identity), renewal);
      }
      case ALREADY_LINKED_TO_THIS_ACCOUNT ->
          new ConnectedAccountLinkResult.AlreadyLinkedToThisAccount();
      case LINKED_TO_ANOTHER_ACCOUNT -> new ConnectedAccountLinkResult.LinkedToAnotherAccount();
      case PROVIDER_ALREADY_LINKED -> new ConnectedAccountLinkResult.ProviderAlreadyLinked();
    };
  }

  /**
   * Disconnects the session's account's identity at {@code provider}, unless it is the account's
   * last way to sign in (no password, no other provider), when the session authenticated within
   * the {@link SensitiveAction#UNLINK_SIGN_IN_METHOD} window; then signs the account's other
   * sessions out and re-keys this one. Atomic against concurrent disconnects; see the class
   * description for what a concurrent password removal can do.
   *
   * @return {@link ConnectedAccountUnlinkResult.Unlinked},
   *     {@link ConnectedAccountUnlinkResult.ReauthenticationRequired} (nothing looked at),
   *     {@link ConnectedAccountUnlinkResult.NotLinked} (also for a malformed provider code) or
   *     {@link ConnectedAccountUnlinkResult.LastSignInMethod}
   */
  public ConnectedAccountUnlinkResult unlink(ValidatedSession session, String provider) {
    return unlink(session, provider, null);
  }

  /**
   * As {@link #unlink(ValidatedSession, String)}, recording the client that asked in the login
   * history.
   *
   * @param client the request's client, or {@code null}
   */
  public ConnectedAccountUnlinkResult unlink(ValidatedSession session, String provider,
      ClientInfo client) {
    Objects.requireNonNull(session, "session");
    if (!sessions.isRecentlyAuthenticated(session, SensitiveAction.UNLINK_SIGN_IN_METHOD)) {
      return new ConnectedAccountUnlinkResult.ReauthenticationRequired();
    }
    String accountId = session.accountId();
    if (!validProvider(provider)) {
      return new ConnectedAccountUnlinkResult.NotLinked();
    }
    // Another way in besides providers: a password, or (with passkeys) a passkey.
    boolean otherMethod = credentials.find(accountId).isPresent()
        || (passkeys != null && !passkeys.listByAccount(accountId).isEmpty());
    return switch (store.unlinkUnlessLast(accountId, provider, otherMethod)) {
      case UNLINKED -> {
        SessionRenewal renewal = sessions.afterFactorChange(session);
        events.record(SecurityEventType.CONNECTED_ACCOUNT_REMOVED, accountId, client,
            session.sessionId(), Map.of("provider", provider,
                "other_sessions_ended", String.valueOf(renewal.otherSessionsEnded())));
        yield new ConnectedAccountUnlinkResult.Unlinked(renewal);
      }
      case NOT_LINKED -> new ConnectedAccountUnlinkResult.NotLinked();
      case LAST_SIGN_IN_METHOD -> new ConnectedAccountUnlinkResult.LastSignInMethod();
    };
  }

  /**
   * The account's connected identities, oldest first (ties by provider code).
   *
   * @return an empty list when there are none
   * @throws IllegalArgumentException when {@code accountId} is invalid
   */
  public List<ConnectedAccount> list(String accountId) {
    AccountIds.require(accountId);
    return store.listByAccount(accountId).stream().map(ConnectedAccounts::toAccount).toList();
  }

  /**
   * The account a verified provider identity opens, for "sign in with …". Matches the exact
   * subject, never the e-mail address.
   *
   * @return empty when no account has this identity, or the provider or subject is malformed
   */
  public Optional<String> findAccount(String provider, String subject) {
    if (!validProvider(provider) || !validSubject(subject)) {
      return Optional.empty();
    }
    return store.findBySubject(provider, subject).map(ConnectedIdentity::accountId);
  }

  /**
   * Disconnects every provider of the account, without the last-method rule: for deleting the
   * account, so its identities can later open another one. Reports no events.
   *
   * @return how many identities were removed
   * @throws IllegalArgumentException when {@code accountId} is invalid
   */
  public int unlinkAll(String accountId) {
    AccountIds.require(accountId);
    return store.deleteAll(accountId);
  }

  private SessionRenewal afterFactorChange(String accountId, ValidatedSession session) {
    return session == null ? sessions.afterFactorChange(accountId)
        : sessions.afterFactorChange(session);
  }

  static boolean validProvider(String provider) {
    return provider != null && PROVIDER.matcher(provider).matches();
  }

  static boolean validSubject(String subject) {
    if (subject == null || subject.isEmpty() || subject.length() > MAX_SUBJECT_LENGTH) {
      return false;
    }
    for (int i = 0; i < subject.length(); i++) {
      char ch = subject.charAt(i);
      if (ch < 0x21 || ch > 0x7E) {
        return false;
      }
    }
    return true;
  }

  static boolean validEmail(String email) {
    if (email.length() < 3 || email.length() > MAX_EMAIL_LENGTH) {
      return false;
    }
    int at = email.lastIndexOf('@');
    if (at <= 0 || at == email.length() - 1 || !Text.isWellFormedUtf16(email)) {
      return false;
    }
    for (int i = 0; i < email.length(); ) {
      int cp = email.codePointAt(i);
      if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  private static ConnectedAccountLinkResult invalid(ConnectedAccountLinkResult.Reason reason) {
    return new ConnectedAccountLinkResult.Invalid(reason);
  }

  private static ConnectedAccount toAccount(ConnectedIdentity identity) {
    return new ConnectedAccount(identity.provider(), identity.subject(), identity.email(),
        identity.linkedAt());
  }

  @Override
  public String toString() {
    return "ConnectedAccounts[store=" + store.getClass().getSimpleName() + "]";
  }
}
