package dev.latchkey.servlet.example;

import dev.latchkey.Latchkey;
import dev.latchkey.apikey.AuthenticatedApiKey;
import dev.latchkey.apikey.Permission;
import dev.latchkey.client.TrustedProxies;
import dev.latchkey.servlet.Access;
import dev.latchkey.servlet.LatchkeyAuthenticator;
import dev.latchkey.servlet.LatchkeyFilter;
import dev.latchkey.servlet.LatchkeyRequests;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SignInResult;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The README's "Servlet filter" example, run by {@code ExampleAppTest} in embedded Jetty: a
 * {@link ServletContextListener} that puts {@link LatchkeyFilter} in front of every path and adds
 * four small servlets. It uses only the Servlet API, so it runs in any Servlet 6 container
 * (register it in {@code web.xml}, with {@code @WebListener}, or as Jetty does here).
 *
 * <pre>
 * POST /login        form: account, password    sets the session cookie
 * POST /logout       session                    ends it, clears the cookie
 * GET  /me           session                    {account, auth_type, ip}
 * GET  /v1/credits   API key, any permission    {owner, permission}
 * POST /v1/messages  API key, read_write        202
 * </pre>
 */
public final class ExampleApp implements ServletContextListener {
  private final Latchkey latchkey;
  private final SecureRandom random;
  private final TrustedProxies proxies;

  /**
   * @param proxies your load balancers, e.g. {@code TrustedProxies.of("10.0.0.0/8")};
   *     {@link TrustedProxies#none()} when clients connect directly
   */
  public ExampleApp(Latchkey latchkey, SecureRandom random, TrustedProxies proxies) {
    this.latchkey = latchkey;
    this.random = random;
    this.proxies = proxies;
  }

  // readme:start
  @Override
  public void contextInitialized(ServletContextEvent event) {
    LatchkeyAuthenticator auth = LatchkeyAuthenticator.builder(latchkey, random)  // request ids
        .trustedProxies(proxies)              // client address and https behind your proxies
        .realm("example")                     // WWW-Authenticate: Bearer realm="example"
        .build();
    LatchkeyFilter filter = LatchkeyFilter.builder(auth)
        .rule("/login", Access.sameOrigin())                    // no cookie yet; no login CSRF
        .rule("/health", Access.permitAll())
        .rule("POST", "/v1/messages", Access.apiKey(Permission.READ_WRITE))
        .rule("/v1/*", Access.apiKey(Permission.READ_ONLY))
        .otherwise(Access.session())                            // everything else: signed in
        .build();

    ServletContext context = event.getServletContext();
    context.addFilter("latchkey", filter).addMappingForUrlPatterns(null, false, "/*");
    context.addServlet("login", new Login(latchkey, auth)).addMapping("/login");
    context.addServlet("logout", new Logout(latchkey, auth)).addMapping("/logout");
    context.addServlet("me", new Me()).addMapping("/me");
    context.addServlet("api", new Api()).addMapping("/v1/*");
  }

  /** Password sign-in; the account id is the login name here (look yours up by email). */
  static final class Login extends HttpServlet {
    private final transient Latchkey latchkey;
    private final transient LatchkeyAuthenticator auth;

    Login(Latchkey latchkey, LatchkeyAuthenticator auth) {
      this.latchkey = latchkey;
      this.auth = auth;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
      String account = req.getParameter("account");
      SignInResult result = latchkey.signIn().signIn(account, account,
          req.getParameter("password"), LatchkeyRequests.clientInfo(req), auth.deviceToken(req));
      if (result instanceof SignInResult.SignedIn in) {
        auth.setSessionCookie(req, res, in.session());   // __Host-…; Secure; HttpOnly; SameSite
        in.deviceToken().ifPresent(d -> auth.setDeviceCookie(req, res, d));
        json(res, 200, "{\"status\":\"signed_in\"}");
      } else {                                           // 2FA, lockout: see the README
        json(res, 401, "{\"error\":{\"code\":\"invalid_credentials\"}}");
      }
    }
  }

  /** Ends the caller's session: a state change, so the filter checked its origin first. */
  static final class Logout extends HttpServlet {
    private final transient Latchkey latchkey;
    private final transient LatchkeyAuthenticator auth;

    Logout(Latchkey latchkey, LatchkeyAuthenticator auth) {
      this.latchkey = latchkey;
      this.auth = auth;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) {
      ValidatedSession session = LatchkeyRequests.session(req).orElseThrow();
      latchkey.sessions().signOut(session, LatchkeyRequests.clientInfo(req));
      auth.clearSessionCookie(req, res);
      res.setStatus(204);
    }
  }

  /** Who is signed in: the filter's principal. */
  static final class Me extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      json(res, 200, "{\"account\":\"" + req.getUserPrincipal().getName()
          + "\",\"auth_type\":\"" + req.getAuthType()
          + "\",\"ip\":\"" + LatchkeyRequests.clientInfo(req).ipAddress() + "\"}");
    }
  }

  /** The API: the filter already checked the key and its permission. */
  static final class Api extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      AuthenticatedApiKey key = LatchkeyRequests.apiKey(req).orElseThrow();
      json(res, 200, "{\"owner\":\"" + key.owner() + "\",\"permission\":\""
          + key.permission().code() + "\"}");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
      json(res, 202, "{\"status\":\"queued\"}");
    }
  }
  // readme:end

  private static void json(HttpServletResponse res, int status, String body) throws IOException {
    res.setStatus(status);
    res.setContentType("application/json;charset=utf-8");
    res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }
}
