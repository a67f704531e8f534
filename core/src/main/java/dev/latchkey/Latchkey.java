package dev.latchkey;

import dev.latchkey.apikey.ApiKeyService;
import dev.latchkey.apikey.ApiKeySettings;
import dev.latchkey.password.PasswordHasher;
import dev.latchkey.password.PasswordHashingOptions;
import dev.latchkey.session.IpLocator;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionSettings;
import dev.latchkey.signin.SignInService;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.Stores;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

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
 * <p>Immutable and thread-safe.
 */
public final class Latchkey {
  private final Clock clock;
  private final SecureRandom random;
  private final PasswordHasher passwordHasher;
  private final SessionRegistry sessions;
  private final SignInService signIn;
  private final ApiKeyService apiKeys;

  private Latchkey(Builder b) {
    this.clock = b.clock;
    this.random = b.random;
    this.passwordHasher = PasswordHasher.create(b.passwordHashing, b.random);
    this.sessions = SessionRegistry.create(b.sessionStore, b.clock, b.random, b.sessionSettings,
        b.ipLocator);
    this.signIn = SignInService.create(b.credentialStore, passwordHasher, sessions, b.clock);
    this.apiKeys = ApiKeyService.create(b.apiKeyStore, b.clock, b.random, b.apiKeySettings);
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

  /** API keys: create, list, revoke, rotate, authenticate a Bearer header, authorize. */
  public ApiKeyService apiKeys() {
    return apiKeys;
  }

  /** The password hasher (Argon2id), for hosts that manage hashes themselves. */
  public PasswordHasher passwordHasher() {
    return passwordHasher;
  }

  /** The clock every service uses. */
  public Clock clock() {
    return clock;
  }

  /** The random source every service uses. */
  SecureRandom random() {
    return random;
  }

  /** Collects the stores and settings; {@link #build()} checks that nothing required is missing. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;
    private SessionStore sessionStore;
    private CredentialStore credentialStore;
    private ApiKeyStore apiKeyStore;
    private ApiKeySettings apiKeySettings = ApiKeySettings.defaults();
    private SessionSettings sessionSettings = SessionSettings.defaults();
    private PasswordHashingOptions passwordHashing = PasswordHashingOptions.defaults();
    private IpLocator ipLocator = IpLocator.none();

    private Builder() {}

    /** Sets every store from one bundle (in-memory, JDBC, or the host's own). */
    public Builder stores(Stores stores) {
      Objects.requireNonNull(stores, "stores");
      this.sessionStore = stores.sessions();
      this.credentialStore = stores.credentials();
      this.apiKeyStore = stores.apiKeys();
      return this;
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

    /** Session lifetimes. */
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
    public Builder passwordHashing(PasswordHashingOptions options) {
      this.passwordHashing = Objects.requireNonNull(options, "passwordHashing");
      return this;
    }

    /** Where approximate locations come from; the default knows none. */
    public Builder ipLocator(IpLocator locator) {
      this.ipLocator = Objects.requireNonNull(locator, "ipLocator");
      return this;
    }

    /**
     * Builds the services.
     *
     * @throws IllegalStateException naming the first missing store
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
      if (random == null) {
        random = new SecureRandom();
      }
      return new Latchkey(this);
    }
  }
}
