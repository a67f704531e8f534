package dev.latchkey.apikey;

import dev.latchkey.common.Secret;
import dev.latchkey.apikey.ApiKeyAuthentication.Reason;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.EventRecorder;
import dev.latchkey.internal.Hashing;
import dev.latchkey.internal.Tokens;
import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.StoreException;
import java.nio.charset.StandardCharsets;
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
 *       keys cost the same.
 *   <li>Revocation is immediate: once {@link #revoke}, {@link #revokeAll}, {@link #revokeLeaked} or
 *       a zero-grace {@link #rotate} returns, no authentication through this service succeeds, and
 *       — without the cache — none in any process sharing the store. With
 *       {@link ApiKeyCacheSettings the cache} on, another process may accept a key for up to the
 *       cache TTL (≤ 60 s) after a revoke made elsewhere.
 *   <li>Owner scoping: revoke, rotate, list and stale take the owner from the host's own authority
 *       (a validated session, an {@link AuthenticatedApiKey}); another owner's key id behaves exactly
 *       like an unknown id.
 *   <li>Last use is written at most once per key per {@link ApiKeySettings#lastUsedInterval()}
 *       through a conditional update, never on every request.
 *   <li>Nothing secret is logged, put in an exception or printed by {@code toString()}.
 * </ul>
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
  /** An owner id is 1 to 255 characters. */
  public static final int MAX_OWNER_LENGTH = 255;
  /** Expiry may be at most this far in the future: 10 years (every database can store it). */
  public static final Duration MAX_LIFETIME = Duration.ofDays(3653);

  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyService.class);
  private static final int MAX_ID_LENGTH = 64;
  private static final byte[] NO_MATCH =
      "0000000000000000000000000000000000000000000000000000000000000000"
          .getBytes(StandardCharsets.US_ASCII);
  private static final Authorization ALLOWED = new Authorization.Allowed();

  private final ApiKeyStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final ApiKeySettings settings;
  private final ApiKeyFormat format;
  private final VerificationCache cache;
  private final ApiKeyEventSink events;

  private ApiKeyService(ApiKeyStore store, Clock clock, SecureRandom random,
      ApiKeySettings settings, ApiKeyEventSink events) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.events = Objects.requireNonNull(events, "events");
    this.format = settings.format();
    this.cache = settings.cache().isEnabled() ? new VerificationCache(settings.cache()) : null;
  }

  /** Creates the service. Host apps normally get one from {@code Latchkey.apiKeys()} instead. */
  public static ApiKeyService create(ApiKeyStore store, Clock clock, SecureRandom random,
      ApiKeySettings settings) {
    return new ApiKeyService(store, clock, random, settings, ApiKeyEventSink.NONE);
  }

  /** With an event sink: the hook the events integration uses. */
  static ApiKeyService create(ApiKeyStore store, Clock clock, SecureRandom random,
      ApiKeySettings settings, ApiKeyEventSink events) {
    return new ApiKeyService(store, clock, random, settings, events);
  }

  /**
   * Creates the service recording key events (created, revoked, rotated) under the key's owner
   * through {@code events}: the wiring {@code Latchkey} uses ({@link EventRecorder} is not API).
   */
  public static ApiKeyService create(ApiKeyStore store, Clock clock, SecureRandom random,
      ApiKeySettings settings, EventRecorder events) {
    Objects.requireNonNull(events, "events");
    return new ApiKeyService(store, clock, random, settings, (type, owner, keyId) -> {
      switch (type) {
        case "api_key.created" -> events.record(SecurityEventType.API_KEY_CREATED, owner, null,
            null, Map.of("key_id", keyId));
        case "api_key.revoked" -> events.record(SecurityEventType.API_KEY_REVOKED, owner, null,
            null, Map.of("key_id", keyId));
        case "api_key.revoked_all" -> events.record(SecurityEventType.API_KEY_REVOKED, owner,
            null, null, Map.of("scope", "all"));
        case "api_key.leak_revoked" -> events.record(SecurityEventType.API_KEY_REVOKED, owner,
            null, null, Map.of("key_id", keyId, "reason", "leaked"));
        case "api_key.rotated" -> events.record(SecurityEventType.API_KEY_ROTATED, owner, null,
            null, Map.of("key_id", keyId));
        default -> throw new IllegalStateException("unmapped API key event " + type);
      }
    });
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
   * Creates a key for {@code owner}. The returned object is the only place its plaintext exists.
   *
   * @param owner the account or project the key acts for (1 to 255 characters)
   * @throws IllegalArgumentException when the owner is invalid, the spec's environment is not one of
   *     the settings' environments, or its expiry is not in the future (or more than
   *     {@link #MAX_LIFETIME} away)
   */
  public CreatedApiKey create(String owner, ApiKeySpec spec) {
    requireOwner(owner);
    Objects.requireNonNull(spec, "spec");
    String environment = spec.environment() == null ? format.defaultEnvironment()
        : spec.environment();
    if (!format.environments().contains(environment)) {
      throw new IllegalArgumentException("Invalid environment '" + environment + "'; must be one of "
          + format.environments());
    }
    Instant now = now();
    Instant expiresAt = spec.expiresAt() == null ? null
        : spec.expiresAt().truncatedTo(ChronoUnit.MILLIS);
    if (expiresAt != null && (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_LIFETIME)))) {
      throw new IllegalArgumentException("Invalid expiresAt " + spec.expiresAt()
          + "; must be after now (" + now + ") and at most " + MAX_LIFETIME + " away");
    }
    CreatedApiKey created =
        issue(owner, spec.name(), spec.permission(), spec.scopes(), environment, expiresAt, now);
    emit("api_key.created", owner, created.id());
    return created;
  }

  /**
   * Every key of the owner, whatever its state (the {@link ApiKeyInfo#status()} says which), newest
   * first. Never includes a key or a hash.
   */
  public List<ApiKeyInfo> list(String owner) {
    requireOwner(owner);
    Instant now = now();
    return store.listByOwner(owner).stream().map(r -> info(r, now)).toList();
  }

  /**
   * Revokes one of the owner's keys, immediately (see the class guarantees).
   *
   * @return {@link ApiKeyRevocation#NOT_FOUND} for an unknown id and for another owner's id alike
   */
  public ApiKeyRevocation revoke(String owner, String id) {
    requireOwner(owner);
    if (!plausibleId(id)) {
      return ApiKeyRevocation.NOT_FOUND;
    }
    if (store.revoke(owner, id, now())) {
      invalidateCache();
      emit("api_key.revoked", owner, id);
      return ApiKeyRevocation.REVOKED;
    }
    // Lost: say why, without revealing anything about other owners' keys.
    Optional<ApiKeyRecord> row = store.findById(id).filter(r -> r.owner().equals(owner));
    return row.isPresent() ? ApiKeyRevocation.ALREADY_REVOKED : ApiKeyRevocation.NOT_FOUND;
  }

  /**
   * Revokes every key of the owner that is not revoked yet — the "suspected compromise" button.
   *
   * @return how many keys this call revoked
   */
  public int revokeAll(String owner) {
    requireOwner(owner);
    int n = store.revokeAll(owner, now());
    if (n > 0) {
      invalidateCache();
      emit("api_key.revoked_all", owner, null);
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
    Instant now = now();
    boolean revoked = store.revoke(row.owner(), row.id(), now);
    if (revoked) {
      invalidateCache();
      LOG.info("Revoked leaked API key {} of owner {}", row.id(), row.owner());
      emit("api_key.leak_revoked", row.owner(), row.id());
    }
    ApiKeyInfo info = info(store.findById(row.id()).orElse(row), now);
    return revoked ? new LeakedKeyRevocation.Revoked(info)
        : new LeakedKeyRevocation.AlreadyRevoked(info);
  }

  /**
   * Issues a replacement with the same name, permission, scopes, environment and expiry; the old
   * key keeps working until now + {@code grace}, then is refused as {@code revoked}. A zero grace
   * stops it at once (immediately, as {@link #revoke} does). A key can be rotated once; rotate its
   * replacement next time.
   *
   * @param grace zero to {@link ApiKeySettings#maxRotationGrace()} (30 days by default)
   * @throws IllegalArgumentException when the grace is out of range or the owner is invalid
   */
  public ApiKeyRotation rotate(String owner, String id, Duration grace) {
    requireOwner(owner);
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative() || grace.compareTo(settings.maxRotationGrace()) > 0) {
      throw new IllegalArgumentException("Invalid grace " + grace + "; must be between PT0S and "
          + settings.maxRotationGrace());
    }
    if (!plausibleId(id)) {
      return new ApiKeyRotation.NotRotated(ApiKeyRotation.Reason.NOT_FOUND);
    }
    Optional<ApiKeyRecord> found = store.findById(id).filter(r -> r.owner().equals(owner));
    if (found.isEmpty()) {
      return new ApiKeyRotation.NotRotated(ApiKeyRotation.Reason.NOT_FOUND);
    }
    ApiKeyRecord old = found.get();
    Instant now = now();
    Optional<ApiKeyRotation.Reason> refusal = rotationRefusal(old, now);
    if (refusal.isPresent()) {
      return new ApiKeyRotation.NotRotated(refusal.get());
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
      return new ApiKeyRotation.NotRotated(
          rotationRefusal(current, now).orElse(ApiKeyRotation.Reason.ALREADY_ROTATED));
    }
    invalidateCache();
    emit("api_key.rotated", owner, id);
    ApiKeyRecord rotated = store.findById(id).orElse(old.withRotation(replacement.id(), graceUntil));
    return new ApiKeyRotation.Rotated(replacement, info(rotated, now));
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
    Instant now = now();
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
    return authenticateKey(h.substring(tokenStart, end));
  }

  /**
   * Authenticates a bare key, for hosts that receive it another way (an {@code X-API-Key} header,
   * a query parameter of a webhook). Same checks and costs as {@link #authenticate}; never throws
   * for any input.
   *
   * @param key the key, or {@code null} ({@link Reason#MISSING})
   */
  public ApiKeyAuthentication authenticateKey(String key) {
    if (key == null || key.isEmpty()) {
      return rejected(Reason.MISSING);
    }
    if (key.length() > MAX_HEADER_LENGTH) {
      return rejected(Reason.MALFORMED);
    }
    // Shape and checksum first: a typo or random junk never reaches the store.
    ApiKeyFormat.Check check = format.check(key);
    if (check == ApiKeyFormat.Check.MALFORMED) {
      return rejected(Reason.MALFORMED);
    }
    if (check == ApiKeyFormat.Check.BAD_CHECKSUM) {
      return rejected(Reason.BAD_CHECKSUM);
    }
    String hash = Hashing.sha256Hex(key);
    Instant now = now();
    ApiKeyRecord row = cache == null ? null : cache.get(hash, now);
    if (row == null) {
      long epoch = cache == null ? 0 : cache.epoch();
      Optional<ApiKeyRecord> found = lookup(hash);
      if (found.isEmpty()) {
        return rejected(Reason.UNKNOWN);
      }
      row = found.get();
      if (cache != null && row.activeAt(now)) {
        cache.put(hash, row, epoch, now);
      }
    }
    if (row.revoked()) {
      return rejected(Reason.REVOKED);
    }
    if (row.expiresAt() != null && !now.isBefore(row.expiresAt())) {
      return rejected(Reason.EXPIRED);
    }
    if (row.graceUntil() != null && !now.isBefore(row.graceUntil())) {
      return rejected(Reason.REVOKED); // rotated away
    }
    recordUse(hash, row, now);
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
    byte[] wanted = hash.getBytes(StandardCharsets.US_ASCII);
    Optional<ApiKeyRecord> found = store.findByHash(hash);
    // The store matched on the hash already; compare again in constant time so a store that
    // matches loosely (case-insensitive collation, prefix index) can never let a near-miss through.
    // The miss path compares too, so unknown and known keys do the same work.
    byte[] stored = found.map(r -> r.keyHash().getBytes(StandardCharsets.US_ASCII)).orElse(NO_MATCH);
    boolean equal = MessageDigest.isEqual(stored, wanted);
    return equal ? found : Optional.empty();
  }

  /** Writes last-used at most once per interval; a failed write never fails the request. */
  private void recordUse(String hash, ApiKeyRecord row, Instant now) {
    Instant threshold = now.minus(settings.lastUsedInterval());
    if (row.lastUsedAt() != null && !row.lastUsedAt().isBefore(threshold)) {
      return; // recent enough: the common case costs no write
    }
    try {
      if (store.touchLastUsed(row.id(), now, threshold) && cache != null) {
        cache.updateRow(hash, row.withLastUsedAt(now));
      }
    } catch (StoreException e) {
      // Last-used is advisory; the lookup above succeeded, so the key is valid. Log without the key.
      LOG.warn("Could not record last use of API key {}", row.id(), e);
    }
  }

  private static Optional<ApiKeyRotation.Reason> rotationRefusal(ApiKeyRecord row, Instant now) {
    if (row.revoked()) {
      return Optional.of(ApiKeyRotation.Reason.REVOKED);
    }
    if (row.replacedBy() != null || row.graceUntil() != null) {
      return Optional.of(ApiKeyRotation.Reason.ALREADY_ROTATED);
    }
    if (row.expiresAt() != null && !now.isBefore(row.expiresAt())) {
      return Optional.of(ApiKeyRotation.Reason.EXPIRED);
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

  private static Permission permissionOf(ApiKeyRecord r) {
    return Permission.fromCode(r.permission()).orElseThrow(() -> new StoreException(
        "Corrupt API key row " + r.id() + ": unknown permission code"));
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

  private void invalidateCache() {
    if (cache != null) {
      cache.invalidateAll();
    }
  }

  private void emit(String type, String owner, String keyId) {
    try {
      events.emit(type, owner, keyId);
    } catch (StoreException e) {
      // The login history could not be written: that fails the call (the change stands), as
      // everywhere in Latchkey — see EventRecorder.
      throw e;
    } catch (RuntimeException e) {
      // A listener must never fail a key operation that already happened.
      LOG.warn("API key event sink failed on {}", type, e);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static Instant minusSaturated(Instant now, Duration d) {
    // A window longer than the epoch would underflow; anything before 1970 means "never stale".
    return d.compareTo(Duration.between(Instant.EPOCH, now)) >= 0 ? Instant.EPOCH : now.minus(d);
  }

  private static ApiKeyAuthentication rejected(Reason reason) {
    return new ApiKeyAuthentication.Rejected(reason);
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
    if (owner == null || owner.isEmpty() || owner.length() > MAX_OWNER_LENGTH) {
      throw new IllegalArgumentException("owner must be 1 to " + MAX_OWNER_LENGTH + " characters");
    }
  }
}
