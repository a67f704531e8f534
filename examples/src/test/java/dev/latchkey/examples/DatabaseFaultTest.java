package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.examples.Browser.Response;
import dev.latchkey.common.KeyRing;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo under load while its database blinks: PostgreSQL restarted, stopped for seconds, its
 * connections killed; then the same with the hot state on Redis and Redis restarted and its
 * connections killed. Both on private servers ({@link PrivateServers}), never the shared ones.
 *
 * <p>Every answer a client gets goes into its ledger: what it was told it has (sessions, API keys,
 * accepted codes) and what it cannot know (a request answered 503 may or may not have taken
 * effect). Afterwards, without restarting the demo, the ledger is checked against the stores:
 * nothing the clients were told they have is lost, nothing exists twice or beyond what the
 * uncertain requests could have made, and no single-use value (backup code, TOTP step) was ever
 * accepted twice. During the outages every request must answer either as it would without one or
 * 503 {@code service_unavailable} in the demo's error shape: never a 500, never a stack trace, and
 * never a wrong security answer (a valid session or key refused, a fresh code rejected).
 *
 * <p>Required when {@code LATCHKEY_TEST_REQUIRE_DATABASES} names {@code postgresql} (and
 * {@code redis} for the Redis half), as in CI; skipped, saying why, otherwise.
 */
class DatabaseFaultTest {
  private static final String PASSWORD = "Correct-Horse-Battery-9";
  private static final int PG_PORT = 5544;
  private static final int REDIS_PORT = 6390;
  private static final int USERS = 4;
  private static final Duration PHASE = Duration.ofSeconds(4);
  private static final String RING =
      KeyRing.generate(new SecureRandom(), "faults").serialize();

  @TempDir
  Path tempDir;

  @Test
  void postgresqlRestartAndKilledConnectionsLoseNothing() {
    assumePrivateServers("postgresql", "pg_createcluster", "pg_ctlcluster", "pg_dropcluster");
    try (PrivateServers.Postgres pg = PrivateServers.Postgres.start(PG_PORT);
        DemoApp.Running app = DemoApp.start(DemoConfig.defaults().withPort(0)
            .withDataDir(tempDir.resolve("data")).withJdbcUrl(pg.jdbcUrl())
            .withTrustProxy(true).withKeys(RING))) {
      Load load = new Load(app.port());
      load.setUp();
      load.start();
      load.runFor(PHASE);
      pg.restart();
      load.runFor(PHASE);
      // A longer outage, so requests certainly meet a database that is not there.
      pg.stop();
      load.runFor(Duration.ofSeconds(3));
      pg.startAgain();
      load.runFor(PHASE);
      int killed = pg.terminateConnections();
      load.runFor(PHASE);
      load.stop();
      Report report = load.verify(pg);
      report.print("postgresql", "restart, stop 3 s + start, pg_terminate_backend of " + killed
          + " connections");
      report.assertClean();
    }
  }

  @Test
  void redisRestartAndKilledConnectionsLoseNothing() {
    assumePrivateServers("postgresql", "pg_createcluster", "pg_ctlcluster", "pg_dropcluster");
    assumePrivateServers("redis", "redis-server", "redis-cli");
    try (PrivateServers.Postgres pg = PrivateServers.Postgres.start(PG_PORT);
        PrivateServers.Redis redis = PrivateServers.Redis.start(REDIS_PORT, tempDir);
        DemoApp.Running app = DemoApp.start(DemoConfig.defaults().withPort(0)
            .withDataDir(tempDir.resolve("data")).withJdbcUrl(pg.jdbcUrl())
            .withRedisUrl(redis.url()).withTrustProxy(true).withKeys(RING))) {
      Load load = new Load(app.port());
      load.setUp();
      load.start();
      load.runFor(PHASE);
      redis.restart(Duration.ofSeconds(3));
      load.runFor(PHASE);
      int killed = redis.killClients();
      load.runFor(PHASE);
      load.stop();
      Report report = load.verify(pg);
      report.print("redis", "SHUTDOWN, 3 s down, start; CLIENT KILL of " + killed
          + " connections");
      report.assertClean();
    }
  }

