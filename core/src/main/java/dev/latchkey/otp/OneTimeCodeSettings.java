package dev.latchkey.otp;

import dev.latchkey.limits.AttemptPolicy;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Options of {@link OneTimeCodes}: code lifetime, resend cool-down, the send limits and which
 * accounts may use SMS. Immutable; {@link #defaults()} are the safe ones.
 *
 * <p>A send limit of {@code n} per {@code window} lets {@code n} codes go out at once, then one
 * per {@code window}, and starts again after a {@code window} without a send.
 */
public final class OneTimeCodeSettings {
  /** How long a code works: 10 minutes. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);
  /** The wait between two codes to one account: 60 seconds. */
  public static final Duration DEFAULT_RESEND_COOLDOWN = Duration.ofSeconds(60);
  /** Codes per account before the window applies: 5. */
  public static final int DEFAULT_SENDS_PER_ACCOUNT = 5;
  /** Codes per destination before the window applies: 5. */
  public static final int DEFAULT_SENDS_PER_DESTINATION = 5;
  /**
   * Codes asked for per client address before the window applies: 20 (an office or a carrier's
   * NAT is shared; SMS pumping comes from few addresses asking for many numbers).
   */
  public static final int DEFAULT_SENDS_PER_CLIENT = 20;
  /** The send-limit window: 1 hour. */
  public static final Duration DEFAULT_SEND_WINDOW = Duration.ofHours(1);

  private static final OneTimeCodeSettings DEFAULTS = builder().build();

  private final Duration lifetime;
  private final Duration resendCooldown;
  private final int sendsPerAccount;
  private final int sendsPerDestination;
  private final int sendsPerClient;
  private final Duration sendWindow;
  private final Predicate<String> smsAllowed;
  private final Locale defaultLocale;

  private OneTimeCodeSettings(Builder b) {
    this.lifetime = b.lifetime;
    this.resendCooldown = b.resendCooldown;
    this.sendsPerAccount = b.sendsPerAccount;
    this.sendsPerDestination = b.sendsPerDestination;
    this.sendsPerClient = b.sendsPerClient;
    this.sendWindow = b.sendWindow;
    this.smsAllowed = b.smsAllowed;
    this.defaultLocale = b.defaultLocale;
  }

  /** The defaults: 10-minute codes, 60 s cool-down, 5/5/20 sends per hour, SMS for everyone. */
  public static OneTimeCodeSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** How long a code works. */
  public Duration lifetime() {
    return lifetime;
  }

  /** The wait between two codes to one account. */
  public Duration resendCooldown() {
    return resendCooldown;
  }

  /** Codes per account before the window applies. */
  public int sendsPerAccount() {
    return sendsPerAccount;
  }

  /** Codes per destination before the window applies. */
  public int sendsPerDestination() {
    return sendsPerDestination;
  }

  /** Codes per client address before the window applies. */
  public int sendsPerClient() {
    return sendsPerClient;
  }

  /** The send-limit window. */
  public Duration sendWindow() {
    return sendWindow;
  }

  /** Whether the policy lets SMS codes reach {@code accountId}. */
  public boolean smsAllowed(String accountId) {
    return smsAllowed.test(accountId);
  }

  /** The language of a message when the caller gives none. */
  public Locale defaultLocale() {
    return defaultLocale;
  }

  /** The send limit as the attempt limiter counts it. */
  AttemptPolicy sendPolicy(int sends) {
    return AttemptPolicy.builder().freeAttempts(sends).baseDelay(sendWindow).maxDelay(sendWindow)
        .forgetAfter(sendWindow).hardStop(Integer.MAX_VALUE).build();
  }

  /** The cool-down as the attempt limiter counts it: one send, then a wait. */
  AttemptPolicy cooldownPolicy() {
    return AttemptPolicy.builder().freeAttempts(1).baseDelay(resendCooldown)
        .maxDelay(resendCooldown).forgetAfter(resendCooldown).hardStop(Integer.MAX_VALUE).build();
  }

  @Override
  public String toString() {
    return "OneTimeCodeSettings[lifetime=" + lifetime + ", resendCooldown=" + resendCooldown
        + ", sends=" + sendsPerAccount + "/" + sendsPerDestination + "/" + sendsPerClient
        + " per " + sendWindow + "]";
  }

  /** Builds {@link OneTimeCodeSettings}; {@link #build()} rejects contradictory values. */
  public static final class Builder {
    private Duration lifetime = DEFAULT_LIFETIME;
    private Duration resendCooldown = DEFAULT_RESEND_COOLDOWN;
    private int sendsPerAccount = DEFAULT_SENDS_PER_ACCOUNT;
    private int sendsPerDestination = DEFAULT_SENDS_PER_DESTINATION;
    private int sendsPerClient = DEFAULT_SENDS_PER_CLIENT;
    private Duration sendWindow = DEFAULT_SEND_WINDOW;
    private Predicate<String> smsAllowed = account -> true;
    private Locale defaultLocale = Locale.ENGLISH;

    private Builder() {}

    /** How long a code works (1 to 30 minutes). */
    public Builder lifetime(Duration value) {
      this.lifetime = Objects.requireNonNull(value, "lifetime");
      return this;
    }

    /** The wait between two codes to one account (1 second to 10 minutes). */
    public Builder resendCooldown(Duration value) {
      this.resendCooldown = Objects.requireNonNull(value, "resendCooldown");
      return this;
    }

    /** Codes per account, per destination and per client before the window (1 to 1000 each). */
    public Builder sendLimits(int perAccount, int perDestination, int perClient) {
      this.sendsPerAccount = perAccount;
      this.sendsPerDestination = perDestination;
      this.sendsPerClient = perClient;
      return this;
    }

    /** The send-limit window (1 minute to 1 day). */
    public Builder sendWindow(Duration value) {
      this.sendWindow = Objects.requireNonNull(value, "sendWindow");
      return this;
    }

    /**
     * Which accounts may use SMS codes (default: every account). The reference security pages
     * recommend an authenticator app over SMS because of SIM swapping: forbid SMS for accounts that
     * matter most (administrators). A refused account can neither enrol a phone nor get a code by
     * SMS; a phone it enrolled earlier still counts as a factor it owes at sign-in (so the policy
     * never weakens a sign-in) and is shown as not {@link EnrolledDestination#allowed()}. Called
     * with the account id; must be thread-safe and fast.
     */
    public Builder smsAllowed(Predicate<String> policy) {
      this.smsAllowed = Objects.requireNonNull(policy, "smsAllowed");
      return this;
    }

    /** The language of messages when the caller gives none (default English). */
    public Builder defaultLocale(Locale value) {
      this.defaultLocale = Objects.requireNonNull(value, "defaultLocale");
      return this;
    }

    /** Validates and builds. */
    public OneTimeCodeSettings build() {
      requireBetween("lifetime", lifetime, Duration.ofMinutes(1), Duration.ofMinutes(30));
      requireBetween("resendCooldown", resendCooldown, Duration.ofSeconds(1),
          Duration.ofMinutes(10));
      requireBetween("sendWindow", sendWindow, Duration.ofMinutes(1), Duration.ofDays(1));
      requireCount("sendsPerAccount", sendsPerAccount);
      requireCount("sendsPerDestination", sendsPerDestination);
      requireCount("sendsPerClient", sendsPerClient);
      return new OneTimeCodeSettings(this);
    }

    private static void requireBetween(String name, Duration value, Duration min, Duration max) {
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            "Invalid " + name + " " + value + "; must be between " + min + " and " + max);
      }
    }

    private static void requireCount(String name, int value) {
      if (value < 1 || value > 1000) {
        throw new IllegalArgumentException(
            "Invalid " + name + " " + value + "; must be between 1 and 1000");
      }
    }
  }
}
