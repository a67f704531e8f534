package dev.latchkey.backup;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.common.KeyRing;
import dev.latchkey.events.SecurityEventListener;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.AccountIds;
import dev.latchkey.internal.KeyPurpose;
import dev.latchkey.internal.KeyRingAccess;
import dev.latchkey.internal.KeyedHasher;
import dev.latchkey.limits.AttemptDecision;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.Factor;
import dev.latchkey.internal.Time;
import dev.latchkey.session.SensitiveAction;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionRenewal;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.spi.BackupCodeRecord;
import dev.latchkey.spi.BackupCodeStore;
import dev.latchkey.spi.TotpCredential;
import dev.latchkey.spi.TotpStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Single-use backup codes: the way into an account whose authenticator app is lost.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>A code is 16 characters drawn uniformly by the injected {@link SecureRandom} from a
 *       31-character alphabet without look-alikes ({@code 0 o 1 l i}): 79 bits, far beyond guessing
 *       even without attempt limits.
 *   <li>Only an HMAC-SHA-256 of each code is stored, under a subkey of the {@link KeyRing} (which
 *       lives outside the database), beside the id of the key that made it; a stolen database alone
 *       reveals nothing, and a rotated ring still accepts codes hashed under an older key it holds.
 *   <li>Each code works once, across threads and processes: consumption is the store's atomic
 *       "mark used if unused". Regeneration replaces the whole set atomically, so old codes stop
 *       working the moment {@link #regenerate} returns.
 *   <li>A use is all or nothing: when its event cannot be stored, {@link #consume} gives the code
 *       back before it throws, and a caller whose next step fails (the sign-in flow, when the
 *       session cannot be stored) gives it back with {@link #restore} — the store's atomic "mark
 *       unused if still used at that instant", which can never revive a code used since or
 *       replaced.
 *   <li>Codes exist only while two-factor authentication is active.
 *   <li>{@link #consume} limits its own attempts: each well-formed code is counted by the
 *       {@link AttemptLimiter} as {@link Factor#BACKUP_CODE} per account and per client address
 *       <em>before</em> it is checked, and over the limit the call answers
 *       {@link BackupCodeVerification.Locked} with a retry-after, checking nothing. A right code
 *       clears the account's counter.
 *   <li>{@link #consume} never throws for any input string; it returns a typed result. Plaintext
 *       codes leave only in a {@link BackupCodeSet}, whose {@code toString} is redacted.
 *   <li>Regeneration is a change of factor: it signs the account's other sessions out and re-keys
 *       the current one ({@link SessionRegistry#afterFactorChange}), and a session may do it only
 *       within the {@link SensitiveAction#REGENERATE_BACKUP_CODES} window of its last
 *       authentication.
 *   <li>Every use and regeneration is recorded in the login history and reported to the
 *       {@link SecurityEventListener} after the change is stored.
 * </ul>
 *
 * <p>With 79-bit codes the attempt limit protects the server more than the codes; it also keeps a
 * stolen session from hammering an account's codes.
 *
 * <p>Thread-safe and stateless beyond its stores.
 */
public final class BackupCodes {
  /** At or below this many unused codes, prompt the user to regenerate: 3. */
  public static final int LOW_THRESHOLD = 3;

  /** Characters per code: 16 (79 bits). */
  static final int CODE_LENGTH = 16;
  /** No look-alikes: digits without 0 and 1, letters without i, l and o. */
  static final String ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
  /** Anything longer is not a code, however it is spaced; refuse before any work. */
  static final int MAX_INPUT_LENGTH = 64;

  private final BackupCodeStore store;
  private final TotpStore totpStore;
  private final KeyedHasher hasher;
  private final BackupCodeSettings settings;
  private final Clock clock;
  private final SecureRandom random;
  private final SecurityEventRecorder events;
  private final AttemptLimiter limiter;
  private final SessionRegistry sessions;

  private BackupCodes(BackupCodeStore store, TotpStore totpStore, KeyRing keyRing,
      BackupCodeSettings settings, AttemptLimiter limiter, SessionRegistry sessions, Clock clock,
      SecureRandom random, SecurityEventRecorder events) {
    this.store = Objects.requireNonNull(store, "store");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.totpStore = Objects.requireNonNull(totpStore, "totpStore");
    this.hasher = KeyRingAccess.of(keyRing).keyedHasher(KeyPurpose.BACKUP_CODE_MAC);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.events = Objects.requireNonNull(events, "events");
  }

  /**
   * Creates the service. Host apps normally get it from {@code Latchkey.backupCodes()}.
   *
   * @param store the codes; must share its storage with {@code totpStore}
   * @param totpStore the TOTP credentials, to tell "not enrolled" from "wrong code"
   * @param limiter counts every code checked, per account and per client
   * @param sessions ends the other sessions after a regeneration, and knows how recent a
   *     session's authentication must be
   * @param events records uses and regenerations under its failure policy (the change is stored
   *     first; a failing event store then fails the call)
   */
  public static BackupCodes create(BackupCodeStore store, TotpStore totpStore, KeyRing keyRing,
      BackupCodeSettings settings, AttemptLimiter limiter, SessionRegistry sessions, Clock clock,
      SecureRandom random, SecurityEventRecorder events) {
    return new BackupCodes(store, totpStore, keyRing, settings, limiter, sessions, clock, random,
        events);
  }

  /** The settings in force. */
  public BackupCodeSettings settings() {
    return settings;
  }

  /**
   * Verifies a code and, when it is an unused code of the account, marks it used (atomically, once).
   * Accepts any case, with or without dashes and spaces. The code is counted as a
   * {@link Factor#BACKUP_CODE} attempt first. Never throws for any {@code code}.
   *
   * @param client the request's client, for the per-client attempt counter
   * @return {@link BackupCodeVerification.Consumed}, {@link BackupCodeVerification.Locked}
   *     (nothing checked) or {@link BackupCodeVerification.Rejected}
   */
  public BackupCodeVerification consume(String accountId, String code, ClientInfo client) {
    requireAccountId(accountId);
    Objects.requireNonNull(client, "client");
    String normalized = normalize(code);
    if (normalized == null) {
      return new BackupCodeVerification.Rejected(BackupCodeVerification.Reason.MALFORMED);
    }
    AttemptDecision attempt =
        limiter.tryAttempt(Factor.BACKUP_CODE, accountId, client.ipAddress());
    if (attempt instanceof AttemptDecision.Locked locked) {
      return new BackupCodeVerification.Locked(locked.retryAfter());
    }
    BackupCodeVerification result = consumeCounted(accountId, normalized, client);
    if (result.isConsumed()) {
      limiter.succeeded((AttemptDecision.Permitted) attempt);
    }
    return result;
  }

  /**
   * Gives back a code that {@link #consume} spent, when what it was spent on could not be completed:
   * the sign-in flow calls it when the session cannot be stored, so the user does not lose a code
   * and get nothing for it. Atomic, and only while the code is still used at the instant that
   * consume marked it (a code of a set replaced since stays gone). Call it only when the action
   * did not take effect. A restored code is recorded in the login history
   * ({@link SecurityEventType#BACKUP_CODE_RESTORED}) on a best-effort basis.
   *
   * @return {@code true} when this call made the code usable again
   */
  public boolean restore(BackupCodeVerification.Consumed consumed) {
    Objects.requireNonNull(consumed, "consumed");
    if (!store.restore(consumed.accountId(), consumed.codeHash(), consumed.usedAt())) {
      return false;
    }
    events.recordBestEffort(SecurityEventType.BACKUP_CODE_RESTORED, consumed.accountId(), null,
        null, Map.of("remaining", String.valueOf(consumed.remaining() + 1)));
    return true;
  }

  private BackupCodeVerification consumeCounted(String accountId, String normalized,
      ClientInfo client) {
    Instant now = now();
    byte[] message = normalized.getBytes(StandardCharsets.US_ASCII);
    // Primary key first: after a rotation most sets are hashed under it.
    for (String keyId : hasher.keyIds()) {
      String hash = hasher.hex(keyId, message);
      if (store.consume(accountId, hash, now)) {
        try {
          int remaining = store.countRemaining(accountId);
          events.record(SecurityEventType.BACKUP_CODE_USED, accountId, client, null,
              Map.of("remaining", String.valueOf(remaining)));
          return new BackupCodeVerification.Consumed(accountId, remaining, hash, now);
        } catch (RuntimeException e) {
          // The use cannot be shown in the history: undo it, so the caller's failure costs no code.
          try {
            store.restore(accountId, hash, now);
          } catch (RuntimeException suppressed) {
            e.addSuppressed(suppressed);
          }
          throw e;
        }
      }
    }
    boolean enrolled = totpStore.findByAccount(accountId).map(TotpCredential::active).orElse(false);
    return new BackupCodeVerification.Rejected(enrolled
        ? BackupCodeVerification.Reason.INVALID
        : BackupCodeVerification.Reason.NOT_ENROLLED);
  }

  /**
   * Replaces the account's codes with a new set for the holder of {@code session}, atomically;
   * every old code stops working. Only while two-factor authentication is active, and only within
   * the {@link SensitiveAction#REGENERATE_BACKUP_CODES} window of the session's last
   * authentication: that recent proof is the only one asked. (To also ask for a current TOTP code,
   * call {@code TotpEnroller.regenerateBackupCodes}.) Then signs the account's other sessions out
   * and re-keys this one.
   *
   * @return {@link RegenerateResult.Regenerated},
   *     {@link RegenerateResult.ReauthenticationRequired} (nothing changed) or
   *     {@link RegenerateResult.NotEnabled}
   */
  public RegenerateResult regenerate(ValidatedSession session) {
    return regenerate(session, null);
  }

  /**
   * As {@link #regenerate(ValidatedSession)}, recording the client that asked in the login
   * history.
   *
   * @param client the request's client, or {@code null}
   */
  public RegenerateResult regenerate(ValidatedSession session, ClientInfo client) {
    Objects.requireNonNull(session, "session");
    if (!sessions.isRecentlyAuthenticated(session, SensitiveAction.REGENERATE_BACKUP_CODES)) {
      return new RegenerateResult.ReauthenticationRequired();
    }
    return replace(session.accountId(), session, client);
  }

  /**
   * Replaces the account's codes with a new set on the host's authority, atomically; every old code
   * stops working. Only while two-factor authentication is active. Asks for no proof: it is for
   * flows that proved the user some other way (a support process). It acts for no session, so it
   * signs every session of the account out. Where a signed-in user asks, call
   * {@link #regenerate(ValidatedSession)} or {@code TotpEnroller.regenerateBackupCodes}.
   */
  public RegenerateResult regenerate(String accountId) {
    requireAccountId(accountId);
    return replace(accountId, null, null);
  }

  private RegenerateResult replace(String accountId, ValidatedSession session,
      ClientInfo client) {
    Prepared prepared = prepare(accountId);
    if (!store.replaceAll(accountId, prepared.records())) {
      return new RegenerateResult.NotEnabled();
    }
    SessionRenewal renewal = session == null ? sessions.afterFactorChange(accountId)
        : sessions.afterFactorChange(session);
    events.record(SecurityEventType.BACKUP_CODES_REGENERATED, accountId, client,
        session == null ? null : session.sessionId(),
        Map.of("count", String.valueOf(prepared.codes().size()),
            "other_sessions_ended", String.valueOf(renewal.otherSessionsEnded())));
    return new RegenerateResult.Regenerated(prepared.codes(), renewal);
  }

  /**
   * How many unused codes the account has.
   *
   * @return 0 when it has none (including when two-factor authentication is off)
   */
  public int remaining(String accountId) {
    requireAccountId(accountId);
    return store.countRemaining(accountId);
  }

  /** Whether {@code remaining} codes are few enough ({@value #LOW_THRESHOLD} or fewer) to warn. */
  public static boolean isLow(int remaining) {
    return remaining <= LOW_THRESHOLD;
  }

  /**
   * Draws a new set for {@code accountId} without storing it, for a flow that stores it atomically
   * together with other state (TOTP activation stores it with {@code TotpStore.activate}). The
   * returned {@link Prepared} holds the plaintext codes: show them only once the write succeeded.
   */
  public Prepared prepare(String accountId) {
    requireAccountId(accountId);
    Instant now = now();
    String keyId = hasher.primaryKeyId();
    List<String> display = new ArrayList<>(settings.count());
    List<BackupCodeRecord> records = new ArrayList<>(settings.count());
    Set<String> hashes = new HashSet<>();
    while (records.size() < settings.count()) {
      String raw = draw();
      String hash = hasher.hex(keyId, raw.getBytes(StandardCharsets.US_ASCII));
      if (hashes.add(hash)) { // a repeat within a set needs a broken random source; skip it
        display.add(group(raw));
        records.add(new BackupCodeRecord(accountId, keyId, hash, now, null));
      }
    }
    return new Prepared(List.copyOf(records), new BackupCodeSet(display, now));
  }

  private String draw() {
    char[] c = new char[CODE_LENGTH];
    for (int i = 0; i < c.length; i++) {
      c[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length())); // nextInt is unbiased
    }
    return new String(c);
  }

  /** {@code 7kq3xm9p2bw4hr6t} → {@code 7kq3-xm9p-2bw4-hr6t}. */
  static String group(String raw) {
    StringBuilder out = new StringBuilder(raw.length() + raw.length() / 4);
    for (int i = 0; i < raw.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        out.append('-');
      }
      out.append(raw.charAt(i));
    }
    return out.toString();
  }

  /**
   * Removes dashes and whitespace, folds ASCII upper case, and checks the alphabet and length.
   *
   * @return the 16-character canonical form, or {@code null} when {@code input} is not a code
   */
  static String normalize(String input) {
    if (input == null || input.length() > MAX_INPUT_LENGTH) {
      return null;
    }
    StringBuilder out = new StringBuilder(CODE_LENGTH);
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c == '-' || c == ' ' || c == '\t' || c == '\u00a0') {
        continue;
      }
      // ASCII-only case folding: toLowerCase would turn U+212A KELVIN SIGN into 'k'.
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (ALPHABET.indexOf(c) < 0 || out.length() == CODE_LENGTH) {
        return null;
      }
      out.append(c);
    }
    return out.length() == CODE_LENGTH ? out.toString() : null;
  }

  private Instant now() {
    return Time.now(clock);
  }

  private static void requireAccountId(String accountId) {
    AccountIds.require(accountId);
  }

  /**
   * A drawn but not yet stored set: the rows to store and the plaintext to show after storing.
   * Only {@link BackupCodes#prepare} makes one.
   */
  public static final class Prepared {
    private final List<BackupCodeRecord> records;
    private final BackupCodeSet codes;

    private Prepared(List<BackupCodeRecord> records, BackupCodeSet codes) {
      this.records = records;
      this.codes = codes;
    }

    /** The rows to store: keyed hashes only. */
    public List<BackupCodeRecord> records() {
      return records;
    }

    /** The plaintext codes, to show once the rows are stored. */
    public BackupCodeSet codes() {
      return codes;
    }

    @Override
    public String toString() {
      return "Prepared[" + codes + "]";
    }
  }
}
