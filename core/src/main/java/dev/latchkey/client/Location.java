package dev.latchkey.client;

import java.util.Objects;

/**
 * An approximate location for a client address: city-level at best, often just a country, and
 * the {@link AddressScope} that says whether the address could be located at all. An
 * {@link IpLocator} answers with the three-argument constructor (a public address); Latchkey sets
 * the other scopes itself. Words for it ("San Francisco, US", "Localhost") come from a
 * {@link ClientLabels} only when it is shown.
 *
 * <p>Plain immutable data. The constructor normalises every component: {@code null} becomes the
 * empty string, control characters are removed, surrounding whitespace is stripped and each
 * component is cut to {@value #MAX_COMPONENT_LENGTH} characters, so no component is ever
 * {@code null} and every value fits a store's columns.
 *
 * @param city the city name in any script ("San Francisco", "São Paulo"), or empty when unknown
 * @param region the first-level subdivision ("California"), or empty when unknown
 * @param countryCode the ISO 3166-1 alpha-2 country code ("US"), or empty when unknown
 * @param scope what kind of address it was; {@link AddressScope#PUBLIC} for every location an
 *     {@link IpLocator} gives
 */
public record Location(String city, String region, String countryCode, AddressScope scope) {
  /** The longest component: what a store's columns hold. */
  public static final int MAX_COMPONENT_LENGTH = 100;

  private static final Location UNKNOWN = new Location("", "", "", AddressScope.UNKNOWN);
  private static final Location NONE = new Location("", "", "", AddressScope.NONE);

  /**
   * Normalises the components; see the class description.
   *
   * @param city the city, or {@code null} or empty when unknown
   * @param region the region, or {@code null} or empty when unknown
   * @param countryCode the country code, or {@code null} or empty when unknown
   * @param scope the kind of address (required)
   */
  public Location {
    city = Texts.clean(city, MAX_COMPONENT_LENGTH);
    region = Texts.clean(region, MAX_COMPONENT_LENGTH);
    countryCode = Texts.clean(countryCode, MAX_COMPONENT_LENGTH);
    Objects.requireNonNull(scope, "scope");
  }

  /**
   * The location of a public address, as an {@link IpLocator} answers it.
   *
   * @param city the city, or {@code null} or empty when unknown
   * @param region the region, or {@code null} or empty when unknown
   * @param countryCode the country code, or {@code null} or empty when unknown
   */
  public Location(String city, String region, String countryCode) {
    this(city, region, countryCode, AddressScope.PUBLIC);
  }

  /**
   * A location with no city, region or country: what Latchkey stores for loopback, private and
   * unusable addresses, and for operations without a client.
   *
   * @param scope the kind of address
   * @return a location whose components are all empty
   */
  public static Location of(AddressScope scope) {
    Objects.requireNonNull(scope, "scope");
    return switch (scope) {
      case UNKNOWN -> UNKNOWN;
      case NONE -> NONE;
      default -> new Location("", "", "", scope);
    };
  }

  /**
   * Whether every component is empty, that is whether this location names no place (whatever its
   * scope).
   *
   * @return {@code true} for {@code new Location("", "", "")}
   */
  public boolean isEmpty() {
    return city.isEmpty() && region.isEmpty() && countryCode.isEmpty();
  }
}
