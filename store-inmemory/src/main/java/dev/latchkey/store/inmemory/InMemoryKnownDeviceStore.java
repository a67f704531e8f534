package dev.latchkey.store.inmemory;

import dev.latchkey.spi.KnownDeviceRecord;
import dev.latchkey.spi.KnownDeviceStore;
import dev.latchkey.spi.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Known devices in memory: rows are immutable {@link KnownDeviceRecord}s. Reads are lock-free;
 * every write takes one lock, so each SPI operation is atomic as the database's statement is.
 */
final class InMemoryKnownDeviceStore implements KnownDeviceStore {
  private final Map<String, KnownDeviceRecord> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByTokenHash = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();

  @Override
  public void insert(KnownDeviceRecord device) {
    Objects.requireNonNull(device, "device");
    synchronized (writeLock) {
      if (byId.containsKey(device.id()) || idByTokenHash.containsKey(device.tokenHash())) {
        throw new StoreException("duplicate known device id or token hash for device "
            + device.id());
      }
      byId.put(device.id(), device);
      idByTokenHash.put(device.tokenHash(), device.id());
    }
  }

  @Override
  public Optional<KnownDeviceRecord> findByTokenHash(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    String id = idByTokenHash.get(tokenHash);
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  @Override
  public boolean delete(String accountId, String id) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(id, "id");
    synchronized (writeLock) {
      KnownDeviceRecord row = byId.get(id);
      if (row == null || !row.accountId().equals(accountId)) {
        return false;
      }
      remove(row);
      return true;
    }
  }

  @Override
  public int deleteAll(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    synchronized (writeLock) {
      int n = 0;
      for (KnownDeviceRecord row : List.copyOf(byId.values())) {
        if (row.accountId().equals(accountId)) {
          remove(row);
          n++;
        }
      }
      return n;
    }
  }

  @Override
  public int purge(Instant before) {
    Objects.requireNonNull(before, "before");
    synchronized (writeLock) {
      int n = 0;
      for (KnownDeviceRecord row : List.copyOf(byId.values())) {
        if (row.expiresAt().isBefore(before)) {
          remove(row);
          n++;
        }
      }
      return n;
    }
  }

  private void remove(KnownDeviceRecord row) {
    byId.remove(row.id());
    idByTokenHash.remove(row.tokenHash());
  }
}
