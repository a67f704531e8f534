package dev.latchkey.connected;

import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.EventRecorder;
import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.spi.ConnectedIdentity;
import dev.latchkey.spi.CredentialStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *       {@link LinkResult.LinkedToAnotherAccount}, which does not say which account has it.
 *   <li>An account has at most one identity per provider
 *       ({@link LinkResult.ProviderAlreadyLinked}), so the page shows one row and one disconnect
 *       button per provider.
 *   <li>Accounts are matched on the provider's subject only, compared exactly. The e-mail address a
 *       provider reports is stored for display and never used to find an account: matching by
 *       e-mail would let anyone who registers that address at some provider into the account.
 *   <li>The last remaining sign-in method cannot be disconnected: {@link #unlink} refuses with
 *       {@link UnlinkResult.LastSignInMethod} when the account has no password and no other
 *       provider. The count and the removal are one atomic store operation
 *       ({@link ConnectedAccountStore#unlinkUnlessLast}), so two concurrent disconnects of an
 *       account's last two providers never both succeed, in one process or several.
 *   <li>What that rule does not cover: the password is read from the {@link CredentialStore} just
 *       before the atomic step, and the two stores share no lock. A password <em>set</em>
 *       meanwhile can only cause a refusal that a retry would not give (safe). A password
 *       <em>deleted</em> meanwhile (Latchkey never deletes one; a host's "remove password" or
 *       account clean-up might) could leave the account with nothing to sign in with. A host that
 *       removes passwords must refuse when {@link #list} is empty and serialise that with
 *       disconnects of the same account (one per-account lock or queue).
 *   <li>Provider, subject and e-mail address (the parts that come from outside) are checked; bad
 *       ones give {@link LinkResult.Invalid} from {@link #link}, {@link UnlinkResult.NotLinked}
 *       from {@link #unlink} and an empty answer from {@link #findAccount}, never an exception.
 *       An invalid account id is the host's mistake and throws {@link IllegalArgumentException}.
 *   <li>No token or secret is stored or logged: only the provider code, the subject, the e-mail
 *       address and the link time.
 * </ul>
 *
 * <p>Deciding whether the user may link at all (a recent sign-in, a confirmation e-mail) is the
 * host's policy, as is removing an account's identities when the account is deleted
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

  private static final Logger LOG = LoggerFactory.getLogger(ConnectedAccounts.class);
  private static final Pattern PROVIDER = Pattern.compile(PROVIDER_SYNTAX);

  private final ConnectedAccountStore store;
  private final CredentialStore credentials;
  private final Clock clock;
  private final ConnectedAccountEvents events;

  private ConnectedAccounts(ConnectedAccountStore store, CredentialStore credentials, Clock clock,
      ConnectedAccountEvents events) {
    this.store = Objects.requireNonNull(store, "store");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Creates the service. Host apps normally get it from {@code Latchkey.connectedAccounts()}.
   *
   * @param store where the links live
   * @param credentials the password store, to know whether an account has a password
   * @param clock the source of link times
   */
  public static ConnectedAccounts create(ConnectedAccountStore store, CredentialStore credentials,
      Clock clock) {
    return new ConnectedAccounts(store, credentials, clock, ConnectedAccountEvents.NONE);
  }

  /**
   * As {@link #create(ConnectedAccountStore, CredentialStore, Clock)}, recording
   * {@code connected_account.added} / {@code connected_account.removed} in the login history.
   * {@code Latchkey} uses this one.
   */
  public static ConnectedAccounts create(ConnectedAccountStore store, CredentialStore credentials,
      Clock clock, EventRecorder recorder) {
    Objects.requireNonNull(recorder, "recorder");
    return new ConnectedAccounts(store, credentials, clock, new ConnectedAccountEvents() {
      @Override
      public void linked(String accountId, ConnectedAccount account) {
        recorder.record(SecurityEventType.CONNECTED_ACCOUNT_ADDED, accountId, null, null,
            Map.of("provider", account.provider()));
      }

      @Override
      public void unlinked(String accountId, String provider, Instant at) {
        recorder.record(SecurityEventType.CONNECTED_ACCOUNT_REMOVED, accountId, null, null,
            Map.of("provider", provider));
      }
    });
  }

  /** As {@link #create(ConnectedAccountStore, CredentialStore, Clock)}, reporting to a hook. */
  static ConnectedAccounts create(ConnectedAccountStore store, CredentialStore credentials,
      Clock clock, ConnectedAccountEvents events) {
    return new ConnectedAccounts(store, credentials, clock, events);
  }

  /**
   * Connects a verified provider identity to the account.
   *
   * @param accountId the signed-in account
   * @param provider the provider's code, matching {@value #PROVIDER_SYNTAX} ({@code google},
   *     {@code github}, {@code azure-ad}…)
   * @param subject the provider's stable user id (OpenID Connect's {@code sub}, GitHub's numeric
   *     id): 1 to {@value #MAX_SUBJECT_LENGTH} visible ASCII characters, compared exactly
   * @param email the address the provider reported, for display, or {@code null} for none
   * @return {@link LinkResult.Linked}, or why nothing was stored
   * @throws IllegalArgumentException when {@code accountId} is {@code null}, empty or longer than
   *     {@value #MAX_ACCOUNT_ID_LENGTH} characters
   */
  public LinkResult link(String accountId, String provider, String subject, String email) {
    requireAccountId(accountId);
    if (!validProvider(provider)) {
      return new LinkResult.Invalid(LinkResult.Reason.INVALID_PROVIDER);
    }
    if (!validSubject(subject)) {
      return new LinkResult.Invalid(LinkResult.Reason.INVALID_SUBJECT);
    }
    if (email != null && !validEmail(email)) {
      return new LinkResult.Invalid(LinkResult.Reason.INVALID_EMAIL);
    }
    // Whole milliseconds, what every store keeps, so Linked equals what list() reads back.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ConnectedIdentity identity = new ConnectedIdentity(accountId, provider, subject, email, now);
    return switch (store.insert(identity)) {
      case INSERTED -> {
        ConnectedAccount account = toAccount(identity);
        report(() -> events.linked(accountId, account));
        yield new LinkResult.Linked(account);
      }
      case ALREADY_LINKED_TO_THIS_ACCOUNT -> new LinkResult.AlreadyLinkedToThisAccount();
      case LINKED_TO_ANOTHER_ACCOUNT -> new LinkResult.LinkedToAnotherAccount();
      case PROVIDER_ALREADY_LINKED -> new LinkResult.ProviderAlreadyLinked();
    };
  }

  /**
   * Disconnects the account's identity at {@code provider}, unless it is the account's last way to
   * sign in (no password, no other provider). Atomic against concurrent disconnects; see the class
   * description for what a concurrent password removal can do.
   *
   * @return {@link UnlinkResult.Unlinked}, {@link UnlinkResult.NotLinked} (also for a malformed
   *     provider code) or {@link UnlinkResult.LastSignInMethod}
   * @throws IllegalArgumentException when {@code accountId} is invalid
   */
  public UnlinkResult unlink(String accountId, String provider) {
    requireAccountId(accountId);
    if (!validProvider(provider)) {
      return new UnlinkResult.NotLinked();
    }
    boolean hasPassword = credentials.find(accountId).isPresent();
    return switch (store.unlinkUnlessLast(accountId, provider, hasPassword)) {
      case UNLINKED -> {
        Instant at = clock.instant();
        report(() -> events.unlinked(accountId, provider, at));
        yield new UnlinkResult.Unlinked();
      }
      case NOT_LINKED -> new UnlinkResult.NotLinked();
      case LAST_SIGN_IN_METHOD -> new UnlinkResult.LastSignInMethod();
    };
  }

  /**
   * The account's connected identities, oldest first (ties by provider code).
   *
   * @return an empty list when there are none
   * @throws IllegalArgumentException when {@code accountId} is invalid
   */
  public List<ConnectedAccount> list(String accountId) {
    requireAccountId(accountId);
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
    requireAccountId(accountId);
    return store.deleteAll(accountId);
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
    if (at <= 0 || at == email.length() - 1) {
      return false;
    }
    for (int i = 0; i < email.length(); ) {
      int cp = email.codePointAt(i);
      if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
          || Character.getType(cp) == Character.SURROGATE) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  private static void requireAccountId(String accountId) {
    if (accountId == null || accountId.isEmpty() || accountId.length() > MAX_ACCOUNT_ID_LENGTH) {
      throw new IllegalArgumentException(
          "accountId must be 1 to " + MAX_ACCOUNT_ID_LENGTH + " characters");
    }
  }

  private static ConnectedAccount toAccount(ConnectedIdentity identity) {
    return new ConnectedAccount(identity.provider(), identity.subject(), identity.email(),
        identity.linkedAt());
  }

  /** The change is stored; a failing hook loses the notification, never the change. */
  private static void report(Runnable notification) {
    try {
      notification.run();
    } catch (RuntimeException e) {
      LOG.warn("Connected-account event hook failed; the change is stored", e);
    }
  }

  @Override
  public String toString() {
    return "ConnectedAccounts[store=" + store.getClass().getSimpleName() + "]";
  }
}
