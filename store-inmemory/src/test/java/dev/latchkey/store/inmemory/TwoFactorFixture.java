package dev.latchkey.store.inmemory;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import dev.latchkey.Latchkey;
import dev.latchkey.backup.BackupCodeSet;
import dev.latchkey.backup.BackupCodeSettings;
import dev.latchkey.backup.BackupCodes;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.common.KeyRing;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.internal.Base32;
import dev.latchkey.limits.AttemptPolicy;
import dev.latchkey.session.Assurance;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.store.tck.MutableClock;
import dev.latchkey.totp.BeginResult;
import dev.latchkey.totp.ConfirmResult;
import dev.latchkey.totp.TotpEnroller;
import dev.latchkey.totp.TotpEnrollment;
import dev.latchkey.totp.TotpSettings;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link Latchkey} over in-memory stores with a hand-moved clock and a recording event listener,
 * for the service tests. Codes are computed here with java-otp directly, as an authenticator app
 * would, independent of the code under test.
 */
public final class TwoFactorFixture {
  /** A moment well away from step boundaries: 2026-01-01T10:00:05Z. */
  public static final Instant START = Instant.parse("2026-01-01T10:00:05Z");

  public final MutableClock clock = new MutableClock(START);
  public final InMemoryStores stores = InMemoryStores.create();
  public final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
  public final KeyRing keyRing;
  public final TotpSettings settings;
  public final Latchkey latchkey;
  private final java.util.Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();

  private TwoFactorFixture(KeyRing keyRing, TotpSettings settings, BackupCodeSettings backup) {
    this(keyRing, settings, backup, UnaryOperator.identity());
  }

  private TwoFactorFixture(KeyRing keyRing, TotpSettings settings, BackupCodeSettings backup,
      UnaryOperator<Latchkey.Builder> customize) {
    this.keyRing = keyRing;
    this.settings = settings;
    this.latchkey = customize.apply(Latchkey.builder().stores(stores).clock(clock)
        .random(new SecureRandom()).keyRing(keyRing).totpSettings(settings)
        .backupCodeSettings(backup).eventListener(events::add)).build();
  }

  /**
   * Default settings, with further builder calls (a two-factor requirement, a password policy, a
   * locator, another listener…) applied last.
   */
  public static TwoFactorFixture create(UnaryOperator<Latchkey.Builder> customize) {
    return new TwoFactorFixture(KeyRing.generate(new SecureRandom(), "k1"),
        TotpSettings.withIssuer("Latchkey Demo"), BackupCodeSettings.defaults(), customize);
  }

  /** Default settings, issuer "Latchkey Demo", a fresh one-key ring. */
  public static TwoFactorFixture create() {
    return create(TotpSettings.withIssuer("Latchkey Demo"));
  }

  /** Custom TOTP settings, a fresh one-key ring. */
  public static TwoFactorFixture create(TotpSettings settings) {
    return new TwoFactorFixture(KeyRing.generate(new SecureRandom(), "k1"), settings,
        BackupCodeSettings.defaults());
  }

  /** Everything custom. */
  public static TwoFactorFixture create(KeyRing ring, TotpSettings settings,
      BackupCodeSettings backup) {
    return new TwoFactorFixture(ring, settings, backup);
  }

  /**
   * Attempt policies that allow a thousand wrong codes before any wait, for tests about what a
   * code does (spent codes stay invalid, every old set is void) rather than how often one may be
   * tried: {@code create(TwoFactorFixture::manyAttempts)}.
   */
  public static Latchkey.Builder manyAttempts(Latchkey.Builder builder) {
    AttemptPolicy many = AttemptPolicy.builder().freeAttempts(1000).hardStop(1001).build();
    return builder.attemptPolicies(many, many);
  }

  /** Everything custom, with further builder calls applied last. */
  public static TwoFactorFixture create(KeyRing ring, TotpSettings settings,
      BackupCodeSettings backup, UnaryOperator<Latchkey.Builder> customize) {
    return new TwoFactorFixture(ring, settings, backup, customize);
  }

  public TotpEnroller totp() {
    return latchkey.totp();
  }

  public BackupCodes backupCodes() {
    return latchkey.backupCodes();
  }

