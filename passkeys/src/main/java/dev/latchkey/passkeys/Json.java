package dev.latchkey.passkeys;

import java.util.List;

/**
 * The little JSON the options need, written by hand: a fixed shape of strings, numbers and arrays,
 * so a JSON library would add a dependency and nothing else. Strings are escaped per RFC 8259.
 */
final class Json {
  private final StringBuilder out = new StringBuilder(256);
  private boolean first = true;

  private Json() {}

  static Json object() {
    Json j = new Json();
    j.out.append('{');
    return j;
  }

  Json string(String name, String value) {
    key(name);
    quote(out, value);
    return this;
  }

  Json number(String name, long value) {
    key(name);
    out.append(value);
    return this;
  }

  Json bool(String name, boolean value) {
    key(name);
    out.append(value);
    return this;
  }

  Json object(String name, Json value) {
    key(name);
    out.append(value.end());
    return this;
  }

  Json array(String name, List<Json> values) {
    key(name);
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      out.append(i == 0 ? "" : ",").append(values.get(i).end());
    }
    out.append(']');
    return this;
  }

  Json strings(String name, List<String> values) {
    key(name);
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      quote(out, values.get(i));
    }
    out.append(']');
    return this;
  }

  String end() {
    return out + "}";
  }

  private void key(String name) {
    if (!first) {
      out.append(',');
    }
    first = false;
    quote(out, name);
    out.append(':');
  }

  static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          // Controls, and the separators and angle brackets that break JSON inside a <script>.
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
