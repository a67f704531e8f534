package dev.latchkey.session;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The "recent authentication" rule: how long after a sign-in (or a re-authentication) a session may
 * still do each {@link SensitiveAction}. After that the call answers a typed
 * {@code ReauthenticationRequired} and the user re-enters their password or a code
 * ({@code Latchkey.reauthenticator()}), which raises the session's
 * {@link ValidatedSession#authenticatedAt() authentication time}.
 *
 * <p>Every action's window is {@link #DEFAULT_WINDOW} (10 minutes) unless set otherwise:
 *
 * <pre>{@code
 * RecentAuthentication.builder()
 *     .window(Duration.ofMinutes(15))                                    // every action
 *     .window(SensitiveAction.DISABLE_TWO_FACTOR, Duration.ofMinutes(5)) // this one
 *     .build()
 * }</pre>
 *
 * <p>Immutable and thread-safe; given to {@link SessionSettings.Builder#recentAuthentication}.
 */
public final class RecentAuthentication {
  /** How recent the authentication must be unless configured otherwise: 10 minutes. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
  /** The longest window accepted: 24 hours. */
  public static final Duration MAX_WINDOW = Duration.ofHours(24);

  private static final RecentAuthentication DEFAULTS = builder().build();

  private final Map<SensitiveAction, Duration> windows;

  private RecentAuthentication(Map<SensitiveAction, Duration> windows) {
    this.windows = windows;
  }

  /** Every action within {@link #DEFAULT_WINDOW}. */
  public static RecentAuthentication defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** How long after its last authentication a session may do {@code action}. */
  public Duration window(SensitiveAction action) {
    return windows.get(Objects.requireNonNull(action, "action"));
  }

  /**
   * Whether the session authenticated recently enough for {@code action} at {@code now}: its
   * {@link ValidatedSession#authenticatedAt()} is at most {@link #window(SensitiveAction)} before
   * {@code now}.
   */
  public boolean isSatisfiedBy(ValidatedSession session, SensitiveAction action, Instant now) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(now, "now");
    return !now.isAfter(session.authenticatedAt().plus(window(action)));
  }

  @Override
  public String toString() {
    return "RecentAuthentication" + windows;
  }

  /** Builds {@link RecentAuthentication}; windows must be more than zero and at most 24 hours. */
  public static final class Builder {
    private final Map<SensitiveAction, Duration> windows = new EnumMap<>(SensitiveAction.class);

    private Builder() {
      window(DEFAULT_WINDOW);
    }

    /** Sets the window of every action (later calls for one action override it). */
    public Builder window(Duration window) {
      check(null, window);
      for (SensitiveAction a : SensitiveAction.values()) {
        windows.put(a, window);
      }
      return this;
    }

    /** Sets the window of one action. */
    public Builder window(SensitiveAction action, Duration window) {
      Objects.requireNonNull(action, "action");
      check(action, window);
      windows.put(action, window);
      return this;
    }

    /** Builds the rule. */
    public RecentAuthentication build() {
      return new RecentAuthentication(new EnumMap<>(windows));
    }

    private static void check(SensitiveAction action, Duration window) {
      Objects.requireNonNull(window, "window");
      if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
        throw new IllegalArgumentException("Invalid window " + window
            + (action == null ? "" : " for " + action.code())
            + "; must be more than zero and at most " + MAX_WINDOW);
      }
    }
  }
}
