package dev.latchkey.store.inmemory;

import dev.latchkey.spi.BackupCodeRecord;
import dev.latchkey.spi.TotpCredential;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state behind {@link InMemoryTotpStore} and {@link InMemoryBackupCodeStore}: both aggregates
 * under one lock, because activation and disabling change both at once — what the JDBC stores do
 * in one transaction.
 *
 * <p>Values are immutable (records, {@code List.copyOf}); reads are lock-free and see either the
 * state before a write or after it, never a mix. Writes hold {@link #lock}.
 */
final class TwoFactorState {
  final Object lock = new Object();
  final Map<String, TotpCredential> credentials = new ConcurrentHashMap<>();
  /** Account id to its whole set of codes, replaced as a unit on every write. */
  final Map<String, List<BackupCodeRecord>> codes = new ConcurrentHashMap<>();
}
