package dev.latchkey.examples.spring;

import dev.latchkey.spring.security.LatchkeyAuthentication;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The product's API, called with {@code Authorization: Bearer <key>}. Each method names the
 * permission it needs; a key short of it gets 403 with {@code WWW-Authenticate: Bearer …,
 * error="insufficient_scope", scope="…"}, and a request without a key 401.
 */
@RestController
@RequestMapping("/v1")
class CreditsApi {

  @GetMapping("/credits")
  @PreAuthorize("hasAuthority('SCOPE_read_only')")
  Map<String, Object> credits(LatchkeyAuthentication auth) {
    return Map.of("owner", auth.getName(), "credits", 1200, "currency", "EUR");
  }

  @PostMapping("/messages")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @PreAuthorize("hasAuthority('SCOPE_read_write')")
  Map<String, Object> send(LatchkeyAuthentication auth) {
    return Map.of("status", "queued");
  }

  @GetMapping("/admin/usage")
  @PreAuthorize("hasAuthority('SCOPE_admin')")
  Map<String, Object> usage(LatchkeyAuthentication auth) {
    return Map.of("requests_today", 42);
  }
}
