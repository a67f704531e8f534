package dev.latchkey.http;

import dev.latchkey.common.Secret;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a Latchkey cookie (the session token, the known-device token) is named and which attributes
 * it carries: the {@code Set-Cookie} value, written out in full so that no container default adds
 * or drops an attribute.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>{@code HttpOnly}: page scripts, and so an XSS payload, cannot read the token.
 *   <li>{@code SameSite=Lax} by default ({@link #sameSiteStrict()} for {@code Strict}): browsers
 *       leave the cookie off cross-site subrequests and cross-site POSTs, the first line of defence
 *       against CSRF ({@link CrossSiteCheck} is the second).
 *   <li>In a <em>secure context</em> ({@link #isSecureContext}: HTTPS, or any host that is not
 *       loopback) the cookie is {@code Secure} and named with the {@code __Host-} prefix, so the
 *       browser sends it only over HTTPS and accepts it only from this exact host ({@code Path=/},
 *       no {@code Domain}): a sibling subdomain cannot plant a session of its choosing. On
 *       {@code http://localhost} (and 127.0.0.1, [::1]) both are left off so development works
 *       without TLS; browsers refuse a {@code __Host-} cookie without {@code Secure}. A deployment
 *       without TLS elsewhere gets a cookie its browser will not send back: serve it over HTTPS.
 *   <li>Only the name of the request's own context is read ({@link #name(boolean)}): off
 *       localhost, a cookie without the prefix may have been set by a sibling subdomain and is
 *       ignored.
 *   <li>{@code Max-Age} is the token's absolute lifetime; idle expiry is the server's business.
 *   <li>A value outside RFC 6265's cookie-octets is refused with an exception that does not
 *       contain it; nothing here logs.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class CookieRules {
  /** The session cookie's name (without prefix): {@value}. */
  public static final String SESSION_COOKIE = "latchkey_session";
  /** The known-device cookie's name (without prefix): {@value}. */
  public static final String DEVICE_COOKIE = "latchkey_device";
  /** The prefix of every cookie name in a secure context: {@value}. */
  public static final String HOST_PREFIX = "__Host-";
  /** Longest cookie name accepted, without the prefix. */
  public static final int MAX_NAME_LENGTH = 64;
  /** Longest cookie value accepted (our tokens are 43 characters). */
  public static final int MAX_VALUE_LENGTH = 1024;

  /** RFC 9110 token: what a cookie name may be made of. */
  private static final Pattern NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.[0-9]{1,3}){3}");

  /** The {@code SameSite} attribute a cookie carries. */
  public enum SameSite {
    /** Sent on top-level navigations from other sites, not on their subrequests or POSTs. */
    LAX("Lax"),
    /** Never sent on a request another site started, not even a link followed from it. */
    STRICT("Strict");

    private final String attribute;

    SameSite(String attribute) {
      this.attribute = attribute;
    }

    /** The attribute value: {@code Lax} or {@code Strict}. */
    public String attribute() {
      return attribute;
    }
  }

  private final String name;
  private final SameSite sameSite;

  private CookieRules(String name, SameSite sameSite) {
    this.name = name;
    this.sameSite = sameSite;
  }

  /** The session cookie: {@value #SESSION_COOKIE}, {@code SameSite=Lax}. */
  public static CookieRules session() {
    return named(SESSION_COOKIE);
  }

  /** The known-device cookie: {@value #DEVICE_COOKIE}, {@code SameSite=Lax}. */
  public static CookieRules device() {
    return named(DEVICE_COOKIE);
  }

  /**
   * A cookie with this name (the {@code __Host-} prefix is added in a secure context),
   * {@code SameSite=Lax}.
   *
   * @throws IllegalArgumentException when the name is not an RFC 9110 token of 1 to
   *     {@value #MAX_NAME_LENGTH} characters, or already carries a {@code __Host-} or
   *     {@code __Secure-} prefix
   */
  public static CookieRules named(String name) {
    Objects.requireNonNull(name, "name");
    if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid cookie name \"" + shown(name)
          + "\"; expected 1 to " + MAX_NAME_LENGTH + " letters, digits or !#$%&'*+-.^_`|~");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("__host-") || lower.startsWith("__secure-")) {
      throw new IllegalArgumentException("Invalid cookie name \"" + shown(name)
          + "\"; give it without the __Host- prefix, which is added over HTTPS");
    }
    return new CookieRules(name, SameSite.LAX);
  }

  /**
   * The same cookie with {@code SameSite=Strict}: also left off when the user follows a link to
   * the app from another site (they arrive signed out and the next same-site request carries it).
   */
  public CookieRules sameSiteStrict() {
    return new CookieRules(name, SameSite.STRICT);
  }

  /** The name without prefix. */
  public String baseName() {
    return name;
  }

  /** The {@code SameSite} attribute. */
  public SameSite sameSite() {
    return sameSite;
  }

  /**
   * Whether a request gets the {@code __Host-}, {@code Secure} cookie: always over HTTPS, and over
   * plain HTTP unless the page is served from a loopback host name ({@code localhost},
   * {@code *.localhost}, {@code 127.x.y.z}, {@code [::1]}).
   *
   * @param host the request's {@code Host} header, with or without a port ({@code null} counts as
   *     not loopback)
   * @param https whether the client reached the host over HTTPS (behind a proxy:
   *     {@link dev.latchkey.client.TrustedProxies#isHttps})
   */
  public static boolean isSecureContext(String host, boolean https) {
    return https || !isLoopbackHost(host);
  }

  /** The cookie's name in a secure context ({@code __Host-latchkey_session}) or not. */
  public String name(boolean secureContext) {
    return secureContext ? HOST_PREFIX + name : name;
  }

  /**
   * The {@code Set-Cookie} value that hands {@code value} to the browser, e.g.
   * {@code __Host-latchkey_session=…; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure}.
   *
   * @param maxAge how long the browser keeps it (the token's remaining lifetime); negative counts
   *     as zero, fractions of a second are dropped
   * @throws IllegalArgumentException when the value is empty, longer than
   *     {@value #MAX_VALUE_LENGTH} characters or not made of RFC 6265 cookie-octets (the message
   *     does not contain it)
   */
  public String setCookie(Secret value, Duration maxAge, boolean secureContext) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(maxAge, "maxAge");
    String v = value.reveal();
    if (v.isEmpty() || v.length() > MAX_VALUE_LENGTH || !isCookieValue(v)) {
      throw new IllegalArgumentException("Invalid cookie value of length " + v.length()
          + "; expected 1 to " + MAX_VALUE_LENGTH + " RFC 6265 cookie-octets");
    }
    return header(v, Math.max(0, maxAge.getSeconds()), secureContext);
  }

  /** The {@code Set-Cookie} value that makes the browser forget the cookie ({@code Max-Age=0}). */
  public String clearCookie(boolean secureContext) {
    return header("", 0, secureContext);
  }

  private String header(String value, long maxAgeSeconds, boolean secureContext) {
    StringBuilder b = new StringBuilder(96).append(name(secureContext)).append('=').append(value)
        .append("; Path=/; Max-Age=").append(maxAgeSeconds)
        .append("; HttpOnly; SameSite=").append(sameSite.attribute());
    if (secureContext) {
      b.append("; Secure");
    }
    return b.toString();
  }

  /** RFC 6265 §4.1.1 cookie-octet: visible ASCII except {@code " , ; \}. */
  private static boolean isCookieValue(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLoopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      h = close < 0 ? h : h.substring(1, close);
    } else if (h.indexOf(':') >= 0 && h.indexOf(':') == h.lastIndexOf(':')) {
      h = h.substring(0, h.indexOf(':')); // host:port
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1); // "localhost." is the same name
    }
    return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1")
        || IPV4_LOOPBACK.matcher(h).matches();
  }

  private static String shown(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }

  @Override
  public String toString() {
    return "CookieRules[name=" + name + ", sameSite=" + sameSite.attribute() + "]";
  }
}