  private static void assumePrivateServers(String service, String... commands) {
    Optional<String> why = PrivateServers.whyUnavailable(commands);
    if (why.isPresent()) {
      String message = "DatabaseFaultTest (" + service + "): " + why.get();
      if (PrivateServers.required(service)) {
        throw new AssertionError(message + "; required by " + PrivateServers.REQUIRE_ENV);
      }
      System.err.println("SKIPPED " + message);
      Assumptions.abort(message);
    }
  }

  /** What one virtual user was told. */
  static final class User {
    final String email = "fault-" + UUID.randomUUID() + "@example.com";
    final int port;
    final String ip;
    /** The setup browser. */
    final Browser browser;
    /** Presents one held session or key at a time. */
    final Browser checker;
    String accountId;
    String secret;
    final List<String> freshBackupCodes = new ArrayList<>();
    final Set<String> acceptedBackupCodes = new HashSet<>();
    int uncertainBackupCodes;
    final Set<Long> acceptedSteps = new HashSet<>();
    final Set<Long> uncertainSteps = new HashSet<>();
    final List<String> sessions = new ArrayList<>();
    int signIns;
    int uncertainSignIns;
    final List<String> keys = new ArrayList<>();
    int uncertainKeys;
    int replays;

    User(int port, int n) {
      this.port = port;
      this.ip = "198.51.100." + (n + 10);
      browser = new Browser(port, Browser.CHROME_ON_MAC).from(ip);
      checker = new Browser(port, Browser.CHROME_ON_MAC).from(ip);
    }

    /**
     * A browser without cookies for each sign-in: signing in where a session cookie is present
     * ends that session (the demo's rule), which would take a held session from the ledger.
     */
    Browser freshBrowser() {
      return new Browser(port, Browser.CHROME_ON_MAC).from(ip);
    }
  }

  /** The counts the test reports, and every unexpected answer. */
  static final class Report {
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger ok = new AtomicInteger();
    final AtomicInteger unavailable = new AtomicInteger();
    final AtomicInteger refusedAsExpected = new AtomicInteger();
    final List<String> otherErrors = new CopyOnWriteArrayList<>();
    final List<String> wrongAnswers = new CopyOnWriteArrayList<>();
    final List<String> lost = new ArrayList<>();
    final List<String> duplicated = new ArrayList<>();
    final List<String> acceptedTwice = new CopyOnWriteArrayList<>();
    Duration verifiedAfter;

    void print(String scenario, String faults) {
      System.out.printf("FAULTS %s (%s): requests sent=%d, ok=%d, answered 503=%d,"
          + " refused as expected=%d, other errors=%d, wrong answers=%d, lost=%d,"
          + " duplicated=%d, single-use accepted twice=%d; recovered and verified in %d ms%n",
          scenario, faults, sent.get(), ok.get(), unavailable.get(), refusedAsExpected.get(),
          otherErrors.size(), wrongAnswers.size(), lost.size(), duplicated.size(),
          acceptedTwice.size(), verifiedAfter.toMillis());
    }

    void assertClean() {
      assertThat(otherErrors).as("answers that are neither the normal one nor 503").isEmpty();
      assertThat(wrongAnswers).as("security answers an outage turned wrong").isEmpty();
      assertThat(lost).as("what clients were told they have but the stores lost").isEmpty();
      assertThat(duplicated).as("what exists more often than the clients could have made")
          .isEmpty();
      assertThat(acceptedTwice).as("single-use values accepted twice").isEmpty();
      assertThat(unavailable.get()).as("requests answered 503 during the outages").isPositive();
    }
  }

  /** The virtual users, their load threads, and the checks at the end. */
  static final class Load {
    final int port;
    final List<User> users = new ArrayList<>();
    final Report report = new Report();
    final AtomicBoolean running = new AtomicBoolean();
    final Map<String, Integer> statusCounts = new ConcurrentHashMap<>();
    ExecutorService threads;
    final List<Future<?>> futures = new ArrayList<>();

    Load(int port) {
      this.port = port;
    }

