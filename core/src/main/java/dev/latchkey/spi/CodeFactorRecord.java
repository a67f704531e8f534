package dev.latchkey.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A phone number or email address an account confirmed as a second factor: one-time codes for its
 * sign-ins go there. At most one per channel per account.
 *
 * @param accountId the host's opaque account id
 * @param channel {@code sms} or {@code email}
 * @param destination the E.164 number or the email address (not a secret)
 * @param enrolledAt when it was confirmed
 */
public record CodeFactorRecord(String accountId, String channel, String destination,
    Instant enrolledAt) {

  /** Checks the fields. @throws IllegalArgumentException for a malformed one */
  public CodeFactorRecord {
    OneTimeCodeRecord.requireAccountId(accountId);
    OneTimeCodeRecord.requireChannel(channel);
    OneTimeCodeRecord.requireDestination(destination);
    Objects.requireNonNull(enrolledAt, "enrolledAt");
  }
}
