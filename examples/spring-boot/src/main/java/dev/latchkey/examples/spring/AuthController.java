package dev.latchkey.examples.spring;

import dev.latchkey.Latchkey;
import dev.latchkey.password.PasswordContext;
import dev.latchkey.password.PasswordMessages;
import dev.latchkey.password.PasswordValidation;
import dev.latchkey.servlet.LatchkeyAuthenticator;
import dev.latchkey.servlet.LatchkeyRequests;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.spring.security.LatchkeyAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up, sign-in (password, then a TOTP or backup code when 2FA is on), sign-out, "me". */
@RestController
class AuthController {
  record SignUp(String email, String password) {}

  record SignIn(String email, String password) {}

  record SecondFactor(String mfa_token, String code) {}

  private final Latchkey latchkey;
  private final LatchkeyAuthenticator web;
  private final Accounts accounts;
  private final ExampleProperties properties;

  AuthController(Latchkey latchkey, LatchkeyAuthenticator web, Accounts accounts,
      ExampleProperties properties) {
    this.latchkey = latchkey;
    this.web = web;
    this.accounts = accounts;
    this.properties = properties;
  }

  @PostMapping("/api/signup")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, Object> signUp(@RequestBody SignUp body) {
    String email = Accounts.normalize(body.email());
    if (!email.matches("[^@\\s]{1,64}@[^@\\s]{1,255}")) {
      throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_email",
          "Enter a valid email address.");
    }
    String password = body.password() == null ? "" : body.password();
    PasswordContext context = PasswordContext.builder().email(email)
        .productName(properties.productName()).build();
    // The policy first, so a weak password creates no account.
    PasswordValidation verdict = latchkey.signIn().passwordPolicy().validate(password, context);
    if (!verdict.isValid()) {
      throw ApiException.withDetails(HttpStatus.UNPROCESSABLE_ENTITY, "weak_password",
          "Choose a stronger password.", verdict.messages(PasswordMessages.english()));
    }
    Accounts.Account account = accounts.create(email).orElseThrow(() -> new ApiException(
        HttpStatus.CONFLICT, "email_taken", "An account with this email already exists."));
    latchkey.signIn().register(account.id(), password, context);
    return Map.of("account_id", account.id(), "email", account.email());
  }

  @PostMapping("/api/login")
  Map<String, Object> signIn(@RequestBody SignIn body, HttpServletRequest request,
      HttpServletResponse response) {
    // An unknown email signs in as null: the same work and the same answer as a wrong password.
    String accountId = accounts.byEmail(body.email()).map(Accounts.Account::id).orElse(null);
    SignInResult result = latchkey.signIn().signIn(accountId, Accounts.normalize(body.email()),
        body.password() == null ? "" : body.password(), LatchkeyRequests.clientInfo(request),
        web.deviceToken(request));
    return answer(result, request, response);
  }

  @PostMapping("/api/login/mfa")
  Map<String, Object> secondFactor(@RequestBody SecondFactor body, HttpServletRequest request,
      HttpServletResponse response) {
    SignInResult result = latchkey.signIn().completeSecondFactor(
        body.mfa_token() == null ? "" : body.mfa_token(), body.code() == null ? "" : body.code(),
        LatchkeyRequests.clientInfo(request), web.deviceToken(request));
    return answer(result, request, response);
  }

  private Map<String, Object> answer(SignInResult result, HttpServletRequest request,
      HttpServletResponse response) {
    if (result instanceof SignInResult.SignedIn in) {
      web.setSessionCookie(request, response, in.session());
      in.deviceToken().ifPresent(d -> web.setDeviceCookie(request, response, d));
      return Map.of("status", "signed_in");
    }
    if (result instanceof SignInResult.SecondFactorRequired mfa) {
      return Map.of("status", "mfa_required", "mfa_token", mfa.challenge().reveal(),
          "expires_at", mfa.expiresAt().toString());
    }
    if (result instanceof SignInResult.EnrollmentRequired enrollment) {
      web.setSessionCookie(request, response, enrollment.session());
      return Map.of("status", "enrollment_required");
    }
    if (result instanceof SignInResult.Locked locked) {
      throw ApiException.tooManyAttempts(locked.retryAfterSeconds());
    }
    String code = ((SignInResult.Rejected) result).reason().code();
    throw new ApiException(HttpStatus.UNAUTHORIZED, code, switch (code) {
      case "invalid_code" -> "That code is not valid.";
      case "invalid_challenge" -> "The sign-in has expired. Enter your password again.";
      default -> "Wrong email or password.";
    });
  }

  @PostMapping("/api/logout")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void signOut(LatchkeyAuthentication auth, HttpServletRequest request,
      HttpServletResponse response) {
    latchkey.sessions().signOut(session(auth), LatchkeyRequests.clientInfo(request));
    web.clearSessionCookie(request, response);
  }

  @GetMapping("/api/me")
  Map<String, Object> me(LatchkeyAuthentication auth) {
    ValidatedSession session = session(auth);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("account_id", session.accountId());
    out.put("email", accounts.byId(session.accountId()).map(Accounts.Account::email).orElse(null));
    out.put("two_factor", latchkey.totp().isEnabled(session.accountId()));
    out.put("authenticated_at", session.authenticatedAt().toString());
    return out;
  }

  /** {@code /api/**} admits sessions only (SecurityConfig), so there is one. */
  static ValidatedSession session(LatchkeyAuthentication auth) {
    return auth.session().orElseThrow();
  }
}
