package dev.latchkey.geoip.internal;

import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import dev.latchkey.client.Location;
import java.util.List;

/*
 * Design note. MaxMind's decoder builds these classes from a database record, reflectively: it
 * calls the public constructor marked @MaxMindDbConstructor with the map entries named by
 * @MaxMindDbParameter, skips every other entry without decoding it, and passes null for entries
 * the record lacks. Declaring only the four entries we read (and, inside them, only "iso_code"
 * and the English name) keeps a lookup from decoding the latitude, time zone, postal code and
 * seven other languages a GeoLite2 record carries.
 *
 * The Location is computed once, in the constructor. The reader's cache hands the same decoded
 * object to every lookup that lands on the same record, so a cached hit allocates nothing here.
 *
 * The types are public only because the decoder must be able to call their constructors; the
 * package is not exported (module-info opens it to com.maxmind.db alone), so they are not API.
 */

/**
 * The part of a GeoIP2-layout city or country record that Latchkey reads. Not API.
 *
 * <p>Both vendors' layouts decode here: GeoLite2/GeoIP2 City
 * ({@code city.names.en}, {@code subdivisions[0].names.en} with {@code iso_code},
 * {@code country.iso_code}, {@code registered_country.iso_code}) and DB-IP City Lite (the same
 * paths, with English names only and no subdivision {@code iso_code}). Immutable.
 */
public final class CityRecord {
  private final Location location;

  /**
   * Called by MaxMind's decoder; any argument may be {@code null} when the record lacks it.
   *
   * @param city {@code city}
   * @param subdivisions {@code subdivisions}, largest first
   * @param country {@code country}
   * @param registeredCountry {@code registered_country}: where the network is registered, the
   *     only country MaxMind gives for some anycast and satellite networks
   */
  @MaxMindDbConstructor
  public CityRecord(
      @MaxMindDbParameter(name = "city") Place city,
      @MaxMindDbParameter(name = "subdivisions") List<Place> subdivisions,
      @MaxMindDbParameter(name = "country") Place country,
      @MaxMindDbParameter(name = "registered_country") Place registeredCountry) {
    String cityName = city == null ? "" : city.name();
    String region = "";
    if (subdivisions != null && !subdivisions.isEmpty() && subdivisions.get(0) != null) {
      Place first = subdivisions.get(0);
      // The name when there is one ("California"); else the code ("CA") beats nothing.
      region = first.name().isEmpty() ? first.isoCode() : first.name();
    }
    String countryCode = country == null ? "" : usable(country.isoCode());
    if (countryCode.isEmpty() && registeredCountry != null) {
      countryCode = usable(registeredCountry.isoCode());
    }
    this.location = new Location(cityName, region, countryCode);
  }

  /**
   * The location this record names.
   *
   * @return a public-scope location, possibly empty (a record with no place in it)
   */
  public Location location() {
    return location;
  }

  /** "ZZ" is DB-IP's code for "unknown", as in its CSV files. */
  private static String usable(String code) {
    return "ZZ".equals(code) ? "" : code;
  }

  /**
   * A place in a record ({@code city}, {@code country}, a subdivision): its code and English name.
   * Not API. Immutable.
   */
  public static final class Place {
    private final String isoCode;
    private final String name;

    /**
     * Called by MaxMind's decoder.
     *
     * @param isoCode {@code iso_code}, or {@code null}
     * @param names {@code names}, or {@code null}
     */
    @MaxMindDbConstructor
    public Place(@MaxMindDbParameter(name = "iso_code") String isoCode,
        @MaxMindDbParameter(name = "names") Names names) {
      this.isoCode = isoCode == null ? "" : isoCode;
      this.name = names == null || names.english == null ? "" : names.english;
    }

    /**
     * The ISO code.
     *
     * @return {@code iso_code}, or empty
     */
    public String isoCode() {
      return isoCode;
    }

    /**
     * The English name.
     *
     * @return {@code names.en}, or empty
     */
    public String name() {
      return name;
    }
  }

  /**
   * A {@code names} map, of which only the English entry is decoded (the one every vendor fills;
   * DB-IP Lite has no other). Not API. Immutable.
   */
  public static final class Names {
    private final String english;

    /**
     * Called by MaxMind's decoder.
     *
     * @param english {@code en}, or {@code null}
     */
    @MaxMindDbConstructor
    public Names(@MaxMindDbParameter(name = "en") String english) {
      this.english = english;
    }
  }
}
