package dev.latchkey.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something security-relevant happened to an account. Plain data for the host to record or act on
 * (send an email "2FA was turned off", write an audit row).
 *
 * <p>Never carries a secret, code, token or hash: {@code details} holds only descriptive values such
 * as {@code remaining=7} or {@code method=backup_code}.
 *
 * @param type what happened
 * @param accountId the host's opaque account id
 * @param at when, from the injected clock
 * @param details extra facts (copied; unmodifiable)
 */
public record SecurityEvent(SecurityEventType type, String accountId, Instant at,
    Map<String, String> details) {

  /** Validates and copies {@code details}. */
  public SecurityEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(at, "at");
    details = Map.copyOf(Objects.requireNonNull(details, "details"));
  }
}
