package dev.latchkey.session;

import dev.latchkey.client.ClientDescription;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.DeviceNamer;
import dev.latchkey.client.IpLocator;

import dev.latchkey.common.Secret;
import dev.latchkey.events.SecurityEventListener;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.AccountIds;
import dev.latchkey.cache.GuardedCache;
import dev.latchkey.internal.HashLookup;
import dev.latchkey.internal.Hashing;
import dev.latchkey.internal.Instrumentation;
import dev.latchkey.internal.Time;
import dev.latchkey.internal.Tokens;
import dev.latchkey.metrics.LatchkeyMetrics;
import dev.latchkey.metrics.Operation;
import dev.latchkey.metrics.Outcome;
import dev.latchkey.spi.Invalidation;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.spi.SessionRecord;
import dev.latchkey.spi.SessionStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *       every process sharing the store when validation reads the store (the default). With the
 *       {@link ValidationCacheSettings validation cache} on, this process refuses at once and
 *       every other one as soon as the {@link dev.latchkey.spi.InvalidationBus} delivers the
 *       invalidation published after the store change; never while the bus is disconnected (the
 *       cache is then empty and bypassed), and never later than the cache TTL.
 *   <li>An account can only revoke its own sessions: the account comes from a
 *       {@link ValidatedSession} (or the host's own authority), never from the session id.
 *   <li>{@link #validate} never throws for any input; it returns a typed {@link SessionValidation}.
 *       Only store failures surface, as {@link dev.latchkey.spi.StoreException}.
 *   <li>Sign-outs and revocations are recorded in the login history
 *       ({@link SecurityEventType#SIGN_OUT}, {@link SecurityEventType#SESSION_REVOKED}) after the
 *       revocation is stored; when the history cannot be written the call fails and the
 *       revocation stands ({@link SecurityEventRecorder}'s policy). {@link #validate} never writes
 *       an event.
 *   <li>{@code revoke…} and {@link #rotate} answer with sealed results with stable codes
 *       ({@link SessionRevokeResult}, {@link SessionRotateResult}).
 *   <li>{@link Assurance#ENROLLMENT_ONLY} sessions validate, but their {@link ValidatedSession}
 *       says so: hosts must check {@link ValidatedSession#isFullyAuthenticated()}.
 *   <li>A change of factor ends every other session of the account and re-keys the current one
 *       ({@link #afterFactorChange(ValidatedSession)}; every service that changes a factor calls
 *       it), unless the settings say {@link SessionSettings.Builder#keepOtherSessionsOnFactorChange()
 *       keep them}: a stolen session does not survive the change its victim makes.
 *   <li>Each session knows when its holder last proved a factor
 *       ({@link ValidatedSession#authenticatedAt()}): set at sign-in, raised only by
 *       {@link #markReauthenticated}, which the re-authentication flow calls after a password or
 *       code was checked. Sensitive actions ask {@link #isRecentlyAuthenticated}.
 * </ul>
 *
 * <p>Metrics: each {@link #validate} is reported to the {@link LatchkeyMetrics} hook as
 * {@link Operation#SESSION_VALIDATION} with its duration and outcome (the reason's code).
 *
 * <p>Stores only whole milliseconds, so every database gives the same answers.
 *
 * <p>Thread-safe and stateless beyond its store.
 */
public final class SessionRegistry {
  /** Anything longer than this is not a token or id we issued; refuse before hashing. */
  static final int MAX_TOKEN_LENGTH = 128;

  private final SessionStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final SessionSettings settings;
  private final DeviceNamer namer;
  private final IpLocator locator;
  private final SecurityEventRecorder events;
  private final Instrumentation metrics;
  /** Where invalidations go after a store change; {@code null} when there is no bus. */
  private final InvalidationBus bus;
  /** Validated sessions by token hash; {@code null} when the cache is off. */
  private final GuardedCache<CachedSession> cache;
  private final Duration cacheTtl;

  /** A session row a store read returned as valid, trusted until {@code cachedUntil}. */
  record CachedSession(SessionRecord row, Instant cachedUntil) {}

  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

  private SessionRegistry(SessionStore store, Clock clock, SecureRandom random,
      SessionSettings settings, DeviceNamer namer, IpLocator locator,
      SecurityEventRecorder events, LatchkeyMetrics metrics) {
    this(store, clock, random, settings, namer, locator, events, metrics, null,
        ValidationCacheSettings.disabled());
  }

  private SessionRegistry(SessionStore store, Clock clock, SecureRandom random,
      SessionSettings settings, DeviceNamer namer, IpLocator locator,
      SecurityEventRecorder events, LatchkeyMetrics metrics, InvalidationBus bus,
      ValidationCacheSettings cacheSettings) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.namer = Objects.requireNonNull(namer, "namer");
    this.locator = Objects.requireNonNull(locator, "locator");
    this.events = Objects.requireNonNull(events, "events");
    this.metrics = Instrumentation.of(metrics);
    this.bus = bus;
    Objects.requireNonNull(cacheSettings, "cacheSettings");
    if (cacheSettings.isEnabled() && bus == null) {
      throw new IllegalArgumentException("A validation cache needs an InvalidationBus"
          + " (InvalidationBus.local() for a single process)");
    }
    this.cacheTtl = cacheSettings.ttl();
    this.cache = cacheSettings.isEnabled()
        ? GuardedCache.create("sessions", cacheSettings.provider().create("sessions",
            cacheSettings.maxEntries(), cacheSettings.ttl()), SessionRegistry::concerns, bus)
        : null;
  }

  private static boolean concerns(Invalidation i, CachedSession e) {
    return switch (i.kind()) {
      case SESSION -> e.row.id().equals(i.id());
      case ACCOUNT_SESSIONS, ACCOUNT_FACTORS -> e.row.accountId().equals(i.id());
      default -> false;
    };
  }

  /**
   * A registry on its own that keeps no login history and names devices with
   * {@link DeviceNamer#userAgentParser()} (for tests and tools). Host apps get one from
   * {@code Latchkey.sessions()} instead.
   */
  public static SessionRegistry using(SessionStore store, Clock clock, SecureRandom random,
      SessionSettings settings, IpLocator locator) {
    return new SessionRegistry(store, clock, random, settings, DeviceNamer.userAgentParser(),
        locator, SecurityEventRecorder.withoutHistory(SecurityEventListener.none(), clock, random,
            DeviceNamer.userAgentParser(), locator), LatchkeyMetrics.none());
  }

  /**
   * A registry that records sign-outs and revocations through {@code events}, under its failure
   * policy (a revocation is stored first; a failing event store then fails the call), and reports
   * no metrics.
   */
  public static SessionRegistry using(SessionStore store, Clock clock, SecureRandom random,
      SessionSettings settings, DeviceNamer namer, IpLocator locator,
      SecurityEventRecorder events) {
    return new SessionRegistry(store, clock, random, settings, namer, locator, events,
        LatchkeyMetrics.none());
  }

  /**
   * As {@link #using(SessionStore, Clock, SecureRandom, SessionSettings, DeviceNamer, IpLocator,
   * SecurityEventRecorder)}, reporting each validation to {@code metrics}. This is the wiring
   * {@code Latchkey} uses.
   */
  public static SessionRegistry using(SessionStore store, Clock clock, SecureRandom random,
      SessionSettings settings, DeviceNamer namer, IpLocator locator,
      SecurityEventRecorder events, LatchkeyMetrics metrics) {
    return new SessionRegistry(store, clock, random, settings, namer, locator, events, metrics);
  }

  /**
   * As {@link #using(SessionStore, Clock, SecureRandom, SessionSettings, DeviceNamer, IpLocator,
   * SecurityEventRecorder, LatchkeyMetrics)}, publishing every revocation, rotation and change of
   * factor on {@code bus} after the store change, and, when {@code cache} is enabled, answering
   * validations from a per-process cache that the bus keeps honest (see
   * {@link ValidationCacheSettings} for its guarantees). This is the wiring {@code Latchkey} uses.
   *
   * @param bus the invalidation bus, or {@code null} for none
   * @throws IllegalArgumentException when the cache is enabled without a bus
   */
  public static SessionRegistry using(SessionStore store, Clock clock, SecureRandom random,
      SessionSettings settings, DeviceNamer namer, IpLocator locator,
      SecurityEventRecorder events, LatchkeyMetrics metrics, InvalidationBus bus,
      ValidationCacheSettings cache) {
    return new SessionRegistry(store, clock, random, settings, namer, locator, events, metrics,
        bus, cache);
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
   * <p>A sign-in that still owes a second factor is not a session: the sign-in flow keeps it as
   * a challenge of its own ({@code dev.latchkey.signin}) and calls this once both factors passed.
   *
   * @param assurance {@link Assurance#SINGLE_FACTOR}, {@link Assurance#MULTI_FACTOR} or
   *     {@link Assurance#ENROLLMENT_ONLY}
   */
  public NewSession create(String accountId, ClientInfo client, Assurance assurance) {
    AccountIds.require(accountId);
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(assurance, "assurance");
    Instant now = Time.now(clock);
    String token = Tokens.bearer(random);
    String id = Tokens.publicId(random);
    Instant expiresAt = now.plus(settings.absoluteTimeout());
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
    long start = metrics.start();
    Outcome outcome = Outcome.ERROR;
    try {
      SessionValidation result = check(token);
      outcome = outcomeOf(result);
      return result;
    } finally {
      metrics.stop(Operation.SESSION_VALIDATION, outcome, start);
    }
  }

  /** {@link #validate}, unreported: rotation checks the token it replaces this way. */
  private SessionValidation check(String token) {
    if (!wellFormed(token)) {
      return new SessionValidation.Rejected(SessionValidation.Reason.MALFORMED);
    }
    String hash = Hashing.sha256Hex(token);
    Instant now = Time.now(clock);
    if (cache != null) {
      // A hit answers only when there is nothing to write: not expired, no touch due. Anything
      // else goes to the store, which is the authority on revocation and on last activity.
      CachedSession hit = cache.get(hash);
      if (hit != null) {
        SessionRecord row = hit.row;
        if (now.isBefore(hit.cachedUntil) && now.isBefore(row.expiresAt())
            && Time.compareToSum(now, row.lastActiveAt(), settings.touchInterval()) < 0) {
          return valid(row);
        }
        cache.remove(hash);
      }
    }
    long ticket = cache == null ? GuardedCache.NO_TICKET : cache.ticket();
    Optional<SessionRecord> found = HashLookup.find(hash, store::findByTokenHash,
        SessionRecord::tokenHash);
    if (found.isEmpty()) {
      return new SessionValidation.Rejected(SessionValidation.Reason.UNKNOWN);
    }
    SessionRecord row = found.get();
    if (row.revoked()) {
      return new SessionValidation.Rejected(SessionValidation.Reason.REVOKED);
    }
    if (!now.isBefore(row.expiresAt())) {
      return new SessionValidation.Rejected(SessionValidation.Reason.EXPIRED);
    }
    // Time.compareToSum, not lastActiveAt.plus(…): no Instant made per request for the checks.
    if (Time.compareToSum(now, row.lastActiveAt(), settings.idleTimeout()) >= 0) {
      return new SessionValidation.Rejected(SessionValidation.Reason.IDLE_EXPIRED);
    }
    if (Time.compareToSum(now, row.lastActiveAt(), settings.touchInterval()) >= 0) {
      if (!store.touch(row.id(), now)) {
        // Revoked between our read and our write: revocation wins.
        return new SessionValidation.Rejected(SessionValidation.Reason.REVOKED);
      }
      row = row.withLastActiveAt(now);
    }
    if (cache != null) {
      cache.put(hash, new CachedSession(row, now.plus(cacheTtl)), ticket);
    }
    return valid(row);
  }

  private static SessionValidation valid(SessionRecord row) {
    return new SessionValidation.Valid(new ValidatedSession(row.id(), row.accountId(),
        Assurance.fromCode(row.assurance()), row.createdAt(), row.expiresAt(),
        row.authenticatedAt(), row.tokenHash()));
  }

  /**
   * After a store change that ends or changes sessions: drop them from this process's cache at
   * once, then tell the other processes. A bus failure is logged, never thrown: the change is
   * already stored, and the other caches' TTL bounds what a lost message costs.
   */
  private void invalidated(Invalidation invalidation) {
    if (cache != null) {
      cache.invalidate(invalidation);
    }
    if (bus != null) {
      try {
        bus.publish(invalidation);
      } catch (RuntimeException e) {
        LOG.warn("Could not publish invalidation {} on the bus", invalidation.kind(), e);
      }
    }
  }

  private static Outcome outcomeOf(SessionValidation result) {
    if (result instanceof SessionValidation.Rejected rejected) {
      return switch (rejected.reason()) {
        case MALFORMED -> Outcome.MALFORMED;
        case UNKNOWN -> Outcome.UNKNOWN;
        case REVOKED -> Outcome.REVOKED;
        case IDLE_EXPIRED -> Outcome.IDLE_EXPIRED;
        case EXPIRED -> Outcome.EXPIRED;
      };
    }
    return Outcome.VALID;
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
    AccountIds.require(accountId);
    Instant now = Time.now(clock);
    return store.listActive(accountId, now, now.minus(settings.idleTimeout())).stream()
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
   * @return {@link SessionRevokeResult.Revoked}; {@link SessionRevokeResult.NotFound} for an
   *     unknown id and another account's id alike; {@link SessionRevokeResult.AlreadyRevoked}
   * @throws dev.latchkey.spi.StoreException when a store fails, including the login history after
   *     the session was revoked (see {@link SecurityEventRecorder})
   */
  public SessionRevokeResult revoke(ValidatedSession current, String sessionId) {
    return revoke(current, sessionId, null);
  }

  /**
   * As {@link #revoke(ValidatedSession, String)}, recording the client that asked: the event of
   * another session's revocation names the revoked session and, in {@code by_session_id}, the
   * session that revoked it.
   *
   * @param client the request's client, or {@code null}
   */
  public SessionRevokeResult revoke(ValidatedSession current, String sessionId,
      ClientInfo client) {
    Objects.requireNonNull(current, "current");
    if (current.sessionId().equals(sessionId)) {
      return signOut(current, client);
    }
    return revoke(current.accountId(), sessionId, client,
        Map.of("scope", "one", "by_session_id", current.sessionId()));
  }

  /**
   * Ends the caller's own session (log out) and records {@link SecurityEventType#SIGN_OUT}.
   *
   * @param client the request's client, or {@code null}
   * @return {@link SessionRevokeResult.Revoked}, or {@link SessionRevokeResult.AlreadyRevoked}
   *     when it had ended already
   * @throws dev.latchkey.spi.StoreException when a store fails, including the login history after
   *     the session was revoked
   */
  public SessionRevokeResult signOut(ValidatedSession current, ClientInfo client) {
    Objects.requireNonNull(current, "current");
    if (!store.revoke(current.accountId(), current.sessionId(), Time.now(clock))) {
      return new SessionRevokeResult.AlreadyRevoked();
    }
    invalidated(Invalidation.session(current.sessionId()));
    events.record(SecurityEventType.SIGN_OUT, current.accountId(), client, current.sessionId(),
        Map.of());
    return new SessionRevokeResult.Revoked();
  }

  /**
   * Revokes one session of {@code accountId} and records {@link SecurityEventType#SESSION_REVOKED}
   * ({@code scope=one}). For hosts that take the account from their own authority (an admin tool).
   *
   * @return {@link SessionRevokeResult.Revoked}; {@link SessionRevokeResult.NotFound} for an
   *     unknown or malformed id and another account's id alike;
   *     {@link SessionRevokeResult.AlreadyRevoked}
   * @throws IllegalArgumentException for an invalid account id
   */
  public SessionRevokeResult revoke(String accountId, String sessionId) {
    return revoke(accountId, sessionId, null, Map.of("scope", "one"));
  }

  private SessionRevokeResult revoke(String accountId, String sessionId, ClientInfo client,
      Map<String, String> details) {
    AccountIds.require(accountId);
    if (sessionId == null || sessionId.isEmpty() || sessionId.length() > MAX_TOKEN_LENGTH) {
      return new SessionRevokeResult.NotFound();
    }
    if (store.revoke(accountId, sessionId, Time.now(clock))) {
      invalidated(Invalidation.session(sessionId));
      events.record(SecurityEventType.SESSION_REVOKED, accountId, client, sessionId, details);
      return new SessionRevokeResult.Revoked();
    }
    // Lost: say why, without revealing anything about other accounts' sessions.
    boolean ours = store.findById(sessionId).filter(r -> r.accountId().equals(accountId))
        .isPresent();
    return ours ? new SessionRevokeResult.AlreadyRevoked() : new SessionRevokeResult.NotFound();
  }

  /**
   * Signs the caller out everywhere else; records {@link SecurityEventType#SESSION_REVOKED}
   * ({@code scope=others}) when there were any.
   *
   * @return how many sessions were revoked
   */
  public int revokeOthers(ValidatedSession current) {
    return revokeOthers(current, null);
  }

  /**
   * As {@link #revokeOthers(ValidatedSession)}, recording the client that asked.
   *
   * @param client the request's client, or {@code null}
   */
  public int revokeOthers(ValidatedSession current, ClientInfo client) {
    Objects.requireNonNull(current, "current");
    int n = store.revokeAll(current.accountId(), current.sessionId(), Time.now(clock));
    if (n > 0) {
      invalidated(Invalidation.accountSessions(current.accountId()));
      events.record(SecurityEventType.SESSION_REVOKED, current.accountId(), client,
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
    AccountIds.require(accountId);
    return revokeAll(accountId, null, null);
  }

  /**
   * Signs the holder of {@code current} out everywhere, this session included, as
   * {@link #revokeAll(String)} does, recording the client and the session that asked.
   *
   * @param client the request's client, or {@code null}
   * @return how many sessions were revoked
   */
  public int revokeAll(ValidatedSession current, ClientInfo client) {
    Objects.requireNonNull(current, "current");
    return revokeAll(current.accountId(), client, current.sessionId());
  }

  private int revokeAll(String accountId, ClientInfo client, String sessionId) {
    int n = store.revokeAll(accountId, null, Time.now(clock));
    if (n > 0) {
      invalidated(Invalidation.accountSessions(accountId));
      events.record(SecurityEventType.SESSION_REVOKED, accountId, client, sessionId,
          Map.of("scope", "all", "count", String.valueOf(n)));
    }
    return n;
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
    boolean revoked = store.revoke(session.accountId(), session.id(), Time.now(clock));
    if (revoked) {
      invalidated(Invalidation.session(session.id()));
    }
    return revoked;
  }

  /**
   * Issues a new token for a session, keeping its id (after a second factor or a privilege change,
   * to defeat session fixation). The old token stops working at once.
   *
   * @param currentToken the token being replaced; it must still validate
   * @return {@link SessionRotateResult.Rotated} with the new token, or
   *     {@link SessionRotateResult.NotRotated} when the token no longer validates or another request
   *     rotated it first
   */
  public SessionRotateResult rotate(String currentToken, Assurance assurance) {
    Objects.requireNonNull(assurance, "assurance");
    SessionValidation validation = check(currentToken);
    if (validation instanceof SessionValidation.Rejected rejected) {
      return new SessionRotateResult.NotRotated(switch (rejected.reason()) {
        case MALFORMED, UNKNOWN -> SessionRotateResult.Reason.NOT_FOUND;
        case REVOKED -> SessionRotateResult.Reason.REVOKED;
        case EXPIRED, IDLE_EXPIRED -> SessionRotateResult.Reason.EXPIRED;
      });
    }
    ValidatedSession s = ((SessionValidation.Valid) validation).session();
    String token = Tokens.bearer(random);
    if (!store.rotate(s.sessionId(), Hashing.sha256Hex(currentToken), Hashing.sha256Hex(token),
        assurance.code())) {
      return new SessionRotateResult.NotRotated(SessionRotateResult.Reason.ALREADY_ROTATED);
    }
    invalidated(Invalidation.session(s.sessionId()));
    return new SessionRotateResult.Rotated(new NewSession(s.sessionId(), s.accountId(),
        Secret.of(token), s.expiresAt(), assurance));
  }

  /**
   * Whether the session's holder proved a factor recently enough for {@code action}, by the
   * settings' {@link RecentAuthentication} and this registry's clock. Services check their own
   * actions; call this for the host's own (an e-mail change: {@link SensitiveAction#CHANGE_EMAIL}),
   * and answer "re-authenticate" (the demo: 403 {@code reauthentication_required}) when false.
   */
  public boolean isRecentlyAuthenticated(ValidatedSession session, SensitiveAction action) {
    return settings.recentAuthentication().isSatisfiedBy(session, action, Time.now(clock));
  }

  /**
   * Raises the session's authentication time to now, atomically in the store: its holder just
   * proved a factor again. Records nothing (the caller records how it was proved).
   *
   * <p>The caller vouches for the proof: Latchkey's re-authentication flow
   * ({@code Latchkey.reauthenticator()}) calls this after checking a password or a code; a host
   * calls it only after a check of equal strength of its own (a passkey assertion, a provider
   * sign-in with {@code max_age=0}).
   *
   * @return the new authentication time, or empty when the session has been revoked meanwhile
   */
  public Optional<Instant> markReauthenticated(ValidatedSession session) {
    Objects.requireNonNull(session, "session");
    Instant now = Time.now(clock);
    if (!store.reauthenticate(session.sessionId(), now)) {
      return Optional.empty();
    }
    // Cached copies elsewhere hold the old authentication time: let them re-read.
    invalidated(Invalidation.session(session.sessionId()));
    return Optional.of(now);
  }

  /**
   * What a change of factor made by the holder of {@code current} does to the account's sessions:
   * ends every other one (unless the settings keep them) and gives the current one a new token,
   * keeping its assurance. Services that change factors call it after the change is stored, and
   * record the change's own event with {@link SessionRenewal#otherSessionsEnded()} as its
   * {@code other_sessions_ended} detail; nothing else is recorded here.
   *
   * @return how many sessions ended, and the current session's new token for the client
   */
  public SessionRenewal afterFactorChange(ValidatedSession current) {
    Objects.requireNonNull(current, "current");
    return afterFactorChange(current, current.assurance());
  }

  /**
   * As {@link #afterFactorChange(ValidatedSession)}, giving the re-keyed session another assurance
   * (an authenticator app just confirmed with a code: {@link Assurance#MULTI_FACTOR}).
   */
  public SessionRenewal afterFactorChange(ValidatedSession current, Assurance assurance) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(assurance, "assurance");
    int ended = settings.endsOtherSessionsOnFactorChange()
        ? store.revokeAll(current.accountId(), current.sessionId(), Time.now(clock)) : 0;
    String token = Tokens.bearer(random);
    NewSession renewed = store.rotate(current.sessionId(), current.tokenHash(),
        Hashing.sha256Hex(token), assurance.code())
        ? new NewSession(current.sessionId(), current.accountId(), Secret.of(token),
            current.expiresAt(), assurance)
        : null; // revoked or re-keyed by another request meanwhile: its old token is dead anyway
    invalidated(Invalidation.accountFactors(current.accountId()));
    return new SessionRenewal(ended, renewed);
  }

  /**
   * What a change of factor made on the host's authority, for no session (a password reset after
   * account recovery, an administrator's change), does to the account's sessions: ends all of them
   * (unless the settings keep them). The caller records the change with the count, as above.
   *
   * @return how many sessions ended; {@link SessionRenewal#newSession()} is empty
   */
  public SessionRenewal afterFactorChange(String accountId) {
    AccountIds.require(accountId);
    int ended = settings.endsOtherSessionsOnFactorChange()
        ? store.revokeAll(accountId, null, Time.now(clock)) : 0;
    invalidated(Invalidation.accountFactors(accountId));
    return new SessionRenewal(ended, null);
  }

  /**
   * Deletes sessions revoked or absolutely expired more than {@code retention} ago. Run it from a
   * scheduled job; validation does not depend on it.
   *
   * @return how many rows were deleted
   */
  public int purge(Duration retention) {
    return store.purge(Time.now(clock).minus(retention));
  }

  static boolean wellFormed(String token) {
    return Tokens.wellFormed(token);
  }
}
