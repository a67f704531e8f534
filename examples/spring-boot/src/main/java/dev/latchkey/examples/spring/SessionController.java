package dev.latchkey.examples.spring;

import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientLabels;
import dev.latchkey.servlet.LatchkeyAuthenticator;
import dev.latchkey.session.SessionInfo;
import dev.latchkey.session.SessionRevokeResult;
import dev.latchkey.spring.security.LatchkeyAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Settings → Security → Active sessions: list, sign one out, sign out the others or all. */
@RestController
@RequestMapping("/api/security/sessions")
class SessionController {
  private static final ClientLabels LABELS = ClientLabels.english();

  private final Latchkey latchkey;
  private final LatchkeyAuthenticator web;

  SessionController(Latchkey latchkey, LatchkeyAuthenticator web) {
    this.latchkey = latchkey;
    this.web = web;
  }

  @GetMapping
  List<Map<String, Object>> list(LatchkeyAuthentication auth) {
    return latchkey.sessions().list(auth.session().orElseThrow()).stream()
        .map(SessionController::row).toList();
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(@PathVariable String id, LatchkeyAuthentication auth) {
    SessionRevokeResult result = latchkey.sessions().revoke(AuthController.session(auth), id);
    if (result instanceof SessionRevokeResult.NotFound) {
      throw new ApiException(HttpStatus.NOT_FOUND, "session_not_found",
          "No active session with this id.");
    }
  }

  @PostMapping("/revoke-others")
  Map<String, Object> revokeOthers(LatchkeyAuthentication auth) {
    return Map.of("revoked", latchkey.sessions().revokeOthers(AuthController.session(auth)));
  }

  @PostMapping("/revoke-all")
  Map<String, Object> revokeAll(LatchkeyAuthentication auth, HttpServletRequest request,
      HttpServletResponse response) {
    int revoked = latchkey.sessions().revokeAll(auth.getName());
    latchkey.signIn().forgetKnownDevices(auth.getName());
    web.clearSessionCookie(request, response);
    web.clearDeviceCookie(request, response);
    return Map.of("revoked", revoked);
  }

  private static Map<String, Object> row(SessionInfo s) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", s.id());
    row.put("device", LABELS.device(s.device()));
    row.put("location", LABELS.location(s.location()));
    row.put("ip_address", s.ipAddress());
    row.put("last_active", s.lastActiveAt().toString());
    row.put("created_at", s.createdAt().toString());
    row.put("current", s.current());
    return row;
  }
}
