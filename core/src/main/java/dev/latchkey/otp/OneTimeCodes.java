package dev.latchkey.otp;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.common.KeyRing;
import dev.latchkey.common.Secret;
import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.DeliveryResult;
import dev.latchkey.delivery.Destinations;
import dev.latchkey.delivery.Message;
import dev.latchkey.delivery.MessagePurpose;
import dev.latchkey.delivery.MessageSender;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.AccountIds;
import dev.latchkey.internal.Hashing;
import dev.latchkey.internal.KeyPurpose;
import dev.latchkey.internal.KeyRingAccess;
import dev.latchkey.internal.KeyedHasher;
import dev.latchkey.internal.Time;
import dev.latchkey.limits.AttemptDecision;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.AttemptPolicy;
import dev.latchkey.limits.Factor;
import dev.latchkey.metrics.LatchkeyMetrics;
import dev.latchkey.session.SensitiveAction;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionRenewal;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SecondFactorCheck;
import dev.latchkey.signin.SecondFactorVerifier;
import dev.latchkey.signin.SignInChallenge;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.signin.SignInService;
import dev.latchkey.spi.AttemptStore;
import dev.latchkey.spi.CodeFactorRecord;
import dev.latchkey.spi.OneTimeCodeRecord;
import dev.latchkey.spi.OneTimeCodeStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One-time codes sent by SMS or email as a second factor: enrol a phone number or an email address
 * by confirming a code sent to it, then receive a code at each sign-in.
 *
 * <h2>The flows</h2>
 * <ul>
 *   <li>Enrolment: {@link #beginEnrolment} sends a code to the new destination;
 *       {@link #confirmEnrolment} checks it and makes the destination the account's factor on
 *       that channel.
 *   <li>Sign-in: a password sign-in of an account with an enrolled destination answers
 *       {@link SignInResult.SecondFactorRequired}; {@link #sendSignInCode} sends a code for that
 *       challenge (again, after the cool-down, for "resend"), and {@link #completeSignIn} checks
 *       it through {@link SignInService#completeSecondFactor(String, SecondFactorVerifier, String,
 *       ClientInfo, String)}, so the challenge, session, login history and known devices work as
 *       for any second factor. TOTP and backup codes keep working on the same challenge.
 *   <li>Password reset: {@link dev.latchkey.recovery.PasswordResets#sendCode} sends a code bound to
 *       the reset link ({@link #sendPasswordResetCode}) and
 *       {@link dev.latchkey.recovery.PasswordResets#complete(String, CharSequence, String, Channel,
 *       dev.latchkey.password.PasswordContext, ClientInfo)} uses it up
 *       ({@link #consumePasswordResetCode}), for accounts whose second factor is SMS or email
 *       codes and which therefore have no backup codes.
 * </ul>
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>A code is 6 digits drawn uniformly by the injected {@link SecureRandom}, valid for
 *       {@link OneTimeCodeSettings#lifetime()} (10 minutes) by the injected {@link Clock}.
 *   <li>Only an HMAC-SHA-256 is stored, under a subkey of the {@link KeyRing}, over the code and
 *       what it is bound to (account, purpose, channel, destination, and for a sign-in the
 *       challenge's id): a code sent for one challenge never completes another, and an enrolment
 *       code confirms only the destination it was sent to.
 *   <li>Single use across threads and processes: acceptance is the store's atomic "consume if
 *       unused, unexpired and of this hash"; sending a new code replaces the previous one.
 *   <li>Every code checked is counted first by the {@link AttemptLimiter} as
 *       {@link Factor#ONE_TIME_CODE}, per account and per client address (five free failures, then
 *       doubling waits, a hard stop at 100): a locked attempt checks nothing and answers with a
 *       retry-after. With a million codes, 100 guesses win with probability 10⁻⁴.
 *   <li>Sending is limited before anything is sent (SMS costs money, and "SMS pumping" fraud asks
 *       for codes to premium numbers): a cool-down per account
 *       ({@link OneTimeCodeSettings#resendCooldown()}), and send limits per account, per
 *       destination (counted under a SHA-256 of it) and per client address
 *       ({@link OneTimeCodeSettings#sendWindow()}). Each refusal is a
 *       {@link CodeSendResult.RateLimited} with the limit and the wait. The counters live in the
 *       {@link AttemptStore}, so they hold across processes.
 *   <li>A host policy can forbid SMS for some accounts ({@link OneTimeCodeSettings.Builder#smsAllowed}).
 *   <li>The code never reaches a log or an exception message: it goes only into the
 *       {@link Message} handed to the {@link MessageSender} (guarded: a sender that throws is a
 *       {@link CodeSendResult.DeliveryFailed}, logged without its message).
 *   <li>Adding or removing a destination is a change of factor: the account's other sessions end
 *       and the current one is re-keyed; removing needs a recent authentication
 *       ({@link SensitiveAction#DISABLE_TWO_FACTOR}). Both are recorded in the login history.
 *   <li>Never throws for bad input from a person (codes, destinations, challenge tokens): it
 *       returns typed results. Only store failures surface, as
 *       {@link dev.latchkey.spi.StoreException}.
 * </ul>
 *
 * <p>Thread-safe and stateless beyond its stores.
 */
public final class OneTimeCodes {
  /** Digits per code: 6. */
  public static final int CODE_DIGITS = 6;
  private static final int CODE_SPACE = 1_000_000;
  /** Longer input is not a code, however it is spaced. */
  private static final int MAX_INPUT_LENGTH = 32;
  /** The start of a password-reset code's binding (a sign-in challenge id never has a colon). */
  private static final String RESET_BINDING_PREFIX = "password_reset:";

  private final OneTimeCodeStore store;
  private final MessageSender sender;
  private final KeyedHasher hasher;
  private final OneTimeCodeSettings settings;
  private final AttemptLimiter guesses;
  private final AttemptLimiter cooldown;
  private final AttemptLimiter accountSends;
  private final AttemptLimiter destinationSends;
  private final AttemptLimiter clientSends;
  private final SessionRegistry sessions;
  private final SignInService signIn;
  private final Clock clock;
  private final SecureRandom random;
  private final SecurityEventRecorder events;
  private final SecondFactorVerifier smsVerifier;
  private final KeyedHasher sendCounters;
  private final SecondFactorVerifier emailVerifier;

  private OneTimeCodes(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store");
    this.sender = MessageSender.guarded(Objects.requireNonNull(b.sender, "sender"));
    this.hasher = KeyRingAccess.of(Objects.requireNonNull(b.keyRing, "keyRing"))
        .keyedHasher(KeyPurpose.ONE_TIME_CODE_MAC);
    this.sendCounters = KeyRingAccess.of(b.keyRing).keyedHasher(KeyPurpose.SEND_COUNTER_MAC);
    this.settings = Objects.requireNonNull(b.settings, "settings");
    this.guesses = Objects.requireNonNull(b.limiter, "limiter");
    AttemptStore attempts = Objects.requireNonNull(b.attempts, "attempts");
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.cooldown = AttemptLimiter.withoutClientLimit(attempts, clock, settings.cooldownPolicy());
    this.accountSends = AttemptLimiter.withoutClientLimit(attempts, clock,
        settings.sendPolicy(settings.sendsPerAccount()));
    this.destinationSends = AttemptLimiter.withoutClientLimit(attempts, clock,
        settings.sendPolicy(settings.sendsPerDestination()));
    // Only its client counter is used: sends are counted per account by accountSends.
    this.clientSends = AttemptLimiter.create(attempts, clock, AttemptPolicy.perAccount(),
        settings.sendPolicy(settings.sendsPerClient()),
        Objects.requireNonNull(b.metrics, "metrics"));
    this.sessions = Objects.requireNonNull(b.sessions, "sessions");
    this.signIn = Objects.requireNonNull(b.signIn, "signIn");
    this.random = Objects.requireNonNull(b.random, "random");
    this.events = Objects.requireNonNull(b.events, "events");
    this.smsVerifier = new CodeVerifier(Channel.SMS);
    this.emailVerifier = new CodeVerifier(Channel.EMAIL);
  }

  /** Collects the collaborators; host apps get the service from {@code Latchkey.oneTimeCodes()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The settings in force. */
  public OneTimeCodeSettings settings() {
    return settings;
  }

  // ---- enrolment ----------------------------------------------------------------------------

  /**
   * Sends a code to a destination the holder of {@code session} wants to add as a second factor.
   * Nothing is enrolled until {@link #confirmEnrolment} gets the code back; a second call replaces
   * the first code (after the cool-down).
   *
   * @param destination an E.164 phone number for SMS (normalise what the person typed with a
   *     {@link dev.latchkey.delivery.PhoneNumberNormalizer} first) or an email address (normalised
   *     here with {@link Destinations#normalizeEmail})
   * @param locale the message's language, or {@code null} for the settings' default
   * @return {@link CodeSendResult.Sent}, {@link CodeSendResult.RateLimited},
   *     {@link CodeSendResult.Refused} ({@code INVALID_DESTINATION}, {@code CHANNEL_NOT_ALLOWED})
   *     or {@link CodeSendResult.DeliveryFailed}
   */
  public CodeSendResult beginEnrolment(ValidatedSession session, Channel channel,
      String destination, ClientInfo client, Locale locale) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(client, "client");
    Optional<String> canonical = canonical(channel, destination);
    if (canonical.isEmpty()) {
      return new CodeSendResult.Refused(CodeSendResult.Reason.INVALID_DESTINATION);
    }
    return send(session.accountId(), OneTimeCodeRecord.ENROLMENT, channel, canonical.get(), "",
        MessagePurpose.ENROLMENT_CODE, client, locale);
  }

  /**
   * Checks the enrolment code the account was sent; when it is right, the destination becomes the
   * account's factor on its channel (replacing the one it had there), the account's other
   * sessions end and this one is re-keyed.
   *
   * @return {@link CodeEnrolResult.Enrolled}, {@link CodeEnrolResult.Locked} (nothing checked) or
   *     {@link CodeEnrolResult.Rejected}
   */
  public CodeEnrolResult confirmEnrolment(ValidatedSession session, String code,
      ClientInfo client) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(client, "client");
    String accountId = session.accountId();
    String normalized = normalize(code);
    if (normalized == null) {
      return new CodeEnrolResult.Rejected(CodeEnrolResult.Reason.MALFORMED);
    }
    AttemptDecision attempt =
        guesses.tryAttempt(Factor.ONE_TIME_CODE, accountId, client.ipAddress());
    if (attempt instanceof AttemptDecision.Locked locked) {
      return new CodeEnrolResult.Locked(locked.retryAfter());
    }
    Optional<OneTimeCodeRecord> pending = store.find(accountId, OneTimeCodeRecord.ENROLMENT);
    if (pending.isEmpty()) {
      return new CodeEnrolResult.Rejected(CodeEnrolResult.Reason.NO_PENDING_CODE);
    }
    OneTimeCodeRecord p = pending.get();
    if (!consume(p, "", normalized)) {
      return new CodeEnrolResult.Rejected(CodeEnrolResult.Reason.INVALID);
    }
    guesses.succeeded((AttemptDecision.Permitted) attempt);
    Channel channel = Channel.fromCode(p.channel());
    store.putFactor(new CodeFactorRecord(accountId, p.channel(), p.destination(), now()));
    SessionRenewal renewal = sessions.afterFactorChange(session);
    events.record(SecurityEventType.CODE_FACTOR_ADDED, accountId, client, session.sessionId(),
        Map.of("channel", p.channel(), "destination", Destinations.mask(channel, p.destination()),
            "other_sessions_ended", String.valueOf(renewal.otherSessionsEnded())));
    return new CodeEnrolResult.Enrolled(channel, p.destination(), renewal);
  }

  /**
   * Removes the account's destination on {@code channel} for the holder of {@code session}, within
   * the {@link SensitiveAction#DISABLE_TWO_FACTOR} window of its last authentication; the other
   * sessions end and this one is re-keyed.
   *
   * @return {@link CodeFactorRemoveResult.Removed}, {@link CodeFactorRemoveResult.NotEnrolled} or
   *     {@link CodeFactorRemoveResult.ReauthenticationRequired} (nothing changed)
   */
  public CodeFactorRemoveResult remove(ValidatedSession session, Channel channel) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(channel, "channel");
    if (!sessions.isRecentlyAuthenticated(session, SensitiveAction.DISABLE_TWO_FACTOR)) {
      return new CodeFactorRemoveResult.ReauthenticationRequired();
    }
    if (!store.removeFactor(session.accountId(), channel.code())) {
      return new CodeFactorRemoveResult.NotEnrolled();
    }
    SessionRenewal renewal = sessions.afterFactorChange(session);
    events.record(SecurityEventType.CODE_FACTOR_REMOVED, session.accountId(), null,
        session.sessionId(), Map.of("channel", channel.code(),
            "other_sessions_ended", String.valueOf(renewal.otherSessionsEnded())));
    return new CodeFactorRemoveResult.Removed(renewal);
  }

  /**
   * The account's enrolled destinations, email before SMS.
   *
   * @return an empty list when it has none
   */
  public List<EnrolledDestination> destinations(String accountId) {
    AccountIds.require(accountId);
    List<EnrolledDestination> out = new ArrayList<>();
    for (CodeFactorRecord r : store.factors(accountId)) {
      Channel channel = Channel.fromCode(r.channel());
      out.add(new EnrolledDestination(channel, r.destination(), r.enrolledAt(),
          allowed(accountId, channel)));
    }
    return List.copyOf(out);
  }

  /** Whether the host's policy lets codes reach {@code accountId} by {@code channel}. */
  public boolean allowed(String accountId, Channel channel) {
    return channel != Channel.SMS || settings.smsAllowed(accountId);
  }

  // ---- sign-in ------------------------------------------------------------------------------

  /**
   * Sends a sign-in code for a live challenge to the account's destination on {@code channel}.
   * Call it again for "resend": the new code replaces the old one once the cool-down has passed.
   *
   * @param challenge the token from {@link SignInResult.SecondFactorRequired#challenge()}
   * @param locale the message's language, or {@code null} for the settings' default
   * @return {@link CodeSendResult.Sent}, {@link CodeSendResult.RateLimited},
   *     {@link CodeSendResult.Refused} ({@code INVALID_CHALLENGE}, {@code NOT_ENROLLED},
   *     {@code CHANNEL_NOT_ALLOWED}) or {@link CodeSendResult.DeliveryFailed}
   */
  public CodeSendResult sendSignInCode(String challenge, Channel channel, ClientInfo client,
      Locale locale) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(client, "client");
    Optional<SignInChallenge> found = signIn.findChallenge(challenge);
    if (found.isEmpty()) {
      return new CodeSendResult.Refused(CodeSendResult.Reason.INVALID_CHALLENGE);
    }
    SignInChallenge pending = found.get();
    Optional<CodeFactorRecord> factor = factor(pending.accountId(), channel);
    if (factor.isEmpty()) {
      return new CodeSendResult.Refused(CodeSendResult.Reason.NOT_ENROLLED);
    }
    return send(pending.accountId(), OneTimeCodeRecord.SIGN_IN, channel,
        factor.get().destination(), pending.id(), MessagePurpose.SIGN_IN_CODE, client, locale);
  }

  /**
   * Completes a sign-in with the code sent by {@link #sendSignInCode}: the sign-in flow finds the
   * challenge and counts the attempt against it, this service counts it per account and client
   * and consumes the code, and the flow creates the session.
   *
   * @param deviceToken the device cookie's value, or {@code null}
   * @return {@link SignInResult.SignedIn}, {@link SignInResult.Locked} or
   *     {@link SignInResult.Rejected}
   */
  public SignInResult completeSignIn(String challenge, Channel channel, String code,
      ClientInfo client, String deviceToken) {
    return signIn.completeSecondFactor(challenge, verifier(channel), code, client, deviceToken);
  }

  /**
   * The second-factor verifier for codes sent on {@code channel} ({@code method} {@code sms} or
   * {@code email} in the login history), for hosts that call
   * {@link SignInService#completeSecondFactor(String, SecondFactorVerifier, String, ClientInfo,
   * String)} themselves.
   */
  public SecondFactorVerifier verifier(Channel channel) {
    return Objects.requireNonNull(channel, "channel") == Channel.SMS ? smsVerifier : emailVerifier;
  }

  // ---- password reset ------------------------------------------------------------------------

  /**
   * Sends a code that completes a password reset to the account's destination on
   * {@code channel}. For {@link dev.latchkey.recovery.PasswordResets#sendCode}, which has checked
   * the reset link first; hosts call that, not this.
   *
   * <p>The code is kept in the account's {@link OneTimeCodeRecord#SIGN_IN} slot (no new storage:
   * a person resetting a forgotten password is not signing in), so sending one replaces a pending
   * sign-in code and shares its cool-down, send limits and lifetime. Its hash binds
   * {@code binding} (the reset link's token hash) instead of a challenge id: a reset code never
   * completes a sign-in, and a sign-in code never completes a reset.
   *
   * @param binding what the code is bound to: {@code "password_reset:"} and the link's hash
   * @return as {@link #sendSignInCode}, with {@code NOT_ENROLLED} when the account has no
   *     destination on {@code channel}
   */
  public CodeSendResult sendPasswordResetCode(String accountId, String binding, Channel channel,
      ClientInfo client, Locale locale) {
    AccountIds.require(accountId);
    requireResetBinding(binding);
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(client, "client");
    Optional<CodeFactorRecord> factor = factor(accountId, channel);
    if (factor.isEmpty()) {
      return new CodeSendResult.Refused(CodeSendResult.Reason.NOT_ENROLLED);
    }
    return send(accountId, OneTimeCodeRecord.SIGN_IN, channel, factor.get().destination(),
        binding, MessagePurpose.PASSWORD_RESET_CODE, client, locale);
  }

  /**
   * Checks and uses up a code sent by {@link #sendPasswordResetCode} for the same
   * {@code binding}: counted first as {@link Factor#ONE_TIME_CODE} per account and client (a
   * locked attempt checks nothing), then consumed by the store's atomic "consume if unused,
   * unexpired and of this hash".
   *
   * @return {@link SecondFactorCheck.Accepted} (the code is now used),
   *     {@link SecondFactorCheck.Locked} or {@link SecondFactorCheck.Rejected}
   *     ({@code malformed}, {@code no_code}, {@code invalid_code})
   */
  public SecondFactorCheck consumePasswordResetCode(String accountId, String binding,
      Channel channel, String code, ClientInfo client) {
    AccountIds.require(accountId);
    requireResetBinding(binding);
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(client, "client");
    String normalized = normalize(code);
    if (normalized == null) {
      return new SecondFactorCheck.Rejected("malformed");
    }
    AttemptDecision attempt =
        guesses.tryAttempt(Factor.ONE_TIME_CODE, accountId, client.ipAddress());
    if (attempt instanceof AttemptDecision.Locked locked) {
      return new SecondFactorCheck.Locked(locked.retryAfter());
    }
    Optional<OneTimeCodeRecord> pending = store.find(accountId, OneTimeCodeRecord.SIGN_IN);
    if (pending.isEmpty() || !pending.get().channel().equals(channel.code())) {
      return new SecondFactorCheck.Rejected("no_code");
    }
    if (!consume(pending.get(), binding, normalized)) {
      return new SecondFactorCheck.Rejected("invalid_code");
    }
    guesses.succeeded((AttemptDecision.Permitted) attempt);
    return new SecondFactorCheck.Accepted();
  }

  private static void requireResetBinding(String binding) {
    Objects.requireNonNull(binding, "binding");
    // Never a sign-in challenge id (those have no colon), so the two kinds of code stay apart.
    if (!binding.startsWith(RESET_BINDING_PREFIX)
        || binding.length() == RESET_BINDING_PREFIX.length()) {
      throw new IllegalArgumentException("Invalid binding; must be password_reset:<hash>");
    }
  }

  /**
   * Deletes codes that expired more than {@code retention} ago. Run it from a scheduled job.
   *
   * @return how many were deleted
   */
  public int purge(Duration retention) {
    Objects.requireNonNull(retention, "retention");
    return store.purge(now().minus(retention));
  }

  /** Checks sign-in codes for {@link SignInService}; see {@link #verifier}. */
  private final class CodeVerifier implements SecondFactorVerifier {
    private final Channel channel;

    CodeVerifier(Channel channel) {
      this.channel = channel;
    }

    @Override
    public String method() {
      return channel.code();
    }

    @Override
    public SecondFactorCheck verify(SignInChallenge challenge, String response,
        ClientInfo client) {
      String accountId = challenge.accountId();
      String normalized = normalize(response);
      if (normalized == null) {
        return new SecondFactorCheck.Rejected("malformed");
      }
      AttemptDecision attempt =
          guesses.tryAttempt(Factor.ONE_TIME_CODE, accountId, client.ipAddress());
      if (attempt instanceof AttemptDecision.Locked locked) {
        return new SecondFactorCheck.Locked(locked.retryAfter());
      }
      Optional<OneTimeCodeRecord> pending = store.find(accountId, OneTimeCodeRecord.SIGN_IN);
      if (pending.isEmpty() || !pending.get().channel().equals(channel.code())) {
        return new SecondFactorCheck.Rejected("no_code");
      }
      if (!consume(pending.get(), challenge.id(), normalized)) {
        return new SecondFactorCheck.Rejected("invalid_code");
      }
      guesses.succeeded((AttemptDecision.Permitted) attempt);
      return new SecondFactorCheck.Accepted();
    }

    @Override
    public String toString() {
      return "OneTimeCodes.verifier(" + channel.code() + ")";
    }
  }

  // ---- the shared machinery -------------------------------------------------------------------

  private CodeSendResult send(String accountId, String purpose, Channel channel,
      String destination, String binding, MessagePurpose messagePurpose, ClientInfo client,
      Locale locale) {
    if (!allowed(accountId, channel)) {
      return new CodeSendResult.Refused(CodeSendResult.Reason.CHANNEL_NOT_ALLOWED);
    }
    // Cheapest and most common refusal first, so a quick "resend" costs no send allowance.
    AttemptDecision d = cooldown.tryAttempt(Factor.CODE_RESEND, accountId + "/" + purpose, null);
    if (d instanceof AttemptDecision.Locked l) {
      return new CodeSendResult.RateLimited(CodeSendResult.Limit.COOL_DOWN, l.retryAfter());
    }
    d = accountSends.tryAttempt(Factor.CODE_SEND, accountId, null);
    if (d instanceof AttemptDecision.Locked l) {
      return new CodeSendResult.RateLimited(CodeSendResult.Limit.ACCOUNT, l.retryAfter());
    }
    // A keyed hash: the counter table never holds phone numbers or addresses, nor anything a
    // reader could reverse by trying every number.
    d = destinationSends.tryAttempt(Factor.CODE_SEND_DESTINATION, "destination:"
        + sendCounters.hex(sendCounters.primaryKeyId(), destination.getBytes(UTF_8)), null);
    if (d instanceof AttemptDecision.Locked l) {
      return new CodeSendResult.RateLimited(CodeSendResult.Limit.DESTINATION, l.retryAfter());
    }
    d = clientSends.tryAttempt(Factor.CODE_SEND, null, client.ipAddress());
    if (d instanceof AttemptDecision.Locked l) {
      return new CodeSendResult.RateLimited(CodeSendResult.Limit.CLIENT, l.retryAfter());
    }
    String code = draw();
    Instant now = now();
    Instant expiresAt = now.plus(settings.lifetime());
    String keyId = hasher.primaryKeyId();
    store.issue(new OneTimeCodeRecord(accountId, purpose, channel.code(), destination, keyId,
        hash(keyId, accountId, purpose, channel.code(), destination, binding, code), now,
        expiresAt, null));
    DeliveryResult delivered = sender.deliver(Message.of(channel, destination, messagePurpose,
        Secret.of(code), locale == null ? settings.defaultLocale() : locale));
    if (delivered instanceof DeliveryResult.Refused refused) {
      return new CodeSendResult.DeliveryFailed(refused.code());
    }
    return new CodeSendResult.Sent(channel, Destinations.mask(channel, destination), expiresAt,
        settings.resendCooldown());
  }

  /** Consumes the pending code if {@code code} is it; the hash binds everything it was sent for. */
  private boolean consume(OneTimeCodeRecord pending, String binding, String code) {
    Instant now = now();
    if (!pending.liveAt(now) || !hasher.keyIds().contains(pending.keyId())) {
      return false;
    }
    String hash = hash(pending.keyId(), pending.accountId(), pending.purpose(), pending.channel(),
        pending.destination(), binding, code);
    // The store matches the hash and flips consumed-at in one conditional step.
    return store.consume(pending.accountId(), pending.purpose(), hash, now);
  }

  private String hash(String keyId, String accountId, String purpose, String channel,
      String destination, String binding, String code) {
    // Unit separators: no field can contain one, so no two bindings share an input.
    String input = String.join("\u001f", accountId, purpose, channel, destination, binding, code);
    return hasher.hex(keyId, input.getBytes(StandardCharsets.UTF_8));
  }

  private String draw() {
    int n = random.nextInt(CODE_SPACE); // unbiased
    return String.format(Locale.ROOT, "%06d", n);
  }

  /**
   * Removes spaces, hyphens and tabs and checks for exactly {@value #CODE_DIGITS} ASCII digits.
   *
   * @return the canonical code, or {@code null} when {@code input} is not one
   */
  static String normalize(String input) {
    if (input == null || input.length() > MAX_INPUT_LENGTH) {
      return null;
    }
    StringBuilder out = new StringBuilder(CODE_DIGITS);
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c == ' ' || c == '-' || c == '\t' || c == '\u00a0') {
        continue;
      }
      if (c < '0' || c > '9' || out.length() == CODE_DIGITS) {
        return null;
      }
      out.append(c);
    }
    return out.length() == CODE_DIGITS ? out.toString() : null;
  }

  private static Optional<String> canonical(Channel channel, String destination) {
    if (channel == Channel.EMAIL) {
      return Destinations.normalizeEmail(destination);
    }
    return Destinations.isE164(destination) ? Optional.of(destination) : Optional.empty();
  }

  private Optional<CodeFactorRecord> factor(String accountId, Channel channel) {
    for (CodeFactorRecord r : store.factors(accountId)) {
      if (r.channel().equals(channel.code())) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private Instant now() {
    return Time.now(clock);
  }

  @Override
  public String toString() {
    return "OneTimeCodes[" + settings + "]";
  }

  /** Collects the collaborators of {@link OneTimeCodes}. */
  public static final class Builder {
    private OneTimeCodeStore store;
    private MessageSender sender;
    private KeyRing keyRing;
    private OneTimeCodeSettings settings = OneTimeCodeSettings.defaults();
    private AttemptLimiter limiter;
    private AttemptStore attempts;
    private SessionRegistry sessions;
    private SignInService signIn;
    private Clock clock;
    private SecureRandom random;
    private SecurityEventRecorder events;
    private LatchkeyMetrics metrics = LatchkeyMetrics.none();

    private Builder() {}

    /** Where codes and enrolled destinations live (required). */
    public Builder store(OneTimeCodeStore value) {
      this.store = value;
      return this;
    }

    /** Delivers the messages (required); guarded so it cannot throw. */
    public Builder sender(MessageSender value) {
      this.sender = value;
      return this;
    }

    /** The key ring whose subkey makes the codes' HMACs (required). */
    public Builder keyRing(KeyRing value) {
      this.keyRing = value;
      return this;
    }

    /** Lifetime, cool-down, send limits, SMS policy. */
    public Builder settings(OneTimeCodeSettings value) {
      this.settings = value;
      return this;
    }

    /**
     * The limiter that counts guessed codes per account and client (required: the one every
     * factor shares) and the store the send limits count in (required).
     */
    public Builder limits(AttemptLimiter limiter, AttemptStore attempts) {
      this.limiter = limiter;
      this.attempts = attempts;
      return this;
    }

    /** Ends and re-keys sessions on a change of factor, and knows recent authentication (required). */
    public Builder sessions(SessionRegistry value) {
      this.sessions = value;
      return this;
    }

    /** The sign-in flow whose challenges codes complete (required). */
    public Builder signIn(SignInService value) {
      this.signIn = value;
      return this;
    }

    /** The clock (required). */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** The source of codes (required). */
    public Builder random(SecureRandom value) {
      this.random = value;
      return this;
    }

    /** Records enrolments and removals (required). */
    public Builder events(SecurityEventRecorder value) {
      this.events = value;
      return this;
    }

    /** Where refused sends per client are reported (default none). */
    public Builder metrics(LatchkeyMetrics value) {
      this.metrics = value;
      return this;
    }

    /** Builds the service. @throws NullPointerException naming a missing collaborator */
    public OneTimeCodes build() {
      return new OneTimeCodes(this);
    }
  }
}
