package dev.latchkey.otp;

import dev.latchkey.delivery.Channel;
import dev.latchkey.delivery.Destinations;
import java.time.Instant;
import java.util.Objects;

/**
 * A phone number or email address an account uses as a second factor.
 *
 * @param channel SMS or email
 * @param destination the E.164 number or the address
 * @param enrolledAt when it was confirmed
 * @param allowed whether the host's policy lets codes go to it now
 *     ({@link OneTimeCodeSettings.Builder#smsAllowed}); a page should recommend an authenticator
 *     app when it is not
 */
public record EnrolledDestination(Channel channel, String destination, Instant enrolledAt,
    boolean allowed) {

  /** Requires every field. */
  public EnrolledDestination {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(enrolledAt, "enrolledAt");
  }

  /** The destination masked for showing ({@link Destinations#mask}). */
  public String masked() {
    return Destinations.mask(channel, destination);
  }
}
