package dev.latchkey.store.inmemory;

import dev.latchkey.spi.PasskeyChallengeRecord;
import dev.latchkey.spi.PasskeyRecord;
import dev.latchkey.spi.PasskeyStore;
import dev.latchkey.spi.StoreException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passkeys and their challenges in memory: rows are immutable records, so a reader never sees a
 * half-written one. Reads are lock-free; every write takes one lock, which makes each SPI
 * operation atomic exactly as the database's conditional statement or transaction is. Instants are
 * kept in whole milliseconds, as the databases keep them.
 */
final class InMemoryPasskeyStore implements PasskeyStore {
  private static final Comparator<PasskeyRecord> OLDEST_FIRST =
      Comparator.comparing(PasskeyRecord::createdAt).thenComparing(PasskeyRecord::credentialId);

  private final Map<String, PasskeyRecord> byCredentialId = new ConcurrentHashMap<>();
  private final Map<String, PasskeyChallengeRecord> challenges = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();

  @Override
  public boolean insert(PasskeyRecord passkey) {
    Objects.requireNonNull(passkey, "passkey");
    PasskeyRecord row = new PasskeyRecord(passkey.credentialId(), passkey.accountId(),
        passkey.userHandle(), passkey.publicKey(), passkey.signCount(), passkey.transports(),
        passkey.backupEligible(), passkey.backupState(), passkey.userVerified(), passkey.aaguid(),
        passkey.name(), millis(passkey.createdAt()), millis(passkey.lastUsedAt()));
    synchronized (writeLock) {
      return byCredentialId.putIfAbsent(row.credentialId(), row) == null;
    }
  }

  @Override
  public Optional<PasskeyRecord> findByCredentialId(String credentialId) {
    Objects.requireNonNull(credentialId, "credentialId");
    return Optional.ofNullable(byCredentialId.get(credentialId));
  }

  @Override
  public List<PasskeyRecord> listByAccount(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return byCredentialId.values().stream().filter(p -> p.accountId().equals(accountId))
        .sorted(OLDEST_FIRST).toList();
  }

  @Override
  public boolean rename(String accountId, String credentialId, String name) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(name, "name");
    synchronized (writeLock) {
      PasskeyRecord row = byCredentialId.get(credentialId);
      if (row == null || !row.accountId().equals(accountId)) {
        return false;
      }
      byCredentialId.put(credentialId, row.renamed(name));
      return true;
    }
  }

  @Override
  public boolean recordUse(String credentialId, long expectedSignCount, long newSignCount,
      boolean backupState, Instant at) {
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(at, "at");
    synchronized (writeLock) {
      PasskeyRecord row = byCredentialId.get(credentialId);
      if (row == null || row.signCount() != expectedSignCount) {
        return false;
      }
      byCredentialId.put(credentialId, row.used(newSignCount, backupState, millis(at)));
      return true;
    }
  }

  @Override
  public DeleteOutcome deleteUnlessLast(String accountId, String credentialId,
      boolean otherSignInMethod) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(credentialId, "credentialId");
    synchronized (writeLock) {
      PasskeyRecord row = byCredentialId.get(credentialId);
      if (row == null || !row.accountId().equals(accountId)) {
        return DeleteOutcome.NOT_FOUND;
      }
      if (!otherSignInMethod && listByAccount(accountId).size() == 1) {
        return DeleteOutcome.LAST_SIGN_IN_METHOD;
      }
      byCredentialId.remove(credentialId);
      return DeleteOutcome.DELETED;
    }
  }

  @Override
  public int deleteAll(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    synchronized (writeLock) {
      List<PasskeyRecord> rows = listByAccount(accountId);
      rows.forEach(p -> byCredentialId.remove(p.credentialId()));
      return rows.size();
    }
  }

  @Override
  public void insertChallenge(PasskeyChallengeRecord challenge) {
    Objects.requireNonNull(challenge, "challenge");
    PasskeyChallengeRecord row = new PasskeyChallengeRecord(challenge.challengeHash(),
        challenge.purpose(), challenge.bindingHash(), challenge.accountId(),
        challenge.userHandle(), millis(challenge.createdAt()), millis(challenge.expiresAt()),
        millis(challenge.consumedAt()));
    synchronized (writeLock) {
      if (challenges.putIfAbsent(row.challengeHash(), row) != null) {
        throw new StoreException("duplicate passkey challenge hash");
      }
    }
  }

  @Override
  public Optional<PasskeyChallengeRecord> findChallenge(String challengeHash) {
    Objects.requireNonNull(challengeHash, "challengeHash");
    return Optional.ofNullable(challenges.get(challengeHash));
  }

  @Override
  public boolean consumeChallenge(String challengeHash, String purpose, String bindingHash,
      Instant at) {
    Objects.requireNonNull(challengeHash, "challengeHash");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(bindingHash, "bindingHash");
    Objects.requireNonNull(at, "at");
    synchronized (writeLock) {
      PasskeyChallengeRecord row = challenges.get(challengeHash);
      if (row == null || !row.liveAt(at) || !row.purpose().equals(purpose)
          || !row.bindingHash().equals(bindingHash)) {
        return false;
      }
      challenges.put(challengeHash, new PasskeyChallengeRecord(row.challengeHash(), row.purpose(),
          row.bindingHash(), row.accountId(), row.userHandle(), row.createdAt(),
          row.expiresAt(), millis(at)));
      return true;
    }
  }

  @Override
  public int purgeChallenges(Instant before) {
    Objects.requireNonNull(before, "before");
    synchronized (writeLock) {
      List<String> old = challenges.values().stream()
          .filter(c -> c.expiresAt().isBefore(before))
          .map(PasskeyChallengeRecord::challengeHash).toList();
      old.forEach(challenges::remove);
      return old.size();
    }
  }

  private static Instant millis(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }
}
