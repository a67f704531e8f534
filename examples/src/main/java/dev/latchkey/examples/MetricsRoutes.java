package dev.latchkey.examples;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The operator's view: Latchkey's timers and counters in Prometheus text format.
 *
 * <pre>
 * GET /metrics   200 text/plain (Prometheus exposition format 0.0.4)
 *                · 403 forbidden unless the connection is local and direct
 * </pre>
 *
 * <p>Metrics are for the operator, not the public: they carry precise outcomes that the API hides
 * from callers (an API key that was revoked, not just "invalid"), and their counts move with each
 * request anyone makes. So the demo serves them only to a client connected from this machine
 * (the socket's loopback address), and never to a request relayed by a proxy: a local reverse
 * proxy connects from loopback too, but says so with {@code Forwarded} or
 * {@code X-Forwarded-For}. A production app serves them on an internal port or behind its own
 * authentication instead.
 */
final class MetricsRoutes {
  /** What Prometheus asks for and parses: the classic text format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  MetricsRoutes(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  void register(JavalinDefaultRouting router) {
    router.get("/metrics", this::scrape);
  }

  private void scrape(Context ctx) {
    if (!isLocalAndDirect(ctx)) {
      throw new ApiError(403, "forbidden", "Metrics are served to local connections only.");
    }
    ctx.header("Cache-Control", "no-store");
    ctx.contentType(CONTENT_TYPE).result(registry.scrape());
  }

  /**
   * Whether the request came over a socket from this machine and not through a proxy (which
   * connects from loopback too, but says so with a forwarding header). Also guards
   * {@link DevOutboxRoutes}.
   */
  static boolean isLocalAndDirect(Context ctx) {
    if (ctx.header("Forwarded") != null || ctx.header("X-Forwarded-For") != null) {
      return false;
    }
    try {
      // The socket's address (a literal: no DNS lookup), never a header.
      return InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
