package dev.latchkey.signin;

import dev.latchkey.password.PasswordHasher;
import dev.latchkey.session.ClientInfo;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.PasswordCredential;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Password sign-in: verify the password against the stored hash and open a session.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>An unknown account (or one without a password) costs the same hashing work as a wrong
 *       password, and both give the same {@link SignInResult.Reason#INVALID_CREDENTIALS}: no account
 *       enumeration by answer or by timing.
 *   <li>A hash made with weaker parameters (or bcrypt, for migrated users) is replaced transparently
 *       after a successful sign-in, with a compare-and-set so a password changed meanwhile is never
 *       overwritten.
 *   <li>Never throws for bad input (null, empty or huge passwords are rejected as wrong).
 * </ul>
 *
 * <p>Thread-safe and stateless beyond its stores.
 */
public final class SignInService {
  private final CredentialStore credentials;
  private final PasswordHasher hasher;
  private final SessionRegistry sessions;
  private final Clock clock;

  private SignInService(CredentialStore credentials, PasswordHasher hasher, SessionRegistry sessions,
      Clock clock) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Creates the service; host apps normally get it from {@code Latchkey.signIn()}. */
  public static SignInService create(CredentialStore credentials, PasswordHasher hasher,
      SessionRegistry sessions, Clock clock) {
    return new SignInService(credentials, hasher, sessions, clock);
  }

  /**
   * Signs in with a password.
   *
   * @param accountId the account the host resolved from the login name, or {@code null} when the
   *     login name matches no account (the call then does the same work and fails the same way)
   * @param password what the user typed
   * @param client the request's address and User-Agent, for the session list
   */
  public SignInResult signIn(String accountId, CharSequence password, ClientInfo client) {
    Objects.requireNonNull(client, "client");
    Optional<PasswordCredential> stored =
        accountId == null || accountId.isEmpty() || accountId.length() > 255
            ? Optional.empty() : credentials.find(accountId);
    if (stored.isEmpty() || password == null) {
      // Same work as a real verification, so a missing account is not visible in response time.
      hasher.verifyDummy(password == null ? "" : password);
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CREDENTIALS);
    }
    PasswordCredential credential = stored.get();
    if (!hasher.verify(password, credential.hash())) {
      return new SignInResult.Rejected(SignInResult.Reason.INVALID_CREDENTIALS);
    }
    if (hasher.needsRehash(credential.hash())) {
      // Compare-and-set: if the password changed since we read it, keep the newer one.
      credentials.replace(accountId, credential.hash(),
          new PasswordCredential(accountId, hasher.hash(password), clock.instant()));
    }
    return new SignInResult.SignedIn(sessions.create(accountId, client));
  }

  /**
   * Sets (or replaces) an account's password, for sign-up and for host-driven resets. Validate it
   * with the host's policy first; the hasher only refuses passwords over its length cap.
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
    return accountId != null && !accountId.isEmpty() && credentials.find(accountId).isPresent();
  }
}
