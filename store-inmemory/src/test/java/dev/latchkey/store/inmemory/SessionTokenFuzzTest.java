package dev.latchkey.store.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.fuzz.FuzzInput;
import dev.latchkey.internal.Tokens;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.store.tck.MutableClock;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes session token validation through {@code Latchkey.sessions()} over the in-memory stores.
 * In an input, {@code {ACTIVE}} and {@code {REVOKED}} stand for the tokens of a live and a revoked
 * session. Seeds: {@code SessionTokenFuzzTestInputs/<method>/}.
 */
class SessionTokenFuzzTest {
  private static final MutableClock CLOCK =
      new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
  private static final SessionRegistry SESSIONS = Latchkey.builder()
      .stores(InMemoryStores.create()).clock(CLOCK).random(new SecureRandom()).build().sessions();
  private static final NewSession ACTIVE = SESSIONS.create("alice", ClientInfo.unknown());
  private static final String ACTIVE_TOKEN = ACTIVE.token().reveal();
  private static final String REVOKED_TOKEN = revokedToken();

  /**
   * Any token: {@code validate} never throws; it refuses as {@code malformed} everything but 16
   * to 128 Base64url characters; it accepts exactly the live session's token,
   * as that session of that account; it names the revoked session's token {@code revoked} and
   * every other well-formed token {@code unknown}.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void acceptsExactlyTheLiveToken(byte[] data) {
    String token = FuzzInput.text(data).replace("{ACTIVE}", ACTIVE_TOKEN)
        .replace("{REVOKED}", REVOKED_TOKEN);
    SessionValidation result = SESSIONS.validate(token);
    if (token.equals(ACTIVE_TOKEN)) {
      assertThat(result).isInstanceOfSatisfying(SessionValidation.Valid.class, valid -> {
        assertThat(valid.session().sessionId()).isEqualTo(ACTIVE.id());
        assertThat(valid.session().accountId()).isEqualTo("alice");
      });
      return;
    }
    String expected = !token.matches("[A-Za-z0-9_-]{16,128}") ? "malformed"
        : token.equals(REVOKED_TOKEN) ? "revoked" : "unknown";
    assertThat(Tokens.wellFormed(token)).isEqualTo(!expected.equals("malformed"));
    assertThat(result).isInstanceOfSatisfying(SessionValidation.Rejected.class,
        rejected -> assertThat(rejected.reason().code()).isEqualTo(expected));
  }

  private static String revokedToken() {
    NewSession revoked = SESSIONS.create("alice", ClientInfo.unknown());
    SESSIONS.revoke("alice", revoked.id());
    return revoked.token().reveal();
  }
}
