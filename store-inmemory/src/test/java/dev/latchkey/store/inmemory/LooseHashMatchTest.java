package dev.latchkey.store.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.apikey.ApiKeyAuthentication;
import dev.latchkey.apikey.ApiKeyService;
import dev.latchkey.apikey.ApiKeySettings;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.CreatedApiKey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.internal.Tokens;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.signin.SignInResult;
import dev.latchkey.spi.ApiKeyRecord;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.ChallengeRecord;
import dev.latchkey.spi.ChallengeStore;
import dev.latchkey.spi.SessionRecord;
import dev.latchkey.spi.SessionStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every service that finds a bearer secret by its hash — API keys, session tokens, sign-in
 * challenges — compares the stored hash with the presented one itself, in constant time (through
 * {@code HashLookup}), instead of trusting the store's match. Over stores that answer every lookup
 * with the last row they stored (a broken index, a collation that matches too much), a secret that
 * was never issued is still refused.
 */
class LooseHashMatchTest {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.5", "curl/8.0");
  private static final String PASSWORD = "Correct-horse-9";

  private final SecureRandom random = new SecureRandom();
  private final TwoFactorFixture f = TwoFactorFixture.create(b -> b
      .apiKeyStore(answeringAnyHash(ApiKeyStore.class, InMemoryStores.create().apiKeys(),
          "findByHash", row -> ((ApiKeyRecord) row).keyHash()))
      .sessionStore(answeringAnyHash(SessionStore.class, InMemoryStores.create().sessions(),
          "findByTokenHash", row -> ((SessionRecord) row).tokenHash()))
      .challengeStore(answeringAnyHash(ChallengeStore.class, InMemoryStores.create().challenges(),
          "findByTokenHash", row -> ((ChallengeRecord) row).tokenHash())));

  /** A store that answers a lookup by any hash with the row it stored last. */
  @SuppressWarnings("unchecked")
  private static <S> S answeringAnyHash(Class<S> type, S delegate, String finder,
      Function<Object, String> hashOf) {
    AtomicReference<String> last = new AtomicReference<>();
    return (S) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          Object[] actual = args;
          if (method.getName().equals("insert")) {
            last.set(hashOf.apply(args[0]));
          } else if (method.getName().equals(finder) && last.get() != null) {
            actual = new Object[] {last.get()};
          }
          try {
            return method.invoke(delegate, actual);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void anApiKeyNeverIssuedIsRefusedThoughTheStoreReturnsARow() {
    CreatedApiKey issued = f.latchkey.apiKeys().create("acct-1",
        ApiKeySpec.builder().name("real").build());
    String neverIssued = ApiKeyService.using(InMemoryStores.create().apiKeys(), f.clock, random,
        ApiKeySettings.defaults()).create("acct-9", ApiKeySpec.builder().name("x").build())
        .key().reveal();
    ApiKeyAuthentication forged = f.latchkey.apiKeys().authenticate("Bearer " + neverIssued);
    assertThat(forged).isInstanceOf(ApiKeyAuthentication.Rejected.class);
    assertThat(((ApiKeyAuthentication.Rejected) forged).reason())
        .isEqualTo(ApiKeyAuthentication.Reason.UNKNOWN);
    assertThat(f.latchkey.apiKeys().authenticate("Bearer " + issued.key().reveal())
        .isAuthenticated()).isTrue();
  }

  @Test
  void aSessionTokenNeverIssuedIsRefusedThoughTheStoreReturnsARow() {
    NewSession issued = f.latchkey.sessions().create("alice", CLIENT);
    assertThat(f.latchkey.sessions().validate(Tokens.bearer(random)))
        .isEqualTo(new SessionValidation.Rejected(SessionValidation.Reason.UNKNOWN));
    assertThat(f.latchkey.sessions().validate(issued.token().reveal()))
        .isInstanceOf(SessionValidation.Valid.class);
  }

  @Test
  void aSignInChallengeNeverIssuedIsRefusedThoughTheStoreReturnsARow() {
    f.latchkey.signIn().setPassword("bob", PASSWORD);
    f.enable("bob");
    SignInResult first = f.latchkey.signIn().signIn("bob", PASSWORD, CLIENT);
    assertThat(first).isInstanceOf(SignInResult.SecondFactorRequired.class);
    String issued = ((SignInResult.SecondFactorRequired) first).challenge().reveal();
    assertThat(f.latchkey.signIn().findChallenge(Tokens.bearer(random))).isEmpty();
    assertThat(f.latchkey.signIn().findChallenge(issued)).isPresent();
  }
}
