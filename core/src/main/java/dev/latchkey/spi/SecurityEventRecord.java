package dev.latchkey.spi;

import dev.latchkey.client.Device;
import dev.latchkey.client.Location;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One stored security event (a row of an account's login history). Holds no secret: the service
 * that writes it never puts a password, code, token or hash in it.
 *
 * <h2>Column sizes</h2>
 * {@code id} ≤ {@value #MAX_ID_LENGTH} characters (Latchkey writes 32 lower-case hex digits),
 * {@code accountId} ≤ 255, {@code type} ≤ {@value #MAX_TYPE_LENGTH}, {@code ipAddress} ≤ 64,
 * {@code sessionId} ≤ 128, and {@link #detailsText()} ≤ {@value #MAX_DETAILS_TEXT_LENGTH}. The
 * device's browser and OS are at most {@value Device#MAX_NAME_LENGTH} characters and each
 * location component at most {@value Location#MAX_COMPONENT_LENGTH} (their constructors see to
 * it); the device type and address scope are stored as their codes (at most 16 characters).
 * Timestamps are whole milliseconds.
 *
 * @param id unique id, random; together with {@code at} it orders events totally
 * @param accountId the account the event belongs to
 * @param type the stable type code ({@code sign_in.succeeded}, …); a store keeps codes it does not
 *     know as they are
 * @param at when it happened, whole milliseconds
 * @param ipAddress the client address, or empty
 * @param device the client's device as structured fields ({@link Device#none()} when the
 *     operation had no client)
 * @param location the client's approximate location as structured fields (scope
 *     {@link dev.latchkey.client.AddressScope#NONE} when the operation had no client)
 * @param sessionId the session concerned, or {@code null}
 * @param suspicious the suspicious-sign-in flag
 * @param details descriptive facts; keys match {@code [a-z][a-z0-9_]{0,63}} (copied, unmodifiable)
 */
public record SecurityEventRecord(
    String id,
    String accountId,
    String type,
    Instant at,
    String ipAddress,
    Device device,
    Location location,
    String sessionId,
    boolean suspicious,
    Map<String, String> details) {

  /** Longest id. */
  public static final int MAX_ID_LENGTH = 64;
  /** Longest type code. */
  public static final int MAX_TYPE_LENGTH = 64;
  /** Longest {@link #detailsText()}: a {@code VARCHAR(2000)} holds every record. */
  public static final int MAX_DETAILS_TEXT_LENGTH = 2000;

  /**
   * Newest first: {@code at} descending, then {@code id} descending (ids compared as ASCII strings,
   * which for Latchkey's lower-case hex ids every SQL collation agrees with). The order every page
   * is read in.
   */
  public static final Comparator<SecurityEventRecord> NEWEST_FIRST =
      Comparator.comparing(SecurityEventRecord::at)
          .thenComparing(SecurityEventRecord::id)
          .reversed();

  private static final Pattern DETAIL_KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /** Validates presence and sizes; copies {@code details}. */
  public SecurityEventRecord {
    requireLength(id, "id", 1, MAX_ID_LENGTH);
    requireLength(accountId, "accountId", 1, 255);
    requireLength(type, "type", 1, MAX_TYPE_LENGTH);
    Objects.requireNonNull(at, "at");
    requireLength(ipAddress, "ipAddress", 0, 64);
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(location, "location");
    if (sessionId != null) {
      requireLength(sessionId, "sessionId", 1, 128);
    }
    details = Map.copyOf(Objects.requireNonNull(details, "details"));
    for (String key : details.keySet()) {
      if (!DETAIL_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("Invalid details key '" + key
            + "'; must match [a-z][a-z0-9_]{0,63}");
      }
    }
    int encoded = encodeDetails(details).length();
    if (encoded > MAX_DETAILS_TEXT_LENGTH) {
      throw new IllegalArgumentException("Invalid details of encoded length " + encoded
          + "; must be at most " + MAX_DETAILS_TEXT_LENGTH);
    }
  }

  /** The details in their text form, for a single column: see {@link #encodeDetails(Map)}. */
  public String detailsText() {
    return encodeDetails(details);
  }

  /**
   * The text form of a details map, for stores that keep it in one column: entries sorted by key,
   * each {@code key=value} with both parts form-encoded ({@link URLEncoder}, UTF-8), joined by
   * {@code &}. An empty map is the empty string. Deterministic, so equal maps give equal text.
   */
  public static String encodeDetails(Map<String, String> details) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(details).entrySet()) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  /**
   * Reads what {@link #encodeDetails(Map)} wrote.
   *
   * @throws IllegalArgumentException when the text is not in that form (a corrupt row)
   */
  public static Map<String, String> decodeDetails(String text) {
    Objects.requireNonNull(text, "text");
    Map<String, String> out = new TreeMap<>();
    if (text.isEmpty()) {
      return Map.of();
    }
    for (String pair : text.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Invalid details text: an entry has no key");
      }
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return Map.copyOf(out);
  }

  /** Where this record sits in the {@link #NEWEST_FIRST} order. */
  public EventPosition position() {
    return new EventPosition(at, id);
  }

  private static void requireLength(String value, String name, int min, int max) {
    Objects.requireNonNull(value, name);
    if (value.length() < min || value.length() > max) {
      throw new IllegalArgumentException("Invalid " + name + " of length " + value.length()
          + "; must be " + min + " to " + max + " characters");
    }
  }
}
