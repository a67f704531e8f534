package dev.latchkey.recovery;

import dev.latchkey.limits.AttemptPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the links of {@link PasswordResets} and {@link EmailVerification} point, how long they
 * work, and how often they may be sent. The host gives the base URL of its pages; the paths have
 * defaults ({@code /reset-password}, {@code /verify-email}, {@code /confirm-email},
 * {@code /undo-email-change}, and {@code /} for the sign-in page a "someone tried to sign up"
 * notice points to). A link is the page's URL with {@code token=…} added to its query.
 *
 * <p>Immutable and thread-safe. {@link Builder#build()} rejects contradictory values.
 */
public final class RecoverySettings {
  /** How long a password-reset link works: 30 minutes. */
  public static final Duration DEFAULT_RESET_LIFETIME = Duration.ofMinutes(30);
  /** How long an email verification or change-confirmation link works: 24 hours. */
  public static final Duration DEFAULT_VERIFICATION_LIFETIME = Duration.ofHours(24);
  /** How long the link that undoes an email change works: 7 days. */
  public static final Duration DEFAULT_UNDO_LIFETIME = Duration.ofDays(7);
  /** Links per address before the window applies: 5. */
  public static final int DEFAULT_SENDS_PER_ADDRESS = 5;
  /** Links asked for per client address before the window applies: 20. */
  public static final int DEFAULT_SENDS_PER_CLIENT = 20;
  /** The send-limit window: 1 hour. */
  public static final Duration DEFAULT_SEND_WINDOW = Duration.ofHours(1);

  private final URI resetPage;
  private final URI verifyPage;
  private final URI confirmChangePage;
  private final URI undoChangePage;
  private final URI signInPage;
  private final Duration resetLifetime;
  private final Duration verificationLifetime;
  private final Duration undoLifetime;
  private final int sendsPerAddress;
  private final int sendsPerClient;
  private final Duration sendWindow;
  private final Locale defaultLocale;

  private RecoverySettings(Builder b) {
    this.resetPage = b.resetPage;
    this.verifyPage = b.verifyPage;
    this.confirmChangePage = b.confirmChangePage;
    this.undoChangePage = b.undoChangePage;
    this.signInPage = b.signInPage;
    this.resetLifetime = b.resetLifetime;
    this.verificationLifetime = b.verificationLifetime;
    this.undoLifetime = b.undoLifetime;
    this.sendsPerAddress = b.sendsPerAddress;
    this.sendsPerClient = b.sendsPerClient;
    this.sendWindow = b.sendWindow;
    this.defaultLocale = b.defaultLocale;
  }

  /**
   * A builder whose pages live under {@code baseUrl} ({@code https://app.example.com}, or with a
   * path prefix {@code https://example.com/app}).
   *
   * @throws IllegalArgumentException when it is not an absolute {@code http} or {@code https} URL
   *     without query or fragment
   */
  public static Builder builder(URI baseUrl) {
    return new Builder(requirePage("baseUrl", baseUrl));
  }

  /** The page a password-reset link opens. */
  public URI resetPage() {
    return resetPage;
  }

  /** The page an email verification link opens. */
  public URI verifyPage() {
    return verifyPage;
  }

  /** The page that confirms a new address. */
  public URI confirmChangePage() {
    return confirmChangePage;
  }

  /** The page that undoes an email change. */
  public URI undoChangePage() {
    return undoChangePage;
  }

  /** The sign-in page, linked from a "someone tried to sign up with your address" notice. */
  public URI signInPage() {
    return signInPage;
  }

  /** How long a password-reset link works. */
  public Duration resetLifetime() {
    return resetLifetime;
  }

  /** How long an email verification or change-confirmation link works. */
  public Duration verificationLifetime() {
    return verificationLifetime;
  }

  /** How long the undo link of an email change works. */
  public Duration undoLifetime() {
    return undoLifetime;
  }

  /** Links per address within {@link #sendWindow()}. */
  public int sendsPerAddress() {
    return sendsPerAddress;
  }

  /** Links asked for per client address within {@link #sendWindow()}. */
  public int sendsPerClient() {
    return sendsPerClient;
  }

  /** The send-limit window. */
  public Duration sendWindow() {
    return sendWindow;
  }

  /** The language of messages when the caller gives none. */
  public Locale defaultLocale() {
    return defaultLocale;
  }

  /** The send limit as the attempt limiter counts it: {@code sends} free, then the window. */
  AttemptPolicy sendPolicy(int sends) {
    return AttemptPolicy.builder().freeAttempts(sends).baseDelay(sendWindow).maxDelay(sendWindow)
        .forgetAfter(sendWindow).hardStop(Integer.MAX_VALUE).build();
  }

  /** {@code page} with {@code token} added to its query. */
  static String link(URI page, String token) {
    String s = page.toString();
    return s + (page.getRawQuery() == null ? "?" : "&") + "token=" + token;
  }

  @Override
  public String toString() {
    return "RecoverySettings[resetPage=" + resetPage + ", reset=" + resetLifetime
        + ", verification=" + verificationLifetime + ", undo=" + undoLifetime + ", sends="
        + sendsPerAddress + "/" + sendsPerClient + " per " + sendWindow + "]";
  }

  private static URI requirePage(String name, URI value) {
    Objects.requireNonNull(value, name);
    String scheme = value.getScheme();
    if (!value.isAbsolute() || value.getHost() == null || value.getRawFragment() != null
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
      throw new IllegalArgumentException("Invalid " + name + " " + value
          + "; must be an absolute http or https URL without a fragment");
    }
    return value;
  }

  /** Collects the settings; starts from the defaults. */
  public static final class Builder {
    private URI resetPage;
    private URI verifyPage;
    private URI confirmChangePage;
    private URI undoChangePage;
    private URI signInPage;
    private Duration resetLifetime = DEFAULT_RESET_LIFETIME;
    private Duration verificationLifetime = DEFAULT_VERIFICATION_LIFETIME;
    private Duration undoLifetime = DEFAULT_UNDO_LIFETIME;
    private int sendsPerAddress = DEFAULT_SENDS_PER_ADDRESS;
    private int sendsPerClient = DEFAULT_SENDS_PER_CLIENT;
    private Duration sendWindow = DEFAULT_SEND_WINDOW;
    private Locale defaultLocale = Locale.ENGLISH;

    private Builder(URI base) {
      if (base.getRawQuery() != null) {
        throw new IllegalArgumentException("Invalid baseUrl " + base + "; must have no query");
      }
      String root = base.toString().endsWith("/") ? base.toString() : base + "/";
      this.resetPage = URI.create(root + "reset-password");
      this.verifyPage = URI.create(root + "verify-email");
      this.confirmChangePage = URI.create(root + "confirm-email");
      this.undoChangePage = URI.create(root + "undo-email-change");
      this.signInPage = URI.create(root);
    }

    /** The page a password-reset link opens (default {@code <base>/reset-password}). */
    public Builder resetPage(URI value) {
      this.resetPage = requirePage("resetPage", value);
      return this;
    }

    /** The page an email verification link opens (default {@code <base>/verify-email}). */
    public Builder verifyPage(URI value) {
      this.verifyPage = requirePage("verifyPage", value);
      return this;
    }

    /** The page that confirms a new address (default {@code <base>/confirm-email}). */
    public Builder confirmChangePage(URI value) {
      this.confirmChangePage = requirePage("confirmChangePage", value);
      return this;
    }

    /** The page that undoes an email change (default {@code <base>/undo-email-change}). */
    public Builder undoChangePage(URI value) {
      this.undoChangePage = requirePage("undoChangePage", value);
      return this;
    }

    /** The sign-in page (default {@code <base>/}). */
    public Builder signInPage(URI value) {
      this.signInPage = requirePage("signInPage", value);
      return this;
    }

    /** How long a password-reset link works (5 minutes to 2 hours; default 30 minutes). */
    public Builder resetLifetime(Duration value) {
      this.resetLifetime = Objects.requireNonNull(value, "resetLifetime");
      return this;
    }

    /** How long verification and change-confirmation links work (10 minutes to 7 days). */
    public Builder verificationLifetime(Duration value) {
      this.verificationLifetime = Objects.requireNonNull(value, "verificationLifetime");
      return this;
    }

    /** How long an undo link works (1 to 30 days; default 7 days). */
    public Builder undoLifetime(Duration value) {
      this.undoLifetime = Objects.requireNonNull(value, "undoLifetime");
      return this;
    }

    /** Links per address and per client address within the window (1 to 1000 each). */
    public Builder sendLimits(int perAddress, int perClient) {
      this.sendsPerAddress = perAddress;
      this.sendsPerClient = perClient;
      return this;
    }

    /** The send-limit window (1 minute to 1 day). */
    public Builder sendWindow(Duration value) {
      this.sendWindow = Objects.requireNonNull(value, "sendWindow");
      return this;
    }

    /** The language of messages when the caller gives none (default English). */
    public Builder defaultLocale(Locale value) {
      this.defaultLocale = Objects.requireNonNull(value, "defaultLocale");
      return this;
    }

    /** Validates and builds. */
    public RecoverySettings build() {
      requireBetween("resetLifetime", resetLifetime, Duration.ofMinutes(5), Duration.ofHours(2));
      requireBetween("verificationLifetime", verificationLifetime, Duration.ofMinutes(10),
          Duration.ofDays(7));
      requireBetween("undoLifetime", undoLifetime, Duration.ofDays(1), Duration.ofDays(30));
      requireBetween("sendWindow", sendWindow, Duration.ofMinutes(1), Duration.ofDays(1));
      requireCount("sendsPerAddress", sendsPerAddress);
      requireCount("sendsPerClient", sendsPerClient);
      return new RecoverySettings(this);
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
