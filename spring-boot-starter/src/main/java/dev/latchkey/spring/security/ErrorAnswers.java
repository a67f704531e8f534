package dev.latchkey.spring.security;

import dev.latchkey.servlet.LatchkeyAuthenticator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The 403 answers that are not one of {@code LatchkeyAuthenticator}'s refusals (a session short of
 * an authority, a CSRF token refused, a key refused by a rule that names no scope), in the same
 * shape: {@code Cache-Control: no-store}, {@code X-Request-Id}, and
 * {@code {"error":{"code":…,"message":…,"request_id":…}}}. The servlet module's writer of that
 * body is package-private, hence this small copy of its escaping.
 */
final class ErrorAnswers {
  private ErrorAnswers() {}

  static void forbidden(LatchkeyAuthenticator authenticator, HttpServletRequest request,
      HttpServletResponse response, String code, String message, String wwwAuthenticate)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    String id = authenticator.requestId(request, response);
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setHeader("Cache-Control", "no-store");
    if (wwwAuthenticate != null) {
      response.setHeader("WWW-Authenticate", wwwAuthenticate);
    }
    byte[] body = json(code, message, id).getBytes(StandardCharsets.UTF_8);
    response.setContentType("application/json;charset=utf-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  static String json(String code, String message, String requestId) {
    StringBuilder b = new StringBuilder(128).append("{\"error\":{\"code\":");
    string(b, code).append(",\"message\":");
    string(b, message).append(",\"request_id\":");
    return string(b, requestId).append("}}").toString();
  }

  private static StringBuilder string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          // Controls, and < > & so the body is safe if something renders it as HTML.
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"');
  }
}
