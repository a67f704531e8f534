package dev.latchkey.examples;

import dev.latchkey.client.ClientInfo;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * What the app knows about the client: its address, its User-Agent and whether it used HTTPS.
 *
 * <p>Behind a reverse proxy the socket address is the proxy's, so with {@code trustProxy} on the
 * client address comes from {@code X-Forwarded-For} and the scheme from {@code X-Forwarded-Proto}.
 * Both headers are client-controlled unless a proxy overwrites them, which is why trusting them is
 * opt-in: turn it on only when every request reaches the app through a proxy that sets them.
 */
final class ClientRequests {
  /** IPv4 or IPv6 literal characters; anything else in a forwarded header is ignored. */
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final boolean trustProxy;

  ClientRequests(boolean trustProxy) {
    this.trustProxy = trustProxy;
  }

  /** The client's address and User-Agent, as the session list will show them. */
  ClientInfo clientInfo(Context ctx) {
    return new ClientInfo(clientIp(ctx), ctx.header("User-Agent"));
  }

  /** The client's IP address. */
  String clientIp(Context ctx) {
    if (trustProxy) {
      String forwarded = ctx.header("X-Forwarded-For");
      if (forwarded != null) {
        // The first entry is the original client as the first proxy saw it; later entries are
        // proxies. This assumes the proxy replaces (not appends to) a header the client sent.
        int comma = forwarded.indexOf(',');
        String first = (comma < 0 ? forwarded : forwarded.substring(0, comma)).strip();
        if (IP_LITERAL.matcher(first).matches()) {
          return first;
        }
      }
    }
    return ctx.ip();
  }

  /** Whether the client reached us over HTTPS, so cookies must be {@code Secure}. */
  boolean isHttps(Context ctx) {
    if ("https".equalsIgnoreCase(ctx.scheme())) {
      return true;
    }
    return trustProxy && "https".equalsIgnoreCase(strip(ctx.header("X-Forwarded-Proto")));
  }

  private static String strip(String s) {
    return s == null ? null : s.strip();
  }
}
