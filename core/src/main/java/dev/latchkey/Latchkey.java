package dev.latchkey;

import dev.latchkey.common.KeyRing;
import dev.latchkey.apikey.ApiKeyService;
import dev.latchkey.apikey.ApiKeySettings;
import dev.latchkey.backup.BackupCodeSettings;
import dev.latchkey.backup.BackupCodes;
import dev.latchkey.connected.ConnectedAccounts;
import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.MessageSender;
import dev.latchkey.events.LoginHistory;
import dev.latchkey.events.SecurityEventListener;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.passkey.PasskeyRegistry;
import dev.latchkey.password.AccountPasswords;
import dev.latchkey.password.PasswordHasher;
import dev.latchkey.password.PasswordHashingSettings;
import dev.latchkey.password.PasswordPolicy;
import dev.latchkey.client.DeviceNamer;
import dev.latchkey.client.IpLocator;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionSettings;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.AttemptPolicy;
import dev.latchkey.metrics.LatchkeyMetrics;
import dev.latchkey.otp.EnrolledDestination;
import dev.latchkey.otp.OneTimeCodeSettings;
import dev.latchkey.otp.OneTimeCodes;
import dev.latchkey.signin.AccountFactor;
import dev.latchkey.signin.Reauthenticator;
import dev.latchkey.signin.SignInService;
import dev.latchkey.signin.SignInSettings;
import dev.latchkey.signin.TwoFactorRequirement;
import dev.latchkey.session.ValidationCacheSettings;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.spi.AttemptStore;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.BackupCodeStore;
import dev.latchkey.spi.ChallengeStore;
import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.KnownDeviceStore;
import dev.latchkey.spi.OneTimeCodeStore;
import dev.latchkey.spi.AccountTokenStore;
import dev.latchkey.recovery.AccountRecovery;
import dev.latchkey.recovery.EmailVerification;
import dev.latchkey.recovery.PasswordResets;
import dev.latchkey.recovery.RecoverySettings;
import dev.latchkey.spi.PasskeyStore;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.Stores;
import dev.latchkey.spi.TotpStore;
import dev.latchkey.totp.TotpEnroller;
import dev.latchkey.totp.TotpSettings;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The entry point: built once at start-up, it hands out thread-safe services that share one set of
 * stores, one {@link Clock} and one {@link SecureRandom}.
 *
 * <pre>{@code
 * Latchkey latchkey = Latchkey.builder()
 *     .stores(JdbcStores.create(dataSource))   // or InMemoryStores.create()
 *     .build();
 * SignInResult r = latchkey.signIn().signIn(accountId, password, new ClientInfo(ip, userAgent));
 * SessionValidation v = latchkey.sessions().validate(cookieValue);
 * ApiKeyAuthentication a = latchkey.apiKeys().authenticate(authorizationHeader);
 * }</pre>
 *
 * <p>Two-factor authentication ({@link #totp()}, {@link #backupCodes()}) is optional: it is on when
 * the builder is given a {@link KeyRing} and {@link TotpSettings}; {@link Builder#build()} then also
 * requires the two-factor stores. Without either, the other services work and asking for the
 * two-factor ones throws an {@link IllegalStateException} naming what is missing.
 *
 * <p>Security events (sign-ins, sign-outs, password, 2FA and API key changes) are recorded by every
 * service into the {@link SecurityEventStore} when the stores include one ({@link #loginHistory()}
 * reads them), and delivered to the {@link Builder#eventListener event listener} either way.
 *
 * <p>Timings and outcomes of the hot paths (session validation, API key authentication, sign-in,
 * password hashing and the wait for a hashing permit), refused attempts and API key cache lookups
 * are reported to the {@link Builder#metrics metrics hook}; by default nothing is.
 *
 * <p>Immutable and thread-safe.
 */
public final class Latchkey {
  private final Clock clock;
  private final PasswordHasher passwordHasher;
  private final SessionRegistry sessions;
  private final SignInService signIn;
  private final AttemptLimiter attemptLimiter;
  private final ApiKeyService apiKeys;
  private final BackupCodes backupCodes;
  private final TotpEnroller totp;
  private final ConnectedAccounts connectedAccounts;
  private final SecurityEventRecorder events;
  private final LoginHistory loginHistory;
  private final AccountPasswords passwords;
  private final Reauthenticator reauthenticator;
  private final LatchkeyMetrics metrics;
  private final PasskeyRegistry passkeys;
  private final OneTimeCodes oneTimeCodes;
  private final AccountRecovery recovery;
  private final OneTimeCodeStore oneTimeCodeStore;
  private final PasskeyStore passkeyStore;
  private final AccountTokenStore accountTokenStore;
  private final SecureRandom random;

  private Latchkey(Builder b) {
    this.clock = b.clock;
    this.metrics = b.metrics;
    this.random = b.random;
    this.events = b.securityEventStore == null
        ? SecurityEventRecorder.withoutHistory(b.eventListener, b.clock, b.random, b.deviceNamer,
            b.ipLocator)
        : SecurityEventRecorder.create(b.securityEventStore, b.eventListener, b.clock, b.random,
            b.deviceNamer, b.ipLocator);
    this.loginHistory = b.securityEventStore == null ? null
        : LoginHistory.create(b.securityEventStore, b.clock, b.loginHistoryRetention);
    this.passwordHasher = PasswordHasher.create(b.passwordHashing, b.random, b.metrics);
    this.sessions = SessionRegistry.using(b.sessionStore, b.clock, b.random, b.sessionSettings,
        b.deviceNamer, b.ipLocator, events, b.metrics, b.invalidationBus, b.validationCache);
    this.apiKeys = ApiKeyService.using(b.apiKeyStore, b.clock, b.random, b.apiKeySettings, events,
        b.sessionSettings.recentAuthentication(), b.metrics, b.invalidationBus,
        b.validationCache);
    this.attemptLimiter = AttemptLimiter.create(b.attemptStore, b.clock, b.accountAttemptPolicy,
        b.clientAttemptPolicy, b.metrics);
    if (b.twoFactorConfigured()) {
      this.backupCodes = BackupCodes.create(b.backupCodeStore, b.totpStore, b.keyRing,
          b.backupCodeSettings, attemptLimiter, sessions, b.clock, b.random, events);
      this.totp = TotpEnroller.create(b.totpStore, backupCodes, b.keyRing, b.totpSettings,
          attemptLimiter, sessions, b.clock, b.random, events);
    } else {
      this.backupCodes = null;
      this.totp = null;
    }
    boolean codes = b.oneTimeCodesConfigured();
    this.signIn = SignInService.builder().credentials(b.credentialStore).hasher(passwordHasher)
        .sessions(sessions).limits(attemptLimiter, b.attemptStore).twoFactor(totp, backupCodes)
        .challenges(b.challengeStore).random(b.random).knownDevices(b.knownDeviceStore)
        .passkeys(b.passkeyStore)
        // Fail closed: an account that enrolled a phone or address owes a second factor even when
        // the host has since removed its message sender (it then signs in with TOTP or a backup
        // code, never with the password alone).
        .oneTimeCodes(b.twoFactorConfigured() ? b.oneTimeCodeStore : null)
        .settings(b.signInSettings).clock(b.clock).events(events).passwordPolicy(b.passwordPolicy)
        .twoFactorRequirement(b.twoFactorRequirement).metrics(b.metrics).build();
    this.passwords = AccountPasswords.builder()
        .credentials(b.credentialStore).hasher(passwordHasher).policy(b.passwordPolicy)
        .limiter(attemptLimiter).sessions(sessions).events(events).clock(b.clock).build();
    this.connectedAccounts = b.connectedAccountStore == null ? null
        : b.passkeyStore == null
            ? ConnectedAccounts.create(b.connectedAccountStore, b.credentialStore, sessions,
                b.clock, events)
            : ConnectedAccounts.create(b.connectedAccountStore, b.credentialStore,
                b.passkeyStore, sessions, b.clock, events);
    this.passkeys = b.passkeyStore == null ? null
        : PasskeyRegistry.using(b.passkeyStore, b.credentialStore, b.connectedAccountStore,
            sessions, b.clock, events);
    this.oneTimeCodes = !codes ? null
        : OneTimeCodes.builder().store(b.oneTimeCodeStore).sender(b.messageSender)
            .keyRing(b.keyRing).settings(b.oneTimeCodeSettings)
            .limits(attemptLimiter, b.attemptStore).sessions(sessions).signIn(signIn)
            .clock(b.clock).random(b.random).events(events).metrics(b.metrics).build();
    this.recovery = !b.recoveryConfigured() ? null
        : AccountRecovery.builder().store(b.accountTokenStore).sender(b.messageSender)
            .settings(b.recoverySettings).limits(attemptLimiter, b.attemptStore)
            .passwords(b.credentialStore, passwordHasher, b.passwordPolicy).sessions(sessions)
            .signIn(signIn).twoFactor(totp, backupCodes).oneTimeCodes(oneTimeCodes)
            .events(events).keyRing(b.keyRing)
            .clock(b.clock).random(b.random).metrics(b.metrics).build();
    // For LatchkeyMaintenance: codes and passkey challenges are purged even when the service that
    // issues them is not configured (a sender removed since), so old rows never stay forever.
    this.oneTimeCodeStore = b.oneTimeCodeStore;
    this.passkeyStore = b.passkeyStore;
    this.accountTokenStore = b.accountTokenStore;
    this.reauthenticator = Reauthenticator.create(b.credentialStore, passwordHasher, sessions,
        attemptLimiter, totp, backupCodes, events);
  }

  /** A builder with safe defaults: system UTC clock, a new {@link SecureRandom}, default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** Active sessions: create, validate, list, revoke, rotate. */
  public SessionRegistry sessions() {
    return sessions;
  }

  /** Password sign-in and password setting. */
  public SignInService signIn() {
    return signIn;
  }

  /**
   * Brute-force protection, for host flows that check a guessable factor themselves (the current
   * password on a change, for example). Sign-in, TOTP and backup codes use it already.
   */
  public AttemptLimiter attemptLimiter() {
    return attemptLimiter;
  }

  /**
   * The account's login history: security events newest first, a page at a time; purging.
   *
   * @throws IllegalStateException when the stores have no {@link SecurityEventStore} (events then
   *     only reach the listener)
   */
  public LoginHistory loginHistory() {
    if (loginHistory == null) {
      throw new IllegalStateException("No security event store, so no login history: use stores"
          + " that provide securityEvents(), or call securityEventStore(...) on the builder");
    }
    return loginHistory;
  }

  /** Changing a password (current one required) and setting one on a provider-only account. */
  public AccountPasswords passwords() {
    return passwords;
  }

  /**
   * Re-authentication: the password, a TOTP code or a backup code again, for a session whose
   * sensitive action answered {@code ReauthenticationRequired} (see
   * {@link dev.latchkey.session.RecentAuthentication}). Codes need two-factor authentication
   * configured; without it they are always refused.
   */
  public Reauthenticator reauthenticator() {
    return reauthenticator;
  }

  /** API keys: create, list, revoke, rotate, authenticate a Bearer header, authorize. */
  public ApiKeyService apiKeys() {
    return apiKeys;
  }

  /** The password hasher (Argon2id), for hosts that manage hashes themselves. */
  public PasswordHasher passwordHasher() {
    return passwordHasher;
  }

  /**
   * Authenticator-app two-factor authentication: enrol, confirm, verify, disable.
   *
   * @throws IllegalStateException when two-factor authentication is not configured (no
   *     {@link Builder#keyRing key ring} and {@link Builder#totpSettings TOTP settings})
   */
  public TotpEnroller totp() {
    if (totp == null) {
      throw twoFactorNotConfigured();
    }
    return totp;
  }

  /**
   * Backup codes: consume, regenerate, count.
   *
   * @throws IllegalStateException when two-factor authentication is not configured
   */
  public BackupCodes backupCodes() {
    if (backupCodes == null) {
      throw twoFactorNotConfigured();
    }
    return backupCodes;
  }

  /**
   * Connected accounts: link, list and disconnect provider identities, and find the account an
   * identity opens.
   *
   * @throws IllegalStateException when there is no connected account store (the bundle given to
   *     {@link Builder#stores stores(...)} has none and
   *     {@link Builder#connectedAccountStore connectedAccountStore(...)} was not called)
   */
  public ConnectedAccounts connectedAccounts() {
    if (connectedAccounts == null) {
      throw new IllegalStateException("Connected accounts are not configured: no connected"
          + " account store; call stores(...) with a bundle that has one (InMemoryStores,"
          + " JdbcStores) or connectedAccountStore(...) on the builder");
    }
    return connectedAccounts;
  }

  /**
   * Passkeys: list, rename and remove an account's passkeys. The WebAuthn ceremonies (adding one,
   * signing in with one) are in the {@code latchkey-passkeys} module, built on this.
   *
   * @throws IllegalStateException when there is no passkey store (the bundle given to
   *     {@link Builder#stores stores(...)} has none and
   *     {@link Builder#passkeyStore passkeyStore(...)} was not called)
   */
  public PasskeyRegistry passkeys() {
    if (passkeys == null) {
      throw new IllegalStateException("Passkeys are not configured: no passkey store; call"
          + " stores(...) with a bundle that has one (InMemoryStores, JdbcStores) or"
          + " passkeyStore(...) on the builder");
    }
    return passkeys;
  }

  /**
   * SMS and email one-time codes as a second factor: enrol a phone number or an address, send a
   * sign-in code, complete the sign-in with it.
   *
   * @throws IllegalStateException when they are not configured: they need two-factor
   *     authentication (a key ring), a {@link Builder#messageSender message sender} and a
   *     one-time code store
   */
  public OneTimeCodes oneTimeCodes() {
    if (oneTimeCodes == null) {
      throw new IllegalStateException("One-time codes are not configured: they need keyRing(...)"
          + " and totpSettings(...), messageSender(...), and stores(...) with a one-time code"
          + " store (InMemoryStores, JdbcStores) or oneTimeCodeStore(...) on the builder");
    }
    return oneTimeCodes;
  }

  /**
   * "Forgot password": request a reset link by email, set a new password from it.
   *
   * @throws IllegalStateException when account recovery is not configured: it needs
   *     {@link Builder#recoverySettings recovery settings} (the base URL of the host's pages), a
   *     {@link Builder#messageSender message sender}, two-factor authentication (a key ring) and
   *     an account token store
   */
  public PasswordResets passwordResets() {
    return recovery().passwordResets();
  }

  /**
   * Email verification at sign-up, and change of email confirmed by the new address and undoable
   * from the old one.
   *
   * @throws IllegalStateException when account recovery is not configured (see
   *     {@link #passwordResets()})
   */
  public EmailVerification emailVerification() {
    return recovery().emailVerification();
  }

  private AccountRecovery recovery() {
    if (recovery == null) {
      throw new IllegalStateException("Account recovery is not configured: it needs"
          + " recoverySettings(...), messageSender(...), keyRing(...) and totpSettings(...), and"
          + " stores(...) with an account token store (InMemoryStores, JdbcStores) or"
          + " accountTokenStore(...) on the builder");
    }
    return recovery;
  }

  /**
   * The ways the account proves who it is, for a security page: which second factors it has (so
   * the page can recommend the authenticator app over SMS), whether it has a password and backup
   * codes left. Only factors that are configured are looked up.
   *
   * @throws IllegalArgumentException for an invalid account id
   */
  public Set<AccountFactor> factors(String accountId) {
    dev.latchkey.internal.AccountIds.require(accountId);
    Set<AccountFactor> out = EnumSet.noneOf(AccountFactor.class);
    if (signIn.hasPassword(accountId)) {
      out.add(AccountFactor.PASSWORD);
    }
    if (totp != null && totp.isEnabled(accountId)) {
      out.add(AccountFactor.TOTP);
    }
    if (backupCodes != null && backupCodes.remaining(accountId) > 0) {
      out.add(AccountFactor.BACKUP_CODES);
    }
    if (passkeys != null && passkeys.hasPasskeys(accountId)) {
      out.add(AccountFactor.PASSKEY);
    }
    if (oneTimeCodes != null) {
      for (EnrolledDestination d : oneTimeCodes.destinations(accountId)) {
        out.add(d.channel() == Channel.SMS ? AccountFactor.SMS : AccountFactor.EMAIL_CODE);
      }
    }
    return Set.copyOf(out);
  }

  /**
   * The {@link SecureRandom} every service draws from: for modules built on Latchkey (the
   * {@code latchkey-passkeys} module's challenges), so randomness still comes only from the one
   * the host injected, and a test that injects a seeded one reproduces them too.
   */
  public SecureRandom random() {
    return random;
  }

  private static IllegalStateException twoFactorNotConfigured() {
    return new IllegalStateException("Two-factor authentication is not configured: no key ring"
        + " and no TOTP settings; call keyRing(...) and totpSettings(...) on the builder");
  }

  /** The clock every service uses. */
  public Clock clock() {
    return clock;
  }

  /** The metrics hook every service reports to: for tests of the wiring. */
  LatchkeyMetrics metrics() {
    return metrics;
  }

  /** The login history, or {@code null} without an event store. */
  LoginHistory loginHistoryOrNull() {
    return loginHistory;
  }

  /** The one-time code store, or {@code null}. */
  OneTimeCodeStore oneTimeCodeStoreOrNull() {
    return oneTimeCodeStore;
  }

  /** The passkey store, or {@code null}. */
  PasskeyStore passkeyStoreOrNull() {
    return passkeyStore;
  }

  /** The store of password-reset and email links, or {@code null}. */
  AccountTokenStore accountTokenStoreOrNull() {
    return accountTokenStore;
  }

  /** Collects the stores and settings; {@link #build()} checks that nothing required is missing. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;
    private SessionStore sessionStore;
    private CredentialStore credentialStore;
    private ApiKeyStore apiKeyStore;
    private AttemptStore attemptStore;
    private AttemptPolicy accountAttemptPolicy = AttemptPolicy.perAccount();
    private AttemptPolicy clientAttemptPolicy = AttemptPolicy.perClient();
    private SignInSettings signInSettings = SignInSettings.defaults();
    private ApiKeySettings apiKeySettings = ApiKeySettings.defaults();
    private SessionSettings sessionSettings = SessionSettings.defaults();
    private PasswordHashingSettings passwordHashing = PasswordHashingSettings.defaults();
    private IpLocator ipLocator = IpLocator.none();
    private DeviceNamer deviceNamer = DeviceNamer.userAgentParser();
    private TotpStore totpStore;
    private BackupCodeStore backupCodeStore;
    private ChallengeStore challengeStore;
    private KeyRing keyRing;
    private TotpSettings totpSettings;
    private BackupCodeSettings backupCodeSettings = BackupCodeSettings.defaults();
    private SecurityEventListener eventListener = SecurityEventListener.none();
    private ConnectedAccountStore connectedAccountStore;
    private SecurityEventStore securityEventStore;
    private KnownDeviceStore knownDeviceStore;
    private PasskeyStore passkeyStore;
    private OneTimeCodeStore oneTimeCodeStore;
    private MessageSender messageSender;
    private OneTimeCodeSettings oneTimeCodeSettings = OneTimeCodeSettings.defaults();
    private AccountTokenStore accountTokenStore;
    private RecoverySettings recoverySettings;
    private Duration loginHistoryRetention = LoginHistory.DEFAULT_RETENTION;
    private PasswordPolicy passwordPolicy = PasswordPolicy.defaultPolicy();
    private TwoFactorRequirement twoFactorRequirement = TwoFactorRequirement.never();
    private boolean twoFactorRequirementSet;
    private LatchkeyMetrics metrics = LatchkeyMetrics.none();
    private InvalidationBus invalidationBus;
    private ValidationCacheSettings validationCache = ValidationCacheSettings.disabled();

    private Builder() {}

    /**
     * Where timings and outcomes are reported (default {@link LatchkeyMetrics#none()}, which
     * reports nothing and costs nothing): session validation, API key authentication, sign-in,
     * password hashing and verification, the wait for a hashing permit, attempts refused by a
     * lock, API key cache lookups. The {@code latchkey-micrometer} module provides one on a
     * Micrometer registry. A hook that throws is logged and ignored.
     */
    public Builder metrics(LatchkeyMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * Sets the bus on which every revocation, rotation and change of factor is published after the
     * store change (none by default), so that the validation caches of every process sharing the
     * stores drop what it ended. Give one to every process of a deployment that has a cache
     * anywhere: {@code PostgresInvalidationBus} or {@code PollingInvalidationBus} (latchkey-store-jdbc),
     * {@code RedisInvalidationBus} (latchkey-store-redis), or {@link InvalidationBus#local()} for a
     * single process. The host closes it when it shuts down.
     */
    public Builder invalidationBus(InvalidationBus bus) {
      this.invalidationBus = Objects.requireNonNull(bus, "bus");
      return this;
    }

    /**
     * Turns on the per-process cache of validated sessions and API keys (off by default); it
     * needs an {@link #invalidationBus}. See {@link ValidationCacheSettings} for what it
     * guarantees.
     */
    public Builder validationCache(ValidationCacheSettings settings) {
      this.validationCache = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Sets every store from one bundle (in-memory, JDBC, or the host's own). */
    public Builder stores(Stores stores) {
      Objects.requireNonNull(stores, "stores");
      this.sessionStore = stores.sessions();
      this.credentialStore = stores.credentials();
      this.apiKeyStore = stores.apiKeys();
      this.totpStore = ifSupported(stores::totp, totpStore);
      this.backupCodeStore = ifSupported(stores::backupCodes, backupCodeStore);
      this.challengeStore = ifSupported(stores::challenges, challengeStore);
      this.attemptStore = ifSupported(stores::attempts, attemptStore);
      this.connectedAccountStore =
          ifSupported(stores::connectedAccounts, connectedAccountStore);
      this.securityEventStore = ifSupported(stores::securityEvents, securityEventStore);
      this.knownDeviceStore = ifSupported(stores::knownDevices, knownDeviceStore);
      this.passkeyStore = ifSupported(stores::passkeys, passkeyStore);
      this.oneTimeCodeStore = ifSupported(stores::oneTimeCodes, oneTimeCodeStore);
      this.accountTokenStore = ifSupported(stores::accountTokens, accountTokenStore);
      return this;
    }

    /** Overrides the account token store (password-reset, verification and email-change links). */
    public Builder accountTokenStore(AccountTokenStore store) {
      this.accountTokenStore = Objects.requireNonNull(store, "accountTokenStore");
      return this;
    }

    /**
     * Turns on {@link Latchkey#passwordResets()} and {@link Latchkey#emailVerification()}: the base
     * URL of the host's pages the links open, link lifetimes and send limits. They also need a
     * {@link #messageSender message sender} (links go by email), two-factor authentication (its
     * key ring binds reset links to the password) and an account token store.
     */
    public Builder recoverySettings(RecoverySettings settings) {
      this.recoverySettings = Objects.requireNonNull(settings, "recoverySettings");
      return this;
    }

    private boolean recoveryConfigured() {
      return recoverySettings != null && messageSender != null && accountTokenStore != null
          && twoFactorConfigured();
    }

    /**
     * Overrides the one-time code store (SMS and email codes and the destinations enrolled for
     * them).
     */
    public Builder oneTimeCodeStore(OneTimeCodeStore store) {
      this.oneTimeCodeStore = Objects.requireNonNull(store, "oneTimeCodeStore");
      return this;
    }

    /**
     * Delivers SMS and email messages (one-time codes); turns on {@link Latchkey#oneTimeCodes()}
     * together with two-factor authentication and a one-time code store. Use an adapter module
     * ({@code latchkey-delivery-smtp}, {@code latchkey-delivery-sms}), your own implementation, or
     * in development {@link dev.latchkey.delivery.DevOutbox}. It is called through
     * {@link MessageSender#guarded}.
     */
    public Builder messageSender(MessageSender sender) {
      this.messageSender = Objects.requireNonNull(sender, "messageSender");
      return this;
    }

    /** Code lifetime, resend cool-down, send limits and which accounts may use SMS. */
    public Builder oneTimeCodeSettings(OneTimeCodeSettings settings) {
      this.oneTimeCodeSettings = Objects.requireNonNull(settings, "oneTimeCodeSettings");
      return this;
    }

    private boolean oneTimeCodesConfigured() {
      return messageSender != null && oneTimeCodeStore != null && twoFactorConfigured();
    }

    /**
     * Overrides the passkey store. With one, {@link Latchkey#passkeys()} works and an account with
     * a passkey owes it as a second factor after its password; it needs a challenge store.
     */
    public Builder passkeyStore(PasskeyStore store) {
      this.passkeyStore = Objects.requireNonNull(store, "passkeyStore");
      return this;
    }

    /**
     * Overrides the known device store. With one, sign-ins hand out device tokens, and a device
     * that shows one counts against an attempt allowance of its own (see
     * {@link SignInService}); without one, every client counts against the account's.
     */
    public Builder knownDeviceStore(KnownDeviceStore store) {
      this.knownDeviceStore = Objects.requireNonNull(store, "knownDeviceStore");
      return this;
    }

    /**
     * Overrides the security event store (login history). Without one, events still reach the
     * listener, but no history is kept and no sign-in is flagged as suspicious.
     */
    public Builder securityEventStore(SecurityEventStore store) {
      this.securityEventStore = Objects.requireNonNull(store, "securityEventStore");
      return this;
    }

    /**
     * How long {@link LoginHistory#purge()} keeps events (default
     * {@link LoginHistory#DEFAULT_RETENTION}, 1 day to 10 years). A device unused for longer than
     * this counts as new again for suspicious-sign-in detection.
     */
    public Builder loginHistoryRetention(Duration retention) {
      this.loginHistoryRetention = Objects.requireNonNull(retention, "loginHistoryRetention");
      return this;
    }

    /**
     * The policy for new passwords at sign-up ({@link SignInService#register}), change and set
     * (default {@link PasswordPolicy#defaultPolicy()}).
     */
    public Builder passwordPolicy(PasswordPolicy policy) {
      this.passwordPolicy = Objects.requireNonNull(policy, "passwordPolicy");
      return this;
    }

    /**
     * Which accounts must use two-factor authentication (default: none). Needs two-factor
     * authentication configured. Read {@link TwoFactorRequirement} first: enrollment-only sessions
     * validate, so every endpoint but enrolment must check
     * {@code ValidatedSession.isFullyAuthenticated()}.
     */
    public Builder twoFactorRequirement(TwoFactorRequirement requirement) {
      this.twoFactorRequirement = Objects.requireNonNull(requirement, "twoFactorRequirement");
      this.twoFactorRequirementSet = true;
      return this;
    }

    /** A bundle written before the two-factor stores existed throws; keep what we had. */
    private static <T> T ifSupported(Supplier<T> store, T fallback) {
      try {
        return Objects.requireNonNull(store.get(), "store");
      } catch (UnsupportedOperationException e) {
        return fallback;
      }
    }

    /** Overrides the TOTP store (it must share its storage with the backup code store). */
    public Builder totpStore(TotpStore store) {
      this.totpStore = Objects.requireNonNull(store, "totpStore");
      return this;
    }

    /** Overrides the backup code store (it must share its storage with the TOTP store). */
    public Builder backupCodeStore(BackupCodeStore store) {
      this.backupCodeStore = Objects.requireNonNull(store, "backupCodeStore");
      return this;
    }

    /**
     * Overrides the sign-in challenge store (where a sign-in waits for its second factor; needed
     * with two-factor authentication).
     */
    public Builder challengeStore(ChallengeStore store) {
      this.challengeStore = Objects.requireNonNull(store, "challengeStore");
      return this;
    }

    /** The master keys that encrypt TOTP secrets and key backup-code hashes; turns on 2FA. */
    public Builder keyRing(KeyRing keyRing) {
      this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
      return this;
    }

    /** Authenticator-app options, including the issuer name; turns on 2FA. */
    public Builder totpSettings(TotpSettings settings) {
      this.totpSettings = Objects.requireNonNull(settings, "totpSettings");
      return this;
    }

    /** How many backup codes a set has. */
    public Builder backupCodeSettings(BackupCodeSettings settings) {
      this.backupCodeSettings = Objects.requireNonNull(settings, "backupCodeSettings");
      return this;
    }

    /**
     * Receives every security event (sign-ins — flagged when suspicious —, sign-outs, password,
     * 2FA and API key changes) after it is stored. Exceptions it throws are logged and ignored.
     */
    public Builder eventListener(SecurityEventListener listener) {
      this.eventListener = Objects.requireNonNull(listener, "eventListener");
      return this;
    }

    private boolean twoFactorConfigured() {
      return keyRing != null || totpSettings != null;
    }

    /** Overrides the session store. */
    public Builder sessionStore(SessionStore store) {
      this.sessionStore = Objects.requireNonNull(store, "sessionStore");
      return this;
    }

    /** Overrides the credential store. */
    public Builder credentialStore(CredentialStore store) {
      this.credentialStore = Objects.requireNonNull(store, "credentialStore");
      return this;
    }

    /** Overrides the API key store. */
    public Builder apiKeyStore(ApiKeyStore store) {
      this.apiKeyStore = Objects.requireNonNull(store, "apiKeyStore");
      return this;
    }

    /** The source of every timestamp (tests pass a fixed or mutable clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The source of every random value. Defaults to {@code new SecureRandom()}. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Session lifetimes; how recent an authentication sensitive actions need
     * ({@link SessionSettings.Builder#recentAuthentication}, 10 minutes by default); and whether a
     * change of factor signs the account's other sessions out (it does unless
     * {@link SessionSettings.Builder#keepOtherSessionsOnFactorChange()}, which is weaker).
     */
    public Builder sessionSettings(SessionSettings settings) {
      this.sessionSettings = Objects.requireNonNull(settings, "sessionSettings");
      return this;
    }

    /** API key format, last-used interval, rotation grace bound and verification cache. */
    public Builder apiKeySettings(ApiKeySettings settings) {
      this.apiKeySettings = Objects.requireNonNull(settings, "apiKeySettings");
      return this;
    }

    /** Argon2id parameters, password length cap and hashing concurrency. */
    public Builder passwordHashing(PasswordHashingSettings options) {
      this.passwordHashing = Objects.requireNonNull(options, "passwordHashing");
      return this;
    }

    /** Where approximate locations come from; the default knows none. */
    public Builder ipLocator(IpLocator locator) {
      this.ipLocator = Objects.requireNonNull(locator, "ipLocator");
      return this;
    }

    /**
     * How devices are identified from User-Agents, for sessions and security events; the default
     * is {@link DeviceNamer#userAgentParser()}. Replace it to name the host's own apps.
     */
    public Builder deviceNamer(DeviceNamer namer) {
      this.deviceNamer = Objects.requireNonNull(namer, "deviceNamer");
      return this;
    }

    /** Sets or overrides the connected account store; without one, connected accounts are off. */
    public Builder connectedAccountStore(ConnectedAccountStore store) {
      this.connectedAccountStore = Objects.requireNonNull(store, "connectedAccountStore");
      return this;
    }

    /** Overrides the attempt-counter store. */
    public Builder attemptStore(AttemptStore store) {
      this.attemptStore = Objects.requireNonNull(store, "attemptStore");
      return this;
    }

    /**
     * Attempt limits per account and per client address (defaults:
     * {@link AttemptPolicy#perAccount()}, {@link AttemptPolicy#perClient()}).
     */
    public Builder attemptPolicies(AttemptPolicy perAccount, AttemptPolicy perClient) {
      this.accountAttemptPolicy = Objects.requireNonNull(perAccount, "perAccount");
      this.clientAttemptPolicy = Objects.requireNonNull(perClient, "perClient");
      return this;
    }

    /** Second-factor challenge lifetime and wrong-code allowance. */
    public Builder signInSettings(SignInSettings settings) {
      this.signInSettings = Objects.requireNonNull(settings, "signInSettings");
      return this;
    }

    /**
     * Builds the services.
     *
     * @throws IllegalStateException naming the first missing store, or — when a key ring or TOTP
     *     settings are given — the first missing piece of two-factor configuration
     */
    public Latchkey build() {
      if (sessionStore == null) {
        throw new IllegalStateException("No session store: call stores(...) or sessionStore(...)");
      }
      if (credentialStore == null) {
        throw new IllegalStateException(
            "No credential store: call stores(...) or credentialStore(...)");
      }
      if (apiKeyStore == null) {
        throw new IllegalStateException("No API key store: call stores(...) or apiKeyStore(...)");
      }
      if (attemptStore == null) {
        throw new IllegalStateException(
            "No attempt store: call stores(...) or attemptStore(...)");
      }
      if (twoFactorConfigured()) {
        if (keyRing == null) {
          throw new IllegalStateException("TOTP settings given but no key ring: call keyRing(...)"
              + " (KeyRing.parse(System.getenv(\"LATCHKEY_KEYS\")), for example)");
        }
        if (totpSettings == null) {
          throw new IllegalStateException("Key ring given but no TOTP settings: call"
              + " totpSettings(TotpSettings.withIssuer(\"Your App\"))");
        }
        if (totpStore == null) {
          throw new IllegalStateException("No TOTP store: call stores(...) or totpStore(...)");
        }
        if (backupCodeStore == null) {
          throw new IllegalStateException(
              "No backup code store: call stores(...) or backupCodeStore(...)");
        }
        if (challengeStore == null) {
          throw new IllegalStateException(
              "No sign-in challenge store: call stores(...) or challengeStore(...)");
        }
      }
      if (messageSender != null && !twoFactorConfigured()) {
        throw new IllegalStateException("A message sender is set but two-factor authentication"
            + " is not configured: one-time codes need keyRing(...) and totpSettings(...)");
      }
      if (messageSender != null && oneTimeCodeStore == null) {
        throw new IllegalStateException("A message sender is set but no one-time code store:"
            + " call stores(...) with a bundle that has one, or oneTimeCodeStore(...)");
      }
      if (recoverySettings != null && messageSender == null) {
        throw new IllegalStateException("Recovery settings are set but no message sender:"
            + " reset and verification links go by email; call messageSender(...)");
      }
      if (recoverySettings != null && accountTokenStore == null) {
        throw new IllegalStateException("Recovery settings are set but no account token store:"
            + " call stores(...) with a bundle that has one, or accountTokenStore(...)");
      }
      if (passkeyStore != null && challengeStore == null) {
        throw new IllegalStateException(
            "A passkey store is set but no sign-in challenge store: call stores(...) or"
            + " challengeStore(...)");
      }
      // Strict even with a passkey store: the bundles bring one whether or not the host wired the
      // passkeys module, and a requirement nobody can meet would lock every account into
      // enrolment-only sessions.
      if (twoFactorRequirementSet && !twoFactorConfigured()) {
        throw new IllegalStateException("A TwoFactorRequirement is set but two-factor"
            + " authentication is not configured: call keyRing(...) and totpSettings(...)");
      }
      if (passwordPolicy.maxLength() > passwordHashing.maxPasswordLength()) {
        throw new IllegalStateException("Invalid password policy maxLength "
            + passwordPolicy.maxLength() + "; must be at most the hasher's maxPasswordLength ("
            + passwordHashing.maxPasswordLength() + ")");
      }
      if (loginHistoryRetention.compareTo(LoginHistory.MIN_RETENTION) < 0
          || loginHistoryRetention.compareTo(LoginHistory.MAX_RETENTION) > 0) {
        throw new IllegalArgumentException("Invalid loginHistoryRetention " + loginHistoryRetention
            + "; must be between " + LoginHistory.MIN_RETENTION + " and "
            + LoginHistory.MAX_RETENTION);
      }
      if (validationCache.isEnabled() && invalidationBus == null) {
        throw new IllegalStateException("A validation cache is enabled but no invalidation bus is"
            + " set: call invalidationBus(...) (InvalidationBus.local() for a single process)");
      }
      if (random == null) {
        random = new SecureRandom();
      }
      return new Latchkey(this);
    }
  }
}
