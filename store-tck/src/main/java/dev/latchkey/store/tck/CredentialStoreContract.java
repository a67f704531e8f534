package dev.latchkey.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.PasswordCredential;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link CredentialStore} must have. */
public abstract class CredentialStoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final String ARGON =
      "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
          + "Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm8";

  /** For a store's test class, which implements {@link #emptyStore()}. */
  protected CredentialStoreContract() {}

  /** A store with no credentials in it; called once per test. */
  protected abstract CredentialStore emptyStore();

  @Test
  void putThenFindReturnsIt() {
    CredentialStore store = emptyStore();
    PasswordCredential c = new PasswordCredential("acct-1", ARGON, T0);
    store.put(c);
    assertThat(store.find("acct-1")).contains(c);
    assertThat(store.find("acct-2")).isEmpty();
  }

  @Test
  void putReplacesTheExistingCredential() {
    CredentialStore store = emptyStore();
    store.put(new PasswordCredential("acct-1", ARGON, T0));
    PasswordCredential next = new PasswordCredential("acct-1", "$2b$10$abc", T0.plusSeconds(5));
    store.put(next);
    assertThat(store.find("acct-1")).contains(next);
  }

  @Test
  void replaceOnlyWhenTheStoredHashIsTheExpectedOne() {
    CredentialStore store = emptyStore();
    store.put(new PasswordCredential("acct-1", ARGON, T0));
    PasswordCredential next = new PasswordCredential("acct-1", "$argon2id$new", T0.plusSeconds(1));
    assertThat(store.replace("acct-1", "$2b$10$stale", next)).isFalse();
    assertThat(store.find("acct-1").orElseThrow().hash()).isEqualTo(ARGON);
    assertThat(store.replace("acct-1", ARGON, next)).isTrue();
    assertThat(store.find("acct-1")).contains(next);
    assertThat(store.replace("nobody", ARGON, new PasswordCredential("nobody", "x", T0))).isFalse();
    assertThat(store.find("nobody")).isEmpty();
  }

  @Test
  void deleteRemovesAndReportsWhetherThereWasOne() {
    CredentialStore store = emptyStore();
    store.put(new PasswordCredential("acct-1", ARGON, T0));
    assertThat(store.delete("acct-1")).isTrue();
    assertThat(store.delete("acct-1")).isFalse();
    assertThat(store.find("acct-1")).isEmpty();
  }

  @Test
  void concurrentCompareAndSetHasExactlyOneWinner() throws Exception {
    CredentialStore store = emptyStore();
    store.put(new PasswordCredential("acct-1", ARGON, T0));
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        final int n = i;
        results.add(pool.submit(() -> {
          start.await();
          return store.replace("acct-1", ARGON,
              new PasswordCredential("acct-1", "$argon2id$winner" + n, T0.plusSeconds(1)));
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
