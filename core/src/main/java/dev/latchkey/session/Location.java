package dev.latchkey.session;

/** Placeholder. @param city c @param region r @param countryCode cc */
public record Location(String city, String region, String countryCode) {
  /** Display. */
  public String display() {
    return city.isEmpty() ? countryCode : city + ", " + countryCode;
  }
}
