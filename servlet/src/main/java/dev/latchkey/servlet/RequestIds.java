package dev.latchkey.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoed in {@code X-Request-Id} and in every error body, so a user's
 * report ("request_id: req_…") leads to the server log line. An id set earlier in the chain (the
 * request attribute) is kept; a client's or proxy's own {@code X-Request-Id} is reused only when
 * short and made of safe characters, so it cannot inject anything into a header or a log line.
 */
final class RequestIds {
  static final String HEADER = "X-Request-Id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final HexFormat HEX = HexFormat.of();

  private final SecureRandom random;

  RequestIds(SecureRandom random) {
    this.random = random;
  }

  String assign(HttpServletRequest request, HttpServletResponse response) {
    Object existing = request.getAttribute(LatchkeyRequests.REQUEST_ID_ATTRIBUTE);
    String id;
    if (existing instanceof String s && SANE.matcher(s).matches()) {
      id = s;
    } else {
      String offered = request.getHeader(HEADER);
      id = offered != null && SANE.matcher(offered).matches() ? offered : generate();
      request.setAttribute(LatchkeyRequests.REQUEST_ID_ATTRIBUTE, id);
    }
    if (!response.containsHeader(HEADER)) {
      response.setHeader(HEADER, id);
    }
    return id;
  }

  private String generate() {
    byte[] raw = new byte[8];
    random.nextBytes(raw);
    return "req_" + HEX.formatHex(raw);
  }
}
