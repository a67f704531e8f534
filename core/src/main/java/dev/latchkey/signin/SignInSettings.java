package dev.latchkey.signin;

import java.time.Duration;
import java.util.Objects;

/** Immutable settings of the sign-in flow; {@link #defaults()} or {@link #builder()}. */
public final class SignInSettings {
  /** How long a second-factor challenge lives: 5 minutes. */
  public static final Duration DEFAULT_CHALLENGE_LIFETIME = Duration.ofMinutes(5);
  /** Wrong codes one challenge tolerates before it is void: 5. */
  public static final int DEFAULT_CHALLENGE_MAX_FAILURES = 5;
  /**
   * How long a device token is recognised after the sign-in that issued it: 180 days. Each sign-in
   * from the device replaces it with a fresh one, so a device in use stays known.
   */
  public static final Duration DEFAULT_KNOWN_DEVICE_LIFETIME = Duration.ofDays(180);
  /** The longest device token lifetime: 400 days, the most browsers keep a cookie. */
  public static final Duration MAX_KNOWN_DEVICE_LIFETIME = Duration.ofDays(400);

  private static final SignInSettings DEFAULTS = builder().build();

  private final Duration challengeLifetime;
  private final int challengeMaxFailures;
  private final Duration knownDeviceLifetime;

  private SignInSettings(Builder b) {
    this.challengeLifetime = b.challengeLifetime;
    this.challengeMaxFailures = b.challengeMaxFailures;
    this.knownDeviceLifetime = b.knownDeviceLifetime;
  }

  /** The defaults. */
  public static SignInSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** How long a second-factor challenge lives. */
  public Duration challengeLifetime() {
    return challengeLifetime;
  }

  /** Wrong codes one challenge tolerates before it is void. */
  public int challengeMaxFailures() {
    return challengeMaxFailures;
  }

  /** How long a device token is recognised after the sign-in that issued it. */
  public Duration knownDeviceLifetime() {
    return knownDeviceLifetime;
  }

  @Override
  public String toString() {
    return "SignInSettings[challengeLifetime=" + challengeLifetime + ", challengeMaxFailures="
        + challengeMaxFailures + ", knownDeviceLifetime=" + knownDeviceLifetime + "]";
  }

  /** Builds {@link SignInSettings}. */
  public static final class Builder {
    private Duration challengeLifetime = DEFAULT_CHALLENGE_LIFETIME;
    private int challengeMaxFailures = DEFAULT_CHALLENGE_MAX_FAILURES;
    private Duration knownDeviceLifetime = DEFAULT_KNOWN_DEVICE_LIFETIME;

    private Builder() {}

    /** Challenge lifetime, 30 seconds to 15 minutes. */
    public Builder challengeLifetime(Duration value) {
      this.challengeLifetime = Objects.requireNonNull(value, "challengeLifetime");
      return this;
    }

    /** Wrong codes per challenge, 1 to 20. */
    public Builder challengeMaxFailures(int value) {
      this.challengeMaxFailures = value;
      return this;
    }

    /** Device token lifetime, 1 day to {@link #MAX_KNOWN_DEVICE_LIFETIME 400 days}. */
    public Builder knownDeviceLifetime(Duration value) {
      this.knownDeviceLifetime = Objects.requireNonNull(value, "knownDeviceLifetime");
      return this;
    }

    /** Validates and builds. */
    public SignInSettings build() {
      if (challengeLifetime.compareTo(Duration.ofSeconds(30)) < 0
          || challengeLifetime.compareTo(Duration.ofMinutes(15)) > 0) {
        throw new IllegalArgumentException("Invalid challengeLifetime " + challengeLifetime
            + "; must be between PT30S and PT15M");
      }
      if (challengeMaxFailures < 1 || challengeMaxFailures > 20) {
        throw new IllegalArgumentException("Invalid challengeMaxFailures " + challengeMaxFailures
            + "; must be between 1 and 20");
      }
      if (knownDeviceLifetime.compareTo(Duration.ofDays(1)) < 0
          || knownDeviceLifetime.compareTo(MAX_KNOWN_DEVICE_LIFETIME) > 0) {
        throw new IllegalArgumentException("Invalid knownDeviceLifetime " + knownDeviceLifetime
            + "; must be between P1D and " + MAX_KNOWN_DEVICE_LIFETIME);
      }
      return new SignInSettings(this);
    }
  }
}
