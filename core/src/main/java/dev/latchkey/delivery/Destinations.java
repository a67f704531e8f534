package dev.latchkey.delivery;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The strict destination check of core: a phone number must already be in E.164 form, an email
 * address must be a plain {@code local@domain} a mail server accepts. Core parses nothing looser
 * (a national number needs the region's numbering plan): a host turns what a person typed into
 * E.164 with a {@link PhoneNumberNormalizer} ({@code latchkey-delivery-sms} has one on
 * libphonenumber) before handing it over.
 *
 * <p>Never throws for any input; thread-safe.
 */
public final class Destinations {
  /** The longest email address SMTP carries in a path: 254 characters (RFC 5321 and errata). */
  public static final int MAX_EMAIL_LENGTH = 254;
  /** The longest local part: 64 characters (RFC 5321 §4.5.3.1.1). */
  static final int MAX_LOCAL_LENGTH = 64;
  /** The longest domain label: 63 characters (RFC 1035). */
  static final int MAX_LABEL_LENGTH = 63;

  private Destinations() {}

  /**
   * Whether {@code value} is a phone number in E.164 form: {@code +}, a country code that does not
   * start with 0, and 7 to 15 digits in all (ITU-T E.164 caps numbers at 15 digits; the
   * shortest, a small island's, have 7 with their country code).
   */
  public static boolean isE164(String value) {
    if (value == null || value.length() < 8 || value.length() > 16 || value.charAt(0) != '+') {
      return false;
    }
    if (value.charAt(1) == '0') {
      return false;
    }
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * The canonical form of an email address: the domain in lower case, the local part as given
   * (it is case-sensitive in principle, and folding it would send to another mailbox on the rare
   * server that honours case), surrounding whitespace removed.
   *
   * <p>Accepted: 1 to 64 characters of {@code [A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]} before the
   * {@code @}, no leading, trailing or doubled dot; a domain of at least two labels of
   * {@code [A-Za-z0-9-]} (1 to 63 characters, no hyphen at either end), the last one not all
   * digits; at most {@value #MAX_EMAIL_LENGTH} characters. Quoted local parts, comments, IP
   * literals and non-ASCII addresses are refused: none is worth the parsing risk for a second
   * factor.
   *
   * @return empty when {@code input} is not such an address
   */
  public static Optional<String> normalizeEmail(String input) {
    if (input == null || input.length() > MAX_EMAIL_LENGTH + 32) {
      return Optional.empty();
    }
    String s = input.strip();
    if (s.length() > MAX_EMAIL_LENGTH) {
      return Optional.empty();
    }
    int at = s.indexOf('@');
    if (at < 1 || at != s.lastIndexOf('@') || at > MAX_LOCAL_LENGTH) {
      return Optional.empty();
    }
    String local = s.substring(0, at);
    String domain = s.substring(at + 1);
    if (!validLocal(local) || !validDomain(domain)) {
      return Optional.empty();
    }
    return Optional.of(local + "@" + domain.toLowerCase(Locale.ROOT));
  }

  private static boolean validLocal(String local) {
    if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      return false;
    }
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || ".!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean validDomain(String domain) {
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH || label.startsWith("-")
          || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-';
        if (!ok) {
          return false;
        }
      }
    }
    String top = labels[labels.length - 1];
    return !top.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /**
   * Whether {@code destination} is valid for {@code channel} as it stands: E.164 for SMS, an
   * address already in its {@link #normalizeEmail canonical form} for email.
   */
  public static boolean isValid(Channel channel, String destination) {
    Objects.requireNonNull(channel, "channel");
    if (destination == null) {
      return false;
    }
    return channel == Channel.SMS ? isE164(destination)
        : normalizeEmail(destination).map(destination::equals).orElse(false);
  }

  /**
   * The destination as a page may show it to someone who has not proven they own it:
   * {@code +44•••••••23} (country code and last two digits), {@code a•••@example.com} (first
   * character of the local part, whole domain). An invalid destination masks to {@code •••}.
   */
  public static String mask(Channel channel, String destination) {
    Objects.requireNonNull(channel, "channel");
    if (!isValid(channel, destination)) {
      return "\u2022\u2022\u2022";
    }
    if (channel == Channel.SMS) {
      int keep = 3;
      int hidden = destination.length() - keep - 2;
      return destination.substring(0, keep) + "\u2022".repeat(hidden)
          + destination.substring(destination.length() - 2);
    }
    int at = destination.indexOf('@');
    return destination.charAt(0) + "\u2022\u2022\u2022" + destination.substring(at);
  }
}
