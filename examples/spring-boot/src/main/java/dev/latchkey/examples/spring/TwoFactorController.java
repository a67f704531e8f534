package dev.latchkey.examples.spring;

import dev.latchkey.Latchkey;
import dev.latchkey.backup.BackupCodes;
import dev.latchkey.servlet.LatchkeyAuthenticator;
import dev.latchkey.servlet.LatchkeyRequests;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.spring.security.LatchkeyAuthentication;
import dev.latchkey.totp.BeginResult;
import dev.latchkey.totp.ConfirmResult;
import dev.latchkey.totp.DisableResult;
import dev.latchkey.totp.TotpEnrollment;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Settings → Security → Two-factor authentication (an authenticator app, and backup codes). Each
 * change is a change of factor: Latchkey ends the account's other sessions and re-keys this one,
 * so the answer sets a new cookie.
 */
@RestController
@RequestMapping("/api/security/2fa")
class TwoFactorController {
  record Code(String code) {}

  private final Latchkey latchkey;
  private final LatchkeyAuthenticator web;
  private final Accounts accounts;

  TwoFactorController(Latchkey latchkey, LatchkeyAuthenticator web, Accounts accounts) {
    this.latchkey = latchkey;
    this.web = web;
    this.accounts = accounts;
  }

  @GetMapping
  Map<String, Object> status(LatchkeyAuthentication auth) {
    String accountId = auth.getName();
    boolean enabled = latchkey.totp().isEnabled(accountId);
    int remaining = enabled ? latchkey.backupCodes().remaining(accountId) : 0;
    return Map.of("enabled", enabled, "backup_codes_remaining", remaining,
        "backup_codes_low", enabled && BackupCodes.isLow(remaining));
  }

  @PostMapping("/setup")
  Map<String, Object> setup(LatchkeyAuthentication auth) {
    String email = accounts.byId(auth.getName()).map(Accounts.Account::email).orElseThrow();
    if (!(latchkey.totp().begin(auth.getName(), email) instanceof BeginResult.Started started)) {
      throw new ApiException(HttpStatus.CONFLICT, "already_enabled",
          "Two-factor authentication is already on.");
    }
    TotpEnrollment enrollment = started.enrollment();
    return Map.of("secret", enrollment.groupedSecret(), "otpauth_uri", enrollment.otpauthUri(),
        "qr_png", enrollment.qrDataUri());
  }

  @PostMapping("/confirm")
  Map<String, Object> confirm(@RequestBody Code body, LatchkeyAuthentication auth,
      HttpServletRequest request, HttpServletResponse response) {
    ValidatedSession session = AuthController.session(auth);
    ConfirmResult result = latchkey.totp().confirm(session, code(body),
        LatchkeyRequests.clientInfo(request));
    if (result instanceof ConfirmResult.Confirmed confirmed) {
      web.renewSessionCookie(request, response, confirmed.sessions());
      return Map.of("backup_codes", confirmed.backupCodes().codes(),
          "other_sessions_ended", confirmed.sessions().otherSessionsEnded());
    }
    if (result instanceof ConfirmResult.Locked locked) {
      throw ApiException.tooManyAttempts(locked.retryAfterSeconds());
    }
    if (((ConfirmResult.Rejected) result).reason()
        == ConfirmResult.Reason.NO_PENDING_ENROLLMENT) {
      throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "no_pending_enrollment",
          "There is no set-up in progress.");
    }
    throw invalidCode();
  }

  @PostMapping("/disable")
  Map<String, Object> disable(@RequestBody Code body, LatchkeyAuthentication auth,
      HttpServletRequest request, HttpServletResponse response) {
    DisableResult result = latchkey.totp().disable(AuthController.session(auth), code(body),
        LatchkeyRequests.clientInfo(request));
    if (result instanceof DisableResult.Disabled disabled) {
      web.renewSessionCookie(request, response, disabled.sessions());
      return Map.of("other_sessions_ended", disabled.sessions().otherSessionsEnded());
    }
    if (result instanceof DisableResult.ReauthenticationRequired) {
      throw ApiException.reauthenticationRequired();
    }
    if (result instanceof DisableResult.Locked locked) {
      throw ApiException.tooManyAttempts(locked.retryAfterSeconds());
    }
    throw invalidCode();
  }

  private static String code(Code body) {
    return body.code() == null ? "" : body.code();
  }

  private static ApiException invalidCode() {
    return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_code",
        "That code is not valid. Enter the current code from your authenticator app.");
  }
}
