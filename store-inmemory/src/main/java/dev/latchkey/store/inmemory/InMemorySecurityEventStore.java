package dev.latchkey.store.inmemory;

import dev.latchkey.client.AddressScope;
import dev.latchkey.client.Device;
import dev.latchkey.client.Location;
import dev.latchkey.spi.EventPosition;
import dev.latchkey.spi.SecurityEventRecord;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Security events in memory: per account, a sorted set of immutable {@link SecurityEventRecord}s
 * in {@link SecurityEventRecord#NEWEST_FIRST} order, so a page is a walk from a position, as an
 * indexed keyset query is in a database.
 *
 * <p>Reads are lock-free; appends and purges take one lock so the unique-id check and the insert
 * are one atomic step.
 */
final class InMemorySecurityEventStore implements SecurityEventStore {
  private final Map<String, NavigableSet<SecurityEventRecord>> byAccount =
      new ConcurrentHashMap<>();
  private final Set<String> ids = ConcurrentHashMap.newKeySet();
  private final Object writeLock = new Object();

  @Override
  public void append(SecurityEventRecord event) {
    Objects.requireNonNull(event, "event");
    synchronized (writeLock) {
      if (!ids.add(event.id())) {
        throw new StoreException("duplicate security event id " + event.id());
      }
      byAccount.computeIfAbsent(event.accountId(),
          a -> new ConcurrentSkipListSet<>(SecurityEventRecord.NEWEST_FIRST)).add(event);
    }
  }

  @Override
  public List<SecurityEventRecord> page(String accountId, Set<String> types, EventPosition after,
      int limit) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(types, "types");
    if (limit < 1) {
      throw new IllegalArgumentException("Invalid limit " + limit + "; must be at least 1");
    }
    NavigableSet<SecurityEventRecord> events = byAccount.get(accountId);
    if (events == null) {
      return List.of();
    }
    // Start strictly after the position, as "WHERE (at, id) < (?, ?)" on an index would.
    NavigableSet<SecurityEventRecord> from = after == null ? events
        : events.tailSet(probe(accountId, after), false);
    List<SecurityEventRecord> out = new ArrayList<>(Math.min(limit, 128));
    for (SecurityEventRecord e : from) {
      if (out.size() == limit) {
        break;
      }
      if (types.isEmpty() || types.contains(e.type())) {
        out.add(e);
      }
    }
    return List.copyOf(out);
  }

  /** A stand-in with the position's sort key; the comparator reads nothing else. */
  private static SecurityEventRecord probe(String accountId, EventPosition p) {
    return new SecurityEventRecord(p.id(), accountId, "position", p.at(), "", Device.none(),
        Location.of(AddressScope.NONE), null, false, Map.of());
  }

  @Override
  public boolean exists(String accountId, String type, Device device, Location location) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(type, "type");
    NavigableSet<SecurityEventRecord> events = byAccount.get(accountId);
    if (events == null) {
      return false;
    }
    for (SecurityEventRecord e : events) {
      // The SPI's matching: browser, OS and type for the device (not the version), every part of
      // the location.
      if (e.type().equals(type) && (device == null || device.isSameDeviceAs(e.device()))
          && (location == null || location.equals(e.location()))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    synchronized (writeLock) {
      int n = 0;
      for (Iterator<Map.Entry<String, NavigableSet<SecurityEventRecord>>> accounts =
          byAccount.entrySet().iterator(); accounts.hasNext(); ) {
        NavigableSet<SecurityEventRecord> events = accounts.next().getValue();
        for (Iterator<SecurityEventRecord> it = events.iterator(); it.hasNext(); ) {
          SecurityEventRecord e = it.next();
          if (e.at().isBefore(before)) {
            it.remove();
            ids.remove(e.id());
            n++;
          }
        }
        if (events.isEmpty()) {
          accounts.remove();
        }
      }
      return n;
    }
  }
}
