package dev.latchkey.cache.caffeine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Latchkey;
import dev.latchkey.apikey.ApiKeyAuthentication;
import dev.latchkey.apikey.ApiKeySpec;
import dev.latchkey.apikey.CreatedApiKey;
import dev.latchkey.apikey.Permission;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.session.ValidationCacheSettings;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.BoundedCacheProvider;
import dev.latchkey.spi.Invalidation;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.spi.InvalidationListener;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.tck.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validation cache end to end, on core's default storage and on Caffeine: two "processes"
 * (two Latchkey objects, each with its own cache) on one set of stores and one bus.
 */
class ValidationCacheTest {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "Mozilla/5.0 Firefox/128.0");

  static List<BoundedCacheProvider> providers() {
    return List.of(ValidationCacheSettings.enabled().build().provider(), CaffeineCaches.provider());
  }

  /** A bus whose delivery and connection state the test controls (held: not delivered yet). */
  static final class ManualBus implements InvalidationBus {
    final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();
    final List<Invalidation> held = new CopyOnWriteArrayList<>();
    volatile boolean connected = true;

    @Override
    public void publish(Invalidation invalidation) {
      held.add(invalidation);
    }

    void deliver() {
      for (Invalidation i : held) {
        listeners.forEach(l -> l.onInvalidation(i));
      }
      held.clear();
    }

    void lose() {
      connected = false;
      listeners.forEach(InvalidationListener::onConnectionLost);
    }

    void restore() {
      connected = true;
      listeners.forEach(InvalidationListener::onConnected);
    }

    @Override
    public Subscription subscribe(InvalidationListener listener) {
      listeners.add(listener);
      if (connected) {
        listener.onConnected();
      }
      return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
      listeners.clear();
    }
  }

  /** One "process": its own Latchkey and cache, counting the store reads it makes. */
  static final class Process {
    final Latchkey latchkey;
    final AtomicInteger sessionReads = new AtomicInteger();
    final AtomicInteger keyReads = new AtomicInteger();

    Process(InMemoryStores stores, MutableClock clock, InvalidationBus bus,
        BoundedCacheProvider provider) {
      latchkey = Latchkey.builder().stores(stores).clock(clock)
          .sessionStore(counting(SessionStore.class, stores.sessions(), "findByTokenHash",
              sessionReads))
          .apiKeyStore(counting(ApiKeyStore.class, stores.apiKeys(), "findByHash", keyReads))
          .invalidationBus(bus)
          .validationCache(ValidationCacheSettings.enabled().provider(provider)
              .ttl(Duration.ofSeconds(10)).build())
          .build();
    }

    boolean valid(NewSession s) {
      return latchkey.sessions().validate(s.token().reveal()) instanceof SessionValidation.Valid;
    }

    boolean valid(CreatedApiKey k) {
      return latchkey.apiKeys().authenticateKey(k.key().reveal())
          instanceof ApiKeyAuthentication.Authenticated;
    }
  }

  @SuppressWarnings("unchecked")
  static <T> T counting(Class<T> type, T target, String method, AtomicInteger count) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, m, args) -> {
          if (m.getName().equals(method)) {
            count.incrementAndGet();
          }
          try {
            return m.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private final InMemoryStores stores = InMemoryStores.create();
  private final MutableClock clock = MutableClock.atEpochOfTests();
  private final ManualBus bus = new ManualBus();

  @ParameterizedTest
  @MethodSource("providers")
  void validatedTwiceThenTheSecondIsAnsweredFromMemory(BoundedCacheProvider provider) {
    Process a = new Process(stores, clock, bus, provider);
    NewSession s = a.latchkey.sessions().create("acct-1", CLIENT);
    assertThat(a.valid(s)).isTrue();
    assertThat(a.valid(s)).isTrue();
    assertThat(a.sessionReads).hasValue(1);
  }

  @ParameterizedTest
  @MethodSource("providers")
  void revokedOnAThenBRefusesOnceTheBusDelivers(BoundedCacheProvider provider) {
    Process a = new Process(stores, clock, bus, provider);
    Process b = new Process(stores, clock, bus, provider);
    NewSession s = a.latchkey.sessions().create("acct-1", CLIENT);
    assertThat(b.valid(s)).isTrue();
    assertThat(a.latchkey.sessions().revoke("acct-1", s.id()))
        .isInstanceOf(dev.latchkey.session.SessionRevokeResult.Revoked.class);
    assertThat(a.valid(s)).as("the revoking process refuses at once").isFalse();
    assertThat(bus.held).containsExactly(Invalidation.session(s.id()));
    assertThat(b.valid(s)).as("B's cache is stale until the bus delivers: that window is"
        + " what the bus's delivery time measures").isTrue();
    bus.deliver();
    assertThat(b.valid(s)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("providers")
  void everySessionOfTheAccountEndedThenBRefusesThemAll(BoundedCacheProvider provider) {
    Process a = new Process(stores, clock, bus, provider);
    Process b = new Process(stores, clock, bus, provider);
    NewSession one = a.latchkey.sessions().create("acct-1", CLIENT);
    NewSession two = a.latchkey.sessions().create("acct-1", CLIENT);
    NewSession other = a.latchkey.sessions().create("acct-2", CLIENT);
    assertThat(b.valid(one) && b.valid(two) && b.valid(other)).isTrue();
    a.latchkey.sessions().revokeAll("acct-1");
    bus.deliver();
    assertThat(b.valid(one)).isFalse();
    assertThat(b.valid(two)).isFalse();
    assertThat(b.valid(other)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("providers")
  void apiKeyRevokedOnAThenBRefusesOnceTheBusDelivers(BoundedCacheProvider provider) {
    Process a = new Process(stores, clock, bus, provider);
    Process b = new Process(stores, clock, bus, provider);
    CreatedApiKey key = a.latchkey.apiKeys().create("acct-1",
        ApiKeySpec.builder().name("ci").permission(Permission.READ_ONLY).build());
    assertThat(b.valid(key)).isTrue();
    assertThat(b.valid(key)).isTrue();
    assertThat(b.keyReads).hasValue(1);
    a.latchkey.apiKeys().revoke("acct-1", key.id());
    assertThat(bus.held).containsExactly(Invalidation.apiKey(key.id()));
    bus.deliver();
    assertThat(b.valid(key)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("providers")
  void busLostThenTheCacheEmptiesAndEveryValidationReadsTheStoreUntilRestored(
      BoundedCacheProvider provider) {
    Process a = new Process(stores, clock, bus, provider);
    Process b = new Process(stores, clock, bus, provider);
    NewSession s = a.latchkey.sessions().create("acct-1", CLIENT);
    assertThat(b.valid(s)).isTrue();
    bus.lose();
    a.latchkey.sessions().revoke("acct-1", s.id());
    bus.held.clear(); // the message is lost with the connection
    int before = b.sessionReads.get();
    assertThat(b.valid(s)).as("a lost bus never serves a stale answer").isFalse();
    NewSession fresh = a.latchkey.sessions().create("acct-1", CLIENT);
    assertThat(b.valid(fresh)).isTrue();
    assertThat(b.valid(fresh)).isTrue();
    assertThat(b.sessionReads.get() - before).as("bypassed: every validation read the store")
        .isEqualTo(3);
    bus.restore();
    assertThat(b.valid(fresh)).isTrue();
    assertThat(b.valid(fresh)).isTrue();
    assertThat(b.sessionReads.get() - before).as("cached again after the restore").isEqualTo(4);
  }

  @ParameterizedTest
  @MethodSource("providers")
  void entryOlderThanTheTtlThenTheStoreIsReadAgain(BoundedCacheProvider provider) {
    Process b = new Process(stores, clock, bus, provider);
    NewSession s = b.latchkey.sessions().create("acct-1", CLIENT);
    assertThat(b.valid(s)).isTrue();
    clock.advance(Duration.ofSeconds(11));
    assertThat(b.valid(s)).isTrue();
    assertThat(b.sessionReads).hasValue(2);
  }

  @ParameterizedTest
  @MethodSource("providers")
  void factorChangedOnAThenBRefusesTheAccountsOtherSessions(BoundedCacheProvider provider) {
    Process a = new Process(stores, clock, bus, provider);
    Process b = new Process(stores, clock, bus, provider);
    NewSession s = a.latchkey.sessions().create("acct-1", CLIENT);
    assertThat(b.valid(s)).isTrue();
    a.latchkey.sessions().afterFactorChange("acct-1");
    assertThat(bus.held).containsExactly(Invalidation.accountFactors("acct-1"));
    bus.deliver();
    assertThat(b.valid(s)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void cacheWithoutABusIsRefusedByBuild() {
    assertThatThrownBy(() -> Latchkey.builder().stores(stores)
        .validationCache(ValidationCacheSettings.enabled().build()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("invalidation bus");
  }

  @org.junit.jupiter.api.Test
  void caffeineCacheRemovesByPredicateKeyAndAll() {
    var cache = CaffeineCaches.provider().<String>create("t", 1000, Duration.ofMinutes(1));
    for (int i = 0; i < 100; i++) {
      cache.put("k" + i, i % 2 == 0 ? "even" : "odd");
    }
    cache.removeIf("even"::equals);
    for (int i = 0; i < 100; i++) {
      assertThat(cache.get("k" + i)).isEqualTo(i % 2 == 0 ? null : "odd");
    }
    cache.put("x", "odd");
    assertThat(cache.get("x")).isEqualTo("odd");
    cache.remove("x");
    assertThat(cache.get("x")).isNull();
    cache.clear();
    assertThat(cache.size()).isZero();
  }
}
