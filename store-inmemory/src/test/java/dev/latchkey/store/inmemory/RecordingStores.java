package dev.latchkey.store.inmemory;

import dev.latchkey.spi.AccountTokenStore;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.AttemptStore;
import dev.latchkey.spi.BackupCodeStore;
import dev.latchkey.spi.ChallengeStore;
import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.KnownDeviceStore;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.StoreException;
import dev.latchkey.spi.Stores;
import dev.latchkey.spi.TotpStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory stores behind wrappers that record every SPI call as {@code "Store.method"} (the
 * round trips a database would see) and can make one chosen call fail on purpose, for the tests
 * that count store work per path and the ones that prove a flow is all or nothing.
 */
public final class RecordingStores implements Stores {
  private final InMemoryStores delegate = InMemoryStores.create();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private volatile Fault fault;

  private final SessionStore sessions = wrap(SessionStore.class, delegate.sessions());
  private final CredentialStore credentials = wrap(CredentialStore.class, delegate.credentials());
  private final ApiKeyStore apiKeys = wrap(ApiKeyStore.class, delegate.apiKeys());
  private final TotpStore totp = wrap(TotpStore.class, delegate.totp());
  private final BackupCodeStore backupCodes = wrap(BackupCodeStore.class, delegate.backupCodes());
  private final ChallengeStore challenges = wrap(ChallengeStore.class, delegate.challenges());
  private final AttemptStore attempts = wrap(AttemptStore.class, delegate.attempts());
  private final ConnectedAccountStore connectedAccounts =
      wrap(ConnectedAccountStore.class, delegate.connectedAccounts());
  private final SecurityEventStore securityEvents =
      wrap(SecurityEventStore.class, delegate.securityEvents());
  private final KnownDeviceStore knownDevices =
      wrap(KnownDeviceStore.class, delegate.knownDevices());
  private final AccountTokenStore accountTokens =
      wrap(AccountTokenStore.class, delegate.accountTokens());

  /** Where a planned failure strikes: before the store does anything, or after it did its work. */
  public enum When { BEFORE, AFTER }

  private record Fault(String call, int nth, When when, AtomicInteger seen) {}

  /** The stores underneath, for checking state without recording. */
  public InMemoryStores unwrapped() {
    return delegate;
  }

  /** Every call recorded since the last {@link #takeCalls()}, in order, and forgets them. */
  public List<String> takeCalls() {
    List<String> out = new ArrayList<>(calls);
    calls.clear();
    return out;
  }

  /**
   * Makes the {@code nth} (1-based) next call named {@code call} ({@code "SessionStore.insert"})
   * throw a {@link StoreException}, {@link When#BEFORE} or {@link When#AFTER} the store's work;
   * once.
   */
  public void failOn(String call, int nth, When when) {
    this.fault = new Fault(Objects.requireNonNull(call), nth, when, new AtomicInteger());
  }

  /** Whether the planned failure has struck (or none was planned). */
  public boolean faultSpent() {
    return fault == null;
  }

  private <T> T wrap(Class<T> type, T target) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return method.invoke(target, args);
      }
      String name = type.getSimpleName() + "." + method.getName();
      calls.add(name);
      Fault f = fault;
      boolean strike = f != null && f.call().equals(name) && f.seen().incrementAndGet() == f.nth();
      if (strike) {
        fault = null;
        if (f.when() == When.BEFORE) {
          throw new StoreException("planned failure before " + name);
        }
      }
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (strike) {
        throw new StoreException("planned failure after " + name);
      }
      return result;
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        handler));
  }

  @Override
  public SessionStore sessions() {
    return sessions;
  }

  @Override
  public CredentialStore credentials() {
    return credentials;
  }

  @Override
  public ApiKeyStore apiKeys() {
    return apiKeys;
  }

  @Override
  public TotpStore totp() {
    return totp;
  }

  @Override
  public BackupCodeStore backupCodes() {
    return backupCodes;
  }

  @Override
  public ChallengeStore challenges() {
    return challenges;
  }

  @Override
  public AttemptStore attempts() {
    return attempts;
  }

  @Override
  public ConnectedAccountStore connectedAccounts() {
    return connectedAccounts;
  }

  @Override
  public SecurityEventStore securityEvents() {
    return securityEvents;
  }

  @Override
  public KnownDeviceStore knownDevices() {
    return knownDevices;
  }

  @Override
  public AccountTokenStore accountTokens() {
    return accountTokens;
  }
}