  /** What an authenticator app shows for {@code base32Secret} at {@code at}. */
  public String appCode(String base32Secret, Instant at) {
    return appCode(Base32.decode(base32Secret), at);
  }

  /** What an authenticator app shows for the raw secret at {@code at}. */
  public String appCode(byte[] secret, Instant at) {
    String jca = switch (settings.algorithm()) {
      case SHA1 -> TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1;
      case SHA256 -> TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA256;
      case SHA512 -> TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA512;
    };
    try {
      TimeBasedOneTimePasswordGenerator g = new TimeBasedOneTimePasswordGenerator(
          settings.period(), settings.digits(), jca);
      String code = String.valueOf(g.generateOneTimePassword(new SecretKeySpec(secret, jca), at));
      return "0".repeat(settings.digits() - code.length()) + code;
    } catch (java.security.InvalidKeyException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A well-formed code that matches no step within three steps of now (so a test using it as
   * "wrong" can never hit a one-in-a-million collision).
   */
  public String wrongCodeNow(String base32Secret) {
    java.util.Set<String> near = new java.util.HashSet<>();
    for (int i = -3; i <= 3; i++) {
      near.add(appCode(base32Secret, clock.instant().plus(settings.period().multipliedBy(i))));
    }
    for (int candidate = 0; ; candidate++) {
      String code = String.format("%0" + settings.digits() + "d", candidate);
      if (!near.contains(code)) {
        return code;
      }
    }
  }

  /** The code for the current time. */
  public String appCodeNow(String base32Secret) {
    return appCode(base32Secret, clock.instant());
  }

  /**
   * A fresh session of {@code accountId}, signed in (so authenticated) just now, as the validated
   * proof services take.
   */
  public ValidatedSession session(String accountId) {
    return session(accountId, Assurance.SINGLE_FACTOR);
  }

  /** As {@link #session(String)}, with another assurance. */
  public ValidatedSession session(String accountId, Assurance assurance) {
    String token =
        latchkey.sessions().create(accountId, ClientInfo.unknown(), assurance).token().reveal();
    ValidatedSession s = validated(token);
    tokens.put(s.sessionId(), token);
    return s;
  }

  /**
   * Validates a session {@link #session(String)} made again, as the next request would (to see a
   * raised authentication time); its token must not have been re-keyed since.
   */
  public ValidatedSession revalidate(ValidatedSession s) {
    String token = tokens.get(s.sessionId());
    if (token == null) {
      throw new AssertionError("not a session of this fixture: " + s);
    }
    return validated(token);
  }

  /** The proof for a token that must validate. */
  public ValidatedSession validated(String token) {
    if (!(latchkey.sessions().validate(token) instanceof SessionValidation.Valid valid)) {
      throw new AssertionError("token does not validate");
    }
    return valid.session();
  }

  /** Begins enrolment and returns what the setup page shows. */
  public TotpEnrollment begin(String accountId) {
    BeginResult r = totp().begin(accountId, accountId + "@example.com");
    if (!(r instanceof BeginResult.Started started)) {
      throw new AssertionError("begin refused: " + r);
    }
    return started.enrollment();
  }

  /** An account with 2FA on: its secret (Base32) and its first backup codes. */
  public record Enabled(String secret, BackupCodeSet backupCodes) {}

  /**
   * Enrols and confirms {@code accountId} with a session of its own (which it then discards, so the
   * account is left with the sessions it had: none, unless the test made some, and those are
   * ended by the confirmation), then moves the clock one period on so the confirming step is in
   * the past.
   */
  public Enabled enable(String accountId) {
    String secret = begin(accountId).secret().reveal();
    ConfirmResult r = totp().confirm(session(accountId), appCodeNow(secret), ClientInfo.unknown());
    if (!(r instanceof ConfirmResult.Confirmed confirmed)) {
      throw new AssertionError("confirm refused: " + r);
    }
    // The enrolling session was only a means: leave no session behind (and record nothing).
    confirmed.sessions().newSession().ifPresent(latchkey.sessions()::discard);
    clock.advance(settings.period());
    return new Enabled(secret, confirmed.backupCodes());
  }
}
