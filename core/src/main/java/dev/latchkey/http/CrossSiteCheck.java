package dev.latchkey.http;

import java.util.Locale;
import java.util.Set;

/**
 * Whether a request that a cookie authenticates may change state: the verdict of
 * {@link #of(String, String, String, String, String)}, with a stable {@link #code()}.
 *
 * <h2>Why</h2>
 * A page on another site can make the browser send a form POST or a simple {@code fetch} to the
 * app, and the browser attaches the session cookie whenever {@code SameSite} does not stop it (old
 * browsers; a same-site but cross-origin attacker such as a sibling subdomain, for which
 * {@code SameSite} does nothing). Safe methods ({@code GET}, {@code HEAD}, {@code OPTIONS},
 * {@code TRACE}) must not change state and always pass; every other method is checked, in this
 * order, as Go's {@code http.CrossOriginProtection} does:
 * <ol>
 *   <li>{@code Sec-Fetch-Site}, which every current browser sends and a page cannot forge: only
 *       {@code same-origin} and {@code none} (the user typed the address or used a bookmark) pass;
 *       {@code same-site} fails too, because a sibling subdomain is not this app.
 *   <li>Otherwise {@code Origin} (older browsers send it on every cross-origin POST): it passes
 *       when its host and port are the request's {@code Host}; {@code Origin: null} fails.
 *   <li>Otherwise (no browser, or a very old one) the request must be JSON
 *       ({@code application/json} or {@code application/*+json}): a cross-site page can only send
 *       form encodings or {@code text/plain} without a CORS preflight, and the preflight is refused
 *       by any app that sends no {@code Access-Control-Allow-*} headers for its cookie endpoints.
 * </ol>
 * Requests authenticated by an API key ({@code Authorization} header) need no check: a cross-site
 * page cannot make the browser attach that header.
 *
 * <p>Never throws for any input; every argument may be {@code null}.
 */
public enum CrossSiteCheck {
  /** A safe method, or a state change from this app's own origin. */
  ALLOWED("allowed"),
  /** The browser said the request comes from another site or origin. */
  CROSS_SITE("cross_site_request"),
  /**
   * Neither {@code Sec-Fetch-Site} nor {@code Origin} was sent, and the body is not JSON: the
   * origin cannot be told, and a cross-site form could have sent it.
   */
  JSON_REQUIRED("json_content_type_required");

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  /** Longer header values than this are not browsers' and fail. */
  static final int MAX_HEADER_LENGTH = 2048;

  private final String code;

  CrossSiteCheck(String code) {
    this.code = code;
  }

  /**
   * The stable code: {@code allowed}, {@code cross_site_request} or
   * {@code json_content_type_required}.
   */
  public String code() {
    return code;
  }

  /** Whether the request may go ahead. */
  public boolean isAllowed() {
    return this == ALLOWED;
  }

  /**
   * Checks one request.
   *
   * @param method the request method (case-sensitive, as HTTP says)
   * @param host the {@code Host} header (HTTP/2: {@code :authority}), with or without a port
   * @param origin the {@code Origin} header, or {@code null}
   * @param secFetchSite the {@code Sec-Fetch-Site} header, or {@code null}
   * @param contentType the {@code Content-Type} header, or {@code null}
   */
  public static CrossSiteCheck of(String method, String host, String origin, String secFetchSite,
      String contentType) {
    if (method != null && SAFE_METHODS.contains(method)) {
      return ALLOWED;
    }
    if (secFetchSite != null) {
      String site = secFetchSite.strip().toLowerCase(Locale.ROOT);
      return site.equals("same-origin") || site.equals("none") ? ALLOWED : CROSS_SITE;
    }
    if (origin != null) {
      return sameAuthority(origin, host) ? ALLOWED : CROSS_SITE;
    }
    return isJson(contentType) ? ALLOWED : JSON_REQUIRED;
  }

  /** Whether {@code scheme://authority} names the same host and port as the Host header. */
  private static boolean sameAuthority(String origin, String host) {
    if (host == null || origin.length() > MAX_HEADER_LENGTH || host.length() > MAX_HEADER_LENGTH) {
      return false;
    }
    String o = origin.strip().toLowerCase(Locale.ROOT);
    int sep = o.indexOf("://");
    if (sep <= 0) {
      return false; // "null", or not an origin at all
    }
    String scheme = o.substring(0, sep);
    String authority = o.substring(sep + 3);
    if (authority.isEmpty() || authority.indexOf('/') >= 0 || authority.indexOf('@') >= 0) {
      return false; // an origin has no path and no user info
    }
    return withoutDefaultPort(authority, scheme)
        .equals(withoutDefaultPort(host.strip().toLowerCase(Locale.ROOT), scheme));
  }

  /** {@code example.com:443} and {@code example.com} are one authority for https (80 for http). */
  private static String withoutDefaultPort(String authority, String scheme) {
    String port = scheme.equals("https") ? ":443" : scheme.equals("http") ? ":80" : null;
    if (port != null && authority.endsWith(port)) {
      return authority.substring(0, authority.length() - port.length());
    }
    return authority;
  }

  private static boolean isJson(String contentType) {
    if (contentType == null || contentType.length() > MAX_HEADER_LENGTH) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip().toLowerCase(Locale.ROOT);
    return media.equals("application/json")
        || (media.startsWith("application/") && media.endsWith("+json") && media.indexOf(' ') < 0);
  }
}
