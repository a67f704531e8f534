package dev.latchkey.store.inmemory;

import dev.latchkey.spi.BackupCodeRecord;
import dev.latchkey.spi.TotpCredential;
import dev.latchkey.spi.TotpStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** TOTP credentials in memory; shares {@link TwoFactorState} (and its lock) with the codes. */
final class InMemoryTotpStore implements TotpStore {
  private final TwoFactorState state;

  InMemoryTotpStore(TwoFactorState state) {
    this.state = Objects.requireNonNull(state, "state");
  }

  @Override
  public Optional<TotpCredential> findByAccount(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return Optional.ofNullable(state.credentials.get(accountId));
  }

  @Override
  public boolean savePending(TotpCredential pending) {
    Objects.requireNonNull(pending, "pending");
    if (pending.active() || pending.lastAcceptedStep() != TotpCredential.NO_STEP) {
      throw new IllegalArgumentException("savePending takes a pending credential with no step");
    }
    synchronized (state.lock) {
      TotpCredential current = state.credentials.get(pending.accountId());
      if (current != null && current.active()) {
        return false;
      }
      state.credentials.put(pending.accountId(), pending);
      return true;
    }
  }

  @Override
  public boolean activate(String accountId, String expectedEncryptedSecret, long acceptedStep,
      List<BackupCodeRecord> codes, Instant at) {
    Objects.requireNonNull(expectedEncryptedSecret, "expectedEncryptedSecret");
    Objects.requireNonNull(at, "at");
    List<BackupCodeRecord> set = BackupCodeRecord.validatedSet(accountId, codes);
    if (acceptedStep < 0) {
      throw new IllegalArgumentException("acceptedStep must be 0 or more");
    }
    synchronized (state.lock) {
      TotpCredential current = state.credentials.get(accountId);
      if (current == null || current.active()
          || !current.encryptedSecret().equals(expectedEncryptedSecret)
          || acceptedStep <= current.lastAcceptedStep()) {
        return false;
      }
      // Codes first, then the credential: a lock-free reader that sees the active credential also
      // sees its codes.
      state.codes.put(accountId, set);
      state.credentials.put(accountId, current.activated(acceptedStep, at));
      return true;
    }
  }

  @Override
  public boolean acceptStep(String accountId, long step) {
    Objects.requireNonNull(accountId, "accountId");
    synchronized (state.lock) {
      TotpCredential current = state.credentials.get(accountId);
      if (current == null || !current.active() || step <= current.lastAcceptedStep()) {
        return false;
      }
      state.credentials.put(accountId, current.withLastAcceptedStep(step));
      return true;
    }
  }

  @Override
  public boolean releaseStep(String accountId, long step) {
    Objects.requireNonNull(accountId, "accountId");
    if (step < 0) {
      throw new IllegalArgumentException("step must be 0 or more");
    }
    synchronized (state.lock) {
      TotpCredential current = state.credentials.get(accountId);
      if (current == null || !current.active() || current.lastAcceptedStep() != step) {
        return false;
      }
      state.credentials.put(accountId, current.withLastAcceptedStep(step - 1));
      return true;
    }
  }

  @Override
  public boolean deleteAll(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    synchronized (state.lock) {
      // Codes first, then the credential: a lock-free reader never sees codes without an active
      // credential (the reverse order of activate).
      state.codes.remove(accountId);
      return state.credentials.remove(accountId) != null;
    }
  }

  @Override
  public boolean replaceSecret(String accountId, String expected, String replacement) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    synchronized (state.lock) {
      TotpCredential current = state.credentials.get(accountId);
      if (current == null || !current.encryptedSecret().equals(expected)) {
        return false;
      }
      state.credentials.put(accountId, current.withEncryptedSecret(replacement));
      return true;
    }
  }
}
