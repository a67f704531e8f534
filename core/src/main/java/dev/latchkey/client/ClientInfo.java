package dev.latchkey.client;


/**
 * What the host knows about the client making a request: its address and User-Agent, from which
 * Latchkey derives the device name and approximate location shown in the session list.
 *
 * <p>Both values are untrusted input: {@code null} becomes empty, a User-Agent is cut to
 * {@value #MAX_USER_AGENT_LENGTH} characters, and the address is kept only if it is an IP literal,
 * in its canonical form ({@code [0:0:0:0:0:0:0:1]} becomes {@code ::1}), so the same client always
 * reads the same in the session list and in attempt counters.
 *
 * @param ipAddress the client's IP address literal (the host resolves proxies before calling)
 * @param userAgent the {@code User-Agent} header value
 */
public record ClientInfo(String ipAddress, String userAgent) {
  /** Longest User-Agent kept; real ones are well under this. */
  public static final int MAX_USER_AGENT_LENGTH = 512;
  /** Longest textual IPv6 address with an embedded IPv4 part, plus a short zone id. */
  static final int MAX_IP_LENGTH = 64;

  /** Normalises untrusted input; never throws. */
  public ClientInfo {
    ipAddress = ipAddress == null || ipAddress.length() > MAX_IP_LENGTH
        ? "" : IpAddresses.parse(ipAddress.strip()).map(IpAddresses::format).orElse("");
    userAgent = userAgent == null ? ""
        : userAgent.length() > MAX_USER_AGENT_LENGTH
            ? userAgent.substring(0, MAX_USER_AGENT_LENGTH) : userAgent;
  }

  /** A client about which nothing is known (background jobs, tests). */
  public static ClientInfo unknown() {
    return new ClientInfo("", "");
  }
}
