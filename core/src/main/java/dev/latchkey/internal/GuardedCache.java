package dev.latchkey.internal;

import dev.latchkey.spi.BoundedCache;
import dev.latchkey.spi.Invalidation;
import dev.latchkey.spi.InvalidationBus;
import dev.latchkey.spi.InvalidationListener;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design note. A validation cache maps a hash to what a store read returned. One rule makes it
 * safe against invalidations that race with a lookup:
 *
 *   a lookup takes a ticket (the epoch) before it reads the store, and its entry is kept only if
 *   the epoch still equals the ticket *after* the entry is in the map.
 *
 * Every invalidation (local, or from the bus) first bumps the epoch, then removes the matching
 * entries. For a lookup L and an invalidation I whose store change committed before I started:
 *   - if L read the store after the change, L saw it and caches nothing wrong;
 *   - otherwise L's ticket predates I's bump. If L's re-check after its put sees the old epoch,
 *     I's bump (and so I's removal) comes after L's put, and I removes L's entry; if it sees a new
 *     epoch, L removes its own entry.
 * So no entry made from a read older than a change survives the change's invalidation.
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
    if (ticket == NO_TICKET || epoch.get() != ticket) {
      return;
    }
    entries.put(key, value);
    // Re-check after the put: an invalidation that bumped meanwhile may have missed our entry.
    if (epoch.get() != ticket || !connected) {
      entries.remove(key);
    }
  }

  /** Drops one entry (the caller found it no longer valid). */
  public void remove(String key) {
    entries.remove(key);
  }

  /** Drops the entries an invalidation concerns. Call after the store change, before publishing. */
  public void invalidate(Invalidation invalidation) {
    epoch.incrementAndGet();
    entries.removeIf(v -> matches.test(invalidation, v));
  }

  /** Drops every entry. */
  public void invalidateAll() {
    epoch.incrementAndGet();
    entries.clear();
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
    // Bump first: a lookup that read the store while dark took no ticket, and one that took a
    // ticket before the loss sees a changed epoch.
    epoch.incrementAndGet();
    entries.clear();
    connected = true;
    LOG.info("Validation cache '{}' is live: the invalidation bus is connected", name);
  }

  @Override
  public void onConnectionLost() {
    connected = false;
    epoch.incrementAndGet();
    entries.clear();
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
