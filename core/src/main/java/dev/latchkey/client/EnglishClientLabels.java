package dev.latchkey.client;

/**
 * {@link ClientLabels#english()}. Not API.
 *
 * <p>Thread-safe (stateless); never throws.
 */
final class EnglishClientLabels implements ClientLabels {
  static final EnglishClientLabels INSTANCE = new EnglishClientLabels();

  static final String UNKNOWN_DEVICE = "Unknown device";
  static final String UNKNOWN_LOCATION = "Unknown location";

  /**
   * The longest location label: it is shown in a session list, so it must fit a modest column
   * however long a database's city name is.
   */
  static final int MAX_LOCATION_LENGTH = 64;

  /** Country names from a host's own locator may be long; keep room for the city. */
  private static final int MAX_COUNTRY_LENGTH = 16;

  private EnglishClientLabels() {}

  @Override
  public String device(Device device) {
    if (device.type() == DeviceType.NONE) {
      return "";
    }
    String name = device.browser();
    String os = device.os();
    if (name.isEmpty()) {
      return os.isEmpty() ? UNKNOWN_DEVICE : "Unknown browser on " + os;
    }
    if (device.type() == DeviceType.BOT || device.type() == DeviceType.TOOL || os.isEmpty()) {
      return name;
    }
    return name + " on " + os;
  }

  @Override
  public String location(Location location) {
    return switch (location.scope()) {
      case NONE -> "";
      case LOOPBACK -> "Localhost";
      case PRIVATE -> "Private network";
      case UNKNOWN -> UNKNOWN_LOCATION;
      case PUBLIC -> place(location);
    };
  }

  private static String place(Location location) {
    String city = location.city();
    String region = location.region();
    String country = Texts.truncate(location.countryCode(), MAX_COUNTRY_LENGTH);
    if (!city.isEmpty() && !country.isEmpty()) {
      return Texts.truncate(city, MAX_LOCATION_LENGTH - 2 - country.length()) + ", " + country;
    }
    if (!country.isEmpty()) {
      return country;
    }
    if (!city.isEmpty()) {
      return Texts.truncate(city, MAX_LOCATION_LENGTH);
    }
    if (!region.isEmpty()) {
      return Texts.truncate(region, MAX_LOCATION_LENGTH);
    }
    return UNKNOWN_LOCATION;
  }

  @Override
  public String toString() {
    return "ClientLabels.english()";
  }
}
