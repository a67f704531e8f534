package dev.latchkey.examples;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.TrustedProxies;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * What the app knows about the client: its address, its User-Agent and whether it used HTTPS.
 *
 * <p>Behind a reverse proxy the socket address is the proxy's. With {@code LATCHKEY_TRUST_PROXY=true}
 * the demo trusts proxies on loopback and private networks ({@link
 * TrustedProxies#loopbackAndPrivate()}) and takes the client address the library's resolver finds:
 * the right-most address in {@code Forwarded} / {@code X-Forwarded-For} that is not one of those
 * proxies, so a client cannot pick its own address by sending the header itself. The scheme comes
 * from {@code X-Forwarded-Proto} only when the socket peer is a trusted proxy.
 */
final class ClientRequests {
  private final TrustedProxies proxies;

  ClientRequests(boolean trustProxy) {
    this.proxies = trustProxy ? TrustedProxies.loopbackAndPrivate() : TrustedProxies.none();
  }

  /** The client's address and User-Agent, as the session list will show them. */
  ClientInfo clientInfo(Context ctx) {
    return proxies.clientInfo(ctx.ip(), headerLines(ctx, "Forwarded"),
        headerLines(ctx, "X-Forwarded-For"), ctx.header("User-Agent"));
  }

  /** Every line of a header, in order: proxies may add a line instead of appending to one. */
  private static List<String> headerLines(Context ctx, String name) {
    Enumeration<String> lines = ctx.req().getHeaders(name);
    return lines == null ? List.of() : Collections.list(lines);
  }

  /**
   * Whether the client reached us over HTTPS, so cookies must be {@code Secure}: the socket's
   * scheme, or {@code X-Forwarded-Proto} from a trusted proxy ({@link TrustedProxies#isHttps}).
   */
  boolean isHttps(Context ctx) {
    return proxies.isHttps(ctx.scheme(), ctx.ip(), headerLines(ctx, "X-Forwarded-Proto"));
  }
}
