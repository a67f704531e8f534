package dev.latchkey.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.IpLocator;
import dev.latchkey.spi.SessionRecord;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.tck.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Revoke and rotate answer with sealed results and stable codes, like the other services. */
class SessionRegistryResultsTest {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.5", "curl/8.4.0");

  private final MutableClock clock = MutableClock.atEpochOfTests();
  private final SessionStore store = InMemoryStores.create().sessions();
  private final SessionRegistry sessions = SessionRegistry.using(store, clock, new SecureRandom(),
      SessionSettings.defaults(), IpLocator.none());

  private ValidatedSession validate(NewSession s) {
    return ((SessionValidation.Valid) sessions.validate(s.token().reveal())).session();
  }

  @Test
  void revokeSaysRevokedThenAlreadyRevokedAndNeverRevealsAnotherAccountsSession() {
    NewSession mine = sessions.create("acct-1", CLIENT);
    NewSession theirs = sessions.create("acct-2", CLIENT);
    assertThat(sessions.revoke("acct-1", theirs.id())).isEqualTo(new SessionRevokeResult.NotFound());
    assertThat(sessions.validate(theirs.token().reveal()).isValid()).isTrue();
    SessionRevokeResult first = sessions.revoke("acct-1", mine.id());
    assertThat(first).isEqualTo(new SessionRevokeResult.Revoked());
    assertThat(first.isRevoked()).isTrue();
    assertThat(first.code()).isEqualTo("revoked");
    SessionRevokeResult again = sessions.revoke("acct-1", mine.id());
    assertThat(again).isEqualTo(new SessionRevokeResult.AlreadyRevoked());
    assertThat(again.isRevoked()).isFalse();
    assertThat(again.code()).isEqualTo("already_revoked");
    assertThat(sessions.revoke("acct-2", mine.id()).code()).isEqualTo("not_found");
    assertThat(sessions.revoke("acct-1", "unknown").code()).isEqualTo("not_found");
    assertThat(sessions.revoke("acct-1", null).code()).isEqualTo("not_found");
    assertThat(sessions.revoke("acct-1", "x".repeat(10_000)).code()).isEqualTo("not_found");
  }

  @Test
  void signOutIsARevokeOfTheCurrentSession() {
    ValidatedSession current = validate(sessions.create("acct-1", CLIENT));
    assertThat(sessions.signOut(current, CLIENT)).isEqualTo(new SessionRevokeResult.Revoked());
    assertThat(sessions.signOut(current, CLIENT))
        .isEqualTo(new SessionRevokeResult.AlreadyRevoked());
    assertThat(sessions.revoke(current, current.sessionId()))
        .isEqualTo(new SessionRevokeResult.AlreadyRevoked());
  }

  @Test
  void rotateGivesANewTokenForTheSameSession() {
    NewSession s = sessions.create("acct-1", CLIENT, Assurance.ENROLLMENT_ONLY);
    SessionRotateResult r = sessions.rotate(s.token().reveal(), Assurance.MULTI_FACTOR);
    assertThat(r.code()).isEqualTo("rotated");
    NewSession rotated = ((SessionRotateResult.Rotated) r).session();
    assertThat(rotated.id()).isEqualTo(s.id());
    assertThat(rotated.assurance()).isEqualTo(Assurance.MULTI_FACTOR);
    assertThat(r.toString()).doesNotContain(rotated.token().reveal());
    assertThat(validate(rotated).assurance()).isEqualTo(Assurance.MULTI_FACTOR);
    // The old token is gone: it is no longer found.
    assertThat(sessions.rotate(s.token().reveal(), Assurance.MULTI_FACTOR))
        .isEqualTo(new SessionRotateResult.NotRotated(SessionRotateResult.Reason.NOT_FOUND));
  }

  @Test
  void rotateSaysWhyNothingChanged() {
    assertThat(sessions.rotate("not a token", Assurance.MULTI_FACTOR).code())
        .isEqualTo("not_found");
    NewSession revoked = sessions.create("acct-1", CLIENT);
    sessions.revoke("acct-1", revoked.id());
    assertThat(sessions.rotate(revoked.token().reveal(), Assurance.MULTI_FACTOR).code())
        .isEqualTo("revoked");
    NewSession idle = sessions.create("acct-1", CLIENT);
    clock.advance(SessionSettings.defaults().idleTimeout().plus(Duration.ofSeconds(1)));
    assertThat(sessions.rotate(idle.token().reveal(), Assurance.MULTI_FACTOR).code())
        .isEqualTo("expired");
    assertThat(List.of(SessionRotateResult.Reason.values()))
        .extracting(SessionRotateResult.Reason::code)
        .containsExactly("not_found", "revoked", "expired", "already_rotated");
  }

  @Test
  void rotateThatLosesARaceSaysAlreadyRotated() {
    SessionRegistry racing = SessionRegistry.using(new LosingRotations(store), clock,
        new SecureRandom(), SessionSettings.defaults(), IpLocator.none());
    NewSession s = racing.create("acct-1", CLIENT);
    assertThat(racing.rotate(s.token().reveal(), Assurance.SINGLE_FACTOR))
        .isEqualTo(new SessionRotateResult.NotRotated(SessionRotateResult.Reason.ALREADY_ROTATED));
  }

  /** A store where another request always rotated the session first. */
  private record LosingRotations(SessionStore delegate) implements SessionStore {
    @Override
    public void insert(SessionRecord session) {
      delegate.insert(session);
    }

    @Override
    public Optional<SessionRecord> findByTokenHash(String tokenHash) {
      return delegate.findByTokenHash(tokenHash);
    }

    @Override
    public Optional<SessionRecord> findById(String id) {
      return delegate.findById(id);
    }

    @Override
    public boolean touch(String id, Instant lastActiveAt) {
      return delegate.touch(id, lastActiveAt);
    }

    @Override
    public boolean reauthenticate(String id, Instant at) {
      return delegate.reauthenticate(id, at);
    }

    @Override
    public List<SessionRecord> listActive(String accountId, Instant now, Instant activeSince) {
      return delegate.listActive(accountId, now, activeSince);
    }

    @Override
    public boolean revoke(String accountId, String sessionId, Instant at) {
      return delegate.revoke(accountId, sessionId, at);
    }

    @Override
    public int revokeAll(String accountId, String keepSessionId, Instant at) {
      return delegate.revokeAll(accountId, keepSessionId, at);
    }

    @Override
    public boolean rotate(String sessionId, String expectedTokenHash, String newTokenHash,
        String assurance) {
      return false;
    }

    @Override
    public int purge(Instant before) {
      return delegate.purge(before);
    }
  }
}
