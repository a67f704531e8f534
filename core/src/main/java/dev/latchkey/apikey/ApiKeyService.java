package dev.latchkey.apikey;

import dev.latchkey.common.Secret;
import dev.latchkey.apikey.ApiKeyAuthentication.Reason;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.DeviceNamer;
import dev.latchkey.client.IpLocator;
import dev.latchkey.events.SecurityEventListener;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.AccountIds;
import dev.latchkey.internal.HashLookup;
import dev.latchkey.internal.Hashing;
import dev.latchkey.internal.Instrumentation;
import dev.latchkey.internal.Time;
import dev.latchkey.internal.Tokens;
import dev.latchkey.metrics.LatchkeyMetrics;
import dev.latchkey.metrics.Operation;
import dev.latchkey.metrics.Outcome;
import dev.latchkey.session.RecentAuthentication;
import dev.latchkey.session.SensitiveAction;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.cache.MapCache;
import dev.latchkey.session.ValidationCacheSettings;
import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.spi.Invalidation;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.StoreException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys for programmatic access: create (shown once), list, revoke, rotate with a grace period,
 * authenticate an {@code Authorization: Bearer …} header, authorize a permission or scope.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>A key is {@code {prefix}_{env}_{43 random Base62}{6 Base62 CRC32}}: ≈ 256 bits from the
 *       injected {@link SecureRandom} (see {@link ApiKeyFormat}). The plaintext exists only in the
 *       {@link CreatedApiKey} returned by {@link #create} or {@link #rotate}; the store keeps its
 *       SHA-256 and a display hint ({@code lk_live_…a1B2}).
 *   <li>{@link #authenticate} never throws for any input (null, huge, control characters,
 *       non-ASCII): it returns a typed {@link ApiKeyAuthentication}. Only store failures surface, as
 *       {@link StoreException}. The header length is capped ({@value #MAX_HEADER_LENGTH} characters)
 *       before anything else; the checksum is verified before any store access, so typos and junk
 *       cost no lookup; everything else costs exactly one lookup by hash, followed by a
 *       constant-time comparison of the hash ({@link MessageDigest#isEqual}). Unknown and revoked
 *       keys cost the same, and by default answer the same: a revoked, rotated-away, expired or
 *       never-issued key is {@code invalid} to the caller (status, challenge, code, description),
 *       so a leaked list cannot be sorted into keys that once existed and keys that never did. The
 *       precise reason stays in {@link ApiKeyAuthentication.Rejected#reason()} for the host
 *       ({@link ApiKeySettings.Builder#revealKeyStateToCallers()} tells the caller too).
 *   <li>Revocation is immediate: once {@link #revoke}, {@link #revokeAll}, {@link #revokeLeaked} or
 *       a zero-grace {@link #rotate} returns, no authentication through this service succeeds, and
 *       — without a cache — none in any process sharing the store. With a cache on, another
 *       process may accept a key until it hears the revocation: with an
 *       {@link dev.latchkey.spi.InvalidationBus} (published after the store change), within the
 *       bus's delivery time, never while the bus is disconnected, and never longer than the
 *       cache TTL (≤ 60 s; see {@link ValidationCacheSettings}); without a bus, for up to the
 *       {@link ApiKeyCacheSettings} TTL.
 *   <li>Owner scoping: revoke, rotate, list and stale take the owner from the host's own authority
 *       (a validated session, an {@link AuthenticatedApiKey}); another owner's key id behaves exactly
 *       like an unknown id.
 *   <li>Recent authentication: a signed-in user creates or rotates a powerful key
 *       ({@code read_write}, {@code admin}, or one with custom scopes) through the calls that take
 *       the {@link ValidatedSession}, which answer {@code ReauthenticationRequired} unless the
 *       session authenticated within the {@link SensitiveAction#CREATE_POWERFUL_API_KEY} window
 *       ({@link RecentAuthentication}). The owner-id calls do no such check: they are for keys the
 *       host issues on its own authority (a project's key, an admin tool).
 *   <li>Last use is written at most once per key per {@link ApiKeySettings#lastUsedInterval()}
 *       through a conditional update, never on every request.
 *   <li>Nothing secret is logged, put in an exception or printed by {@code toString()}.
 *   <li>Creation, revocation and rotation are recorded in the login history under the key's owner
 *       after the change is stored; when the history cannot be written the call fails and the
 *       change stands ({@link SecurityEventRecorder}'s policy). Authentication records nothing.
 * </ul>
 *
 * <p>Metrics: each {@link #authenticate} and {@link #authenticateKey} is reported to the
 * {@link LatchkeyMetrics} hook as {@link Operation#API_KEY_AUTHENTICATION} with its duration and
 * its precise outcome (the reason's code), and each lookup in the cache, when it is on, as a hit
 * or a miss.
 *
 * <h2>Header parsing</h2>
 * RFC 7235 {@code credentials = auth-scheme 1*SP token68}: the scheme {@code Bearer} is matched
 * case-insensitively (ASCII only), one <em>or more</em> spaces separate it from the key (as the
 * grammar allows), and leading/trailing spaces and tabs (HTTP's optional whitespace) are ignored.
 * The key itself is matched exactly.
 *
 * <h2>Authorization rule</h2>
 * Permissions are ordered {@code admin} ⊇ {@code read_write} ⊇ {@code read_only}. A custom scope is
 * allowed when the key lists it, when the key lists a wildcard whose last segment is {@code *} and
 * whose other segments prefix it ({@code messages:*} allows {@code messages:send}), or when the key
 * is {@link Permission#ADMIN}.
 *
 * <p>Thread-safe; stateless beyond its store and the optional cache. Whole milliseconds only.
 */
public final class ApiKeyService {
  /** Longer {@code Authorization} values are refused as {@code MALFORMED} before any parsing. */
  public static final int MAX_HEADER_LENGTH = 512;
  /** An owner id is 1 to 255 characters, like an account id. */
  public static final int MAX_OWNER_LENGTH = AccountIds.MAX_LENGTH;
  /** Expiry may be at most this far in the future: 10 years (every database can store it). */
  public static final Duration MAX_LIFETIME = Duration.ofDays(3653);

  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyService.class);
  private static final int MAX_ID_LENGTH = 64;
  private static final Authorization ALLOWED = new Authorization.Allowed();

  private final ApiKeyStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final ApiKeySettings settings;
  private final ApiKeyFormat format;
  private final VerificationCache cache;
  private final SecurityEventRecorder events;
  private final RecentAuthentication recentAuthentication;
  private final Instrumentation metrics;
  private final ApiKeyAuthentication.Rejected[] rejections;
  /** {@code store::findByHash}, bound once rather than per request. */
  private final Function<String, Optional<ApiKeyRecord>> findByHash;

  /** Where invalidations go after a store change; {@code null} when there is no bus. */
  private final InvalidationBus bus;

  private ApiKeyService(ApiKeyStore store, Clock clock, SecureRandom random,
      ApiKeySettings settings, SecurityEventRecorder events,
      RecentAuthentication recentAuthentication, LatchkeyMetrics metrics) {
    this(store, clock, random, settings, events, recentAuthentication, metrics, null,
        ValidationCacheSettings.disabled());
  }

  private ApiKeyService(ApiKeyStore store, Clock clock, SecureRandom random,
      ApiKeySettings settings, SecurityEventRecorder events,
      RecentAuthentication recentAuthentication, LatchkeyMetrics metrics, InvalidationBus bus,
      ValidationCacheSettings shared) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.events = Objects.requireNonNull(events, "events");
    this.recentAuthentication =
        Objects.requireNonNull(recentAuthentication, "recentAuthentication");
    this.format = settings.format();
    this.bus = bus;
    Objects.requireNonNull(shared, "shared");
    if (shared.isEnabled() && bus == null) {
      throw new IllegalArgumentException("A validation cache needs an InvalidationBus"
          + " (InvalidationBus.local() for a single process)");
    }
    // The shared validation cache wins; the older per-service cache hears the bus too when there
    // is one, so its cross-process staleness drops from its TTL to the bus's delivery time.
    if (shared.isEnabled()) {
      this.cache = new VerificationCache(shared.provider().create("api_keys",
          shared.maxEntries(), shared.ttl()), shared.ttl(), settings.lastUsedInterval(), bus);
    } else if (settings.cache().isEnabled()) {
      this.cache = new VerificationCache(new MapCache<>(settings.cache().maxEntries()),
          settings.cache().ttl(), settings.lastUsedInterval(), bus);
    } else {
      this.cache = null;
    }
    this.metrics = Instrumentation.of(metrics);
    this.rejections = rejections(settings.revealsKeyStateToCallers());
    this.findByHash = store::findByHash;
  }

  /**
   * A service on its own that keeps no login history (for tests, tools and benchmarks). Host apps
   * get one from {@code Latchkey.apiKeys()} instead.
   */
  public static ApiKeyService using(ApiKeyStore store, Clock clock, SecureRandom random,
      ApiKeySettings settings) {
    return new ApiKeyService(store, clock, random, settings, SecurityEventRecorder.withoutHistory(
        SecurityEventListener.none(), clock, random, DeviceNamer.userAgentParser(), IpLocator.none()),
        RecentAuthentication.defaults(), LatchkeyMetrics.none());
  }

  /**
   * A service that records key events (created, revoked, rotated) under the key's owner through
   * {@code events}, under its failure policy (the change is stored first; a failing event store
   * then fails the call), with the default {@link RecentAuthentication}.
   */
  public static ApiKeyService using(ApiKeyStore store, Clock clock, SecureRandom random,
      ApiKeySettings settings, SecurityEventRecorder events) {
    return new ApiKeyService(store, clock, random, settings, events,
        RecentAuthentication.defaults(), LatchkeyMetrics.none());
  }

  /**
   * As {@link #using(ApiKeyStore, Clock, SecureRandom, ApiKeySettings, SecurityEventRecorder)},
   * with the recent-authentication rule the sessions use; reports no metrics.
   */
  public static ApiKeyService using(ApiKeyStore store, Clock clock, SecureRandom random,
      ApiKeySettings settings, SecurityEventRecorder events,
      RecentAuthentication recentAuthentication) {
    return new ApiKeyService(store, clock, random, settings, events, recentAuthentication,
        LatchkeyMetrics.none());
  }

  /**
   * As {@link #using(ApiKeyStore, Clock, SecureRandom, ApiKeySettings, SecurityEventRecorder,
   * RecentAuthentication)}, reporting authentications and cache lookups to {@code metrics}. This is
   * the wiring {@code Latchkey} uses.
   */
  public static ApiKeyService using(ApiKeyStore store, Clock clock, SecureRandom random,
      ApiKeySettings settings, SecurityEventRecorder events,
      RecentAuthentication recentAuthentication, LatchkeyMetrics metrics) {
    return new ApiKeyService(store, clock, random, settings, events, recentAuthentication,
        metrics);
  }

  /**
   * As {@link #using(ApiKeyStore, Clock, SecureRandom, ApiKeySettings, SecurityEventRecorder,
   * RecentAuthentication, LatchkeyMetrics)}, publishing every revocation and rotation on
   * {@code bus} after the store change, and, when {@code cache} is enabled, authenticating from a
   * per-process cache the bus keeps honest (see {@link ValidationCacheSettings}). This is the
   * wiring {@code Latchkey} uses.
   *
   * @param bus the invalidation bus, or {@code null} for none
   * @throws IllegalArgumentException when the cache is enabled without a bus
   */
  public static ApiKeyService using(ApiKeyStore store, Clock clock, SecureRandom random,
      ApiKeySettings settings, SecurityEventRecorder events,
      RecentAuthentication recentAuthentication, LatchkeyMetrics metrics, InvalidationBus bus,
      ValidationCacheSettings cache) {
    return new ApiKeyService(store, clock, random, settings, events, recentAuthentication,
        metrics, bus, cache);
  }

  /** The settings in force. */
  public ApiKeySettings settings() {
    return settings;
  }

  /** The key format in force (its {@link ApiKeyFormat#regex()} is what secret scanners match). */
  public ApiKeyFormat format() {
    return format;
  }

  // ---------------------------------------------------------------------------------------------
  // Managing keys
  // ---------------------------------------------------------------------------------------------

  /**
   * Creates a key for the session's account, when the user may: a powerful key
   * ({@code read_write}, {@code admin}, or with custom scopes) needs the session to have
   * authenticated within the {@link SensitiveAction#CREATE_POWERFUL_API_KEY} window; a
   * {@code read_only} key without scopes does not. The returned object is the only place the key's
   * plaintext exists.
   *
   * @return {@link ApiKeyCreateResult.Created} or
   *     {@link ApiKeyCreateResult.ReauthenticationRequired} (nothing created)
   * @throws IllegalArgumentException as {@link #create(String, ApiKeySpec)}
   */
  public ApiKeyCreateResult create(ValidatedSession session, ApiKeySpec spec) {
    return create(session, spec, null);
  }

  /**
   * As {@link #create(ValidatedSession, ApiKeySpec)}, recording in the login history the client
   * that asked and the session it used (so "API key created" shows the device, location and
   * address it came from).
   *
   * @param client the request's client, or {@code null} when unknown
   */
  public ApiKeyCreateResult create(ValidatedSession session, ApiKeySpec spec, ClientInfo client) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(spec, "spec");
    if (isPowerful(spec.permission(), spec.scopes()) && !recentlyAuthenticated(session)) {
      return new ApiKeyCreateResult.ReauthenticationRequired();
    }
    return new ApiKeyCreateResult.Created(
        create(session.accountId(), spec, client, session.sessionId()));
  }

  /**
   * Creates a key for {@code owner} on the host's authority: no recent-authentication check (a
   * signed-in user goes through {@link #create(ValidatedSession, ApiKeySpec)}). The returned object
   * is the only place its plaintext exists.
   *
   * @param owner the account or project the key acts for (1 to 255 characters)
   * @throws IllegalArgumentException when the owner is invalid, the spec's environment is not one of
   *     the settings' environments, or its expiry is not in the future (or more than
   *     {@link #MAX_LIFETIME} away)
   */
  public CreatedApiKey create(String owner, ApiKeySpec spec) {
    return create(owner, spec, null, null);
  }

  private CreatedApiKey create(String owner, ApiKeySpec spec, ClientInfo client,
      String sessionId) {
    requireOwner(owner);
    Objects.requireNonNull(spec, "spec");
    String environment = spec.environment() == null ? format.defaultEnvironment()
        : spec.environment();
    if (!format.environments().contains(environment)) {
      throw new IllegalArgumentException("Invalid environment '" + environment + "'; must be one of "
          + format.environments());
    }
    Instant now = Time.now(clock);
    Instant expiresAt = spec.expiresAt() == null ? null
        : spec.expiresAt().truncatedTo(ChronoUnit.MILLIS);
    if (expiresAt != null && (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_LIFETIME)))) {
      throw new IllegalArgumentException("Invalid expiresAt " + spec.expiresAt()
          + "; must be after now (" + now + ") and at most " + MAX_LIFETIME + " away");
    }
    CreatedApiKey created =
        issue(owner, spec.name(), spec.permission(), spec.scopes(), environment, expiresAt, now);
    // The permission too, so a "new API key" notice can say what the key may do.
    Map<String, String> details = new java.util.HashMap<>(keyDetails(created.info()));
    details.put("permission", created.info().permission().code());
    events.record(SecurityEventType.API_KEY_CREATED, owner, client, sessionId, details);
    return created;
  }

  /** What the login history says about a key: its id and the name its owner gave it. */
  private static Map<String, String> keyDetails(ApiKeyInfo info) {
    return keyDetails(info.id(), info.name());
  }

  private static Map<String, String> keyDetails(String id, String name) {
    return Map.of("key_id", id, "key_name", name);
  }

  /**
   * Every key of the owner, whatever its state (the {@link ApiKeyInfo#status()} says which), newest
   * first. Never includes a key or a hash.
   */
  public List<ApiKeyInfo> list(String owner) {
    requireOwner(owner);
    Instant now = Time.now(clock);
    return store.listByOwner(owner).stream().map(r -> info(r, now)).toList();
  }

  /**
   * Revokes one of the owner's keys, immediately (see the class guarantees).
   *
   * @return {@link ApiKeyRevokeResult.Revoked}; {@link ApiKeyRevokeResult.NotFound} for an unknown
   *     id and for another owner's id alike; {@link ApiKeyRevokeResult.AlreadyRevoked}
   */
  public ApiKeyRevokeResult revoke(String owner, String id) {
    return revoke(owner, id, null, null);
  }

  /**
   * Revokes one of the session's account's keys, as {@link #revoke(String, String)} does, and
   * records the client and session that did it in the login history.
   *
   * @param client the request's client, or {@code null} when unknown
   * @return as {@link #revoke(String, String)}
   */
  public ApiKeyRevokeResult revoke(ValidatedSession session, String id, ClientInfo client) {
    Objects.requireNonNull(session, "session");
    return revoke(session.accountId(), id, client, session.sessionId());
  }

  private ApiKeyRevokeResult revoke(String owner, String id, ClientInfo client,
      String sessionId) {
    requireOwner(owner);
    if (!plausibleId(id)) {
      return new ApiKeyRevokeResult.NotFound();
    }
    if (store.revoke(owner, id, Time.now(clock))) {
      invalidated(Invalidation.apiKey(id));
      // Read back for the name: the history says which key, not only its id.
      Map<String, String> details = store.findById(id).map(r -> keyDetails(r.id(), r.name()))
          .orElse(Map.of("key_id", id));
      events.record(SecurityEventType.API_KEY_REVOKED, owner, client, sessionId, details);
      return new ApiKeyRevokeResult.Revoked();
    }
    // Lost: say why, without revealing anything about other owners' keys.
    Optional<ApiKeyRecord> row = store.findById(id).filter(r -> r.owner().equals(owner));
    return row.isPresent() ? new ApiKeyRevokeResult.AlreadyRevoked()
        : new ApiKeyRevokeResult.NotFound();
  }

  /**
   * Revokes every key of the owner that is not revoked yet — the "suspected compromise" button.
   *
   * @return how many keys this call revoked
   */
  public int revokeAll(String owner) {
    requireOwner(owner);
    int n = store.revokeAll(owner, Time.now(clock));
    if (n > 0) {
      invalidated(Invalidation.accountApiKeys(owner));
      events.record(SecurityEventType.API_KEY_REVOKED, owner, null, null, Map.of("scope", "all"));
    }
    return n;
  }

  /**
   * Revokes a key reported as leaked (a secret-scanning partner, a support ticket): finds it by hash
   * whoever owns it, revokes it, and says which key and owner it was so the host can notify them.
   * Look-alikes that fail the checksum cost no lookup.
   *
   * <p>This call is an administrative authority over every owner: expose it only to the scanning
   * integration, never to end users.
   */
  public LeakedKeyRevocation revokeLeaked(String plaintextKey) {
    ApiKeyFormat.Check check = format.check(plaintextKey);
    if (check != ApiKeyFormat.Check.OK) {
      return new LeakedKeyRevocation.Unrecognized(
          check == ApiKeyFormat.Check.BAD_CHECKSUM ? Reason.BAD_CHECKSUM : Reason.MALFORMED);
    }
    Optional<ApiKeyRecord> found = lookup(Hashing.sha256Hex(plaintextKey));
    if (found.isEmpty()) {
      return new LeakedKeyRevocation.Unrecognized(Reason.UNKNOWN);
    }
    ApiKeyRecord row = found.get();
    Instant now = Time.now(clock);
    boolean revoked = store.revoke(row.owner(), row.id(), now);
    if (revoked) {
      invalidated(Invalidation.apiKey(row.id()));
      LOG.info("Revoked leaked API key {} of owner {}", row.id(), row.owner());
      events.record(SecurityEventType.API_KEY_REVOKED, row.owner(), null, null,
          Map.of("key_id", row.id(), "key_name", row.name(), "reason", "leaked"));
    }
    ApiKeyInfo info = info(store.findById(row.id()).orElse(row), now);
    return revoked ? new LeakedKeyRevocation.Revoked(info)
        : new LeakedKeyRevocation.AlreadyRevoked(info);
  }

  /**
   * Rotates one of the session's account's keys, as {@link #rotate(String, String, Duration)}
   * does, when the user may: the replacement of a powerful key ({@code read_write}, {@code admin},
   * or with custom scopes) is a powerful key, so it needs the session to have authenticated within
   * the {@link SensitiveAction#CREATE_POWERFUL_API_KEY} window.
   *
   * @return as {@link #rotate(String, String, Duration)}, or
   *     {@link ApiKeyRotateResult.ReauthenticationRequired} (nothing issued)
   * @throws IllegalArgumentException when the grace is out of range
   */
  public ApiKeyRotateResult rotate(ValidatedSession session, String id, Duration grace) {
    return rotate(session, id, grace, null);
  }

  /**
   * As {@link #rotate(ValidatedSession, String, Duration)}, recording the client and session that
   * asked in the login history.
   *
   * @param client the request's client, or {@code null} when unknown
   */
  public ApiKeyRotateResult rotate(ValidatedSession session, String id, Duration grace,
      ClientInfo client) {
    Objects.requireNonNull(session, "session");
    requireGrace(grace);
    if (!recentlyAuthenticated(session) && plausibleId(id)
        && store.findById(id).filter(r -> r.owner().equals(session.accountId()))
            .map(r -> isPowerful(permissionOf(r), r.scopes())).orElse(false)) {
      return new ApiKeyRotateResult.ReauthenticationRequired();
    }
    return rotate(session.accountId(), id, grace, client, session.sessionId());
  }

  /**
   * Issues a replacement with the same name, permission, scopes, environment and expiry; the old
   * key keeps working until now + {@code grace}, then is refused with reason {@code revoked}. A zero grace
   * stops it at once (immediately, as {@link #revoke} does). A key can be rotated once; rotate its
   * replacement next time. On the host's authority: no recent-authentication check (a signed-in
   * user goes through {@link #rotate(ValidatedSession, String, Duration)}).
   *
   * @param grace zero to {@link ApiKeySettings#maxRotationGrace()} (30 days by default)
   * @throws IllegalArgumentException when the grace is out of range or the owner is invalid
   */
  public ApiKeyRotateResult rotate(String owner, String id, Duration grace) {
    return rotate(owner, id, grace, null, null);
  }

  private ApiKeyRotateResult rotate(String owner, String id, Duration grace, ClientInfo client,
      String sessionId) {
    requireOwner(owner);
    requireGrace(grace);
    if (!plausibleId(id)) {
      return new ApiKeyRotateResult.NotRotated(ApiKeyRotateResult.Reason.NOT_FOUND);
    }
    Optional<ApiKeyRecord> found = store.findById(id).filter(r -> r.owner().equals(owner));
    if (found.isEmpty()) {
      return new ApiKeyRotateResult.NotRotated(ApiKeyRotateResult.Reason.NOT_FOUND);
    }
    ApiKeyRecord old = found.get();
    Instant now = Time.now(clock);
    Optional<ApiKeyRotateResult.Reason> refusal = rotationRefusal(old, now);
    if (refusal.isPresent()) {
      return new ApiKeyRotateResult.NotRotated(refusal.get());
    }
    // Insert the replacement first, then mark the old key: if the mark loses a race (concurrent
    // revoke or rotate) we revoke the never-shown replacement. The other order could leave an owner
    // with a key that stops after the grace and no replacement if the insert failed.
    CreatedApiKey replacement = issue(owner, old.name(), permissionOf(old), old.scopes(),
        old.environment(), old.expiresAt(), now);
    Instant graceUntil = now.plus(grace).truncatedTo(ChronoUnit.MILLIS);
    if (!store.markRotated(owner, id, graceUntil, replacement.id())) {
      store.revoke(owner, replacement.id(), now);
      ApiKeyRecord current = store.findById(id).orElse(old);
      return new ApiKeyRotateResult.NotRotated(
          rotationRefusal(current, now).orElse(ApiKeyRotateResult.Reason.ALREADY_ROTATED));
    }
    invalidated(Invalidation.apiKey(id));
    Map<String, String> details = new java.util.HashMap<>(keyDetails(id, old.name()));
    details.put("replacement_id", replacement.id());
    details.put("grace_seconds", String.valueOf(grace.toSeconds()));
    events.record(SecurityEventType.API_KEY_ROTATED, owner, client, sessionId, details);
    ApiKeyRecord rotated = store.findById(id).orElse(old.withRotation(replacement.id(), graceUntil));
    return new ApiKeyRotateResult.Rotated(replacement, info(rotated, now));
  }

  /**
   * The owner's working keys (not revoked, rotated or expired) that are stale: unused for at least
   * {@code unusedFor} (a key never used counts from its creation), or created at least
   * {@code olderThan} ago. Newest first. For "review your keys" reminders and rotation policies.
   *
   * @param unusedFor the unused window, or {@code null} to skip that check
   * @param olderThan the age limit, or {@code null} to skip that check
   * @throws IllegalArgumentException when both are null or either is negative
   */
  public List<StaleApiKey> stale(String owner, Duration unusedFor, Duration olderThan) {
    requireOwner(owner);
    if (unusedFor == null && olderThan == null) {
      throw new IllegalArgumentException("Give unusedFor, olderThan or both");
    }
    if ((unusedFor != null && unusedFor.isNegative())
        || (olderThan != null && olderThan.isNegative())) {
      throw new IllegalArgumentException("Invalid window; unusedFor and olderThan must be >= PT0S");
    }
    Instant now = Time.now(clock);
    Instant usedBefore = unusedFor == null ? null : minusSaturated(now, unusedFor);
    Instant createdBefore = olderThan == null ? null : minusSaturated(now, olderThan);
    return store.findStale(owner, now, usedBefore, createdBefore).stream()
        .map(r -> {
          Set<StaleApiKey.Reason> reasons = EnumSet.noneOf(StaleApiKey.Reason.class);
          Instant lastSeen = r.lastUsedAt() == null ? r.createdAt() : r.lastUsedAt();
          if (usedBefore != null && lastSeen.isBefore(usedBefore)) {
            reasons.add(StaleApiKey.Reason.UNUSED);
          }
          if (createdBefore != null && r.createdAt().isBefore(createdBefore)) {
            reasons.add(StaleApiKey.Reason.OLD);
          }
          return new StaleApiKey(info(r, now), reasons);
        })
        .filter(s -> !s.reasons().isEmpty())
        .toList();
  }

  // ---------------------------------------------------------------------------------------------
  // Authenticating and authorizing requests
  // ---------------------------------------------------------------------------------------------

  /**
   * Authenticates the value of an {@code Authorization} header ({@code Bearer lk_live_…}). Never
   * throws for any input; see the class javadoc for the parsing rules and costs.
   *
   * @param authorizationHeaderValue the header value, or {@code null} when the header is absent
   */
  public ApiKeyAuthentication authenticate(String authorizationHeaderValue) {
    long start = metrics.start();
    Outcome outcome = Outcome.ERROR;
    try {
      ApiKeyAuthentication result = checkHeader(authorizationHeaderValue);
      outcome = outcomeOf(result);
      return result;
    } finally {
      metrics.stop(Operation.API_KEY_AUTHENTICATION, outcome, start);
    }
  }

  private ApiKeyAuthentication checkHeader(String authorizationHeaderValue) {
    String h = authorizationHeaderValue;
    if (h == null) {
      return rejected(Reason.MISSING);
    }
    // Cap first: nothing below ever scans more than MAX_HEADER_LENGTH characters.
    if (h.length() > MAX_HEADER_LENGTH) {
      return rejected(Reason.MALFORMED);
    }
    int start = 0;
    int end = h.length();
    while (start < end && isOws(h.charAt(start))) {
      start++;
    }
    while (end > start && isOws(h.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return rejected(Reason.MISSING);
    }
    int space = h.indexOf(' ', start);
    int schemeEnd = space < 0 || space > end ? end : space;
    if (!isBearer(h, start, schemeEnd)) {
      return rejected(Reason.WRONG_SCHEME);
    }
    int tokenStart = schemeEnd;
    while (tokenStart < end && h.charAt(tokenStart) == ' ') {
      tokenStart++;
    }
    if (tokenStart == end) {
      return rejected(Reason.MALFORMED); // "Bearer" with no credentials
    }
    return checkKey(h, tokenStart, end);
  }

  /**
   * Authenticates a bare key, for hosts that receive it another way (an {@code X-API-Key} header,
   * a query parameter of a webhook). Same checks and costs as {@link #authenticate}; never throws
   * for any input.
   *
   * @param key the key, or {@code null} ({@link Reason#MISSING})
   */
  public ApiKeyAuthentication authenticateKey(String key) {
    long start = metrics.start();
    Outcome outcome = Outcome.ERROR;
    try {
      ApiKeyAuthentication result = checkKey(key);
      outcome = outcomeOf(result);
      return result;
    } finally {
      metrics.stop(Operation.API_KEY_AUTHENTICATION, outcome, start);
    }
  }

  private ApiKeyAuthentication checkKey(String key) {
    if (key == null || key.isEmpty()) {
      return rejected(Reason.MISSING);
    }
    return checkKey(key, 0, key.length());
  }

  /** The key is {@code source[from, to)}, non-empty: no substring is made for a rejected key. */
  private ApiKeyAuthentication checkKey(String source, int from, int to) {
    if (to - from > MAX_HEADER_LENGTH) {
      return rejected(Reason.MALFORMED);
    }
    // Shape and checksum first: a typo or random junk never reaches the store. The check leaves
    // the key's bytes in the per-thread buffer; a key that passes is hashed from there (the key is
    // read from its string once), and the buffer is zeroed on every path before anything else runs.
    ApiKeyFormat.KeyBuffer buffer = ApiKeyFormat.KeyBuffer.get();
    byte[] digest;
    try {
      ApiKeyFormat.Check check = format.check(source, from, to, buffer);
      if (check != ApiKeyFormat.Check.OK) {
        return rejected(check == ApiKeyFormat.Check.MALFORMED ? Reason.MALFORMED
            : Reason.BAD_CHECKSUM);
      }
      digest = buffer.sha256();
    } finally {
      buffer.clear();
    }
    // The strings made from the digest before any code of the host's runs (clock, cache, store):
    // the per-thread buffers belong to whichever key the thread checks next. With the cache on,
    // it is keyed by the digest itself (32 Latin-1 characters): no hex to make on a hit, and half
    // the characters for the map to hash.
    String cacheKey = cache == null ? null : VerificationCache.key(digest);
    String hash = cache == null ? Hashing.hex(digest, buffer.hex) : null;
    // The clock as epoch milliseconds: every check below compares numbers, and a hit makes no
    // Instant (one is made only to write last use, or to cache a row after a miss).
    long now = Time.nowMillis(clock);
    if (cache == null) {
      return lookUp(hash, null, 0, now);
    }
    VerificationCache.Entry hit = cache.get(cacheKey, now);
    metrics.apiKeyCacheLookup(hit != null);
    if (hit != null) {
      if (now < hit.usableUntil()) {
        // Not revoked (a revoke invalidates the entry before it returns), not expired, not
        // rotated away: the entry holds these as milliseconds, and the result ready-made.
        if (now > hit.touchAfter()) {
          recordUse(cacheKey, hit.row(), now);
        }
        return hit.result();
      }
      return verdict(cacheKey, hit.row(), hit.result(), now); // past its end: the typed reason
    }
    long epoch = cache.epoch();
    // The hex the store keeps, from the cache key (an immutable copy of the digest: the cache is
    // code of the host's choosing, so the per-thread buffer is not trusted across the call).
    return lookUp(VerificationCache.hex(cacheKey, buffer), cacheKey, epoch, now);
  }

  /**
   * A store lookup by {@code hash} (hex), caching a working row under {@code cacheKey} when the
   * cache is on ({@code epoch} its ticket, taken before the read).
   */
  private ApiKeyAuthentication lookUp(String hash, String cacheKey, long epoch, long now) {
    Optional<ApiKeyRecord> found = lookup(hash);
    if (found.isEmpty()) {
      return rejected(Reason.UNKNOWN);
    }
    ApiKeyRecord row = found.get();
    ApiKeyAuthentication.Authenticated result = null;
    if (cacheKey != null && row.activeAt(Time.instant(now, clock))) {
      result = authenticated(row);
      cache.put(cacheKey, row, result, epoch, now);
    }
    return verdict(cacheKey, row, result, now);
  }

  /**
   * The checks on a row found by its hash, in their order; {@code result} when already made;
   * {@code cacheKey} when the cache is on.
   */
  private ApiKeyAuthentication verdict(String cacheKey, ApiKeyRecord row,
      ApiKeyAuthentication.Authenticated result, long now) {
    if (row.revoked()) {
      return rejected(Reason.REVOKED);
    }
    if (row.expiresAt() != null && !Time.isBefore(now, row.expiresAt())) {
      return rejected(Reason.EXPIRED);
    }
    if (row.graceUntil() != null && !Time.isBefore(now, row.graceUntil())) {
      return rejected(Reason.REVOKED); // rotated away
    }
    recordUse(cacheKey, row, now);
    return result != null ? result : authenticated(row);
  }

  private static ApiKeyAuthentication.Authenticated authenticated(ApiKeyRecord row) {
    return new ApiKeyAuthentication.Authenticated(new AuthenticatedApiKey(row.id(), row.owner(),
        row.name(), permissionOf(row), row.scopes(), row.environment(), row.expiresAt()));
  }

  /**
   * Whether the key's permission includes {@code required}.
   *
   * @return {@link Authorization.Forbidden} with {@code required.code()} as the missing scope
   */
  public Authorization authorize(AuthenticatedApiKey key, Permission required) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(required, "required");
    return key.permission().includes(required) ? ALLOWED : new Authorization.Forbidden(required.code());
  }

  /**
   * Whether the key may use a custom scope (see the class javadoc's authorization rule). A
   * permission code ({@code read_write}, …) is checked as that permission.
   *
   * @throws IllegalArgumentException when {@code scope} is not valid scope syntax (a host bug)
   */
  public Authorization authorize(AuthenticatedApiKey key, String scope) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(scope, "scope");
    Optional<Permission> asPermission = Permission.fromCode(scope);
    if (asPermission.isPresent()) {
      return authorize(key, asPermission.get());
    }
    if (!ApiKeySpec.validScope(scope)) {
      throw new IllegalArgumentException("Invalid scope; must match " + ApiKeySpec.SCOPE_SYNTAX);
    }
    if (key.permission() == Permission.ADMIN) {
      return ALLOWED;
    }
    for (String granted : key.scopes()) {
      if (grants(granted, scope)) {
        return ALLOWED;
      }
    }
    return new Authorization.Forbidden(scope);
  }

  // ---------------------------------------------------------------------------------------------
  // Internals
  // ---------------------------------------------------------------------------------------------

  private CreatedApiKey issue(String owner, String name, Permission permission, Set<String> scopes,
      String environment, Instant expiresAt, Instant now) {
    String key = format.generate(random, environment);
    String id = Tokens.publicId(random);
    ApiKeyRecord row = new ApiKeyRecord(id, owner, Hashing.sha256Hex(key), format.hint(key), name,
        permission.code(), scopes, environment, now, expiresAt, null, null, null, null);
    store.insert(row);
    return new CreatedApiKey(Secret.of(key), info(row, now));
  }

  /** One store read by hash, then a constant-time comparison whether or not a row came back. */
  private Optional<ApiKeyRecord> lookup(String hash) {
    return HashLookup.find(hash, findByHash, ApiKeyRecord::keyHash);
  }

  /**
   * Writes last-used at most once per interval; a failed write never fails the request. Keeps the
   * cached row under {@code cacheKey} (when the cache is on) current.
   */
  private void recordUse(String cacheKey, ApiKeyRecord row, long nowMillis) {
    // lastUsedAt >= now - interval, i.e. now <= lastUsedAt + interval, compared without making
    // an Instant: recent enough, and the common case costs no write and no allocation.
    if (row.lastUsedAt() != null
        && nowMillis <= Time.floorMillisOfSum(row.lastUsedAt(), settings.lastUsedInterval())) {
      return;
    }
    Instant now = Time.instant(nowMillis, clock);
    Instant threshold = now.minus(settings.lastUsedInterval());
    try {
      if (store.touchLastUsed(row.id(), now, threshold) && cacheKey != null) {
        cache.updateRow(cacheKey, row.withLastUsedAt(now));
      }
    } catch (StoreException e) {
      // Last-used is advisory; the lookup above succeeded, so the key is valid. Log without the key.
      LOG.warn("Could not record last use of API key {}", row.id(), e);
    }
  }

  private static Optional<ApiKeyRotateResult.Reason> rotationRefusal(ApiKeyRecord row, Instant now) {
    if (row.revoked()) {
      return Optional.of(ApiKeyRotateResult.Reason.REVOKED);
    }
    if (row.replacedBy() != null || row.graceUntil() != null) {
      return Optional.of(ApiKeyRotateResult.Reason.ALREADY_ROTATED);
    }
    if (row.expiresAt() != null && !now.isBefore(row.expiresAt())) {
      return Optional.of(ApiKeyRotateResult.Reason.EXPIRED);
    }
    return Optional.empty();
  }

  static ApiKeyStatus statusOf(ApiKeyRecord row, Instant now) {
    if (row.revoked()) {
      return ApiKeyStatus.REVOKED;
    }
    if (row.expiresAt() != null && !now.isBefore(row.expiresAt())) {
      return ApiKeyStatus.EXPIRED;
    }
    if (row.graceUntil() != null) {
      return now.isBefore(row.graceUntil()) ? ApiKeyStatus.ROTATING : ApiKeyStatus.ROTATED;
    }
    return ApiKeyStatus.ACTIVE;
  }

  private static ApiKeyInfo info(ApiKeyRecord r, Instant now) {
    return new ApiKeyInfo(r.id(), r.owner(), r.name(), r.hint(), permissionOf(r), r.scopes(),
        r.environment(), r.createdAt(), r.expiresAt(), r.lastUsedAt(), r.revokedAt(),
        statusOf(r, now), r.replacedBy(), r.graceUntil());
  }

  private void requireGrace(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative() || grace.compareTo(settings.maxRotationGrace()) > 0) {
      throw new IllegalArgumentException("Invalid grace " + grace + "; must be between PT0S and "
          + settings.maxRotationGrace());
    }
  }

  /** A key that can change things: more than read-only, or with custom scopes of its own. */
  private static boolean isPowerful(Permission permission, Set<String> scopes) {
    return permission != Permission.READ_ONLY || !scopes.isEmpty();
  }

  private boolean recentlyAuthenticated(ValidatedSession session) {
    return recentAuthentication.isSatisfiedBy(session, SensitiveAction.CREATE_POWERFUL_API_KEY,
        Time.now(clock));
  }

  private static Permission permissionOf(ApiKeyRecord r) {
    // No Optional and no capturing lambda: nothing to allocate when the inliner gives up here.
    Permission p = Permission.ofCode(r.permission());
    if (p == null) {
      throw new StoreException("Corrupt API key row " + r.id() + ": unknown permission code");
    }
    return p;
  }

  /** Exact match, or a granted {@code a:b:*} covering any scope that starts with {@code a:b:}. */
  static boolean grants(String granted, String required) {
    if (granted.equals(required)) {
      return true;
    }
    if (granted.endsWith(":*")) {
      String stem = granted.substring(0, granted.length() - 1); // keeps the ':'
      return required.length() > stem.length() && required.startsWith(stem);
    }
    return false;
  }

  /**
   * After a store change that stops a key: drop it from this process's cache at once, then tell
   * the other processes. A bus failure is logged, never thrown: the change is already stored.
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

  private static Instant minusSaturated(Instant now, Duration d) {
    // A window longer than the epoch would underflow; anything before 1970 means "never stale".
    return d.compareTo(Duration.between(Instant.EPOCH, now)) >= 0 ? Instant.EPOCH : now.minus(d);
  }

  /** The precise reason, whatever the caller is told: metrics are for the operator. */
  private static Outcome outcomeOf(ApiKeyAuthentication result) {
    if (result instanceof ApiKeyAuthentication.Rejected rejected) {
      return switch (rejected.reason()) {
        case MISSING -> Outcome.MISSING;
        case WRONG_SCHEME -> Outcome.WRONG_SCHEME;
        case MALFORMED -> Outcome.MALFORMED;
        case BAD_CHECKSUM -> Outcome.BAD_CHECKSUM;
        case UNKNOWN -> Outcome.UNKNOWN;
        case REVOKED -> Outcome.REVOKED;
        case EXPIRED -> Outcome.EXPIRED;
      };
    }
    return Outcome.AUTHENTICATED;
  }

  /** The precise reason for the host; the caller's answer as the settings allow. */
  private ApiKeyAuthentication rejected(Reason reason) {
    return rejections[reason.ordinal()];
  }

  /** One immutable rejection per reason, made once: a flood of bad keys allocates no results. */
  private static ApiKeyAuthentication.Rejected[] rejections(boolean revealed) {
    Reason[] reasons = Reason.values();
    ApiKeyAuthentication.Rejected[] out = new ApiKeyAuthentication.Rejected[reasons.length];
    for (Reason r : reasons) {
      out[r.ordinal()] = new ApiKeyAuthentication.Rejected(r, revealed);
    }
    return out;
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /** ASCII case-insensitive "Bearer": no Unicode case folding can smuggle a look-alike scheme. */
  private static boolean isBearer(String s, int from, int to) {
    String bearer = "bearer";
    if (to - from != bearer.length()) {
      return false;
    }
    for (int i = 0; i < bearer.length(); i++) {
      char c = s.charAt(from + i);
      char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
      if (lower != bearer.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean plausibleId(String id) {
    return id != null && !id.isEmpty() && id.length() <= MAX_ID_LENGTH;
  }

  private static void requireOwner(String owner) {
    AccountIds.require(owner, "owner");
  }
}
