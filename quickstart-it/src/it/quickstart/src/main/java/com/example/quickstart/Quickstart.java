package com.example.quickstart;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.ClientLabels;
import dev.latchkey.client.TrustedProxies;
import dev.latchkey.password.PasswordContext;
import dev.latchkey.password.PasswordMessages;
import dev.latchkey.password.PasswordValidation;
import dev.latchkey.session.SessionInfo;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.store.jdbc.JdbcSchema;
import dev.latchkey.store.jdbc.JdbcStores;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The README's "Five-minute quickstart", run as a host application runs it, against PostgreSQL.
 *
 * <p>The blocks between "README:" and "end README" comments are copied from README.md as they
 * stand there; keep the two in step. Around them is what the README leaves to the host: the pool,
 * the HTTP request and response (the small {@link Exchange} below), and checks that every step did
 * what the README says it does. Any surprise throws, which fails the build that runs this.
 *
 * <p>It works in a schema of its own, made here and dropped at the end, because the database is
 * shared with other test runs: the default table prefix, as the README uses it, stays untouched.
 */
public final class Quickstart {
  private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=root";

  private Quickstart() {}

  public static void main(String[] args) throws Exception {
    String env = System.getenv("LATCHKEY_TEST_POSTGRES_URL");
    String url = env == null || env.isBlank() ? DEFAULT_URL : env.strip();
    byte[] suffix = new byte[6];
    new SecureRandom().nextBytes(suffix);
    String schema = "latchkey_quickstart_" + HexFormat.of().formatHex(suffix);
    execute(url, "CREATE SCHEMA " + schema);
    try {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
      config.setPoolName("quickstart");
      config.setMaximumPoolSize(4);
      try (HikariDataSource pool = new HikariDataSource(config)) {
        run(pool);
      }
    } finally {
      execute(url, "DROP SCHEMA " + schema + " CASCADE");
    }
    System.out.println("README quickstart: every step behaved as the README says.");
  }

  private static void run(DataSource dataSource) {
    // README: Five-minute quickstart
    JdbcSchema.apply(dataSource);                 // creates latchkey_* tables once (or use Flyway, below)

    Latchkey latchkey = Latchkey.builder()
        .stores(JdbcStores.create(dataSource))    // or InMemoryStores.create() for tests
        .build();                                 // system UTC clock, new SecureRandom, safe defaults
    // end README

    String accountId = "acct-42";
    String email = "ada@example.com";
    String password = "Correct-Horse-Battery-42!";

    Exchange weak = new Exchange(Request.from("203.0.113.7", Request.CHROME_ON_MAC));
    weak.signUp(latchkey, accountId, email, "acme2026");
    check(weak.status == 422 && !((List<?>) weak.body).isEmpty(),
        "a weak password is refused with its messages", weak);

    Exchange signUp = new Exchange(Request.from("203.0.113.7", Request.CHROME_ON_MAC));
    signUp.signUp(latchkey, accountId, email, password);
    check(signUp.status == 0, "a good password is accepted", signUp);

    Exchange wrong = new Exchange(Request.from("203.0.113.7", Request.CHROME_ON_MAC));
    wrong.signIn(latchkey, accountId, email, "not the password");
    check(wrong.status == 401 && "invalid_credentials".equals(wrong.body),
        "a wrong password answers 401 invalid_credentials", wrong);

    Exchange laptop = new Exchange(Request.from("203.0.113.7", Request.CHROME_ON_MAC));
    laptop.signIn(latchkey, accountId, email, password);
    Exchange phone = new Exchange(Request.from("198.51.100.20", Request.SAFARI_ON_IPHONE));
    phone.signIn(latchkey, accountId, email, password);
    check(laptop.cookies.containsKey("session") && phone.cookies.containsKey("session"),
        "a good password signs in and sets the session cookie", laptop);

    Exchange request = new Exchange(Request.from("203.0.113.7", Request.CHROME_ON_MAC));
    request.everyRequest(latchkey, laptop.cookies.get("session"));
    check(request.handled != null && request.handled.accountId().equals(accountId),
        "the session cookie validates to the account's session", request);

    List<SessionInfo> rows = request.activeSessions(latchkey, request.handled, accountId,
        phoneSessionId(latchkey, request.handled));
    check(rows.size() == 2 && rows.stream().filter(SessionInfo::current).count() == 1,
        "the list shows both sessions, one of them current", request);
    System.out.println("README quickstart: sessions listed as " + request.labels);

    Exchange after = new Exchange(Request.from("203.0.113.7", Request.CHROME_ON_MAC));
    after.everyRequest(latchkey, laptop.cookies.get("session"));
    check(after.status == 401 && "revoked".equals(after.body),
        "after \"Sign out everywhere\" the cookie answers 401 revoked", after);
  }

  /** The id the "Active sessions" page would post back: the other, non-current row. */
  private static String phoneSessionId(Latchkey latchkey, ValidatedSession current) {
    return latchkey.sessions().list(current).stream().filter(s -> !s.current())
        .map(SessionInfo::id).findFirst()
        .orElseThrow(() -> new IllegalStateException("the second session is not listed"));
  }

