package dev.latchkey.store.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.connected.ConnectedAccountLinkResult;
import dev.latchkey.connected.ConnectedAccountUnlinkResult;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidatedSession;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.Stores;
import dev.latchkey.store.tck.MutableClock;
import org.junit.jupiter.api.Test;

class LatchkeyConnectedAccountsWiringTest {

  @Test
  void aBundleWithTheStoreTurnsConnectedAccountsOnSharingPasswordsAndClock() {
    MutableClock clock = MutableClock.atEpochOfTests();
    Latchkey latchkey = Latchkey.builder().stores(InMemoryStores.create()).clock(clock).build();
    ConnectedAccountLinkResult linked = latchkey.connectedAccounts().link("acct-1", "google", "g-1", null);
    assertThat(linked).isInstanceOfSatisfying(ConnectedAccountLinkResult.Linked.class,
        l -> assertThat(l.account().linkedAt()).isEqualTo(clock.instant()));
    assertThat(latchkey.connectedAccounts().unlink(session(latchkey, "acct-1"), "google"))
        .isEqualTo(new ConnectedAccountUnlinkResult.LastSignInMethod());
    latchkey.signIn().setPassword("acct-1", "correct horse battery staple");
    assertThat(latchkey.connectedAccounts().unlink(session(latchkey, "acct-1"), "google"))
        .isInstanceOf(ConnectedAccountUnlinkResult.Unlinked.class);
    assertThat(latchkey.connectedAccounts()).isSameAs(latchkey.connectedAccounts());
  }

  @Test
  void aBundleWithoutTheStoreBuildsAndSaysWhatToCall() {
    Stores old = olderBundle(InMemoryStores.create());
    Latchkey latchkey = Latchkey.builder().stores(old)
        .attemptStore(InMemoryStores.create().attempts()).build();
    assertThat(latchkey.sessions()).isNotNull();
    assertThatThrownBy(latchkey::connectedAccounts).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("connectedAccountStore(...)")
        .hasMessageContaining("stores(...)");
  }

  @Test
  void theBuilderMethodSuppliesOrOverridesTheStore() {
    InMemoryStores all = InMemoryStores.create();
    Latchkey latchkey = Latchkey.builder().stores(olderBundle(all)).attemptStore(all.attempts())
        .connectedAccountStore(all.connectedAccounts()).build();
    assertThat(latchkey.connectedAccounts().link("acct-1", "github", "h-1", null).isLinked())
        .isTrue();
    assertThat(all.connectedAccounts().findBySubject("github", "h-1")).isPresent();
    // Set before stores(...): a bundle without the store keeps it.
    Latchkey earlier = Latchkey.builder().connectedAccountStore(all.connectedAccounts())
        .stores(olderBundle(all)).attemptStore(all.attempts()).build();
    assertThat(earlier.connectedAccounts().findAccount("github", "h-1")).contains("acct-1");
    assertThatThrownBy(() -> Latchkey.builder().connectedAccountStore(null))
        .isInstanceOf(NullPointerException.class);
  }

  private static ValidatedSession session(Latchkey latchkey, String account) {
    String token = latchkey.sessions().create(account, ClientInfo.unknown()).token().reveal();
    return ((SessionValidation.Valid) latchkey.sessions().validate(token)).session();
  }

  /** A bundle written before connected accounts (and two-factor stores) existed. */
  private static Stores olderBundle(InMemoryStores all) {
    return new Stores() {
      @Override
      public SessionStore sessions() {
        return all.sessions();
      }

      @Override
      public CredentialStore credentials() {
        return all.credentials();
      }

      @Override
      public ApiKeyStore apiKeys() {
        return all.apiKeys();
      }
    };
  }
}
