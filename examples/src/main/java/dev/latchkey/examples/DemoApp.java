package dev.latchkey.examples;

import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.Latchkey;
import dev.latchkey.LatchkeyMaintenance;
import dev.latchkey.client.CsvIpLocator;
import dev.latchkey.client.IpLocator;
import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.delivery.MessageTexts;
import dev.latchkey.delivery.SecurityNotifications;
import dev.latchkey.delivery.sms.LibPhoneNumberNormalizer;
import dev.latchkey.http.CookieRules;
import dev.latchkey.micrometer.MicrometerMetrics;
import dev.latchkey.passkeys.PasskeySettings;
import dev.latchkey.passkeys.Passkeys;
import dev.latchkey.recovery.RecoverySettings;
import dev.latchkey.signin.TwoFactorRequirement;
import dev.latchkey.spi.Stores;
import dev.latchkey.store.jdbc.JdbcSchema;
import dev.latchkey.store.jdbc.JdbcStores;
import dev.latchkey.totp.TotpSettings;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.JavalinDefaultRouting;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Latchkey demo: a small web app with a "Settings → Security" page and a JSON API, written the
 * way a host application integrates Latchkey.
 *
 * <p>What the host owns here: its users table ({@link Accounts}), its HTTP layer (Javalin), its
 * cookies ({@link BrowserCookie}), its error format ({@link ApiFilters}), its metrics registry
 * ({@link MetricsRoutes}). What Latchkey owns: password verification, sessions, and everything
 * they store.
 *
 * <p>Run {@link #main} for the real thing; tests call {@link #start(DemoConfig)} with port 0.
 */
public final class DemoApp {
  private static final Logger LOG = LoggerFactory.getLogger(DemoApp.class);
  /** How often the demo purges what ended (LatchkeyMaintenance). */
  static final Duration MAINTENANCE_INTERVAL = Duration.ofMinutes(15);
  /** The issuer authenticator apps show next to the account. */
  static final String TOTP_ISSUER = "Latchkey Demo";

  private DemoApp() {}

  /** Starts the demo with configuration from the environment and {@code args}. */
  public static void main(String[] args) {
    DemoConfig config;
    try {
      config = DemoConfig.from(System.getenv(), args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Running running;
    try {
      running = start(config);
    } catch (DataDirLock.InUse e) {
      // Nothing went wrong here; someone only has to choose. One line, no stack trace.
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    } catch (RuntimeException e) {
      // Port taken, database unreachable…: one clear line, with the cause chain for the curious.
      LOG.error("Could not start the demo: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "latchkey-demo-shutdown"));
    System.out.println("Latchkey demo listening on http://localhost:" + running.port() + "/");
  }

  /**
   * Opens the database, builds Latchkey, and starts the web server. Returns once it accepts
   * connections.
   */
  public static Running start(DemoConfig config) {
    return start(config, router -> { });
  }

  /** As {@link #start(DemoConfig)}, with extra routes mounted after the app's own (tests). */
  static Running start(DemoConfig config, Consumer<JavalinDefaultRouting> extraRoutes) {
    return start(config, Clock.systemUTC(), extraRoutes);
  }

  /**
   * As {@link #start(DemoConfig, Consumer)} on another clock (tests move it to let a session's
   * authentication grow old without sleeping).
   */
  static Running start(DemoConfig config, Clock clock,
      Consumer<JavalinDefaultRouting> extraRoutes) {
    // First, so a second demo on the same folder stops with one sentence, before H2 complains.
    DataDirLock dirLock = Database.lockDataDir(config);
    HikariDataSource pool;
    try {
      pool = Database.open(config);
    } catch (RuntimeException | Error e) {
      Database.unlock(dirLock);
      // Something other than a demo (an H2 console, an old demo without the lock) has the file.
      if (config.embeddedDatabase() && Database.isInUse(e)) {
        throw new DataDirLock.InUse(config.dataDir());
      }
      throw e;
    }
    ScaleOutParts scale = null;
    ScheduledExecutorService maintenanceTimer = null;
    try {
      SecureRandom random = new SecureRandom();
      Accounts accounts = new Accounts(pool, clock, random);
      accounts.createTable();
      scale = ScaleOutParts.open(config, pool, clock);
      // Latchkey's timers and counters, scraped at GET /metrics.
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      // SMS and email go to an in-memory outbox shown at /dev/outbox; a real deployment passes an
      // SMTP and an SMS adapter (MessageSender.byChannel) here instead.
      DevOutbox outbox = DevOutbox.create(clock);
      // Links in emails carry the port, so it is chosen before Latchkey is built.
      int port = config.port() != 0 ? config.port() : freePort();
      Latchkey.Builder builder = Latchkey.builder()
          .stores(scale.stores(openStores(pool)))
          .keyRing(DemoKeys.load(config, random))
          .totpSettings(TotpSettings.withIssuer(TOTP_ISSUER))
          .ipLocator(ipLocator(config))
          .twoFactorRequirement(config.requireTwoFactor()
              ? TwoFactorRequirement.always() : TwoFactorRequirement.never())
          .clock(clock)
          .random(random)
          .metrics(MicrometerMetrics.of(meters))
          .messageSender(outbox)
          .recoverySettings(RecoverySettings.builder(URI.create(config.publicUrlFor(port))).build())
          // "New sign-in", "password changed", "2FA turned off"… to the account's email.
          .eventListener(SecurityNotifications.builder()
              .sender(outbox)
              .contacts(accountId -> accounts.findById(accountId).map(Accounts.Account::email))
              .build());
      scale.configure(builder);
      Latchkey latchkey = builder.build();

      ClientRequests requests = new ClientRequests(config.trustProxy());
      SessionCookie cookie = new SessionCookie(requests, clock);
      SessionAuth auth = new SessionAuth(latchkey.sessions(), cookie);
      ApiFilters filters = new ApiFilters(new RequestIds(random));
      BrowserCookie deviceCookie = new BrowserCookie(CookieRules.device(), requests, clock);
      AuthRoutes authRoutes =
          new AuthRoutes(latchkey, accounts, auth, cookie, deviceCookie, requests);
      SessionRoutes sessionRoutes =
          new SessionRoutes(latchkey.sessions(), auth, cookie, latchkey.signIn(), deviceCookie,
              requests);
      TwoFactorRoutes twoFactorRoutes =
          new TwoFactorRoutes(latchkey, accounts, auth, requests, cookie);
      PasswordRoutes passwordRoutes =
          new PasswordRoutes(latchkey, accounts, auth, requests, cookie);
      ReauthenticationRoutes reauthenticationRoutes =
          new ReauthenticationRoutes(latchkey, auth, requests);
      LoginHistoryRoutes loginHistoryRoutes = new LoginHistoryRoutes(latchkey, auth);
      ConnectedAccountRoutes connectedAccountRoutes =
          new ConnectedAccountRoutes(latchkey, accounts, auth, cookie, requests);
      PasskeyRoutes passkeyRoutes = new PasskeyRoutes(latchkey, accounts, auth, cookie,
          deviceCookie, authRoutes, requests, clock);
      ApiKeyRoutes apiKeyRoutes = new ApiKeyRoutes(latchkey.apiKeys(), auth, requests);
      ApiExampleRoutes apiExample = new ApiExampleRoutes(latchkey.apiKeys(), random, clock);
      MetricsRoutes metricsRoutes = new MetricsRoutes(meters);
      RecoveryRoutes recoveryRoutes = new RecoveryRoutes(latchkey, accounts, requests, cookie);
      EmailRoutes emailRoutes = new EmailRoutes(latchkey, accounts, auth, requests, cookie);
      if (config.emailVerification()) {
        authRoutes.verifyEmailsWith(emailRoutes);
      }
      CodeFactorRoutes codeFactorRoutes = new CodeFactorRoutes(latchkey, accounts, auth, requests,
          cookie, LibPhoneNumberNormalizer.create());
      DevOutboxRoutes outboxRoutes =
          new DevOutboxRoutes(outbox, MessageTexts.english(TOTP_ISSUER));

      Javalin app = Javalin.create(javalin -> {
        javalin.showJavalinBanner = false;
        javalin.jsonMapper(Json.javalinMapper());
        javalin.http.maxRequestSize = 64 * 1024; // JSON bodies here are tiny
        javalin.staticFiles.add(files -> {
          files.hostedPath = "/";
          files.directory = "/public";
          files.location = Location.CLASSPATH;
        });
        javalin.router.mount(router -> {
          filters.register(router);
          authRoutes.register(router);
          sessionRoutes.register(router);
          twoFactorRoutes.register(router);
          codeFactorRoutes.register(router);
          passwordRoutes.register(router);
          reauthenticationRoutes.register(router);
          loginHistoryRoutes.register(router);
          connectedAccountRoutes.register(router);
          passkeyRoutes.register(router);
          apiKeyRoutes.register(router);
          apiExample.register(router);
          metricsRoutes.register(router);
          recoveryRoutes.register(router);
          emailRoutes.register(router);
          outboxRoutes.register(router);
          extraRoutes.accept(router);
        });
      });
      try {
        app.start(port);
        // The WebAuthn origin carries the port, known only now (port 0 picks a free one).
        passkeyRoutes.use(Passkeys.builder().latchkey(latchkey)
            .settings(passkeySettings(config, app.port())).build());
      } catch (RuntimeException | Error e) {
        // Jetty may already be listening when a later start-up step fails; don't leave it behind.
        app.stop();
        throw e;
      }
      LOG.info("Using {}", Database.describe(config));
      // Purges of ended sessions, old counters, challenges, codes and events, in bounded batches.
      maintenanceTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "latchkey-maintenance");
        t.setDaemon(true);
        return t;
      });
      LatchkeyMaintenance.builder(latchkey).build()
          .schedule(maintenanceTimer, MAINTENANCE_INTERVAL);
      if (config.requireTwoFactor()) {
        LOG.info("Two-factor authentication is required of every account (LATCHKEY_REQUIRE_2FA)");
      }
      LOG.info("Scale-out: {}", scale);
      return new Running(app, pool, dirLock, scale, maintenanceTimer, outbox);
    } catch (RuntimeException | Error e) {
      if (maintenanceTimer != null) {
        maintenanceTimer.shutdownNow();
      }
      if (scale != null) {
        scale.close();
      }
      pool.close();
      Database.unlock(dirLock);
      throw e;
    }
  }

  /**
   * A port that was free a moment ago, for a start with port 0: the links in emails must name the
   * port before the server listens. Another process could take it in between; then the start
   * fails with "address in use", as any fixed port could.
   */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free port", e);
    }
  }

  /**
   * Latchkey's stores, on the same pool as the demo's own table. The demo has no migration tool, so
   * it lets {@link JdbcSchema} create or upgrade Latchkey's tables at every start (idempotent, and
   * safe when several instances start at once). An app with Flyway or Liquibase runs the schema
   * files shipped in the store-jdbc jar instead.
   */
  static Stores openStores(DataSource dataSource) {
    JdbcSchema.apply(dataSource);
    return JdbcStores.create(dataSource);
  }

  /**
   * Passkeys are bound to the RP id (the host name the page is served on) and accepted only from
   * the origins the browser reports for it; {@code build()} refuses an origin outside the RP id or
   * without HTTPS (plain HTTP only on localhost), naming it.
   */
  static PasskeySettings passkeySettings(DemoConfig config, int port) {
    return PasskeySettings.builder()
        .relyingParty(config.passkeyRpId(), TOTP_ISSUER)
        .origins(config.passkeyOriginsFor(port).toArray(String[]::new))
        .build();
  }

  /**
   * Where session locations come from: with {@code LATCHKEY_GEOIP_CSV} set, a DB-IP "IP to City
   * Lite" (or country lite) CSV, optionally gzipped, loaded once at start; otherwise none, and public
   * addresses show as "Unknown location" (loopback and private ones read as such either way).
   */
  static IpLocator ipLocator(DemoConfig config) {
    if (config.geoIpCsv() == null) {
      return IpLocator.none();
    }
    CsvIpLocator locator = CsvIpLocator.dbIpLite(config.geoIpCsv());
    LOG.info("Loaded IP locations: {}", locator);
    return locator;
  }

  /** A running demo: its port, and a way to stop it. */
  public static final class Running implements AutoCloseable {
    private final Javalin app;
    private final HikariDataSource pool;
    private final DataDirLock dirLock;
    private final ScaleOutParts scale;
    private final ScheduledExecutorService maintenanceTimer;
    private final DevOutbox outbox;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private Running(Javalin app, HikariDataSource pool, DataDirLock dirLock, ScaleOutParts scale,
        ScheduledExecutorService maintenanceTimer, DevOutbox outbox) {
      this.app = app;
      this.pool = pool;
      this.dirLock = dirLock;
      this.scale = scale;
      this.maintenanceTimer = maintenanceTimer;
      this.outbox = outbox;
    }

    /** The dev outbox every SMS and email of this demo goes to (what {@code /dev/outbox} shows). */
    public DevOutbox outbox() {
      return outbox;
    }

    /** The port the server is bound to (the real one when started with port 0). */
    public int port() {
      return app.port();
    }

    /**
     * Stops the web server and the maintenance timer, then closes Redis and the pool and frees the
     * data directory. Idempotent.
     */
    public void stop() {
      if (stopped.compareAndSet(false, true)) {
        try {
          maintenanceTimer.shutdownNow();
          app.stop();
        } finally {
          try {
            scale.close();
            pool.close();
          } finally {
            Database.unlock(dirLock);
          }
        }
      }
    }

    @Override
    public void close() {
      stop();
    }
  }
}
