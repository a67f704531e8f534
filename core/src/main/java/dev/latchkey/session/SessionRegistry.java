package dev.latchkey.session;

import dev.latchkey.client.ClientDescription;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.DeviceNamer;
import dev.latchkey.client.IpLocator;

import dev.latchkey.common.Secret;
import dev.latchkey.events.SecurityEventListener;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.EventRecorder;
import dev.latchkey.internal.Hashing;
import dev.latchkey.internal.Tokens;
import dev.latchkey.spi.SessionRecord;
import dev.latchkey.spi.SessionStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry of signed-in sessions: create at sign-in, validate on every request, list, revoke,
 * rotate.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>A token is 256 bits from the injected {@link SecureRandom}, URL-safe; it exists only in the
 *       {@link NewSession} returned to the caller. The store keeps its SHA-256.
 *   <li>Listing and revoking use a separate public id, so a UI never handles tokens.
 *   <li>Revocation is immediate: once {@code revoke…} returns, {@link #validate} refuses the token in
 *       every process sharing the store (validation always reads the store).
 *   <li>An account can only revoke its own sessions: the account comes from a
 *       {@link ValidatedSession} (or the host's own authority), never from the session id.
 *   <li>{@link #validate} never throws for any input; it returns a typed {@link SessionValidation}.
 *       Only store failures surface, as {@link dev.latchkey.spi.StoreException}.
 *   <li>Sign-outs and revocations are recorded in the login history
 *       ({@link SecurityEventType#SIGN_OUT}, {@link SecurityEventType#SESSION_REVOKED}) after the
 *       revocation is stored; {@link #validate} never writes an event.
 *   <li>{@link Assurance#ENROLLMENT_ONLY} sessions validate, but their {@link ValidatedSession}
 *       says so: hosts must check {@link ValidatedSession#isFullyAuthenticated()}.
 * </ul>
 *
 * <p>Stores only whole milliseconds, so every database gives the same answers.
 *
 * <p>Thread-safe and stateless beyond its store.
 */
public final class SessionRegistry {
  /** Anything longer than this is not a token we issued; refuse before hashing. */
  static final int MAX_TOKEN_LENGTH = 128;
  private static final int MIN_TOKEN_LENGTH = 16;

  private final SessionStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final SessionSettings settings;
  private final DeviceNamer namer;
  private final IpLocator locator;
  private final EventRecorder events;

  private SessionRegistry(SessionStore store, Clock clock, SecureRandom random,
      SessionSettings settings, DeviceNamer namer, IpLocator locator, EventRecorder events) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.namer = Objects.requireNonNull(namer, "namer");
    this.locator = Objects.requireNonNull(locator, "locator");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Creates a registry that records no events and names devices with
   * {@link DeviceNamer#userAgentParser()}. Host apps normally get one from
   * {@code Latchkey.sessions()} instead.
   */
  public static SessionRegistry create(SessionStore store, Clock clock, SecureRandom random,
      SessionSettings settings, IpLocator locator) {
    return new SessionRegistry(store, clock, random, settings, DeviceNamer.userAgentParser(),
        locator, EventRecorder.listenerOnly(SecurityEventListener.none(), clock, random));
  }

  /**
   * Creates a registry that records sign-outs and revocations through {@code events}: the wiring
   * {@code Latchkey} uses ({@link EventRecorder} is not API).
   */
  public static SessionRegistry create(SessionStore store, Clock clock, SecureRandom random,
      SessionSettings settings, DeviceNamer namer, IpLocator locator, EventRecorder events) {
    return new SessionRegistry(store, clock, random, settings, namer, locator, events);
  }

  /**
   * What the session list and the login history store for {@code client}: its address, device
   * and approximate location, as structured values. Never throws for any input.
   */
  public ClientDescription describe(ClientInfo client) {
    return ClientDescription.of(client, namer, locator);
  }

  /** The lifetimes in force. */
  public SessionSettings settings() {
    return settings;
  }

  /** Creates a single-factor session for {@code accountId}. */
  public NewSession create(String accountId, ClientInfo client) {
    return create(accountId, client, Assurance.SINGLE_FACTOR);
  }

  /**
   * Creates a session: device and location are derived from {@code client} now and stored as
   * structured values, so listing costs no parsing. Records nothing: the sign-in flow records the
   * sign-in.
   *
   * @param assurance {@link Assurance#SINGLE_FACTOR}, {@link Assurance#MULTI_FACTOR} or
   *     {@link Assurance#ENROLLMENT_ONLY} (a challenge is made by {@link #createChallenge})
   */
  public NewSession create(String accountId, ClientInfo client, Assurance assurance) {
    if (assurance == Assurance.SECOND_FACTOR_PENDING) {
      throw new IllegalArgumentException("use createChallenge for a pending second factor");
    }
    return insert(accountId, client, assurance, settings.absoluteTimeout());
  }

  /**
   * Creates a sign-in challenge: a short-lived token proving the first factor passed, which only
   * {@link #findChallenge} accepts. Stored like a session (so revocation and purging apply) but never
   * valid as one and never listed.
   *
   * @param lifetime how long the challenge lives (1 second to the idle timeout)
   */
  public NewSession createChallenge(String accountId, ClientInfo client, Duration lifetime) {
    Objects.requireNonNull(lifetime, "lifetime");
    if (lifetime.compareTo(Duration.ofSeconds(1)) < 0
        || lifetime.compareTo(settings.idleTimeout()) > 0) {
      throw new IllegalArgumentException("Invalid challenge lifetime " + lifetime
          + "; must be between PT1S and the idle timeout (" + settings.idleTimeout() + ")");
    }
    return insert(accountId, client, Assurance.SECOND_FACTOR_PENDING, lifetime);
  }

  /**
   * Looks up a live sign-in challenge by its token. Never throws for bad input.
   *
   * @return empty when the token is malformed, unknown, revoked (used), expired, or a session
   */
  public Optional<SignInChallenge> findChallenge(String token) {
    Optional<SessionRecord> found = wellFormed(token) ? findByToken(token) : Optional.empty();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SessionRecord row = found.get();
    if (row.revoked() || !now().isBefore(row.expiresAt())
        || Assurance.fromCode(row.assurance()) != Assurance.SECOND_FACTOR_PENDING) {
      return Optional.empty();
    }
    return Optional.of(new SignInChallenge(row.id(), row.accountId(), row.expiresAt()));
  }

  private NewSession insert(String accountId, ClientInfo client, Assurance assurance,
      Duration lifetime) {
    requireAccountId(accountId);
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(assurance, "assurance");
    Instant now = now();
    String token = Tokens.bearer(random);
    String id = Tokens.publicId(random);
    Instant expiresAt = now.plus(lifetime);
    ClientDescription where = describe(client);
    store.insert(new SessionRecord(id, accountId, Hashing.sha256Hex(token), now, now, expiresAt,
        null, where.ipAddress(), where.device(), where.location(), assurance.code()));
    return new NewSession(id, accountId, Secret.of(token), expiresAt, assurance);
  }

  /**
   * Checks a bearer token: one indexed read, plus a last-active write at most once per touch
   * interval. Never throws for bad input.
   */
  public SessionValidation validate(String token) {
    if (!wellFormed(token)) {
      return new SessionValidation.Rejected(SessionValidation.Reason.MALFORMED);
    }
    Optional<SessionRecord> found = findByToken(token);
    if (found.isEmpty()) {
      return new SessionValidation.Rejected(SessionValidation.Reason.UNKNOWN);
    }
    SessionRecord row = found.get();
    Instant now = now();
    if (row.revoked()) {
      return new SessionValidation.Rejected(SessionValidation.Reason.REVOKED);
    }
    Assurance assurance = Assurance.fromCode(row.assurance());
    if (assurance == Assurance.SECOND_FACTOR_PENDING) {
      return new SessionValidation.Rejected(SessionValidation.Reason.SECOND_FACTOR_PENDING);
    }
    if (!now.isBefore(row.expiresAt())) {
      return new SessionValidation.Rejected(SessionValidation.Reason.EXPIRED);
    }
    if (!now.isBefore(row.lastActiveAt().plus(settings.idleTimeout()))) {
      return new SessionValidation.Rejected(SessionValidation.Reason.IDLE_EXPIRED);
    }
    if (!now.isBefore(row.lastActiveAt().plus(settings.touchInterval()))
        && !store.touch(row.id(), now)) {
      // Revoked between our read and our write: revocation wins.
      return new SessionValidation.Rejected(SessionValidation.Reason.REVOKED);
    }
    return new SessionValidation.Valid(new ValidatedSession(row.id(), row.accountId(),
        assurance, row.createdAt(), row.expiresAt()));
  }

  /** One indexed read by token hash; empty when no row has it. */
  private Optional<SessionRecord> findByToken(String token) {
    String hash = Hashing.sha256Hex(token);
    Optional<SessionRecord> found = store.findByTokenHash(hash);
    // The lookup matched on the hash already; compare again in constant time so a store that
    // matches loosely (case-insensitive collation, prefix index) can never let a near-miss through.
    return found.filter(row -> Hashing.constantTimeEquals(row.tokenHash(), hash));
  }

  /** The active sessions of the validated session's account, most recently active first. */
  public List<SessionInfo> list(ValidatedSession current) {
    Objects.requireNonNull(current, "current");
    return list(current.accountId(), current.sessionId());
  }

  /**
   * The active sessions of an account, most recently active first; {@code currentSessionId} (may be
   * {@code null}) is marked as current. For admin tools where the host authorises the caller.
   */
  public List<SessionInfo> list(String accountId, String currentSessionId) {
    requireAccountId(accountId);
    Instant now = now();
    return store.listActive(accountId, now, now.minus(settings.idleTimeout())).stream()
        .filter(r -> Assurance.fromCode(r.assurance()) != Assurance.SECOND_FACTOR_PENDING)
        .map(r -> new SessionInfo(r.id(), r.device(), r.location(), r.ipAddress(), r.createdAt(),
            r.lastActiveAt(), r.expiresAt(), Assurance.fromCode(r.assurance()),
            r.id().equals(currentSessionId)))
        .toList();
  }

  /**
   * Revokes one of the caller's own sessions (possibly the current one). Recorded as
   * {@link SecurityEventType#SIGN_OUT} when it is the current session, else as
   * {@link SecurityEventType#SESSION_REVOKED}.
   *
   * @return {@code false} when the id is unknown, already revoked, or belongs to another account
   */
  public boolean revoke(ValidatedSession current, String sessionId) {
    Objects.requireNonNull(current, "current");
    if (current.sessionId().equals(sessionId)) {
      return signOut(current, null);
    }
    return revoke(current.accountId(), sessionId);
  }

  /**
   * Ends the caller's own session (log out) and records {@link SecurityEventType#SIGN_OUT}.
   *
   * @param client the request's client, or {@code null}
   * @return {@code false} when it was already revoked
   */
  public boolean signOut(ValidatedSession current, ClientInfo client) {
    Objects.requireNonNull(current, "current");
    if (!store.revoke(current.accountId(), current.sessionId(), now())) {
      return false;
    }
    events.record(SecurityEventType.SIGN_OUT, current.accountId(), client, current.sessionId(),
        Map.of());
    return true;
  }

  /**
   * Revokes one session of {@code accountId} and records {@link SecurityEventType#SESSION_REVOKED}
   * ({@code scope=one}).
   *
   * @return {@code false} when the id is unknown, already revoked, or belongs to another account
   */
  public boolean revoke(String accountId, String sessionId) {
    requireAccountId(accountId);
    if (sessionId == null || sessionId.isEmpty() || sessionId.length() > MAX_TOKEN_LENGTH) {
      return false;
    }
    if (!store.revoke(accountId, sessionId, now())) {
      return false;
    }
    events.record(SecurityEventType.SESSION_REVOKED, accountId, null, sessionId,
        Map.of("scope", "one"));
    return true;
  }

  /**
   * Signs the caller out everywhere else; records {@link SecurityEventType#SESSION_REVOKED}
   * ({@code scope=others}) when there were any.
   *
   * @return how many sessions were revoked
   */
  public int revokeOthers(ValidatedSession current) {
    Objects.requireNonNull(current, "current");
    int n = store.revokeAll(current.accountId(), current.sessionId(), now());
    if (n > 0) {
      events.record(SecurityEventType.SESSION_REVOKED, current.accountId(), null,
          current.sessionId(), Map.of("scope", "others", "count", String.valueOf(n)));
    }
    return n;
  }

  /**
   * Signs the account out everywhere (including the current session); records
   * {@link SecurityEventType#SESSION_REVOKED} ({@code scope=all}) when there were any.
   *
   * @return how many sessions were revoked
   */
  public int revokeAll(String accountId) {
    requireAccountId(accountId);
    int n = store.revokeAll(accountId, null, now());
    if (n > 0) {
      events.record(SecurityEventType.SESSION_REVOKED, accountId, null, null,
          Map.of("scope", "all", "count", String.valueOf(n)));
    }
    return n;
  }

  /**
   * Uses up a sign-in challenge (found with {@link #findChallenge}) so it can never be used again.
   * Records nothing: the sign-in flow records the sign-in.
   *
   * @return {@code true} for exactly one caller per challenge, however many race
   */
  public boolean consumeChallenge(SignInChallenge challenge) {
    Objects.requireNonNull(challenge, "challenge");
    return store.revoke(challenge.accountId(), challenge.id(), now());
  }

  /**
   * Revokes a session whose token was never handed to a client (the caller failed before it could
   * set the cookie), without recording anything: for the client it never existed. Needs the
   * {@link NewSession} itself, which only the code that created it holds.
   *
   * @return {@code false} when it was already revoked
   */
  public boolean discard(NewSession session) {
    Objects.requireNonNull(session, "session");
    return store.revoke(session.accountId(), session.id(), now());
  }

  /**
   * Issues a new token for a session, keeping its id (after a second factor or a privilege change,
   * to defeat session fixation). The old token stops working at once.
   *
   * @param currentToken the token being replaced; it must still validate
   * @return the re-keyed session, or empty when the token is no longer valid or was rotated
   *     concurrently
   */
  public Optional<NewSession> rotate(String currentToken, Assurance assurance) {
    Objects.requireNonNull(assurance, "assurance");
    if (assurance == Assurance.SECOND_FACTOR_PENDING) {
      throw new IllegalArgumentException("a session cannot be rotated back into a challenge");
    }
    if (!(validate(currentToken) instanceof SessionValidation.Valid valid)) {
      return Optional.empty();
    }
    ValidatedSession s = valid.session();
    String token = Tokens.bearer(random);
    if (!store.rotate(s.sessionId(), Hashing.sha256Hex(currentToken), Hashing.sha256Hex(token),
        assurance.code())) {
      return Optional.empty();
    }
    return Optional.of(new NewSession(s.sessionId(), s.accountId(), Secret.of(token),
        s.expiresAt(), assurance));
  }

  /**
   * Deletes sessions revoked or absolutely expired more than {@code retention} ago. Run it from a
   * scheduled job; validation does not depend on it.
   *
   * @return how many rows were deleted
   */
  public int purge(Duration retention) {
    return store.purge(now().minus(retention));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  static boolean wellFormed(String token) {
    if (token == null || token.length() < MIN_TOKEN_LENGTH || token.length() > MAX_TOKEN_LENGTH) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static void requireAccountId(String accountId) {
    if (accountId == null || accountId.isEmpty() || accountId.length() > 255) {
      throw new IllegalArgumentException("accountId must be 1 to 255 characters");
    }
  }
}