    /** Before any fault: each user signs up, turns on 2FA and creates an API key. */
    void setUp() {
      for (int n = 0; n < USERS; n++) {
        User u = new User(port, n);
        Response signUp = u.browser.signUp(u.email, PASSWORD);
        assertThat(signUp.status()).as(signUp.text()).isEqualTo(201);
        u.accountId = signUp.json().get("account_id").asText();
        Response logIn = u.browser.logIn(u.email, PASSWORD);
        assertThat(logIn.status()).as(logIn.text()).isEqualTo(200);
        u.signIns++;
        u.secret = u.browser.post("/api/security/2fa/setup", Map.of()).json().get("secret")
            .asText();
        long step = Instant.now().getEpochSecond() / 30;
        Response confirm = u.browser.post("/api/security/2fa/confirm",
            Map.of("code", totpAt(u.secret, step)));
        assertThat(confirm.status()).as(confirm.text()).isEqualTo(200);
        u.acceptedSteps.add(step);
        confirm.json().get("backup_codes").forEach(c -> u.freshBackupCodes.add(c.asText()));
        // Confirming re-keys this session: the new cookie is the one the user holds.
        u.sessions.add(u.browser.sessionCookie().orElseThrow());
        Response key = u.browser.post("/api/api-keys",
            Map.of("name", "setup", "permission", "read_only"));
        assertThat(key.status()).as(key.text()).isEqualTo(201);
        u.keys.add(key.json().get("key").asText());
        users.add(u);
      }
    }

    void start() {
      running.set(true);
      threads = Executors.newFixedThreadPool(USERS);
      for (User u : users) {
        futures.add(threads.submit(() -> loop(u)));
      }
    }

    void runFor(Duration d) {
      PrivateServers.pause(d);
    }

    void stop() {
      running.set(false);
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (Exception e) {
          throw new AssertionError("a load thread failed", e);
        }
      }
      threads.shutdown();
    }

    private void loop(User u) {
      for (int i = 0; running.get(); i++) {
        validateSession(u);
        authenticateKey(u);
        if (i % 2 == 0) {
          signIn(u, i);
        }
        if (i % 5 == 3 && u.replays < 2) {
          replay(u);
        }
        if (i % 7 == 6) {
          createKey(u);
        }
      }
    }

    /** A held session must validate: 200, or 503 while the store is down. Never 401. */
    private void validateSession(User u) {
      String token = u.sessions.get(ThreadLocalRandom.current().nextInt(u.sessions.size()));
      u.checker.setSessionCookie(token);
      Response r = send(() -> u.checker.get("/api/security/sessions"));
      expect(r, "GET /api/security/sessions", 200);
    }

    /** A held API key must authenticate: 200 or 503, never 401. */
    private void authenticateKey(User u) {
      String key = u.keys.get(ThreadLocalRandom.current().nextInt(u.keys.size()));
      Response r = send(() -> u.checker.send(u.checker.request("/v1/credits")
          .header("Authorization", "Bearer " + key).GET()));
      expect(r, "GET /v1/credits", 200);
    }

    /** Password, then a fresh backup code or the current TOTP step. */
    private void signIn(User u, int i) {
      Browser b = u.freshBrowser();
      Response login = send(() -> b.logIn(u.email, PASSWORD));
      if (!expect(login, "POST /api/login", 200)) {
        return;
      }
      if (!"mfa_required".equals(login.json().path("status").asText())) {
        report.wrongAnswers.add("login without the second factor: " + login.text());
        return;
      }
      String token = login.json().get("mfa_token").asText();
      boolean useBackup = !u.freshBackupCodes.isEmpty() && i % 4 == 0;
      long step = Instant.now().getEpochSecond() / 30;
      if (!useBackup && (u.acceptedSteps.contains(step) || u.uncertainSteps.contains(step))) {
        return; // this step is spent (or may be): an honest app waits for the next one
      }
      String code = useBackup ? u.freshBackupCodes.remove(0) : totpAt(u.secret, step);
      Response mfa = send(() -> b.post("/api/login/mfa",
          Map.of("mfa_token", token, "code", code)));
      if (mfa.status() == 200) {
        report.ok.incrementAndGet();
        u.signIns++;
        u.sessions.add(b.sessionCookie().orElseThrow());
        if (useBackup) {
          u.acceptedBackupCodes.add(code);
        } else {
          u.acceptedSteps.add(step);
        }
      } else if (isUnavailable(mfa, "POST /api/login/mfa")) {
        u.uncertainSignIns++;
        if (useBackup) {
          u.uncertainBackupCodes++;
        } else {
          u.uncertainSteps.add(step);
        }
      } else if (mfa.status() == 401 || mfa.status() == 429) {
        report.wrongAnswers.add("a fresh " + (useBackup ? "backup code" : "TOTP code")
            + " refused: " + mfa.status() + " " + mfa.text());
      } else {
        report.otherErrors.add("POST /api/login/mfa: " + mfa.status() + " " + mfa.text());
      }
    }

