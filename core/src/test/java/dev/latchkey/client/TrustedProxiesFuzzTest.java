package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.latchkey.fuzz.FuzzInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the client-address resolver and the {@code Forwarded} / {@code X-Forwarded-For} splitter
 * behind it: every per-client attempt limit keys on what they answer. Seeds:
 * {@code TrustedProxiesFuzzTestInputs/<method>/}.
 */
class TrustedProxiesFuzzTest {
  private static final TrustedProxies DEFAULT_PROXIES =
      TrustedProxies.of("10.0.0.0/8", "192.0.2.0/24", "2001:db8:1::/48", "::ffff:198.51.100.0/120");

  /**
   * Input: socket address 0xFF Forwarded lines 0xFF X-Forwarded-For lines [0xFF trusted networks,
   * one a line]. Parsing the networks answers or throws {@link IllegalArgumentException}.
   * {@code resolve} never throws and answers "" or a canonical IP literal: the socket's peer when
   * it is not a trusted proxy; otherwise the right-most hop that is not a trusted proxy, "" when a
   * hop it reaches first is not an address or the headers are over their bounds, and the left-most
   * hop when every hop is trusted (the peer when there is none).
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void resolveAnswersTheRightmostUntrustedHop(byte[] data) {
    List<String> f = FuzzInput.fields(data, 4);
    String remote = f.get(0);
    List<String> forwarded = FuzzInput.lines(f.get(1));
    List<String> xForwardedFor = FuzzInput.lines(f.get(2));
    TrustedProxies proxies = DEFAULT_PROXIES;
    if (!f.get(3).isEmpty()) {
      List<String> networks = FuzzInput.lines(f.get(3));
      Throwable thrown = catchThrowable(() -> TrustedProxies.of(networks));
      assertThat(thrown).satisfiesAnyOf(
          t -> assertThat(t).isNull(),
          t -> assertThat(t).isInstanceOf(IllegalArgumentException.class));
      if (thrown == null) {
        proxies = TrustedProxies.of(networks);
      }
    }

    String client = proxies.resolve(remote, forwarded, xForwardedFor);
    if (!client.isEmpty()) {
      assertThat(IpAddresses.parse(client).map(IpAddresses::format)).hasValue(client);
    }
    assertThat(client).isEqualTo(expected(proxies, remote, forwarded, xForwardedFor));
    assertThat(proxies.clientInfo(remote, forwarded, xForwardedFor, "ua").ipAddress())
        .isEqualTo(client);
  }

  /**
   * Input: Forwarded lines 0xFF X-Forwarded-For lines. The splitters never throw and answer null
   * or at most {@value TrustedProxies#MAX_HOPS} entries: X-Forwarded-For entries are trimmed and
   * hold no comma; the {@code for=} values of a Forwarded header, written back as quoted strings,
   * split to the same entries; a port is stripped from a prefix of the entry.
   */
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "60s")
  void headersSplitIntoBoundedHopLists(byte[] data) {
    List<String> f = FuzzInput.fields(data, 2);
    List<String> forwarded = FuzzInput.lines(f.get(0));
    List<String> xForwardedFor = FuzzInput.lines(f.get(1));

    List<String> xff = ForwardedHeaders.xForwardedFor(xForwardedFor);
    if (xff != null) {
      assertThat(xff).hasSizeLessThanOrEqualTo(TrustedProxies.MAX_HOPS);
      for (String hop : xff) {
        assertThat(hop).isEqualTo(hop.strip()).doesNotContain(",");
        assertThat(hop).startsWith(ForwardedHeaders.stripPort(hop));
      }
    }
    List<String> hops = ForwardedHeaders.forwardedFor(forwarded);
    if (hops != null) {
      assertThat(hops).hasSizeLessThanOrEqualTo(TrustedProxies.MAX_HOPS).doesNotContainNull();
      List<String> elements = new ArrayList<>();
      for (String hop : hops) {
        assertThat(hop).startsWith(ForwardedHeaders.stripPort(hop));
        // An element without for= is an unknown hop; "proto=" stands in for such an element.
        elements.add(hop.isEmpty() ? "proto=https"
            : "for=\"" + hop.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
      }
      String rebuilt = String.join(", ", elements);
      if (!rebuilt.isEmpty() && rebuilt.length() <= TrustedProxies.MAX_HEADER_CHARS
          && !rebuilt.isBlank()) {
        assertThat(ForwardedHeaders.forwardedFor(List.of(rebuilt))).isEqualTo(hops);
      }
    }
  }

  /** The documented walk, written out independently of the implementation. */
  private static String expected(TrustedProxies proxies, String remote, List<String> forwarded,
      List<String> xForwardedFor) {
    Optional<byte[]> peer = IpAddresses.parse(remote);
    if (peer.isEmpty()) {
      return "";
    }
    String peerText = IpAddresses.format(peer.get());
    if (!proxies.isTrusted(peerText)) {
      return peerText;
    }
    boolean useForwarded = forwarded.stream().anyMatch(line -> !line.isBlank());
    List<String> hops = useForwarded ? ForwardedHeaders.forwardedFor(forwarded)
        : ForwardedHeaders.xForwardedFor(xForwardedFor);
    if (hops == null) {
      return "";
    }
    String client = peerText;
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<byte[]> hop = IpAddresses.parse(ForwardedHeaders.stripPort(hops.get(i)));
      if (hop.isEmpty()) {
        return "";
      }
      client = IpAddresses.format(hop.get());
      if (!proxies.isTrusted(client)) {
        return client;
      }
    }
    return client;
  }
}
