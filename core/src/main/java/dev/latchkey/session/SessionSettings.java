package dev.latchkey.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable session lifetimes, and what happens to sessions around security changes. Built with
 * {@link #builder()}; {@link #defaults()} gives the values below, which follow OWASP's session
 * guidance for a web app handling account settings: a change of factor ends every other session of
 * the account and re-keys the current one, and sensitive actions need an authentication within the
 * last 10 minutes ({@link RecentAuthentication#defaults()}).
 */
public final class SessionSettings {
  /** A session unused this long is dead: 30 minutes. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
  /** A session is dead this long after creation, however active: 12 hours. */
  public static final Duration DEFAULT_ABSOLUTE_TIMEOUT = Duration.ofHours(12);
  /**
   * Last-active is written at most this often: 60 seconds. Validation is a read on every request;
   * writing on every request would turn it into a write-heavy hot path for no visible gain.
   */
  public static final Duration DEFAULT_TOUCH_INTERVAL = Duration.ofSeconds(60);

  private static final SessionSettings DEFAULTS = builder().build();

  private final Duration idleTimeout;
  private final Duration absoluteTimeout;
  private final Duration touchInterval;
  private final RecentAuthentication recentAuthentication;
  private final boolean endOtherSessionsOnFactorChange;

  private SessionSettings(Builder b) {
    this.idleTimeout = b.idleTimeout;
    this.absoluteTimeout = b.absoluteTimeout;
    this.touchInterval = b.touchInterval;
    this.recentAuthentication = b.recentAuthentication;
    this.endOtherSessionsOnFactorChange = b.endOtherSessionsOnFactorChange;
  }

  /** The default settings. */
  public static SessionSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** How long a session may go unused. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** How long a session may live at most. */
  public Duration absoluteTimeout() {
    return absoluteTimeout;
  }

  /** The minimum time between two last-active writes of one session. */
  public Duration touchInterval() {
    return touchInterval;
  }

  /** How recent a session's authentication must be for each {@link SensitiveAction}. */
  public RecentAuthentication recentAuthentication() {
    return recentAuthentication;
  }

  /**
   * Whether a change of factor signs the account's other sessions out (the default; {@code false}
   * only after {@link Builder#keepOtherSessionsOnFactorChange()}).
   */
  public boolean endsOtherSessionsOnFactorChange() {
    return endOtherSessionsOnFactorChange;
  }

  @Override
  public String toString() {
    return "SessionSettings[idle=" + idleTimeout + ", absolute=" + absoluteTimeout
        + ", touchInterval=" + touchInterval + ", " + recentAuthentication
        + ", endOtherSessionsOnFactorChange=" + endOtherSessionsOnFactorChange + "]";
  }

  /** Builds {@link SessionSettings}; {@link #build()} rejects contradictory values. */
  public static final class Builder {
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration absoluteTimeout = DEFAULT_ABSOLUTE_TIMEOUT;
    private Duration touchInterval = DEFAULT_TOUCH_INTERVAL;
    private RecentAuthentication recentAuthentication = RecentAuthentication.defaults();
    private boolean endOtherSessionsOnFactorChange = true;

    private Builder() {}

    /**
     * How recent a session's authentication must be for each sensitive action (default
     * {@link RecentAuthentication#defaults()}: 10 minutes for every action).
     */
    public Builder recentAuthentication(RecentAuthentication value) {
      this.recentAuthentication = Objects.requireNonNull(value, "recentAuthentication");
      return this;
    }

    /**
     * <strong>Weaker:</strong> leaves an account's other sessions signed in when one of its
     * factors changes (a password changed, set or reset; two-factor authentication switched on or
     * off; backup codes regenerated; a sign-in method linked or unlinked). By default they are
     * signed out, because the usual reason for such a change is that someone else may hold a
     * factor, or a session, they should not; with this call a stolen session survives the change
     * its victim makes to get rid of it. The current session is re-keyed either way.
     */
    public Builder keepOtherSessionsOnFactorChange() {
      this.endOtherSessionsOnFactorChange = false;
      return this;
    }

    /** Sets the idle timeout (1 second to the absolute timeout). */
    public Builder idleTimeout(Duration value) {
      this.idleTimeout = Objects.requireNonNull(value, "idleTimeout");
      return this;
    }

    /** Sets the absolute timeout (at least the idle timeout, at most 400 days). */
    public Builder absoluteTimeout(Duration value) {
      this.absoluteTimeout = Objects.requireNonNull(value, "absoluteTimeout");
      return this;
    }

    /** Sets the last-active write interval (zero to below the idle timeout). */
    public Builder touchInterval(Duration value) {
      this.touchInterval = Objects.requireNonNull(value, "touchInterval");
      return this;
    }

    /** Validates and builds. */
    public SessionSettings build() {
      if (idleTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(
            "Invalid idleTimeout " + idleTimeout + "; must be at least PT1S");
      }
      if (absoluteTimeout.compareTo(idleTimeout) < 0
          || absoluteTimeout.compareTo(Duration.ofDays(400)) > 0) {
        throw new IllegalArgumentException("Invalid absoluteTimeout " + absoluteTimeout
            + "; must be between idleTimeout (" + idleTimeout + ") and P400D");
      }
      if (touchInterval.isNegative() || touchInterval.compareTo(idleTimeout) >= 0) {
        throw new IllegalArgumentException("Invalid touchInterval " + touchInterval
            + "; must be zero or more and below idleTimeout (" + idleTimeout + ")");
      }
      return new SessionSettings(this);
    }
  }
}