    /** An accepted backup code or TOTP step again: refused (401/429) or 503, never 200. */
    private void replay(User u) {
      boolean backup = !u.acceptedBackupCodes.isEmpty() && u.replays % 2 == 0;
      if (!backup && u.acceptedSteps.isEmpty()) {
        return;
      }
      Browser b = u.freshBrowser();
      Response login = send(() -> b.logIn(u.email, PASSWORD));
      if (!expect(login, "POST /api/login", 200)) {
        return;
      }
      String token = login.json().get("mfa_token").asText();
      String code = backup ? u.acceptedBackupCodes.iterator().next()
          : totpAt(u.secret, u.acceptedSteps.stream().max(Long::compare).orElseThrow());
      u.replays++;
      Response mfa = send(() -> b.post("/api/login/mfa",
          Map.of("mfa_token", token, "code", code)));
      if (mfa.status() == 200) {
        report.acceptedTwice.add((backup ? "backup code" : "TOTP step") + " of " + u.accountId);
        u.sessions.add(b.sessionCookie().orElseThrow());
      } else if (mfa.status() == 401 || mfa.status() == 429) {
        report.refusedAsExpected.incrementAndGet();
      } else {
        isUnavailable(mfa, "POST /api/login/mfa (replay)");
      }
    }

    private void createKey(User u) {
      u.checker.setSessionCookie(u.sessions.get(u.sessions.size() - 1));
      Response r = send(() -> u.checker.post("/api/api-keys",
          Map.of("name", "load", "permission", "read_only")));
      if (r.status() == 201) {
        report.ok.incrementAndGet();
        u.keys.add(r.json().get("key").asText());
      } else if (isUnavailable(r, "POST /api/api-keys")) {
        u.uncertainKeys++;
      } else {
        report.otherErrors.add("POST /api/api-keys: " + r.status() + " " + r.text());
      }
    }

    private Response send(java.util.function.Supplier<Response> request) {
      report.sent.incrementAndGet();
      try {
        Response r = request.get();
        statusCounts.merge(String.valueOf(r.status()), 1, Integer::sum);
        return r;
      } catch (AssertionError e) {
        // The demo did not answer at all (it must, outage or not).
        report.otherErrors.add("no answer: " + e.getMessage());
        return new Response(0, Map.of(), "");
      }
    }

    /** The normal answer (counted ok), a well-formed 503, or an error of the kind it is. */
    private boolean expect(Response r, String what, int normal) {
      if (r.status() == normal) {
        report.ok.incrementAndGet();
        return true;
      }
      if (isUnavailable(r, what)) {
        return false;
      }
      if (r.status() == 401 || r.status() == 403) {
        report.wrongAnswers.add(what + ": " + r.status() + " " + r.text());
      } else if (r.status() != 0) {
        report.otherErrors.add(what + ": " + r.status() + " " + r.text());
      }
      return false;
    }

    /** A 503 in the demo's shape: counted; any other non-normal answer: false. */
    private boolean isUnavailable(Response r, String what) {
      if (r.status() != 503) {
        return false;
      }
      report.unavailable.incrementAndGet();
      JsonNode error = r.json().path("error");
      boolean shaped = "service_unavailable".equals(error.path("code").asText())
          && !error.path("message").asText().isBlank()
          && error.path("request_id").asText().equals(r.header("X-Request-Id").orElse("-"))
          && r.header("Retry-After").isPresent()
          && !r.text().contains("Exception") && !r.text().contains("\tat ");
      if (!shaped) {
        report.otherErrors.add(what + ": a 503 not in the error shape: " + r.headers() + " "
            + r.text());
      }
      return true;
    }

