package dev.latchkey.store.inmemory;

import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.spi.ConnectedIdentity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/*
 * Two indexes over the same immutable rows: (provider, subject) -> row, the "unique constraint" and
 * the sign-in lookup, and account id -> its rows, for listing and the last-method count. Every
 * method, reads included, holds the one lock, so the indexes are never seen out of step and each
 * decision (is the identity taken? is this the last row?) is made and acted on in one critical
 * section: what the JDBC store does with unique constraints and row locks.
 */
final class InMemoryConnectedAccountStore implements ConnectedAccountStore {
  private static final Comparator<ConnectedIdentity> ORDER =
      Comparator.comparing(ConnectedIdentity::linkedAt).thenComparing(ConnectedIdentity::provider);

  private record Key(String provider, String subject) {}

  private final Object lock = new Object();
  private final Map<Key, ConnectedIdentity> bySubject = new HashMap<>();
  /** Account id to its rows; an account without rows has no entry. */
  private final Map<String, List<ConnectedIdentity>> byAccount = new HashMap<>();

  @Override
  public InsertOutcome insert(ConnectedIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    Key key = new Key(identity.provider(), identity.subject());
    synchronized (lock) {
      ConnectedIdentity owner = bySubject.get(key);
      if (owner != null) {
        return owner.accountId().equals(identity.accountId())
            ? InsertOutcome.ALREADY_LINKED_TO_THIS_ACCOUNT
            : InsertOutcome.LINKED_TO_ANOTHER_ACCOUNT;
      }
      List<ConnectedIdentity> rows = byAccount.getOrDefault(identity.accountId(), List.of());
      if (rows.stream().anyMatch(r -> r.provider().equals(identity.provider()))) {
        return InsertOutcome.PROVIDER_ALREADY_LINKED;
      }
      List<ConnectedIdentity> next = new ArrayList<>(rows);
      next.add(identity);
      bySubject.put(key, identity);
      byAccount.put(identity.accountId(), List.copyOf(next));
      return InsertOutcome.INSERTED;
    }
  }

  @Override
  public Optional<ConnectedIdentity> findBySubject(String provider, String subject) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(subject, "subject");
    synchronized (lock) {
      return Optional.ofNullable(bySubject.get(new Key(provider, subject)));
    }
  }

  @Override
  public List<ConnectedIdentity> listByAccount(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    List<ConnectedIdentity> rows;
    synchronized (lock) {
      rows = byAccount.getOrDefault(accountId, List.of());
    }
    return rows.stream().sorted(ORDER).toList();
  }

  @Override
  public UnlinkOutcome unlinkUnlessLast(String accountId, String provider, boolean hasPassword) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(provider, "provider");
    synchronized (lock) {
      List<ConnectedIdentity> rows = byAccount.getOrDefault(accountId, List.of());
      ConnectedIdentity target = rows.stream().filter(r -> r.provider().equals(provider))
          .findFirst().orElse(null);
      if (target == null) {
        return UnlinkOutcome.NOT_LINKED;
      }
      if (!hasPassword && rows.size() == 1) {
        return UnlinkOutcome.LAST_SIGN_IN_METHOD;
      }
      bySubject.remove(new Key(target.provider(), target.subject()));
      List<ConnectedIdentity> rest = rows.stream().filter(r -> r != target).toList();
      if (rest.isEmpty()) {
        byAccount.remove(accountId);
      } else {
        byAccount.put(accountId, rest);
      }
      return UnlinkOutcome.UNLINKED;
    }
  }

  @Override
  public int deleteAll(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    synchronized (lock) {
      List<ConnectedIdentity> rows = byAccount.remove(accountId);
      if (rows == null) {
        return 0;
      }
      for (ConnectedIdentity r : rows) {
        bySubject.remove(new Key(r.provider(), r.subject()));
      }
      return rows.size();
    }
  }
}
