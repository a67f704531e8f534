package dev.latchkey.store.inmemory;

import dev.latchkey.spi.BackupCodeRecord;
import dev.latchkey.spi.BackupCodeStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Backup codes in memory: each account's set is one immutable list, replaced whole on every write
 * under the lock it shares with {@link InMemoryTotpStore}, so a reader sees a whole set, old or new.
 */
final class InMemoryBackupCodeStore implements BackupCodeStore {
  private final TwoFactorState state;

  InMemoryBackupCodeStore(TwoFactorState state) {
    this.state = Objects.requireNonNull(state, "state");
  }

  @Override
  public boolean replaceAll(String accountId, List<BackupCodeRecord> codes) {
    List<BackupCodeRecord> set = BackupCodeRecord.validatedSet(accountId, codes);
    synchronized (state.lock) {
      var credential = state.credentials.get(accountId);
      if (credential == null || !credential.active()) {
        return false;
      }
      state.codes.put(accountId, set);
      return true;
    }
  }

  @Override
  public boolean consume(String accountId, String codeHash, Instant at) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(at, "at");
    synchronized (state.lock) {
      List<BackupCodeRecord> set = state.codes.get(accountId);
      if (set == null) {
        return false;
      }
      for (int i = 0; i < set.size(); i++) {
        BackupCodeRecord r = set.get(i);
        if (!r.used() && r.codeHash().equals(codeHash)) {
          List<BackupCodeRecord> next = new ArrayList<>(set);
          next.set(i, r.withUsedAt(at));
          state.codes.put(accountId, List.copyOf(next));
          return true;
        }
      }
      return false;
    }
  }

  @Override
  public boolean restore(String accountId, String codeHash, Instant usedAt) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(usedAt, "usedAt");
    Instant millis = usedAt.truncatedTo(ChronoUnit.MILLIS); // as the databases keep it
    synchronized (state.lock) {
      List<BackupCodeRecord> set = state.codes.get(accountId);
      if (set == null) {
        return false;
      }
      for (int i = 0; i < set.size(); i++) {
        BackupCodeRecord r = set.get(i);
        if (r.used() && r.codeHash().equals(codeHash)
            && r.usedAt().truncatedTo(ChronoUnit.MILLIS).equals(millis)) {
          List<BackupCodeRecord> next = new ArrayList<>(set);
          next.set(i, r.withUsedAt(null));
          state.codes.put(accountId, List.copyOf(next));
          return true;
        }
      }
      return false;
    }
  }

  @Override
  public int countRemaining(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    int n = 0;
    for (BackupCodeRecord r : state.codes.getOrDefault(accountId, List.of())) {
      if (!r.used()) {
        n++;
      }
    }
    return n;
  }

  @Override
  public List<BackupCodeRecord> list(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    List<BackupCodeRecord> out = new ArrayList<>(state.codes.getOrDefault(accountId, List.of()));
    out.sort(Comparator.comparing(BackupCodeRecord::codeHash));
    return List.copyOf(out);
  }
}
