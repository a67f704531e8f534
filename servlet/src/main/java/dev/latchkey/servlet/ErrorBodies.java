package dev.latchkey.servlet;

/**
 * The one error shape: {@code {"error":{"code":…,"message":…,"request_id":…}}}. Written by hand
 * (the module depends on no JSON library); every string is escaped, though codes and messages are
 * ours and request ids are checked.
 */
final class ErrorBodies {
  private ErrorBodies() {}

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
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          // Also escape < > & so the body is safe if something renders it as HTML.
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
