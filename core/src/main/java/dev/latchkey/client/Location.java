package dev.latchkey.client;

/**
 * An approximate location for a client address, as an {@link IpLocator} answers it: city-level at
 * best, often just a country.
 *
 * <p>Plain immutable data. The constructor normalises every component: {@code null} becomes the
 * empty string, control characters are removed and surrounding whitespace is stripped, so no
 * component is ever {@code null} and {@link #display()} is always safe to show and store.
 *
 * @param city the city name in any script ("San Francisco", "São Paulo"), or empty when unknown
 * @param region the first-level subdivision ("California"), or empty when unknown
 * @param countryCode the ISO 3166-1 alpha-2 country code ("US"), or empty when unknown
 */
public record Location(String city, String region, String countryCode) {
  /** What {@link #display()} says when every component is empty. */
  static final String UNKNOWN = "Unknown location";

  /**
   * The longest {@link #display()} result: it is shown in a session list and stored beside the
   * session, so it must fit a modest column however long a database's city name is.
   */
  static final int MAX_DISPLAY_LENGTH = 64;

  /** Country names from a host's own locator may be long; keep room for the city. */
  private static final int MAX_COUNTRY_LENGTH = 16;

  /**
   * Normalises the components; see the class description.
   *
   * @param city the city, or {@code null} or empty when unknown
   * @param region the region, or {@code null} or empty when unknown
   * @param countryCode the country code, or {@code null} or empty when unknown
   */
  public Location {
    city = clean(city);
    region = clean(region);
    countryCode = clean(countryCode);
  }

  /**
   * Whether every component is empty, that is whether this location says nothing at all.
   *
   * @return {@code true} for {@code new Location("", "", "")}
   */
  public boolean isEmpty() {
    return city.isEmpty() && region.isEmpty() && countryCode.isEmpty();
  }

  /**
   * A short label for a session list, at most 64 characters.
   *
   * @return "San Francisco, US" (city and country code); "US" when the city is unknown (a region
   *     alone is too vague to be worth the space); the city alone when the country is unknown; the
   *     region when it is all there is; "Unknown location" when every component is empty
   */
  public String display() {
    String country = truncate(countryCode, MAX_COUNTRY_LENGTH);
    if (!city.isEmpty() && !country.isEmpty()) {
      return truncate(city, MAX_DISPLAY_LENGTH - 2 - country.length()) + ", " + country;
    }
    if (!country.isEmpty()) {
      return country;
    }
    if (!city.isEmpty()) {
      return truncate(city, MAX_DISPLAY_LENGTH);
    }
    if (!region.isEmpty()) {
      return truncate(region, MAX_DISPLAY_LENGTH);
    }
    return UNKNOWN;
  }

  private static String clean(String value) {
    if (value == null) {
      return "";
    }
    boolean hasControl = false;
    for (int i = 0; i < value.length() && !hasControl; i++) {
      hasControl = Character.isISOControl(value.charAt(i));
    }
    if (!hasControl) {
      return value.strip();
    }
    StringBuilder kept = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!Character.isISOControl(c)) {
        kept.append(c);
      }
    }
    return kept.toString().strip();
  }

  /** Cuts to at most max chars without splitting a surrogate pair. */
  private static String truncate(String value, int max) {
    if (value.length() <= max) {
      return value;
    }
    int end = max;
    if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end).strip();
  }
}
