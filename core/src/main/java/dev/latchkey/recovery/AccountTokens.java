package dev.latchkey.recovery;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.common.KeyRing;
import dev.latchkey.common.Secret;
import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.DeliveryResult;
import dev.latchkey.delivery.Message;
import dev.latchkey.delivery.MessagePurpose;
import dev.latchkey.delivery.MessageSender;
import dev.latchkey.internal.HashLookup;
import dev.latchkey.internal.Hashing;
import dev.latchkey.internal.KeyPurpose;
import dev.latchkey.internal.KeyRingAccess;
import dev.latchkey.internal.KeyedHasher;
import dev.latchkey.internal.Time;
import dev.latchkey.internal.Tokens;
import dev.latchkey.limits.AttemptDecision;
import dev.latchkey.limits.AttemptLimiter;
import dev.latchkey.limits.AttemptPolicy;
import dev.latchkey.limits.Factor;
import dev.latchkey.metrics.LatchkeyMetrics;
import dev.latchkey.spi.AccountTokenRecord;
import dev.latchkey.spi.AccountTokenStore;
import dev.latchkey.spi.AttemptStore;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/*
 * The machinery both recovery services share: drawing, hashing, storing, finding and consuming
 * link tokens, and the send limits. A token is 256 bits from the injected SecureRandom, handed
 * out once inside a link and stored only as its SHA-256 (a 256-bit random value needs no key:
 * nobody can search its preimage), so the table is worthless to a reader. Lookup is by the hash
 * (the database's index), as for sessions and API keys. Consuming is the store's conditional
 * update, so a link works once across processes.
 */
final class AccountTokens {
  private final AccountTokenStore store;
  private final MessageSender sender;
  private final RecoverySettings settings;
  private final AttemptLimiter addressSends;
  private final AttemptLimiter clientSends;
  private final Clock clock;
  private final SecureRandom random;
  private final KeyedHasher sendCounters;

  AccountTokens(AccountTokenStore store, MessageSender sender, RecoverySettings settings,
      AttemptStore attempts, Clock clock, SecureRandom random, LatchkeyMetrics metrics,
      KeyRing keyRing) {
    this.store = Objects.requireNonNull(store, "store");
    this.sender = MessageSender.guarded(Objects.requireNonNull(sender, "sender"));
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.sendCounters = KeyRingAccess.of(Objects.requireNonNull(keyRing, "keyRing"))
        .keyedHasher(KeyPurpose.SEND_COUNTER_MAC);
    Objects.requireNonNull(attempts, "attempts");
    this.addressSends = AttemptLimiter.withoutClientLimit(attempts, clock,
        settings.sendPolicy(settings.sendsPerAddress()));
    // Only its client counter is used: addresses are counted by addressSends.
    this.clientSends = AttemptLimiter.create(attempts, clock, AttemptPolicy.perAccount(),
        settings.sendPolicy(settings.sendsPerClient()), Objects.requireNonNull(metrics, "metrics"));
  }

  /**
   * A link token as issued: the clear token (for the link only) and when it expires. A class, not
   * a record: it holds a secret, which a record's generated accessors and equality would treat as
   * plain data.
   */
  static final class Issued {
    private final Secret token;
    private final Instant expiresAt;

    Issued(Secret token, Instant expiresAt) {
      this.token = Objects.requireNonNull(token, "token");
      this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    Secret token() {
      return token;
    }

    Instant expiresAt() {
      return expiresAt;
    }

    /** Never shows the token. */
    @Override
    public String toString() {
      return "Issued[token=(hidden), expiresAt=" + expiresAt + "]";
    }
  }

  /** What a token names, or why it names nothing usable. */
  sealed interface Lookup {
    /** A live token of the purpose asked for. */
    record Found(AccountTokenRecord record) implements Lookup {}

    /** No live token. */
    record Refused(LinkRejection reason) implements Lookup {}
  }

  RecoverySettings settings() {
    return settings;
  }

  AccountTokenStore store() {
    return store;
  }

  /**
   * Counts one link to {@code address} from {@code client} against the send limits: the address
   * (under a keyed hash, so the counter table never holds addresses, nor anything a reader could
   * reverse by trying a list of them) first, then the client.
   *
   * @return the limit that refused, with its wait; empty when the send may go ahead
   */
  Optional<Limited> countSend(String address, ClientInfo client) {
    AttemptDecision d = addressSends.tryAttempt(Factor.LINK_SEND,
        "address:" + sendCounters.hex(sendCounters.primaryKeyId(), address.getBytes(UTF_8)), null);
    if (d instanceof AttemptDecision.Locked l) {
      return Optional.of(new Limited(LinkSendLimit.ADDRESS, l.retryAfter()));
    }
    d = clientSends.tryAttempt(Factor.LINK_SEND, null, client.ipAddress());
    if (d instanceof AttemptDecision.Locked l) {
      return Optional.of(new Limited(LinkSendLimit.CLIENT, l.retryAfter()));
    }
    return Optional.empty();
  }

  /** A send limit that refused. */
  record Limited(LinkSendLimit limit, Duration retryAfter) {}

  /**
   * Issues a token. With {@code replacing}, the account's earlier tokens of the purpose are
   * revoked first, so only the newest link works.
   */
  Issued issue(String purpose, String accountId, String destination, String previous,
      String fingerprint, Duration lifetime, boolean replacing) {
    String token = Tokens.bearer(random);
    Instant now = now();
    Instant expiresAt = now.plus(lifetime);
    if (replacing) {
      store.revoke(accountId, purpose);
    }
    store.issue(new AccountTokenRecord(Hashing.sha256Hex(token), purpose, accountId, destination,
        previous, fingerprint, now, expiresAt, null));
    return new Issued(Secret.of(token), expiresAt);
  }

  /** The live token of {@code purpose} that {@code token} names; never throws for bad input. */
  Lookup find(String token, String purpose) {
    if (!Tokens.wellFormed(token) || token.length() != 43) {
      return new Lookup.Refused(LinkRejection.INVALID_TOKEN);
    }
    // The one lookup of a bearer secret by hash: re-compared in constant time, as for sessions.
    Optional<AccountTokenRecord> found = HashLookup.find(Hashing.sha256Hex(token), store::find,
        AccountTokenRecord::tokenHash);
    if (found.isEmpty() || !found.get().purpose().equals(purpose)
        || found.get().consumedAt() != null
        || found.get().accountId().equals(AccountTokenRecord.DECOY_ACCOUNT_ID)) {
      return new Lookup.Refused(LinkRejection.INVALID_TOKEN);
    }
    if (!found.get().liveAt(now())) {
      return new Lookup.Refused(LinkRejection.EXPIRED);
    }
    return new Lookup.Found(found.get());
  }

  /** Uses the token up; {@code false} when another request used it first (or it just expired). */
  boolean consume(AccountTokenRecord record) {
    return store.consume(record.tokenHash(), record.purpose(), now());
  }

  /** Sends a link (or a notice carrying one) by email; the sender is guarded. */
  DeliveryResult deliver(MessagePurpose purpose, String address, String content, Locale locale) {
    return sender.deliver(Message.of(Channel.EMAIL, address, purpose, Secret.of(content),
        locale == null ? settings.defaultLocale() : locale));
  }

  /** {@code page} with {@code token} in its query. */
  static String link(URI page, Issued issued) {
    return RecoverySettings.link(page, issued.token().reveal());
  }

  Instant now() {
    return Time.now(clock);
  }
}