    /**
     * After the faults, without restarting the demo: every answer again normal within a few
     * seconds, then the ledger against the stores.
     */
    Report verify(PrivateServers.Postgres pg) {
      long start = System.nanoTime();
      User first = users.get(0);
      first.checker.setSessionCookie(first.sessions.get(0));
      Response probe;
      while ((probe = first.checker.get("/api/security/sessions")).status() != 200) {
        if (Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(20)) > 0) {
          report.otherErrors.add("no recovery within 20 s: " + probe.status() + " "
              + probe.text());
          break;
        }
        PrivateServers.pause(Duration.ofMillis(100));
      }
      report.verifiedAfter = Duration.ofNanos(System.nanoTime() - start);
      System.out.println("FAULTS status counts: " + statusCounts);
      report.otherErrors.stream().limit(5).forEach(e -> System.out.println("FAULTS error: " + e));
      report.wrongAnswers.stream().limit(5).forEach(e -> System.out.println("FAULTS wrong: " + e));
      try (Connection db = pg.connect()) {
        for (User u : users) {
          verify(u, db);
        }
      } catch (SQLException e) {
        throw new AssertionError(e);
      }
      report.lost.forEach(e -> System.out.println("FAULTS lost: " + e));
      report.duplicated.forEach(e -> System.out.println("FAULTS duplicated: " + e));
      return report;
    }

    private void verify(User u, Connection db) throws SQLException {
      String who = u.accountId;
      // Sessions: each one a client holds still works; no more exist than could have been made.
      int active = -1;
      for (String token : u.sessions) {
        u.checker.setSessionCookie(token);
        Response r = u.checker.get("/api/security/sessions");
        if (r.status() != 200) {
          report.lost.add("session of " + who + ": " + r.status() + " " + r.text());
        } else {
          active = r.json().size();
        }
      }
      within("active sessions of " + who, active, u.sessions.size(),
          u.sessions.size() + u.uncertainSignIns);
      // API keys: each one handed out works; none beyond the ones a 503 may have made.
      for (String key : u.keys) {
        Response r = u.checker.send(u.checker.request("/v1/credits")
            .header("Authorization", "Bearer " + key).GET());
        if (r.status() != 200) {
          report.lost.add("API key of " + who + ": " + r.status() + " " + r.text());
        }
      }
      Response listed = u.checker.get("/api/api-keys");
      assertThat(listed.status()).as(listed.text()).isEqualTo(200);
      within("API keys of " + who, listed.json().size(), u.keys.size(),
          u.keys.size() + u.uncertainKeys);
      // Backup codes: each accepted one is spent; the untried ones are not.
      Response twoFactor = u.checker.get("/api/security/2fa");
      int remaining = twoFactor.json().get("backup_codes_remaining").asInt();
      int accepted = u.acceptedBackupCodes.size();
      within("backup codes left to " + who, remaining,
          10 - accepted - u.uncertainBackupCodes, 10 - accepted);
      // Events: one sign_in.succeeded per session handed out (plus what a 503 may have
      // recorded), never two for one session; one backup_code.used per accepted code.
      within("sign-in events of " + who, count(db, """
          SELECT count(*) FROM latchkey_security_events
          WHERE account_id = ? AND type = 'sign_in.succeeded'""", who),
          u.signIns, u.signIns + u.uncertainSignIns);
      int twice = count(db, """
          SELECT count(*) FROM (SELECT session_id FROM latchkey_security_events
            WHERE account_id = ? AND type = 'sign_in.succeeded'
            GROUP BY session_id HAVING count(*) > 1) t""", who);
      if (twice > 0) {
        report.duplicated.add(twice + " sessions of " + who + " with two sign-in events");
      }
      within("backup-code events of " + who, count(db, """
          SELECT count(*) FROM latchkey_security_events
          WHERE account_id = ? AND type = 'backup_code.used'""", who),
          accepted, accepted + u.uncertainBackupCodes);
    }

    private void within(String what, int actual, int least, int most) {
      if (actual < least) {
        report.lost.add(what + ": " + actual + " < " + least);
      } else if (actual > most) {
        report.duplicated.add(what + ": " + actual + " > " + most);
      }
    }

    private static int count(Connection db, String sql, String accountId) throws SQLException {
      try (PreparedStatement ps = db.prepareStatement(sql)) {
        ps.setString(1, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    }
  }

  static String totpAt(String secret, long step) {
    return TwoFactorAndApiKeysTest.totp(secret, Instant.ofEpochSecond(step * 30));
  }
}