  private static void check(boolean ok, String what, Exchange exchange) {
    if (!ok) {
      throw new IllegalStateException("README quickstart: expected that " + what + "; got "
          + exchange);
    }
    System.out.println("README quickstart: " + what);
  }

  private static void execute(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** What a web framework hands the host: the parts of a request the README reads. */
  record Request(String remoteAddr, Map<String, List<String>> headers, Map<String, String> cookies) {
    static final String CHROME_ON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)"
        + " AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    static final String SAFARI_ON_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X)"
        + " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

    static Request from(String remoteAddr, String userAgent) {
      return new Request(remoteAddr, Map.of("User-Agent", List.of(userAgent)), Map.of());
    }

    List<String> headers(String name) {
      return headers.getOrDefault(name, List.of());
    }

    String header(String name) {
      List<String> values = headers(name);
      return values.isEmpty() ? null : values.get(0);
    }

    String cookie(String name) {
      return cookies.get(name);
    }
  }

  /** One request and the host's answer to it; the README's blocks run inside its methods. */
  static final class Exchange {
    final Request request;
    final Map<String, String> cookies = new LinkedHashMap<>();
    int status;
    Object body;
    ValidatedSession handled;
    String labels;

    Exchange(Request request) {
      this.request = request;
    }

    void signUp(Latchkey latchkey, String accountId, String email, String password) {
      // README: Sign-up
      // Sign-up: checks the password policy (length, classes, 20,000 common passwords, context words)
      PasswordValidation v = latchkey.signIn().register(accountId, password,
          PasswordContext.builder().email(email).productName("Acme").build());
      if (!v.isValid()) respond(422, v.messages(PasswordMessages.english()));  // stable codes too
      // end README
    }

    void signIn(Latchkey latchkey, String accountIdOrNull, String email, String password) {
      // README: Client address
      TrustedProxies proxies = TrustedProxies.of("10.0.0.0/8");   // your load balancers; none(): no proxy
      // end README

      // README: Sign-in
      ClientInfo client = proxies.clientInfo(request.remoteAddr(), request.headers("Forwarded"),
          request.headers("X-Forwarded-For"), request.header("User-Agent"));
      SignInResult r = latchkey.signIn().signIn(accountIdOrNull, email, password, client,
          request.cookie("device"));
      if (r instanceof SignInResult.SignedIn in) {
        setCookie("session", in.session().token().reveal(), in.session().expiresAt());
        in.deviceToken().ifPresent(d -> setCookie("device", d.token().reveal(), d.expiresAt()));
      } else if (r instanceof SignInResult.Locked locked) {
        respond(429, "Retry-After", locked.retryAfterSeconds());  // too many wrong passwords
      } else if (r instanceof SignInResult.Rejected rejected) {
        respond(401, rejected.reason().code());                   // "invalid_credentials"
      }  // SecondFactorRequired and EnrollmentRequired: see "Two-factor authentication"
      // end README
    }

    void everyRequest(Latchkey latchkey, String cookieValue) {
      // README: Every request
      SessionValidation v = latchkey.sessions().validate(cookieValue);
      if (v instanceof SessionValidation.Valid valid) {
        handle(valid.session());                                  // ValidatedSession: unforgeable
      } else {
        respond(401, ((SessionValidation.Rejected) v).reason().code());  // unknown, revoked, expired…
      }
      // end README
    }

    List<SessionInfo> activeSessions(Latchkey latchkey, ValidatedSession current,
        String accountId, String sessionId) {
      // README: The "Active sessions" list
      List<SessionInfo> rows = latchkey.sessions().list(current);   // structured device and location, current=true
      ClientLabels.english().device(rows.get(0).device());          // "Chrome on macOS"
      ClientLabels.english().location(rows.get(0).location());      // "Berlin, DE"
      latchkey.sessions().revoke(current, sessionId);               // SessionRevokeResult; own sessions only
      latchkey.sessions().revokeOthers(current);                    // "Sign out all other sessions"
      latchkey.sessions().revokeAll(accountId);                     // "Sign out everywhere"
      // end README
      labels = rows.stream().map(s -> ClientLabels.english().device(s.device()) + " / "
          + ClientLabels.english().location(s.location())).toList().toString();
      return rows;
    }

    private void respond(int status, Object body) {
      this.status = status;
      this.body = body;
    }

    private void respond(int status, String header, long value) {
      this.status = status;
      this.body = header + ": " + value;
    }

    private void setCookie(String name, String value, Instant expires) {
      cookies.put(name, value);
    }

    private void handle(ValidatedSession session) {
      this.handled = session;
    }

    @Override
    public String toString() {
      // Cookie values are bearer secrets: only their names are shown.
      return "Exchange[status=" + status + ", body=" + body + ", cookies=" + cookies.keySet()
          + ", handled=" + (handled != null) + "]";
    }
  }
}
