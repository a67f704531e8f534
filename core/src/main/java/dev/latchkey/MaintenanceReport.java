package dev.latchkey;

import java.time.Duration;
import java.util.Objects;

/**
 * What one {@link LatchkeyMaintenance#runOnce()} deleted, per kind of row, and how long it took.
 * A kind the {@link Latchkey} has no store for counts 0.
 *
 * @param sessions sessions revoked or absolutely expired before the retention
 * @param attemptCounters attempt counters idle for longer than the attempt policies remember
 * @param signInChallenges sign-in challenges expired before the retention, used or not
 * @param knownDevices known-device tokens expired before the retention
 * @param oneTimeCodes SMS and email codes expired before the retention
 * @param passkeyChallenges passkey challenges expired before the retention
 * @param accountTokens password-reset, email-verification and email-change links expired before
 *     the retention, used or not
 * @param securityEvents security events older than the login history's retention
 * @param took how long the whole run took
 */
public record MaintenanceReport(
    int sessions,
    int attemptCounters,
    int signInChallenges,
    int knownDevices,
    int oneTimeCodes,
    int passkeyChallenges,
    int accountTokens,
    int securityEvents,
    Duration took) {

  /** Checks the values. */
  public MaintenanceReport {
    Objects.requireNonNull(took, "took");
  }

  /** Every row deleted, of every kind. */
  public long total() {
    return (long) sessions + attemptCounters + signInChallenges + knownDevices + oneTimeCodes
        + passkeyChallenges + accountTokens + securityEvents;
  }
}
