package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
  private final TrustedProxies lb = TrustedProxies.of("10.0.0.0/8", "2001:db8:1::/48");

  private static List<String> h(String... lines) {
    return List.of(lines);
  }

  @Test
  void resolveWhenPeerUntrustedThenPeerAndHeadersIgnored() {
    assertThat(lb.resolve("198.51.100.7", h(), h("203.0.113.9"))).isEqualTo("198.51.100.7");
    assertThat(TrustedProxies.none().resolve("10.1.2.3", h("for=203.0.113.9"), h("203.0.113.9")))
        .isEqualTo("10.1.2.3");
  }

  @Test
  void resolveWhenClientPrependsSpoofedEntriesThenRightMostUntrustedWins() {
    // The client sent "X-Forwarded-For: 1.2.3.4"; our proxy appended the address it saw.
    assertThat(lb.resolve("10.0.0.5", h(), h("1.2.3.4, 198.51.100.1"))).isEqualTo("198.51.100.1");
    // The attack from the review: a changing left part never changes the client.
    for (int n = 0; n < 40; n++) {
      assertThat(lb.resolve("10.0.0.5", h(), h("10.9." + n + ".1, 198.51.100.1")))
          .isEqualTo("198.51.100.1");
    }
  }

  @Test
  void resolveWhenSeveralTrustedHopsThenSkipsThemAll() {
    assertThat(lb.resolve("10.0.0.5", h(), h("203.0.113.9", "10.2.2.2, 10.3.3.3")))
        .isEqualTo("203.0.113.9");
    assertThat(lb.resolve("10.0.0.5", h(), h("10.2.2.2, 10.3.3.3"))).isEqualTo("10.2.2.2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab", "unknown", "", "2001:db8::zz", "999.1.1.1", "1.2.3.4.5", "host.example"})
  void resolveWhenRightMostUntrustedHopUnparsableThenUnknownNeverItsLeftNeighbour(String junk) {
    assertThat(lb.resolve("10.0.0.5", h(), h("198.51.100.1, " + junk))).isEmpty();
    if (!junk.isEmpty()) { // an empty header is no header: the proxy itself is the client
      assertThat(new ClientInfo(lb.resolve("10.0.0.5", h(), h(junk)), "ua").ipAddress()).isEmpty();
    }
  }

  @Test
  void resolveWhenForwardedHeaderThenPreferredAndParsedPerRfc7239() {
    assertThat(lb.resolve("10.0.0.5",
        h("for=192.0.2.43, for=\"[2001:db8:cafe::17]:4711\";proto=https;by=10.0.0.5"),
        h("203.0.113.1"))).isEqualTo("2001:db8:cafe::17");
    assertThat(lb.resolve("10.0.0.5", h("For=\"198.51.100.17:80\";Proto=http"), h()))
        .isEqualTo("198.51.100.17");
    assertThat(lb.resolve("10.0.0.5", h("for=192.0.2.60", "for=10.4.4.4"), h()))
        .isEqualTo("192.0.2.60");
    assertThat(lb.resolve("10.0.0.5", h("for=_hidden"), h())).isEmpty();
    assertThat(lb.resolve("10.0.0.5", h("proto=https"), h())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"for=\"unterminated", "for", "for==1.2.3.4", "for=1.2.3.4;for=5.6.7.8",
      "for=1.2.3.4 junk", "=1.2.3.4"})
  void resolveWhenForwardedMalformedThenUnknown(String value) {
    assertThat(lb.resolve("10.0.0.5", h(value), h("198.51.100.1"))).isEmpty();
  }

  @Test
  void resolveWhenPortsAndIpv6ThenStrippedAndCanonical() {
    assertThat(lb.resolve("10.0.0.5", h(), h("198.51.100.1:4711"))).isEqualTo("198.51.100.1");
    assertThat(lb.resolve("10.0.0.5", h(), h("[2001:DB8::0001]:443"))).isEqualTo("2001:db8::1");
    assertThat(lb.resolve("10.0.0.5", h(), h("2001:db8::1"))).isEqualTo("2001:db8::1");
    assertThat(lb.resolve("2001:db8:1::9", h(), h("::ffff:198.51.100.1"))).isEqualTo("198.51.100.1");
  }

  @Test
  void resolveWhenHeadersOverBoundsThenUnknown() {
    String many = String.join(",", Collections.nCopies(TrustedProxies.MAX_HOPS + 1, "10.1.1.1"));
    assertThat(lb.resolve("10.0.0.5", h(), h(many))).isEmpty();
    assertThat(lb.resolve("10.0.0.5", h(), h(" ".repeat(TrustedProxies.MAX_HEADER_CHARS) + "1.2.3.4")))
        .isEmpty();
  }

  @Test
  void resolveWhenNoHeadersBehindTrustedProxyThenProxyItself() {
    assertThat(lb.resolve("10.0.0.5", null, null)).isEqualTo("10.0.0.5");
    assertThat(lb.resolve("not-an-ip", h(), h("1.2.3.4"))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.255.255.255, true",
    "10.0.0.0/8, 11.0.0.0, false",
    "172.16.0.0/12, 172.31.0.1, true",
    "172.16.0.0/12, 172.32.0.1, false",
    "192.0.2.7, 192.0.2.7, true",
    "192.0.2.7, 192.0.2.8, false",
    "0.0.0.0/0, 203.0.113.1, true",
    "fc00::/7, fd12::1, true",
    "fc00::/7, fe80::1, false",
    "::ffff:10.0.0.0/104, 10.1.1.1, true",
  })
  void isTrustedWhenCidrThenMatchesItsBlockOnly(String cidr, String address, boolean trusted) {
    assertThat(TrustedProxies.of(cidr).isTrusted(address)).isEqualTo(trusted);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "::/129", "example.com", "10.0.0.0/8x"})
  void ofWhenNotANetworkThenIllegalArgumentNamingIt(String cidr) {
    assertThatThrownBy(() -> TrustedProxies.of(cidr))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid trusted proxy");
  }

  @Test
  void loopbackAndPrivateWhenCalledThenTrustsLocalProxiesOnly() {
    TrustedProxies local = TrustedProxies.loopbackAndPrivate();
    assertThat(local.resolve("127.0.0.1", h(), h("203.0.113.5"))).isEqualTo("203.0.113.5");
    assertThat(local.resolve("192.168.1.1", h(), h("203.0.113.5, 10.0.0.1"))).isEqualTo("203.0.113.5");
    assertThat(local.isTrusted("203.0.113.5")).isFalse();
  }

  @Test
  void isHttpsWhenOwnSchemeIsHttpsThenTrueWhateverTheHeaders() {
    assertThat(TrustedProxies.none().isHttps("https", "198.51.100.7", h("http"))).isTrue();
    assertThat(TrustedProxies.none().isHttps("HTTPS", null, null)).isTrue();
  }

  @Test
  void isHttpsWhenForwardedProtoFromUntrustedPeerThenIgnored() {
    assertThat(lb.isHttps("http", "198.51.100.7", h("https"))).isFalse();
    assertThat(TrustedProxies.none().isHttps("http", "10.0.0.5", h("https"))).isFalse();
  }

  @Test
  void isHttpsWhenTrustedPeerThenNearestProxysEntryDecides() {
    assertThat(lb.isHttps("http", "10.0.0.5", h(" https "))).isTrue();
    assertThat(lb.isHttps("http", "10.0.0.5", h("HTTPS"))).isTrue();
    // The client's own "https" sits left of what our proxy appended.
    assertThat(lb.isHttps("http", "10.0.0.5", h("https, http"))).isFalse();
    assertThat(lb.isHttps("http", "10.0.0.5", h("http", "https"))).isTrue();
    assertThat(lb.isHttps("http", "10.0.0.5", h())).isFalse();
    assertThat(lb.isHttps("http", "10.0.0.5", null)).isFalse();
    assertThat(lb.isHttps(null, "10.0.0.5", h("ftp"))).isFalse();
    assertThat(lb.isHttps("http", "10.0.0.5", h("https".repeat(2000)))).isFalse();
  }
}
