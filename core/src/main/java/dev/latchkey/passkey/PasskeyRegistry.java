package dev.latchkey.passkey;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.AccountIds;
import dev.latchkey.internal.Time;
import dev.latchkey.session.SensitiveAction;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionRenewal;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.PasskeyRecord;
import dev.latchkey.spi.PasskeyStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An account's passkeys: list, rename and remove them, and the bookkeeping the WebAuthn ceremonies
 * of the {@code latchkey-passkeys} module need (add a verified passkey, record a use).
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Removing a passkey needs a recent authentication
 *       ({@link SensitiveAction#REMOVE_PASSKEY}; otherwise {@link
 *       PasskeyRemoveResult.ReauthenticationRequired} and nothing changes), and never removes the
 *       account's last way in: the last passkey of an account without a password and without a
 *       connected provider is refused ({@link PasskeyRemoveResult.LastSignInMethod}), decided and
 *       deleted in one atomic store step ({@link PasskeyStore#deleteUnlessLast}), so two
 *       concurrent removals of an account's last two passkeys never both succeed. The password
 *       and providers are read just before that step from their own stores, which share no lock
 *       with it: removing the last passkey while the last provider is disconnected (each sees the
 *       other) can leave an account without a password with nothing, so a host offering both to
 *       such accounts serialises them per account.
 *   <li>Adding and removing a passkey are changes of factor: each signs the account's other
 *       sessions out and re-keys the session that made it
 *       ({@link SessionRegistry#afterFactorChange}).
 *   <li>A signature counter only moves forward: {@link #recordUse} is the store's compare-and-set,
 *       and a counter that does not exceed the stored one (unless both are 0: an authenticator
 *       without a counter, as synced passkeys are) is reported as
 *       {@link PasskeyUseResult.CloneSuspected} with a {@code passkey.clone_suspected} event.
 *   <li>Additions, renames, removals and suspected clones are in the login history
 *       ({@code passkey.added}, {@code passkey.renamed}, {@code passkey.removed},
 *       {@code passkey.clone_suspected}), recorded after the store changed, under
 *       {@link SecurityEventRecorder}'s failure policy.
 *   <li>Nothing secret is stored: a passkey is a public key and public ids.
 * </ul>
 *
 * <p>Thread-safe and stateless beyond its stores.
 */
public final class PasskeyRegistry {
  /** How many times a use re-reads the counter after losing a race before giving up. */
  private static final int USE_ATTEMPTS = 5;

  private final PasskeyStore store;
  private final CredentialStore credentials;
  private final ConnectedAccountStore connected;
  private final SessionRegistry sessions;
  private final Clock clock;
  private final SecurityEventRecorder events;

  private PasskeyRegistry(PasskeyStore store, CredentialStore credentials,
      ConnectedAccountStore connected, SessionRegistry sessions, Clock clock,
      SecurityEventRecorder events) {
    this.store = Objects.requireNonNull(store, "store");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.connected = connected;
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Creates the registry; host apps normally get it from {@code Latchkey.passkeys()}.
   *
   * @param store where passkeys live
   * @param credentials the password store, for the last-sign-in-method rule
   * @param connected the connected-account store, for the same rule, or {@code null} when the host
   *     has no connected accounts
   * @param sessions ends other sessions after a change, and knows how recent an authentication is
   * @param clock the source of times
   * @param events the login history
   */
  public static PasskeyRegistry using(PasskeyStore store, CredentialStore credentials,
      ConnectedAccountStore connected, SessionRegistry sessions, Clock clock,
      SecurityEventRecorder events) {
    return new PasskeyRegistry(store, credentials, connected, sessions, clock, events);
  }

  /** The store, for the WebAuthn ceremonies of the {@code latchkey-passkeys} module. */
  public PasskeyStore store() {
    return store;
  }

  /**
   * The account's passkeys, oldest first.
   *
   * @throws IllegalArgumentException for an invalid account id
   */
  public List<PasskeyInfo> list(String accountId) {
    AccountIds.require(accountId);
    return store.listByAccount(accountId).stream().map(PasskeyRegistry::info).toList();
  }

  /** Whether the account has at least one passkey (a second factor, and a way to sign in). */
  public boolean hasPasskeys(String accountId) {
    return AccountIds.isValid(accountId) && !store.listByAccount(accountId).isEmpty();
  }

  /** Renames one of the session's account's passkeys (no recent authentication needed). */
  public PasskeyRenameResult rename(ValidatedSession session, String credentialId, String name) {
    Objects.requireNonNull(session, "session");
    if (!PasskeyRecord.validName(name)) {
      return new PasskeyRenameResult.InvalidName();
    }
    if (!plausibleCredentialId(credentialId)) {
      return new PasskeyRenameResult.NotFound();
    }
    String accountId = session.accountId();
    if (!store.rename(accountId, credentialId, name)) {
      return new PasskeyRenameResult.NotFound();
    }
    events.record(SecurityEventType.PASSKEY_RENAMED, accountId, null, session.sessionId(),
        Map.of("credential", shortId(credentialId)));
    Optional<PasskeyRecord> now = store.findByCredentialId(credentialId)
        .filter(p -> p.accountId().equals(accountId));
    return now.<PasskeyRenameResult>map(p -> new PasskeyRenameResult.Renamed(info(p)))
        .orElseGet(PasskeyRenameResult.NotFound::new); // removed in between
  }

  /**
   * Removes one of the session's account's passkeys, within the
   * {@link SensitiveAction#REMOVE_PASSKEY} window and unless it is the account's last way in.
   */
  public PasskeyRemoveResult remove(ValidatedSession session, String credentialId) {
    Objects.requireNonNull(session, "session");
    if (!sessions.isRecentlyAuthenticated(session, SensitiveAction.REMOVE_PASSKEY)) {
      return new PasskeyRemoveResult.ReauthenticationRequired();
    }
    if (!plausibleCredentialId(credentialId)) {
      return new PasskeyRemoveResult.NotFound();
    }
    String accountId = session.accountId();
    boolean otherMethod = credentials.find(accountId).isPresent()
        || (connected != null && !connected.listByAccount(accountId).isEmpty());
    return switch (store.deleteUnlessLast(accountId, credentialId, otherMethod)) {
      case DELETED -> {
        SessionRenewal renewal = sessions.afterFactorChange(session);
        events.record(SecurityEventType.PASSKEY_REMOVED, accountId, null, session.sessionId(),
            Map.of("credential", shortId(credentialId),
                "other_sessions_ended", String.valueOf(renewal.otherSessionsEnded())));
        yield new PasskeyRemoveResult.Removed(renewal);
      }
      case NOT_FOUND -> new PasskeyRemoveResult.NotFound();
      case LAST_SIGN_IN_METHOD -> new PasskeyRemoveResult.LastSignInMethod();
    };
  }

  /**
   * Stores a passkey whose registration the {@code latchkey-passkeys} module has verified (origin,
   * RP id, challenge bound to this session, attestation), then ends the account's other sessions
   * and records {@code passkey.added}. A host never calls this with a credential it did not
   * verify.
   *
   * @param session the session that asked for the registration options
   * @param verified the new passkey; its account must be the session's
   * @throws IllegalArgumentException when the passkey's account is not the session's
   */
  public PasskeyAddResult add(ValidatedSession session, PasskeyRecord verified) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(verified, "verified");
    if (!verified.accountId().equals(session.accountId())) {
      throw new IllegalArgumentException("The passkey's account is not the session's");
    }
    if (!store.insert(verified)) {
      return new PasskeyAddResult.AlreadyRegistered();
    }
    SessionRenewal renewal = sessions.afterFactorChange(session);
    events.record(SecurityEventType.PASSKEY_ADDED, verified.accountId(), null,
        session.sessionId(), Map.of("credential", shortId(verified.credentialId()),
            "other_sessions_ended", String.valueOf(renewal.otherSessionsEnded())));
    return new PasskeyAddResult.Added(info(verified), renewal);
  }

  /**
   * Records a verified assertion's counter and backup state: the counter must move forward (or
   * stay 0 for an authenticator that keeps none). Atomic against concurrent uses of the same
   * passkey: a lost race re-reads the stored counter and decides again.
   *
   * @param stored the passkey as read before verification
   * @param receivedCount the authenticator's signature counter in the assertion
   * @param backupState the assertion's BS flag
   * @param client the request's client, for the clone event
   * @return {@link PasskeyUseResult.Used}, or {@link PasskeyUseResult.CloneSuspected} after
   *     recording {@code passkey.clone_suspected}
   */
  public PasskeyUseResult recordUse(PasskeyRecord stored, long receivedCount, boolean backupState,
      ClientInfo client) {
    Objects.requireNonNull(stored, "stored");
    PasskeyRecord current = stored;
    for (int attempt = 0; attempt < USE_ATTEMPTS; attempt++) {
      long count = current.signCount();
      boolean noCounter = count == 0 && receivedCount == 0;
      if (!noCounter && receivedCount <= count) {
        events.recordBestEffort(SecurityEventType.PASSKEY_CLONE_SUSPECTED, current.accountId(),
            client, null, Map.of("credential", shortId(current.credentialId()),
                "stored_count", String.valueOf(count),
                "received_count", String.valueOf(receivedCount)));
        return new PasskeyUseResult.CloneSuspected(count, receivedCount);
      }
      Instant at = Time.now(clock);
      if (store.recordUse(current.credentialId(), count, receivedCount, backupState, at)) {
        return new PasskeyUseResult.Used(current.used(receivedCount, backupState, at));
      }
      // Another use moved the counter (or the passkey was removed): decide on the new value.
      Optional<PasskeyRecord> reread = store.findByCredentialId(current.credentialId());
      if (reread.isEmpty()) {
        break;
      }
      current = reread.get();
    }
    // Removed meanwhile, or the counter keeps moving under us: nothing proves this use is fresh.
    return new PasskeyUseResult.CloneSuspected(current.signCount(), receivedCount);
  }

  /**
   * Raises the session's authentication time after the {@code latchkey-passkeys} module verified
   * an assertion bound to this session (a passkey re-authentication), and records
   * {@code session.reauthenticated} with method {@code passkey}. A host never calls this without
   * such an assertion.
   *
   * @return the new authentication time, or empty when the session ended meanwhile (nothing
   *     recorded)
   */
  public Optional<Instant> reauthenticated(ValidatedSession session, ClientInfo client) {
    Objects.requireNonNull(session, "session");
    Optional<Instant> at = sessions.markReauthenticated(session);
    at.ifPresent(t -> events.record(SecurityEventType.SESSION_REAUTHENTICATED,
        session.accountId(), client, session.sessionId(), Map.of("method", "passkey")));
    return at;
  }

  /** A store row as a list row. */
  public static PasskeyInfo info(PasskeyRecord p) {
    return new PasskeyInfo(p.credentialId(), p.name(), p.transports(), p.backupEligible(),
        p.backupState(), p.aaguid(), p.createdAt(), p.lastUsedAt());
  }

  /** What an event says about a credential: its first 16 characters are enough to tell them apart. */
  static String shortId(String credentialId) {
    return credentialId.length() <= 16 ? credentialId : credentialId.substring(0, 16);
  }

  private static boolean plausibleCredentialId(String credentialId) {
    if (credentialId == null || credentialId.isEmpty()
        || credentialId.length() > PasskeyRecord.MAX_CREDENTIAL_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < credentialId.length(); i++) {
      char c = credentialId.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "PasskeyRegistry[store=" + store.getClass().getSimpleName() + "]";
  }
}
