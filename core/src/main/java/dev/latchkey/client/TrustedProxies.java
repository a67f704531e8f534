package dev.latchkey.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the address of the client behind the host's own reverse proxies: the socket's peer when it
 * is not a trusted proxy, otherwise the right-most address in the forwarding headers that is not a
 * trusted proxy — what nginx's {@code real_ip_recursive} and HAProxy do.
 *
 * <pre>{@code
 * TrustedProxies proxies = TrustedProxies.of("10.0.0.0/8", "2001:db8:1::/48");  // your load balancers
 * ClientInfo client = proxies.clientInfo(request.remoteAddr(),
 *     request.headers("Forwarded"), request.headers("X-Forwarded-For"), request.header("User-Agent"));
 * }</pre>
 *
 * <h2>Why the right-most untrusted hop</h2>
 * Each proxy appends the address it received the request from. Everything to the left of the last
 * address a trusted proxy wrote was written by the client or by proxies nobody vouches for, so
 * taking the left-most entry (as many applications do) lets any client choose its own address and
 * escape per-client attempt limits. Walking from the right and stopping at the first address that is
 * not a trusted proxy gives the address the host's own infrastructure actually saw.
 *
 * <h2>Headers</h2>
 * {@code Forwarded} (RFC 7239) is used when present, else {@code X-Forwarded-For}; several header
 * lines are read in order as one list. Ports ({@code 192.0.2.1:4711}, {@code "[2001:db8::1]:4711"})
 * are dropped. An entry that is not an IP literal (RFC 7239's {@code unknown} and obfuscated
 * identifiers, host names, garbage) where the walk stops makes the client <em>unknown</em>.
 * Headers longer than {@value #MAX_HEADER_CHARS} characters in all or with more than
 * {@value #MAX_HOPS} entries also make it unknown, so hostile input costs bounded work.
 *
 * <h2>Unknown clients</h2>
 * The result is then {@code ""}, and {@link ClientInfo} keeps it empty: every unknown client shares
 * one per-client attempt counter (never "no limit"). With {@link #none()}, headers are ignored and the
 * socket address is the client.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustedProxies {
  /** Total characters of forwarding headers read; longer input makes the client unknown. */
  public static final int MAX_HEADER_CHARS = 8192;
  /** Entries read; more make the client unknown. */
  public static final int MAX_HOPS = 64;

  private static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Network> networks;

  private TrustedProxies(List<Network> networks) {
    this.networks = List.copyOf(networks);
  }

  /** Trusts no proxy: the socket's peer is the client and forwarding headers are ignored. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Trusts the proxies in these networks.
   *
   * @param cidrs networks in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or single
   *     addresses ({@code 192.0.2.7})
   * @throws IllegalArgumentException naming the first entry that is not an address or a network
   */
  public static TrustedProxies of(String... cidrs) {
    return of(List.of(cidrs));
  }

  /**
   * Trusts the proxies in these networks.
   *
   * @throws IllegalArgumentException naming the first entry that is not an address or a network
   */
  public static TrustedProxies of(Collection<String> cidrs) {
    Objects.requireNonNull(cidrs, "cidrs");
    List<Network> parsed = new ArrayList<>();
    for (String cidr : cidrs) {
      parsed.add(Network.parse(cidr));
    }
    return new TrustedProxies(parsed);
  }

  /**
   * Trusts loopback and private networks ({@code 127.0.0.0/8}, {@code ::1}, {@code 10.0.0.0/8},
   * {@code 172.16.0.0/12}, {@code 192.168.0.0/16}, {@code fc00::/7}): right when the only proxies
   * in front of the app are the host's own, on its private network.
   */
  public static TrustedProxies loopbackAndPrivate() {
    return of("127.0.0.0/8", "::1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");
  }

  /** Whether {@code address} (an IP literal) is one of the trusted proxies. */
  public boolean isTrusted(String address) {
    return IpAddresses.parse(address).map(this::trusted).orElse(false);
  }

  /**
   * The client's address.
   *
   * @param remoteAddress the socket peer's address
   * @param forwarded the {@code Forwarded} header lines, in order (empty or {@code null} for none)
   * @param xForwardedFor the {@code X-Forwarded-For} header lines, in order (empty or {@code null})
   * @return the canonical IP literal of the client, or {@code ""} when it is unknown; never throws
   */
  public String resolve(String remoteAddress, List<String> forwarded, List<String> xForwardedFor) {
    Optional<byte[]> peer = IpAddresses.parse(remoteAddress);
    if (peer.isEmpty()) {
      return "";
    }
    if (!trusted(peer.get())) {
      return IpAddresses.format(peer.get());
    }
    List<String> hops = hasAny(forwarded) ? ForwardedHeaders.forwardedFor(forwarded)
        : ForwardedHeaders.xForwardedFor(xForwardedFor);
    if (hops == null) {
      return ""; // over the bounds, or a Forwarded header that does not parse
    }
    String client = IpAddresses.format(peer.get());
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<byte[]> hop = IpAddresses.parse(ForwardedHeaders.stripPort(hops.get(i)));
      if (hop.isEmpty()) {
        return "";
      }
      client = IpAddresses.format(hop.get());
      if (!trusted(hop.get())) {
        return client;
      }
    }
    // Every hop is a trusted proxy: the left-most is as far as the chain goes.
    return client;
  }

  /**
   * The {@link ClientInfo} of a request: {@link #resolve} and the User-Agent.
   *
   * @see #resolve
   */
  public ClientInfo clientInfo(String remoteAddress, List<String> forwarded,
      List<String> xForwardedFor, String userAgent) {
    return new ClientInfo(resolve(remoteAddress, forwarded, xForwardedFor), userAgent);
  }

  /**
   * Whether the client reached the host over HTTPS: the request's own scheme, or — only when the
   * socket's peer is a trusted proxy — the {@code X-Forwarded-Proto} the nearest proxy set (the
   * right-most entry, as for addresses: what a client sent itself sits further left). With
   * {@link #none()} the header is ignored. Decides, for example, whether cookies are
   * {@code Secure} ({@code dev.latchkey.http.CookieRules}).
   *
   * @param scheme the scheme the host's own server saw ({@code http} or {@code https})
   * @param remoteAddress the socket peer's address
   * @param xForwardedProto the {@code X-Forwarded-Proto} header lines, in order (empty or
   *     {@code null} for none)
   * @return never throws for any input
   */
  public boolean isHttps(String scheme, String remoteAddress, List<String> xForwardedProto) {
    if ("https".equalsIgnoreCase(scheme)) {
      return true;
    }
    if (xForwardedProto == null || xForwardedProto.isEmpty() || !isTrusted(remoteAddress)) {
      return false;
    }
    String last = null;
    for (String line : xForwardedProto) {
      if (line != null && !line.isBlank()) {
        last = line;
      }
    }
    if (last == null || last.length() > MAX_HEADER_CHARS) {
      return false;
    }
    String nearest = last.substring(last.lastIndexOf(',') + 1).strip();
    return nearest.equalsIgnoreCase("https");
  }

  private boolean trusted(byte[] address) {
    for (Network n : networks) {
      if (n.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasAny(List<String> lines) {
    if (lines == null) {
      return false;
    }
    for (String line : lines) {
      if (line != null && !line.isBlank()) {
        return true;
      }
    }
    return false;
  }

  /** The trusted networks, in CIDR notation. */
  @Override
  public String toString() {
    return "TrustedProxies" + networks;
  }

  /** An address block: its first bytes and prefix length. */
  private record Network(byte[] base, int prefix) {
    static Network parse(String cidr) {
      if (cidr == null) {
        throw new IllegalArgumentException("Invalid trusted proxy null; expected an IP address or"
            + " a CIDR network such as 10.0.0.0/8");
      }
      int slash = cidr.indexOf('/');
      String addressPart = slash < 0 ? cidr : cidr.substring(0, slash);
      Optional<byte[]> address = IpAddresses.parse(addressPart);
      if (address.isEmpty()) {
        throw invalid(cidr);
      }
      int bits = address.get().length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String p = cidr.substring(slash + 1).strip();
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw invalid(cidr);
        }
        prefix = Integer.parseInt(p);
        // An IPv4-mapped IPv6 network (::ffff:10.0.0.0/104) parses to IPv4 bytes.
        if (address.get().length == 4 && addressPart.contains(":")) {
          prefix -= 96;
        }
        if (prefix < 0 || prefix > bits) {
          throw invalid(cidr);
        }
      }
      return new Network(address.get(), prefix);
    }

    private static IllegalArgumentException invalid(String cidr) {
      String shown = cidr.length() > 64 ? cidr.substring(0, 64) + "…" : cidr;
      return new IllegalArgumentException("Invalid trusted proxy \"" + shown + "\"; expected an"
          + " IP address or a CIDR network such as 10.0.0.0/8 or 2001:db8::/32");
    }

    boolean contains(byte[] address) {
      if (address.length != base.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != base[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (base[full] & mask);
    }

    @Override
    public String toString() {
      return IpAddresses.format(base) + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Network n && n.prefix == prefix && java.util.Arrays.equals(n.base, base);
    }

    @Override
    public int hashCode() {
      return 31 * java.util.Arrays.hashCode(base) + prefix;
    }
  }
}
