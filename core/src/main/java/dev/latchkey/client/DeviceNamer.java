package dev.latchkey.client;

/**
 * Identifies the device behind a request from its User-Agent header, for the session list, the
 * login history and suspicious-sign-in detection.
 *
 * <p>Latchkey calls it once per session creation and once per recorded security event, on the
 * request path, and stores the answer; it is never called again for that row. The default,
 * {@link #userAgentParser()}, knows browsers, in-app browsers, HTTP libraries and bots. A host
 * with its own mobile app replaces it to name that app, usually by delegating everything else:
 *
 * <pre>{@code
 * DeviceNamer parser = DeviceNamer.userAgentParser();
 * DeviceNamer namer = userAgent -> userAgent.startsWith("AcmeApp/")
 *     ? new Device("Acme app", AcmeVersions.major(userAgent), "iPhone", DeviceType.MOBILE)
 *     : parser.identify(userAgent);
 * Latchkey.builder().deviceNamer(namer)...
 * }</pre>
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li><b>Should not throw</b>, for any input: the header is attacker-controlled (empty, huge,
 *       binary). Latchkey passes at most {@value ClientInfo#MAX_USER_AGENT_LENGTH} characters,
 *       never {@code null}, and guards anyway: an exception or a {@code null} answer is logged at
 *       debug level and stored as {@link Device#unknown()}, because naming a device must never
 *       break a sign-in.
 *   <li><b>Must be thread-safe</b>: concurrent requests call it concurrently.
 *   <li><b>Should be fast</b> (microseconds) and do no I/O.
 *   <li>Return what was observed, not words for it: the product name ("Acme app"), its major
 *       version, the platform and the {@link DeviceType}. {@link ClientLabels} turns it into words.
 *       {@link Device}'s constructor bounds every value, so any answer can be stored.
 * </ul>
 */
@FunctionalInterface
public interface DeviceNamer {

  /**
   * Identifies a device.
   *
   * @param userAgent the {@code User-Agent} header value, possibly empty; implementations should
   *     tolerate any string and {@code null}
   * @return the device; {@link Device#unknown()} when nothing can be told
   */
  Device identify(String userAgent);

  /**
   * Latchkey's User-Agent parser, the default: an ordered list of substring checks, most specific
   * first (known bots, in-app browsers, HTTP libraries and tools, self-declared bots, browsers),
   * looking at the first 512 characters only, with no regular expressions. Its names are printable
   * ASCII: "Chrome", "Instagram app", "curl", "Googlebot".
   *
   * @return a stateless, thread-safe namer that never throws
   */
  static DeviceNamer userAgentParser() {
    return DeviceNames.PARSER;
  }
}
