package dev.latchkey.cache;

import dev.latchkey.spi.BoundedCache;
import dev.latchkey.spi.Invalidation;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.spi.InvalidationListener;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design note. A validation cache maps a hash to what a store read returned. One rule makes it
 * safe against invalidations that race with a lookup:
 *
 *   a lookup takes a ticket (the epoch) before it reads the store, and may insert its entry only
 *   if the epoch still equals the ticket, checked and inserted under the shared side of a
 *   read-write lock; an invalidation bumps the epoch and removes the matching entries under the
 *   exclusive side.
 *
 * For a lookup L and an invalidation I whose store change committed before I started:
 *   - if L read the store after the change, L saw it and caches nothing wrong;
 *   - otherwise L's ticket predates I's bump, and L's check-and-insert runs either wholly before
 *     I (then I removes the entry) or wholly after it (then the epoch has moved and L inserts
 *     nothing). No reader can ever see L's entry after I returned: there is no window between an
 *     insert and its undo. (An earlier version re-checked after an unlocked insert; the race test
 *     in GuardedCacheTest caught the moment in between.)
 * Reads take no lock. Inserts share the lock with each other and wait only for invalidations,
 * which are rare (revocations, rotations, factor changes).
 *
 * Bump after removing. Tickets and reads take no lock, so a lookup can read the epoch while an
 * invalidation is half done. If the bump came first, a lookup could take the new epoch as its
 * ticket, still read the entry the invalidation was about to remove, and (after waiting for the
 * write lock) put it back with a ticket that matches: an API key's last-use refresh did exactly
 * that, and a key revoked on MariaDB kept authenticating from the cache (the store contract's
 * revoke race caught it about once in seven runs). With the bump last, a ticket equal to the new
 * epoch is read after the removal is complete (the epoch is volatile), and an older ticket fails
 * the check.
 *
 * A lost bus connection means invalidations may be missed from now on: the cache goes dark
 * (tickets become -1, reads miss), bumps the epoch and empties itself; when the bus says it is
 * connected again it bumps the epoch once more (so lookups that read the store while dark are not
 * kept) and lights up. Entries also expire by the caller's clock (the caller checks), bounding
 * what a silently broken connection could cost to the TTL.
 */

/**
 * A bounded validation cache guarded by an epoch and, when a bus is given, by the bus's
 * connection state. Engine class; thread-safe.
 *
 * @param <V> the entry type
 */
public final class GuardedCache<V> implements InvalidationListener {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedCache.class);

  /** The ticket of a lookup whose result must not be cached. */
  public static final long NO_TICKET = -1;

  private final String name;
  private final BoundedCache<V> entries;
  private final BiPredicate<Invalidation, V> matches;
  private final AtomicLong epoch = new AtomicLong();
  /** Shared: inserts. Exclusive: invalidations and connection changes. */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean connected;
  private final InvalidationBus.Subscription subscription;

  private GuardedCache(String name, BoundedCache<V> entries, BiPredicate<Invalidation, V> matches,
      InvalidationBus bus) {
    this.name = name;
    this.entries = Objects.requireNonNull(entries, "entries");
    this.matches = Objects.requireNonNull(matches, "matches");
    this.connected = bus == null;
    this.subscription = bus == null ? null : bus.subscribe(this);
  }

  /**
   * A cache that hears invalidations from {@code bus} (or, when it is {@code null}, only the local
   * {@link #invalidate} calls of its owner), and is dark until the bus says it is connected.
   *
   * @param matches whether an invalidation concerns an entry
   */
  public static <V> GuardedCache<V> create(String name, BoundedCache<V> entries,
      BiPredicate<Invalidation, V> matches, InvalidationBus bus) {
    return new GuardedCache<>(name, entries, matches, bus);
  }

  /** Take before the store read whose result may be cached; {@link #NO_TICKET} while dark. */
  public long ticket() {
    long t = epoch.get();
    return connected ? t : NO_TICKET;
  }

  /** The entry, or {@code null}: absent, or the cache is dark. The caller checks its expiry. */
  public V get(String key) {
    return connected ? entries.get(key) : null;
  }

  /** Keeps {@code value} if nothing was invalidated since {@code ticket} was taken. */
  public void put(String key, V value, long ticket) {
    if (ticket == NO_TICKET) {
      return;
    }
    lock.readLock().lock();
    try {
      if (connected && epoch.get() == ticket) {
        entries.put(key, value);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Drops one entry (the caller found it no longer valid). */
  public void remove(String key) {
    entries.remove(key);
  }

  /** Drops the entries an invalidation concerns. Call after the store change, before publishing. */
  public void invalidate(Invalidation invalidation) {
    lock.writeLock().lock();
    try {
      // Remove first, bump last: see "bump after removing" in the design note.
      entries.removeIf(v -> matches.test(invalidation, v));
      epoch.incrementAndGet();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Drops every entry. */
  public void invalidateAll() {
    lock.writeLock().lock();
    try {
      entries.clear();
      epoch.incrementAndGet();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Whether the cache answers from memory now (false while the bus is disconnected). */
  public boolean isLive() {
    return connected;
  }

  /** How many entries are held. */
  public long size() {
    return entries.size();
  }

  @Override
  public void onInvalidation(Invalidation invalidation) {
    invalidate(invalidation);
  }

  @Override
  public void onConnected() {
    // Bump: a lookup that read the store while dark took no ticket, and one that took a ticket
    // before the loss sees a changed epoch.
    lock.writeLock().lock();
    try {
      entries.clear();
      epoch.incrementAndGet();
      connected = true;
    } finally {
      lock.writeLock().unlock();
    }
    LOG.info("Validation cache '{}' is live: the invalidation bus is connected", name);
  }

  @Override
  public void onConnectionLost() {
    lock.writeLock().lock();
    try {
      connected = false;
      entries.clear();
      epoch.incrementAndGet();
    } finally {
      lock.writeLock().unlock();
    }
    LOG.warn("Validation cache '{}' emptied and bypassed: the invalidation bus lost its connection",
        name);
  }

  /** Stops listening to the bus. */
  public void close() {
    if (subscription != null) {
      subscription.close();
    }
  }
}
