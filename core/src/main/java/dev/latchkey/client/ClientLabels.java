package dev.latchkey.client;

/**
 * Turns the structured {@link Device} and {@link Location} that Latchkey stores into words, at the
 * moment they are shown: in a session list, a login history, a "new sign-in" e-mail. Nothing
 * rendered is ever stored, so a host can show another language, or better words, for every row
 * it already has.
 *
 * <p>{@link #english()} is the default wording ("Chrome on macOS", "San Francisco, US"). A host
 * implements this interface for another language, usually delegating to {@link #english()} for
 * product and place names, which are the same in every language.
 *
 * <p>Implementations must be thread-safe and should not throw.
 */
public interface ClientLabels {

  /**
   * Words for a device.
   *
   * @param device a stored device
   * @return a short label; empty for {@link DeviceType#NONE} (no client)
   */
  String device(Device device);

  /**
   * Words for a location.
   *
   * @param location a stored location
   * @return a short label; empty for {@link AddressScope#NONE} (no client)
   */
  String location(Location location);

  /**
   * The English wording.
   *
   * <p>Devices: "&lt;browser&gt; on &lt;OS&gt;" ("Chrome on macOS", "Instagram app on iPhone"), the
   * browser alone when the OS is unknown ("Opera Mini"), the name alone for bots and tools
   * ("Googlebot", "curl"), "Unknown browser on &lt;OS&gt;" when only the OS is known, and
   * "Unknown device" when nothing is; empty when there was no client.
   *
   * <p>Locations: "Localhost", "Private network", "Unknown location" for addresses that could not
   * be placed; otherwise "San Francisco, US" (city and country code), the country code alone when
   * the city is unknown (a region alone is too vague to be worth the space), the city alone when
   * the country is unknown, the region when it is all there is, "Unknown location" when nothing
   * is; at most 64 characters; empty when there was no client.
   *
   * @return a stateless, thread-safe renderer that never throws
   */
  static ClientLabels english() {
    return EnglishClientLabels.INSTANCE;
  }
}
