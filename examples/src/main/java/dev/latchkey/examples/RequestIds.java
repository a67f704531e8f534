package dev.latchkey.examples;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoed in the {@code X-Request-Id} response header and in every error
 * body, so a user's bug report ("request_id: req_…") leads straight to the server log line.
 *
 * <p>A client (or a proxy in front of us) may send its own id to correlate logs across systems; it
 * is reused only when it is short and made of safe characters, so it cannot inject anything into a
 * header or a log line.
 */
final class RequestIds {
  static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = "latchkey.requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final HexFormat HEX = HexFormat.of();

  private final SecureRandom random;

  RequestIds(SecureRandom random) {
    this.random = random;
  }

  /** Before-handler: assigns the id and sets the response header. */
  void assign(Context ctx) {
    String offered = ctx.header(HEADER);
    String id = offered != null && SANE.matcher(offered).matches() ? offered : generate();
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
  }

  /** The current request's id ({@code "-"} if the before-handler did not run). */
  static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id == null ? "-" : id;
  }

  private String generate() {
    byte[] raw = new byte[8];
    random.nextBytes(raw);
    return "req_" + HEX.formatHex(raw);
  }
}
